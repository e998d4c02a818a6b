"""What a peer, a file or a disk can do to the window: a peer that never reads, a file that is not a file, a
huge paste, a log that cannot be written. Real sockets, real files, the real window."""

from __future__ import annotations

import contextlib
import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QSpinBox

from tests.ui.conftest import child
from tests.ui.test_window import connect_client, listen_on_loopback, page_of, type_and_send, udp_loop


def test_a_peer_that_never_reads_pauses_periodic_send_and_refuses_sends(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    lazy = socket.socket()
    lazy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    lazy.connect(("127.0.0.1", port))
    try:
        qtbot.waitUntil(lambda: len(page.session.peers) == 1, timeout=5000)
        stream = next(iter(page.session.peers.values()))
        child(page, "sendEdit", QPlainTextEdit).setPlainText("x" * 4096)
        child(page, "periodMs", QSpinBox).setValue(1)
        child(page, "periodCount", QSpinBox).setValue(0)
        child(page, "periodicSend", QCheckBox).setChecked(True)
        status = child(page, "periodicStatus", QLabel)
        qtbot.waitUntil(lambda: "paused: the peer is not reading" in status.text(), timeout=10000)
        qtbot.waitUntil(lambda: page._periodic is not None and page._periodic.stats.skipped > 100, timeout=10000)
        assert stream.transport.get_write_buffer_size() < 512 * 1024  # not growing with every tick
        child(page, "periodicSend", QCheckBox).setChecked(False)
        # typed sends: accepted until the queue holds its bound, then refused with words, nothing counted
        page.session.send_limit = 256 * 1024
        before = page.session.counters.total.tx_bytes
        for _ in range(200):
            if not page.send_bytes(b"y" * 32 * 1024):
                break
        state = child(page, "stateLabel", QLabel).text()
        assert "is not reading" in state and "bytes waiting" in state
        assert page.session.counters.total.tx_bytes - before <= 256 * 1024 + 32 * 1024
    finally:
        lazy.close()


def test_a_file_that_is_not_a_file_is_refused_in_words(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    state = child(page, "stateLabel", QLabel)
    cases = {str(tmp_path / "nowhere.bin"): "no such file", str(tmp_path): "is a folder",
             "/dev/zero": "not a regular file"}
    for path, words in cases.items():
        assert page.send_file(path) is None
        assert words in state.text(), (path, state.text())
        assert not child(page, "fileProgress").isVisible()
    assert page.session.counters.total.tx_bytes == 0


def test_a_huge_paste_is_held_and_sent_whole(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-client")
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        connect_client(qtbot, page, listener.getsockname()[1])
        conn, _ = listener.accept()
        edit = child(page, "sendEdit", QPlainTextEdit)
        mime = QMimeData()
        mime.setText("A" * 1_000_000)
        started = time.perf_counter()
        edit.insertFromMimeData(mime)
        assert time.perf_counter() - started < 1.0
        assert edit.toPlainText() == "" and edit.isReadOnly()
        assert "1,000,000" in page.held_label.text() and page.held_bar.isVisibleTo(page)
        assert page.send_now()
        got = b""
        conn.settimeout(5)
        while len(got) < 1_000_000:
            got += conn.recv(1 << 20)
        assert got == b"A" * 1_000_000
        assert all(len(e.text) < 1000 for e in page.history)  # the history does not keep a megabyte
        child(page, "clearHeld").click()
        assert not edit.isReadOnly() and page.held is None
        conn.close()
    finally:
        listener.close()


def test_logs_that_cannot_be_written_stop_with_words(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    state = child(page, "stateLabel", QLabel)
    # a folder that cannot be written (under /proc even root cannot create files)
    assert not page.start_logging("/proc/netassist-test/session.log")
    assert "cannot be written" in state.text() or "does not exist" in state.text()
    assert not child(page, "logToFile", QCheckBox).isChecked()
    assert not page.start_receive_to_file("/proc/netassist-test/raw.bin")
    assert not child(page, "saveToFile", QCheckBox).isChecked()
    # a full disk while saving what arrives: /dev/full refuses every write
    assert page.start_receive_to_file("/dev/full")
    type_and_send(qtbot, page, "to a full disk")
    qtbot.waitUntil(lambda: "the disk is full" in state.text(), timeout=5000)
    assert not child(page, "saveToFile", QCheckBox).isChecked() and page._receive_file is None
    # logging: the .jsonl beside a full disk
    log = tmp_path / "ok.log"
    fds = len(os.listdir("/proc/self/fd"))
    assert page.start_logging(str(log))
    page._logger.jsonl.close()  # type: ignore[union-attr]
    page._logger.jsonl = type(page._logger.jsonl)("/dev/full")  # type: ignore[union-attr, misc]
    type_and_send(qtbot, page, "one more")
    page._logger.flush()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page._logger is None, timeout=5000)
    assert "the disk is full" in state.text()
    assert not child(page, "logToFile", QCheckBox).isChecked()
    assert len(os.listdir("/proc/self/fd")) == fds  # both files closed


def test_a_full_disk_never_leaves_a_torn_line(tmp_path: Path) -> None:
    import os

    from app.core.errors import FileProblem
    from app.export.logs import LogFile

    log = LogFile(tmp_path / "x.jsonl")
    log.add('{"a": 1}\n')
    log.flush()
    # make the next batch fail half-way: a file size limit stands in for a full disk
    resource = pytest.importorskip("resource")  # (not on Windows)

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    import signal

    old = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (os.path.getsize(log.path) + 20, hard))
    try:
        log.add('{"b": "' + "x" * 100 + '"}\n')
        try:
            log.flush()
        except FileProblem as exc:
            assert "failed" in str(exc)
        else:
            raise AssertionError("the write did not fail")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old)
        log.close()
    assert (tmp_path / "x.jsonl").read_text() == '{"a": 1}\n'  # cut back to the last whole line


def test_a_log_whose_folder_is_removed_stops_within_a_second_and_says_so(make_window: Any, qtbot: Any,
                                                                         tmp_path: Path) -> None:
    import shutil

    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    state = child(page, "stateLabel", QLabel)
    folder = tmp_path / "logs"
    assert page.start_logging(str(folder / "s.log"))
    assert any("Logging to" in label.text() for label in page.findChildren(QLabel))
    type_and_send(qtbot, page, "logged")
    shutil.rmtree(folder)
    started = time.monotonic()
    qtbot.waitUntil(lambda: "was removed" in state.text(), timeout=3000)
    assert time.monotonic() - started < 1.5
    assert "the log stopped" in state.text() and page._logger is None
    assert not child(page, "logToFile", QCheckBox).isChecked()
    assert not any("Logging to" in label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page))
    assert not folder.exists()


def test_a_send_larger_than_the_send_bound_goes_as_a_stream_that_waits_for_the_peer(make_window: Any,
                                                                                     qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-client")
    listener = socket.create_server(("127.0.0.1", 0))
    # a peer with a small receive buffer (its connection inherits it): the kernel's own buffers, autotuned up to
    # several MiB on loopback, could otherwise take the whole 4 MiB and the sender would never wait
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    try:
        connect_client(qtbot, page, listener.getsockname()[1])
        conn, _ = listener.accept()
        page.session.send_limit = 256 * 1024
        big = bytes(range(256)) * (16 * 1024)  # 4 MiB: sixteen times the bound
        assert page.send_bytes(big)
        stream = page.session.stream
        qtbot.waitUntil(lambda: page.session.stalled(), timeout=5000)  # the peer does not read yet: it waits
        assert stream.transport.get_write_buffer_size() <= 256 * 1024
        assert page.session.counters.total.tx_bytes < len(big)
        got = bytearray()
        conn.setblocking(False)

        def read() -> bool:  # the window's loop runs while the test reads
            with contextlib.suppress(BlockingIOError):
                got.extend(conn.recv(1 << 20))
            return len(got) >= len(big)

        qtbot.waitUntil(read, timeout=10000)
        assert bytes(got) == big
        qtbot.waitUntil(lambda: page.session.counters.total.tx_bytes == len(big), timeout=5000)
        progress = child(page, "fileProgress")
        qtbot.waitUntil(lambda: "4,194,304" in progress.text(), timeout=5000)
        conn.close()
    finally:
        listener.close()
def test_the_periodic_status_stays_current_while_paused(make_window: Any, qtbot: Any) -> None:
    """Paused on a peer that does not read, nothing happens on the session: the line showed 13 skipped while
    57,416 had been."""
    import re

    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    lazy = socket.socket()
    lazy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    lazy.connect(("127.0.0.1", port))
    try:
        qtbot.waitUntil(lambda: len(page.session.peers) == 1, timeout=5000)
        child(page, "sendEdit", QPlainTextEdit).setPlainText("x" * 4096)
        child(page, "periodMs", QSpinBox).setValue(1)
        child(page, "periodicSend", QCheckBox).setChecked(True)
        qtbot.waitUntil(lambda: page._periodic is not None and page._periodic.stats.waiting, timeout=10000)
        status = child(page, "periodicStatus", QLabel)

        def shown_skipped() -> int:
            m = re.search(r"([\d,]+) ticks skipped", status.text())
            return int(m.group(1).replace(",", "")) if m else 0

        target = page._periodic.stats.skipped + 300  # ticks skipped from now on, with no record to show
        qtbot.waitUntil(lambda: page._periodic.stats.skipped >= target, timeout=10000)
        qtbot.waitUntil(lambda: shown_skipped() >= target, timeout=3000)
        child(page, "periodicSend", QCheckBox).setChecked(False)
    finally:
        lazy.close()
