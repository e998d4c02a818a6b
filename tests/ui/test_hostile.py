"""Hostile peers seen from the window: a pattern that would backtrack forever, a half-close, a port out of
range. Real sockets, the real window."""

from __future__ import annotations

import socket
import time
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSpinBox

from app.automation.autoreply import Rule
from tests.ui.conftest import child
from tests.ui.test_window import listen_on_loopback, page_of, recv, type_and_send, udp_loop, view_text


class Lateness:
    """How late a 10 ms Qt timer runs while something else happens."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self._last) * 1000 - 10)
        self._last = now


def test_a_rule_that_would_backtrack_forever_is_turned_off_in_words(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    page.set_auto_reply([Rule(r"^(a+)+\1b$", "regex", "never"), Rule(r"(.*),(.*),(.*);", "regex", "three")],
                        echo=False)
    child(page, "autoReply", QCheckBox).setChecked(True)
    sock = socket.create_connection(("127.0.0.1", port))
    late = Lateness()
    try:
        sock.sendall(b"a" * 40 + b"c")  # exponential for Python's re: abandoned after its budget
        state = child(page, "stateLabel", QLabel)
        qtbot.waitUntil(lambda: "disabled" in state.text(), timeout=10000)
        assert "^(a+)+\\1b$" in state.text() and "longer than" in state.text()
        assert not page._auto_reply.rules[0].enabled
        sock.sendall(b"," * 800 + b";")  # 186 s with Python's re; RE2 answers at once
        assert recv(qtbot, sock) == b"three"
        assert late.worst < 100, late.worst  # the window kept answering all along
    finally:
        late.timer.stop()
        sock.close()


def test_a_half_closed_client_gets_its_answer_and_the_users_reply(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    child(page, "finishedLinger", QSpinBox).setValue(10_000)  # (a loaded machine may take a while to reply)
    port = listen_on_loopback(qtbot, page)
    page.set_auto_reply([Rule("REQ", "exact", "ANSWER")], echo=False)
    child(page, "autoReply", QCheckBox).setChecked(True)
    sock = socket.create_connection(("127.0.0.1", port))
    try:
        sock.sendall(b"REQ")
        sock.shutdown(socket.SHUT_WR)  # "I am done sending": the connection is still open the other way
        assert recv(qtbot, sock) == b"ANSWER"
        qtbot.waitUntil(lambda: "finished sending" in view_text(page), timeout=5000)
        model = child(page, "clientList").model()
        qtbot.waitUntil(lambda: model.rowCount() == 1 and model.rows[0].finished, timeout=5000)
        type_and_send(qtbot, page, "and from the user")
        assert recv(qtbot, sock) == b"and from the user"
    finally:
        sock.close()


def test_a_port_out_of_range_is_refused_in_words(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    child(page, "remoteHost", QComboBox).setCurrentText("127.0.0.1")
    child(page, "remotePort", QSpinBox).setValue(0)
    type_and_send(qtbot, page, "to nowhere")
    state = child(page, "stateLabel", QLabel)
    qtbot.waitUntil(lambda: "out of range" in state.text(), timeout=5000)
    assert page.session.counters.total.tx_bytes == 0  # nothing counted that was not sent
