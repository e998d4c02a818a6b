"""A window deleted while it is still closing, and sessions that outlive their bridge's Qt object: nothing
raised, nothing logged, and the sockets are still closed."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject

from app.net.session import State
from app.net.sessions.udp import UdpSession
from tests.ui.test_window import listen_on_loopback, page_of
from ui.bridge import SessionBridge
from ui.loop import EventLoop


@pytest.fixture
def loop_errors(qloop: EventLoop) -> Any:
    """What reaches the loop's exception handler ("Task exception was never retrieved" …) during the test."""
    errors: list[dict[str, Any]] = []
    old = qloop.get_exception_handler()
    qloop.set_exception_handler(lambda loop, context: errors.append(context))
    yield errors
    qloop.set_exception_handler(old)


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()} {r.exc_text or ''}" for r in caplog.records if r.levelno >= logging.ERROR]


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.mark.parametrize("how", ["delete", "deleteLater"])
def test_window_deleted_while_it_closes(how: str, run: Any, qtbot: Any, tmp_path: Path,
                                        caplog: pytest.LogCaptureFixture, loop_errors: list[Any]) -> None:
    from ui import MainWindow

    caplog.set_level(logging.WARNING)
    w = MainWindow(str(tmp_path / "settings.ini"))
    w.show()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    session = page.session
    # hold the page's shutdown until the window is gone
    entered, gate = asyncio.Event(), asyncio.Event()
    real_shutdown = page.shutdown

    async def held_shutdown() -> None:
        entered.set()
        await gate.wait()
        await real_shutdown()

    page.shutdown = held_shutdown
    w.close()
    qtbot.waitUntil(entered.is_set, timeout=5000)
    task = w._shutdown_task
    assert task is not None and not task.done()
    if how == "delete":
        shiboken6.delete(w)
    else:
        w.deleteLater()
        qtbot.waitUntil(lambda: not shiboken6.isValid(w), timeout=5000)
    assert not shiboken6.isValid(page)
    gate.set()
    qtbot.waitUntil(task.done, timeout=10_000)
    assert task.exception() is None
    assert session.state is State.CLOSED and port_is_free(port)
    session.notice("late", "an event after the teardown")  # the page's bridge no longer listens
    run(asyncio.sleep(0.01))  # callbacks scheduled at the end run
    assert errors_logged(caplog) == []
    assert loop_errors == []


@pytest.mark.parametrize("deleted", ["bridge", "parent", "unnoticed"])
def test_session_events_after_the_bridge_is_deleted_are_ignored(
        deleted: str, run: Any, qtbot: Any, caplog: pytest.LogCaptureFixture, loop_errors: list[Any]) -> None:
    caplog.set_level(logging.WARNING)
    session = UdpSession("127.0.0.1", 0)
    owner = QObject()
    bridge = SessionBridge(session, owner)
    ticks: list[None] = []
    bridge.tick.connect(lambda: ticks.append(None))
    run(session.open())
    try:
        port = session.local_address.port
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
            peer.sendto(b"before", ("127.0.0.1", port))
            qtbot.waitUntil(lambda: bool(ticks), timeout=5000)
            if deleted == "unnoticed":  # as if ``destroyed`` had not reached it: the next event finds out
                bridge.destroyed.disconnect()
            shiboken6.delete(owner if deleted == "parent" else bridge)
            assert not shiboken6.isValid(bridge)
            assert len(session._listeners) == (1 if deleted == "unnoticed" else 0)
            # a record, a notice, a counter reset and the state changes of closing: nothing raised
            count = session.counters.total.rx_packets
            peer.sendto(b"after", ("127.0.0.1", port))
            qtbot.waitUntil(lambda: session.counters.total.rx_packets == count + 1, timeout=5000)
            session.notice("late", "a notice after the bridge went")
            session.reset_counters()
            session.clear_store()
    finally:
        run(session.close())
    assert session.state is State.CLOSED
    assert session._listeners == []
    bridge.detach()  # and detaching again, after the Qt object went, is harmless
    assert errors_logged(caplog) == []
    assert loop_errors == []
