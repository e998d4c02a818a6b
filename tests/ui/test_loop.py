"""ui.loop.EventLoop: socket reads run straight from Qt's notifier, with asyncio's reader semantics kept."""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from ui.loop import EventLoop


def test_reader_runs_survives_an_exception_is_replaced_and_removed(qloop: EventLoop, qtbot: Any) -> None:
    a, b = socket.socketpair()
    a.setblocking(False)
    got: list[bytes] = []
    errors: list[dict[str, Any]] = []
    old_handler = qloop.get_exception_handler()
    qloop.set_exception_handler(lambda loop, context: errors.append(context))

    def reader() -> None:
        data = a.recv(100)
        got.append(data)
        if data == b"boom":
            raise RuntimeError("reader failed")

    try:
        qloop.add_reader(a.fileno(), reader)
        b.send(b"one")
        qtbot.waitUntil(lambda: got == [b"one"], timeout=3000)
        b.send(b"boom")
        qtbot.waitUntil(lambda: len(errors) == 1, timeout=3000)
        assert isinstance(errors[0]["exception"], RuntimeError)
        b.send(b"two")  # the reader is still registered after its callback raised
        qtbot.waitUntil(lambda: got[-1:] == [b"two"], timeout=3000)

        other: list[bytes] = []
        qloop.add_reader(a.fileno(), lambda: other.append(a.recv(100)))  # replaces the first reader
        b.send(b"three")
        qtbot.waitUntil(lambda: other == [b"three"], timeout=3000)
        assert got[-1] == b"two"

        assert qloop.remove_reader(a.fileno()) is True
        assert qloop.remove_reader(a.fileno()) is False
        b.send(b"four")
        # a marker on a second pair, sent after: once its reader ran, Qt has polled both sockets
        c, d = socket.socketpair()
        c.setblocking(False)
        marker: list[bytes] = []
        qloop.add_reader(c.fileno(), lambda: marker.append(c.recv(100)))
        d.send(b"marker")
        qtbot.waitUntil(lambda: marker == [b"marker"], timeout=3000)
        qloop.remove_reader(c.fileno())
        c.close()
        d.close()
        assert other == [b"three"] and a.recv(100) == b"four"
    finally:
        qloop.remove_reader(a.fileno())
        qloop.set_exception_handler(old_handler)
        a.close()
        b.close()


def test_reading_many_small_writes_over_a_socket_pair(qloop: EventLoop, qtbot: Any) -> None:
    """10,000 readiness callbacks in a row: none lost, none run twice for one read."""
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    received = bytearray()
    total = 10_000

    def reader() -> None:
        with contextlib.suppress(BlockingIOError):
            received.extend(a.recv(1))  # one byte per callback: the notifier must fire again for the rest

    try:
        qloop.add_reader(a.fileno(), reader)
        b.sendall(bytes(i % 251 for i in range(total)))
        qtbot.waitUntil(lambda: len(received) == total, timeout=20000)
        assert bytes(received) == bytes(i % 251 for i in range(total))
    finally:
        qloop.remove_reader(a.fileno())
        a.close()
        b.close()


def test_a_reader_that_removes_itself_is_not_run_again(qloop: EventLoop, qtbot: Any) -> None:
    """Several reads may run per wake-up; one that pauses reading (removes its reader) ends them at once."""
    a, b = socket.socketpair()
    a.setblocking(False)
    calls: list[bytes] = []

    def reader() -> None:
        calls.append(a.recv(1))
        qloop.remove_reader(a.fileno())

    try:
        qloop.add_reader(a.fileno(), reader)
        b.sendall(b"0123456789")  # plenty more to read after the first byte
        qtbot.waitUntil(lambda: calls == [b"0"], timeout=3000)
        qloop.add_reader(a.fileno(), lambda: calls.append(a.recv(100)))
        qtbot.waitUntil(lambda: len(calls) == 2, timeout=3000)
        assert calls == [b"0", b"123456789"]
    finally:
        qloop.remove_reader(a.fileno())
        a.close()
        b.close()


def test_a_reader_running_a_nested_event_loop_is_not_entered_again(qloop: EventLoop, qtbot: Any) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    a, b = socket.socketpair()
    a.setblocking(False)
    calls: list[str] = []
    depth = [0]

    def reader() -> None:
        depth[0] += 1
        calls.append(f"enter {depth[0]}")
        if len(calls) == 1:  # the first call spins a nested loop (as a modal dialog would) before reading
            nested = QEventLoop()
            QTimer.singleShot(100, nested.quit)
            nested.exec()
        a.recv(1)
        depth[0] -= 1

    try:
        qloop.add_reader(a.fileno(), reader)
        b.send(b"xy")
        qtbot.waitUntil(lambda: len(calls) >= 2, timeout=3000)
        assert calls[:2] == ["enter 1", "enter 1"]  # never "enter 2": not re-entered while nested
    finally:
        qloop.remove_reader(a.fileno())
        a.close()
        b.close()


def _busy(seconds: float) -> None:
    import time

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_a_long_round_of_callbacks_lets_a_timer_in(qloop: EventLoop, qtbot: Any) -> None:
    """A thousand ``call_soon`` callbacks of a millisecond each (10,000 clients' connections ending at once) are
    not one second-long round: a Qt timer fires between them, and they all still run, in order."""
    from PySide6.QtCore import QTimer

    ran: list[int] = []
    timer_at: list[int] = []
    # (the timer starts inside the round: it can only fire if the round gives Qt its turn)
    qloop.call_soon(lambda: QTimer.singleShot(0, lambda: timer_at.append(len(ran))))
    for k in range(1000):
        qloop.call_soon(lambda k=k: (_busy(0.001), ran.append(k)))
    qtbot.waitUntil(lambda: len(ran) == 1000 and bool(timer_at), timeout=20000)
    assert ran == list(range(1000))
    assert timer_at[0] < 500, timer_at


def test_many_ready_readers_take_turns_with_a_timer(qloop: EventLoop, qtbot: Any) -> None:
    """300 sockets ready at once, each read a millisecond (a crowd of clients sending): a Qt timer fires before
    they have all been read, and every one is read."""
    from PySide6.QtCore import QTimer

    pairs = [socket.socketpair() for _ in range(300)]
    read: list[int] = []
    timer_at: list[int] = []

    def reader(sock: socket.socket, k: int) -> None:
        with contextlib.suppress(BlockingIOError):
            if sock.recv(10):
                if not read:  # (the timer starts inside the wake-up: it fires only if the wake-up gives Qt a turn)
                    QTimer.singleShot(0, lambda: timer_at.append(len(read)))
                _busy(0.001)
                read.append(k)

    try:
        for a, b in pairs:
            a.setblocking(False)
            b.sendall(b"x")
        for k, (a, _b) in enumerate(pairs):
            qloop.add_reader(a.fileno(), reader, a, k)
        qtbot.waitUntil(lambda: len(read) == 300 and bool(timer_at), timeout=20000)
        assert sorted(read) == list(range(300))
        assert timer_at[0] < 250, timer_at
    finally:
        for a, b in pairs:
            qloop.remove_reader(a.fileno())
            a.close()
            b.close()
