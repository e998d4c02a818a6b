"""Reconnect and broker mode driven through the window (automation contract names: reconnect, brokerMode)."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel

from tests.app.test_workbench import Server
from tests.conftest import linux_only
from tests.ui.conftest import child
from tests.ui.test_window import connect_client, listen_on_loopback, page_of, recv


async def echo_prefixed(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A TCP target that answers each chunk with ``echo:`` and the chunk."""
    while data := await reader.read(65536):
        writer.write(b"echo:" + data)
    writer.close()


def workbench_page(window: Any, action: str, target_port: int) -> Any:
    """A new page from ``action`` (a QAction's object name), aimed at 127.0.0.1:``target_port``."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QComboBox, QSpinBox

    window.findChild(QAction, action).trigger()
    page = window.tabs.currentWidget()
    child(page, "remoteHost", QComboBox).setCurrentText("127.0.0.1")
    child(page, "remotePort", QSpinBox).setValue(target_port)
    return page


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


def test_a_relay_page_relays_and_injects_both_ways(make_window: Any, qtbot: Any, run: Any) -> None:
    import asyncio

    from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QPushButton

    from tests.ui.conftest import click

    target = run(asyncio.start_server(echo_prefixed, "127.0.0.1", 0))
    w = make_window()
    page = workbench_page(w, "actionNewTcpRelay", target.sockets[0].getsockname()[1])
    assert page.property("kind") == "tcp-relay"
    port = listen_on_loopback(qtbot, page)
    client = socket.create_connection(("127.0.0.1", port))
    try:
        qtbot.waitUntil(lambda: any(p.target is not None for p in page.session.pairs.values()), timeout=5000)
        client.sendall("温度?".encode("gb2312"))
        assert recv(qtbot, client) == b"echo:" + "温度?".encode("gb2312")
        inject = child(page, "injectDirection", QComboBox)
        inject.setCurrentIndex(inject.findData("to-client"))
        child(page, "sendEdit", QPlainTextEdit).setPlainText("from the relay")
        click(qtbot, child(page, "sendButton", QPushButton))
        assert recv(qtbot, client) == b"from the relay"
        page.flush()
        text = page.receive_view.toPlainText()
        assert "relaying" in text and "from the relay" in text
        hold = child(page, "holdToTarget", QCheckBox)
        hold.setChecked(True)
        client.sendall(b"kept")
        qtbot.waitUntil(lambda: page.session.held_bytes("to-target") == 4, timeout=5000)
        click(qtbot, child(page, "dropHeld", QPushButton))
        assert page.session.held_bytes("to-target") == 0 and page.session.dropped == 4
        client.sendall(b"also kept")
        qtbot.waitUntil(lambda: page.session.held_bytes("to-target") == 9, timeout=5000)
        hold.setChecked(False)  # let it go on
        assert recv(qtbot, client) == b"echo:also kept"
    finally:
        client.close()
        target.close()


def test_a_many_clients_page_opens_connections_and_sends_to_all(make_window: Any, qtbot: Any, run: Any) -> None:
    import asyncio

    from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QSpinBox

    from tests.ui.conftest import click
    from tests.ui.test_window import open_page

    got = bytearray()
    writers: list[asyncio.StreamWriter] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        while data := await reader.read(65536):
            got.extend(data)

    server = run(asyncio.start_server(serve, "127.0.0.1", 0))
    w = make_window()
    page = workbench_page(w, "actionNewTcpClients", server.sockets[0].getsockname()[1])
    assert page.property("kind") == "tcp-clients"
    child(page, "connectionCount", QSpinBox).setValue(100)
    child(page, "connectRate", QSpinBox).setValue(1000)
    open_page(qtbot, page)
    qtbot.waitUntil(lambda: page.session.connected == 100, timeout=10000)
    model = child(page, "clientList").model()
    qtbot.waitUntil(lambda: model.rowCount() == 100, timeout=5000)
    qtbot.waitUntil(lambda: "Connected 100" in child(page, "connectionStats", QLabel).text(), timeout=5000)
    child(page, "sendEdit", QPlainTextEdit).setPlainText("hi")
    click(qtbot, child(page, "sendButton", QPushButton))
    qtbot.waitUntil(lambda: len(got) == 200, timeout=5000)
    click(qtbot, child(page, "openButton", QPushButton))  # Close all
    qtbot.waitUntil(lambda: page.property("state") == "closed", timeout=5000)
    assert not page.session.peers
    server.close()
    for writer in writers:
        writer.close()


def test_many_clients_come_from_the_chosen_local_address(make_window: Any, qtbot: Any, run: Any) -> None:
    import asyncio

    from PySide6.QtWidgets import QComboBox, QSpinBox

    from tests.ui.test_window import open_page

    sources: list[str] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sources.append(writer.get_extra_info("peername")[0])
        await reader.read()
        writer.close()

    server = run(asyncio.start_server(serve, "127.0.0.1", 0))
    w = make_window()
    page = workbench_page(w, "actionNewTcpClients", server.sockets[0].getsockname()[1])
    child(page, "localHost", QComboBox).setCurrentText("127.0.0.2")  # another loopback address
    child(page, "connectionCount", QSpinBox).setValue(5)
    open_page(qtbot, page)
    qtbot.waitUntil(lambda: len(sources) == 5, timeout=10000)
    assert set(sources) == {"127.0.0.2"}
    assert all(a.host == "127.0.0.2" for a in page.session.peers)
    assert "127.0.0.2" in str(page.to_settings())  # kept with the page
    server.close()


def test_a_udp_relay_page_relays_injects_and_holds(make_window: Any, qtbot: Any, run: Any) -> None:
    import asyncio

    from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QPushButton, QSpinBox

    from tests.ui.conftest import click

    class Echo(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.t = transport

        def datagram_received(self, data: bytes, addr: tuple) -> None:
            self.t.sendto(b"echo:" + data, addr)  # type: ignore[attr-defined]

    loop = asyncio.get_event_loop()
    transport, _ = run(loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0)))
    w = make_window()
    page = workbench_page(w, "actionNewUdpRelay", transport.get_extra_info("sockname")[1])
    assert page.property("kind") == "udp-relay"
    child(page, "idleExpiry", QSpinBox).setValue(30)
    port = listen_on_loopback(qtbot, page)
    assert page.session.idle_s == 30
    source = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    source.bind(("127.0.0.1", 0))
    try:
        source.sendto("温度?".encode("gb2312"), ("127.0.0.1", port))
        assert recv(qtbot, source) == b"echo:" + "温度?".encode("gb2312")
        qtbot.waitUntil(lambda: child(page, "clientList").model().rowCount() == 1, timeout=5000)
        inject = child(page, "injectDirection", QComboBox)
        inject.setCurrentIndex(inject.findData("to-client"))
        child(page, "sendEdit", QPlainTextEdit).setPlainText("from the relay")
        click(qtbot, child(page, "sendButton", QPushButton))
        assert recv(qtbot, source) == b"from the relay"
        hold = child(page, "holdToTarget", QCheckBox)
        hold.setChecked(True)
        source.sendto(b"kept", ("127.0.0.1", port))
        qtbot.waitUntil(lambda: page.session.held_bytes("to-target") == 4, timeout=5000)
        hold.setChecked(False)
        assert recv(qtbot, source) == b"echo:kept"
        page.flush()
        assert "from the relay" in page.receive_view.toPlainText()
    finally:
        source.close()
        transport.close()


@linux_only  # (TCP_KEEPIDLE)
def test_advanced_socket_options_are_applied_and_shown_as_the_kernel_set_them(make_window: Any, qtbot: Any,
                                                                               run: Any) -> None:
    import asyncio

    from PySide6.QtWidgets import QGroupBox, QSpinBox

    from tests.ui.test_window import connect_client, page_of

    server = run(asyncio.start_server(lambda r, w: None, "127.0.0.1", 0))
    w = make_window()
    page = page_of(w, "tcp-client")
    advanced = child(page, "advancedOptions", QGroupBox)
    advanced.setChecked(True)
    child(page, "keepAlive", QCheckBox).setChecked(True)
    child(page, "keepIdle", QSpinBox).setValue(25)
    child(page, "ipTtl", QSpinBox).setValue(33)
    child(page, "tcpNoDelay", QCheckBox).setChecked(False)
    connect_client(qtbot, page, server.sockets[0].getsockname()[1])
    shown = child(page, "socketOptionsShown", QLabel)
    qtbot.waitUntil(lambda: "TTL 33" in shown.text(), timeout=5000)
    assert "TCP_NODELAY off" in shown.text() and "keepalive 25 s" in shown.text()
    assert not child(page, "ipTtl", QSpinBox).isEnabled()  # fixed while open
    server.close()


def test_a_udp_page_sends_from_many_sources(make_window: Any, qtbot: Any, run: Any) -> None:
    import asyncio

    from PySide6.QtWidgets import QComboBox, QSpinBox

    from tests.ui.test_window import page_of, type_and_send

    ports: set[int] = set()

    class Echo(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.t = transport

        def datagram_received(self, data: bytes, addr: tuple) -> None:
            ports.add(addr[1])
            self.t.sendto(data.upper(), addr)  # type: ignore[attr-defined]

    transport, _ = run(asyncio.get_event_loop().create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0)))
    w = make_window()
    page = page_of(w, "udp")
    child(page, "sourceCount", QSpinBox).setValue(20)
    listen_on_loopback(qtbot, page)
    child(page, "remoteHost", QComboBox).setCurrentText("127.0.0.1")
    child(page, "remotePort", QSpinBox).setValue(transport.get_extra_info("sockname")[1])
    type_and_send(qtbot, page, "ping")
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 20 * 4, timeout=5000)
    assert len(ports) == 20 and page.session.counters.total.tx_bytes == 80
    page.flush()
    assert "Sending from 20 sockets" in page.receive_view.toPlainText()
    transport.close()


def test_each_of_many_clients_sends_its_own_number(make_window: Any, qtbot: Any, run: Any) -> None:
    import asyncio

    from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QSpinBox

    from tests.ui.conftest import click
    from tests.ui.test_window import open_page

    got: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        got.append(await reader.read(100))
        await reader.read()
        writer.close()

    server = run(asyncio.start_server(serve, "127.0.0.1", 0))
    w = make_window()
    page = workbench_page(w, "actionNewTcpClients", server.sockets[0].getsockname()[1])
    child(page, "connectionCount", QSpinBox).setValue(5)
    open_page(qtbot, page)
    qtbot.waitUntil(lambda: page.session.connected == 5, timeout=10000)
    child(page, "macrosEnabled", QCheckBox).setChecked(True)
    child(page, "sendEdit", QPlainTextEdit).setPlainText("hello {{conn}}")
    qtbot.waitUntil(lambda: "68 65 6C 6C 6F 20 31" in child(page, "sendPreview", QLabel).text(), timeout=3000)
    click(qtbot, child(page, "sendButton", QPushButton))
    qtbot.waitUntil(lambda: len(got) == 5, timeout=5000)
    assert sorted(got) == [f"hello {n}".encode() for n in range(1, 6)]
    server.close()
