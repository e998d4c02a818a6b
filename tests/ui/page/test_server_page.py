"""The TCP server page with real clients: a client that closes leaves the list (and a send to it is an error in
words), the client limit is a setting said once a second, listening on all interfaces is said, and broker mode
shows what a slow client misses."""

from __future__ import annotations

import contextlib
import socket
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSpinBox

from app.core.records import Address
from app.net.session import State
from app.net.sessions.tcp_server import TcpServerSession
from tests.ui.conftest import child
from tests.ui.test_window import count, listen_on_loopback, page_of, type_and_send, view_text


def test_a_client_that_closes_leaves_the_list_and_a_send_to_it_is_an_error(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    linger = child(page, "finishedLinger", QSpinBox)
    assert linger.value() == 1000  # ms: about a second, as socat's 0.5 s
    linger.setValue(300)
    port = listen_on_loopback(qtbot, page)
    clients = child(page, "clientList")
    group = clients.parentWidget()
    leaving = socket.create_connection(("127.0.0.1", port))
    staying = socket.create_connection(("127.0.0.1", port))
    try:
        qtbot.waitUntil(lambda: clients.model().rowCount() == 2, timeout=5000)
        assert "(2)" in group.title()
        target = child(page, "sendTarget", QComboBox)
        gone = str(Address.from_sockaddr(leaving.getsockname()))
        target.setCurrentIndex(target.findData(gone))
        leaving.sendall(b"bye")
        leaving.close()  # recv returns 0 on the server: the client went offline
        qtbot.waitUntil(lambda: "finished sending" in view_text(page), timeout=5000)
        qtbot.waitUntil(lambda: clients.model().rowCount() == 1, timeout=5000)
        assert "(1)" in group.title()
        assert "nothing was sent to it for 0.3 s" in view_text(page)
        # the chosen target stays chosen, marked: a send to it is an error in words, not a TX (nor a send to the
        # client Qt would have chosen next)
        assert target.currentData() == gone and "disconnected" in target.currentText()
        type_and_send(qtbot, page, "anyone there?")
        state = child(page, "stateLabel", QLabel)
        qtbot.waitUntil(lambda: "not connected" in state.text(), timeout=5000)
        page.flush()
        assert count(child(page, "txCount", QLabel)) == 0
        staying.setblocking(False)
        with pytest.raises(BlockingIOError):  # nothing was sent to the other client either
            staying.recv(100)
        target.setCurrentIndex(0)  # another choice: the gone one is no longer offered
        assert target.findData(gone) < 0
    finally:
        leaving.close()
        staying.close()


def test_the_client_limit_is_a_setting_and_refusals_are_said_once_a_second(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    limit = child(page, "clientLimit", QSpinBox)
    assert limit.value() == 1024 and limit.maximum() >= 10_000
    limit.setValue(10_000)
    assert page.to_settings()["client_limit"] == 10_000
    limit.setValue(1)
    port = listen_on_loopback(qtbot, page)
    assert page.session.client_limit == 1
    kept = socket.create_connection(("127.0.0.1", port))
    refused = []
    try:
        qtbot.waitUntil(lambda: len(page.session.peers) == 1, timeout=5000)
        for _ in range(30):
            refused.append(socket.create_connection(("127.0.0.1", port)))
        qtbot.waitUntil(lambda: page.session.refused == 30, timeout=5000)
        qtbot.waitUntil(lambda: "clients refused in the last second" in view_text(page), timeout=5000)
        text = view_text(page)
        assert text.count("Client limit (1) reached") <= 3  # not one line per refused client
        limit.setValue(2)  # raised while listening: the next client is served
        assert page.session.client_limit == 2
        refused.append(socket.create_connection(("127.0.0.1", port)))
        qtbot.waitUntil(lambda: len(page.session.peers) == 2, timeout=5000)
    finally:
        for sock in (kept, *refused):
            sock.close()


def test_the_limit_and_linger_settings_come_back(make_window: Any, qtbot: Any) -> None:
    from ui.page.session_page import SessionPage

    w = make_window()
    page = page_of(w, "tcp-server")
    child(page, "clientLimit", QSpinBox).setValue(5000)
    child(page, "finishedLinger", QSpinBox).setValue(500)
    again = SessionPage("tcp-server", page.to_settings())
    assert child(again, "clientLimit", QSpinBox).value() == 5000
    assert child(again, "finishedLinger", QSpinBox).value() == 500
    relay = SessionPage("tcp-relay")
    child(relay, "pairLimit", QSpinBox).setValue(3)
    assert child(SessionPage("tcp-relay", relay.to_settings()), "pairLimit", QSpinBox).value() == 3


def test_listening_on_all_interfaces_is_said(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    for kind in ("tcp-server", "udp"):
        page = page_of(w, kind)
        host = child(page, "localHost", QComboBox)
        assert "all interfaces" in host.toolTip() and "all interfaces" in host.lineEdit().placeholderText()
    # the state line's words for a session listening on the wildcard (tests bind loopback only: no socket here)
    page = page_of(w, "tcp-server")
    session = TcpServerSession()
    session.state, session.local_address = State.OPEN, Address("0.0.0.0", 7788)
    words = page.network.state_words(session)
    assert "0.0.0.0:7788" in words and "all interfaces, reachable from your network" in words
    session.local_address = Address("127.0.0.1", 7788)
    assert "all interfaces" not in page.network.state_words(session)


def test_broker_mode_shows_what_a_slow_client_misses(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    child(page, "brokerMode", QCheckBox).setChecked(True)
    port = listen_on_loopback(qtbot, page)
    talker = socket.create_connection(("127.0.0.1", port))
    slow = socket.socket()
    slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    slow.connect(("127.0.0.1", port))  # it never reads
    try:
        clients = child(page, "clientList")
        model = clients.model()
        qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=5000)
        slow_peer = str(Address.from_sockaddr(slow.getsockname()))
        row = next(k for k, r in enumerate(model.rows) if r.text == slow_peer)
        talker.setblocking(False)
        chunk = b"x" * 4096

        def talk() -> bool:
            with contextlib.suppress(BlockingIOError):
                talker.send(chunk)
            page.flush()
            return model.rows[row].skipped >= 20

        qtbot.waitUntil(talk, timeout=10_000)
        column = model.headers.index("Skipped")
        qtbot.waitUntil(lambda: model.data(model.index(row, column)) not in ("", None), timeout=5000)
        assert int(model.data(model.index(row, column)).replace(",", "")) >= 20
        assert "not reading" in model.data(model.index(row, 0), 3)  # (ToolTipRole) the count in words
        text = view_text(page)
        # said once per stall, not per message (the kernel growing its buffers can end a stall and start another)
        starts = text.count("is not reading: messages for it are skipped")
        assert starts >= 1 and starts - text.count("reads again") in (0, 1) and starts < model.rows[row].skipped
    finally:
        talker.close()
        slow.close()


def test_a_crowd_of_clients_costs_the_list_and_the_target_box_only_what_changed(qtbot: Any) -> None:
    """With 2,000 clients listed, 40 more (one tick's worth while a crowd connects) are not a relayout of every
    row (a QTreeView asked the model about each row again) nor a rebuild of the target box; 40 leaving at once
    mark the box out of date, brought up to date when the user reaches for it."""
    from types import SimpleNamespace

    from PySide6.QtCore import QEvent, QModelIndex
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from app.core.records import Counts
    from ui.page.panels.clients import Clients

    host = QWidget()
    qtbot.addWidget(host)
    peers: dict[Address, Any] = {}
    clients = Clients(SimpleNamespace(peers=peers), host)  # type: ignore[arg-type]
    box = QComboBox(host)
    box.addItem("All clients", None)
    clients.set_targets(box)
    clients.view.setParent(host)
    host.resize(400, 400)
    clients.view.resize(400, 400)
    host.show()

    def join(ports: range) -> None:
        for port in ports:
            peer = Address("127.0.0.1", port)
            peers[peer] = SimpleNamespace(counts=Counts(), finished=False)
            clients.joined(peer)
        clients.tick(force=True)
        QApplication.processEvents()

    join(range(1, 2001))
    assert clients.model.rowCount() == 2000 and box.count() == 2001
    model = clients.model
    asked = [0]
    row_count = type(model).rowCount

    def counting(parent: Any = QModelIndex()) -> int:  # noqa: B008
        asked[0] += 1
        return row_count(model, parent)

    model.rowCount = counting  # type: ignore[method-assign]
    resets: list[int] = []
    box.model().modelReset.connect(lambda: resets.append(1))
    join(range(2001, 2041))
    assert clients.model.rows[-1].text == "127.0.0.1:2040" and box.count() == 2041 and box.itemData(2040) == \
        "127.0.0.1:2040"
    assert asked[0] < 200, asked[0]
    assert not resets
    for port in range(1, 41):
        peer = Address("127.0.0.1", port)
        del peers[peer]
        clients.left(peer)
    qtbot.waitUntil(lambda: clients.tick() is not None and clients.model.rowCount() == 2000, timeout=5000)
    assert box.count() == 2041  # (out of date until reached for)
    QApplication.sendEvent(box, QFocusEvent(QEvent.Type.FocusIn))
    assert box.count() == 2001 and box.findData("127.0.0.1:1") < 0 and box.findData("127.0.0.1:41") > 0
