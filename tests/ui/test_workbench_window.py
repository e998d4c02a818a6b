"""Reconnect and broker mode driven through the window (automation contract names: reconnect, brokerMode)."""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel

from tests.app.test_workbench import Server
from tests.ui.conftest import child
from tests.ui.test_window import connect_client, listen_on_loopback, page_of, recv


def test_a_client_page_reconnects_after_the_server_restarts(make_window: Any, qtbot: Any, run: Any) -> None:
    peer = Server()
    run(peer.start())
    w = make_window()
    page = page_of(w, "tcp-client")
    child(page, "reconnect", QCheckBox).setChecked(True)
    page.session.reconnect_min = 0.05  # (the backoff's first wait; the window's is 1 s)
    connect_client(qtbot, page, peer.port)
    run(peer.stop())
    state = child(page, "stateLabel", QLabel)
    qtbot.waitUntil(lambda: "Reconnecting" in state.text(), timeout=5000)
    assert page.property("state") == "opening"
    run(peer.start())
    qtbot.waitUntil(lambda: page.property("state") == "open", timeout=10000)
    page.flush()
    assert "Reconnecting to 127.0.0.1" in page.receive_view.toPlainText()
    child(page, "reconnect", QCheckBox).setChecked(False)
    run(peer.stop())


def test_a_server_page_in_broker_mode_relays_between_its_clients(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    child(page, "brokerMode", QCheckBox).setChecked(True)
    port = listen_on_loopback(qtbot, page)
    a = socket.create_connection(("127.0.0.1", port))
    b = socket.create_connection(("127.0.0.1", port))
    try:
        qtbot.waitUntil(lambda: len(page.session.peers) == 2, timeout=5000)
        a.sendall("你好 b".encode())
        assert recv(qtbot, b) == "你好 b".encode()
        qtbot.waitUntil(lambda: page.session.counters.total.tx_bytes == len("你好 b".encode()), timeout=5000)
    finally:
        a.close()
        b.close()
