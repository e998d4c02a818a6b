"""TLS through the window: a server page serving a certificate it made for the session, a client page that
refuses it with verify on (in words) and talks to it with verify off; settings kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit

from tests.ui.conftest import child
from tests.ui.test_window import connect_client, listen_on_loopback, page_of, type_and_send, view_text


def test_a_tls_server_page_and_a_tls_client_page_talk(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    server = page_of(w, "tcp-server")
    child(server, "tlsEnabled", QCheckBox).setChecked(True)
    assert child(server, "tlsSelfSigned", QCheckBox).isChecked()
    port = listen_on_loopback(qtbot, server)
    qtbot.waitUntil(lambda: "this server's certificate" in view_text(server), timeout=5000)
    assert server.session.tls_certificate.startswith(b"-----BEGIN CERTIFICATE-----")

    client = page_of(w, "tcp-client")
    child(client, "tlsEnabled", QCheckBox).setChecked(True)
    assert child(client, "tlsVerify", QCheckBox).isChecked()  # on by default
    connect_client_failing(qtbot, client, port)
    state = child(client, "stateLabel", QLabel).text()
    assert "Certificate verification failed" in state or "self-signed" in state, state
    qtbot.waitUntil(lambda: "TLS handshake with" in view_text(server), timeout=5000)  # the server says so too

    child(client, "tlsVerify", QCheckBox).setChecked(False)
    child(client, "tlsServerName", QLineEdit).setText("localhost")
    connect_client(qtbot, client, port)
    qtbot.waitUntil(lambda: "TLS with" in view_text(client) and "SHA-256" in view_text(client), timeout=5000)
    type_and_send(qtbot, client, "你好 over TLS")
    qtbot.waitUntil(lambda: "你好 over TLS" in view_text(server), timeout=5000)
    assert server.session.counters.total.rx_bytes == len("你好 over TLS".encode())  # plaintext counted
    assert client.to_settings()["tls_enabled"] is True or "tls_enabled" in str(client.to_settings())


def connect_client_failing(qtbot: Any, page: Any, port: int) -> None:
    from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox

    from tests.ui.conftest import click

    child(page, "remoteHost", QComboBox).setCurrentText("127.0.0.1")
    child(page, "remotePort", QSpinBox).setValue(port)
    click(qtbot, child(page, "openButton", QPushButton))
    qtbot.waitUntil(lambda: page.property("state") == "closed" and "rror" in child(page, "stateLabel").text(),
                    timeout=10000)


def test_a_relay_page_speaks_tls_to_its_clients_and_plain_tcp_to_its_target(make_window: Any, qtbot: Any,
                                                                            run: Any) -> None:
    import asyncio
    import ssl

    from tests.ui.test_workbench_window import echo_prefixed, workbench_page

    target = run(asyncio.start_server(echo_prefixed, "127.0.0.1", 0))
    w = make_window()
    page = workbench_page(w, "actionNewTcpRelay", target.sockets[0].getsockname()[1])
    child(page, "tlsEnabled", QCheckBox).setChecked(True)  # towards the clients, with a certificate made now
    assert not child(page, "tlsTarget", QCheckBox).isChecked()
    port = listen_on_loopback(qtbot, page)

    async def tls_client() -> bytes:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ctx)
        writer.write(b"through TLS")
        got = await asyncio.wait_for(reader.readexactly(len(b"echo:through TLS")), 5)
        writer.close()
        return got

    assert run(tls_client()) == b"echo:through TLS"
    qtbot.waitUntil(lambda: "TLS with" in view_text(page), timeout=5000)
    target.close()
