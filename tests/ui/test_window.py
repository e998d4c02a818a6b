"""The real window, driven through the automation contract, against real sockets and peer processes."""

from __future__ import annotations

import asyncio
import select
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPlainTextEdit, QPushButton, QSpinBox

from tests.conftest import need_tool
from tests.ui.conftest import child, click, free_port

PEERS = Path(__file__).parent.parent / "peers"


def page_of(window: Any, kind: str) -> Any:
    for i in range(window.tabs.count()):
        page = window.tabs.widget(i)
        if page.property("kind") == kind:
            window.tabs.setCurrentIndex(i)
            return page
    raise AssertionError(kind)


def count(label: QLabel) -> int:
    return int("".join(ch for ch in label.text() if ch.isdigit()) or 0)


def open_page(qtbot: Any, page: Any) -> None:
    click(qtbot, child(page, "openButton", QPushButton))
    qtbot.waitUntil(lambda: page.property("state") == "open", timeout=5000)


def view_text(page: Any) -> str:
    return child(page, "receiveView").toPlainText()


def recv(qtbot: Any, sock: socket.socket) -> bytes:
    """Receive without blocking the GUI thread (the loop must run for the other end to act)."""
    got: list[bytes] = []

    def ready() -> bool:
        if select.select([sock], [], [], 0)[0]:
            got.append(sock.recv(65536))
            return True
        return False

    qtbot.waitUntil(ready, timeout=5000)
    return got[0]


def type_and_send(qtbot: Any, page: Any, text: str) -> None:
    edit = child(page, "sendEdit", QPlainTextEdit)
    edit.setPlainText(text)
    click(qtbot, child(page, "sendButton", QPushButton))


def listen_on_loopback(qtbot: Any, page: Any, port: int = 0) -> int:
    child(page, "localHost", QComboBox).setCurrentText("127.0.0.1")
    child(page, "localPort", QSpinBox).setValue(port)
    open_page(qtbot, page)
    return page.session.local_address.port


def udp_loop(qtbot: Any, page: Any) -> int:
    """Open a UDP page bound to loopback and aim it at itself."""
    port = listen_on_loopback(qtbot, page)
    child(page, "remoteHost", QComboBox).setCurrentText("127.0.0.1")
    child(page, "remotePort", QSpinBox).setValue(port)
    return port


def connect_client(qtbot: Any, page: Any, port: int, host: str = "127.0.0.1") -> None:
    """Connect a TCP client page to host:port through its fields and its open button."""
    child(page, "remoteHost", QComboBox).setCurrentText(host)
    child(page, "remotePort", QSpinBox).setValue(port)
    open_page(qtbot, page)


def test_first_start_has_three_tabs_and_actions_open_new_ones(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    tabs = child(w, "sessionTabs")
    assert [tabs.widget(i).property("kind") for i in range(tabs.count())] == ["tcp-server", "tcp-client", "udp"]
    assert all(tabs.widget(i).objectName() == "sessionPage" for i in range(3))
    assert all(tabs.widget(i).property("state") == "closed" for i in range(3))
    for name, kind in (("actionNewTcpServer", "tcp-server"), ("actionNewTcpClient", "tcp-client"),
                       ("actionNewUdp", "udp")):
        from PySide6.QtGui import QAction

        w.findChild(QAction, name).trigger()
        assert tabs.currentWidget().property("kind") == kind
    assert tabs.count() == 6


def test_server_page_with_nc_client_process(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    nc = need_tool("nc")
    w = make_window()
    page = page_of(w, "tcp-server")
    child(page, "finishedLinger", QSpinBox).setValue(60_000)  # (kept for replies long enough to kick it)
    port = listen_on_loopback(qtbot, page)
    out = tmp_path / "nc.out"
    with out.open("wb") as sink:
        proc = subprocess.Popen([nc, "127.0.0.1", str(port)], stdin=subprocess.PIPE, stdout=sink)
        try:
            clients = child(page, "clientList")
            qtbot.waitUntil(lambda: clients.model().rowCount() == 1, timeout=5000)
            assert proc.stdin is not None
            proc.stdin.write(b"hello from nc\n")
            proc.stdin.flush()
            qtbot.waitUntil(lambda: "hello from nc" in view_text(page), timeout=5000)
            type_and_send(qtbot, page, "reply to nc")
            qtbot.waitUntil(lambda: out.read_bytes() == b"reply to nc", timeout=5000)
            qtbot.waitUntil(lambda: count(child(page, "rxCount", QLabel)) == 14, timeout=3000)
            qtbot.waitUntil(lambda: count(child(page, "txCount", QLabel)) == 11, timeout=3000)
        finally:
            proc.kill()
            proc.wait()
    # nc's end closed: the client finished sending; it stays listed (greyed) for replies for its linger
    qtbot.waitUntil(lambda: "finished sending" in view_text(page), timeout=5000)
    qtbot.waitUntil(lambda: clients.model().rows[0].finished, timeout=5000)
    clients.selectAll()
    click(qtbot, child(page, "kickButton"))
    qtbot.waitUntil(lambda: clients.model().rowCount() == 0, timeout=5000)
    assert "disconnected by user" in view_text(page)


def test_client_page_with_socat_echo_server(make_window: Any, qtbot: Any) -> None:
    socat = need_tool("socat")
    port = free_port()
    proc = subprocess.Popen([socat, "-d", "-d", f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr", "PIPE"],
                            stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        while b"listening on" not in proc.stderr.readline():
            pass
        w = make_window()
        page = page_of(w, "tcp-client")
        connect_client(qtbot, page, port)
        type_and_send(qtbot, page, "echo me 你好")
        qtbot.waitUntil(lambda: count(child(page, "rxCount", QLabel)) == len("echo me 你好".encode()), timeout=5000)
        text = view_text(page)
        assert "TX to 127.0.0.1:" in text and "RX from 127.0.0.1:" in text
        assert text.count("echo me 你好") == 2
        click(qtbot, child(page, "openButton", QPushButton))
        qtbot.waitUntil(lambda: page.property("state") == "closed", timeout=5000)
    finally:
        proc.kill()
        proc.wait()


def test_udp_page_with_socat_peer(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    socat = need_tool("socat")
    w = make_window()
    page = page_of(w, "udp")
    port = listen_on_loopback(qtbot, page)
    peer_port = free_port(socket.SOCK_DGRAM)
    out = tmp_path / "socat.out"
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            [socat, "-u", f"UDP-RECV:{peer_port},bind=127.0.0.1", "STDOUT"], stdout=sink, stderr=subprocess.PIPE)
        sender = subprocess.Popen([socat, "-u", "STDIN", f"UDP-SENDTO:127.0.0.1:{port}"], stdin=subprocess.PIPE)
        try:
            assert sender.stdin is not None
            sender.stdin.write(b"datagram from socat")
            sender.stdin.close()
            qtbot.waitUntil(lambda: "datagram from socat" in view_text(page), timeout=5000)
            child(page, "remoteHost", QComboBox).setCurrentText("127.0.0.1")
            child(page, "remotePort", QSpinBox).setValue(peer_port)
            # socat needs to be bound before we send: the datagram is retried until it lands (bounded)
            qtbot.waitUntil(lambda: _send_until_received(qtbot, page, out, b"to socat"), timeout=5000)
        finally:
            for p in (proc, sender):
                p.kill()
                p.wait()
    assert "RX from 127.0.0.1:" in view_text(page)


def _send_until_received(qtbot: Any, page: Any, out: Path, data: bytes) -> bool:
    if data in out.read_bytes():
        return True
    type_and_send(qtbot, page, data.decode())
    return data in out.read_bytes()


def test_hex_toggle_rerenders_history(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)

    async def peer() -> None:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"Hi!\n")
        await writer.drain()
        writer.close()

    run(peer())
    qtbot.waitUntil(lambda: "Hi!" in view_text(page), timeout=5000)
    child(page, "receiveHex", QCheckBox).setChecked(True)
    qtbot.waitUntil(lambda: "48 69 21 0A" in view_text(page), timeout=2000)
    page.flush()
    assert "48 69 21 0A" in page.receive_view.shownText()
    child(page, "logMode", QCheckBox).setChecked(False)
    assert "RX from" not in view_text(page) and "48 69 21 0A" in view_text(page)
    child(page, "receiveHex", QCheckBox).setChecked(False)
    assert "Hi!" in view_text(page) and "48 69" not in view_text(page)


def test_gb2312_split_reply_renders_whole(make_window: Any, qtbot: Any, run: Any) -> None:
    """A server answers 哈哈 in GB2312 one byte per read: the next byte goes only once the page counted one."""
    w = make_window()
    page = page_of(w, "tcp-client")
    reply = "哈哈".encode("gb2312")

    counted: asyncio.Queue[int] = asyncio.Queue()
    page.session.subscribe(lambda e: counted.put_nowait(page.session.counters.total.rx_bytes))

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i, b in enumerate(reply):
            writer.write(bytes([b]))
            await writer.drain()
            while await counted.get() < i + 1:  # the page's session has read this byte
                pass
        writer.close()

    server = run(asyncio.start_server(serve, "127.0.0.1", 0))
    try:
        box = child(page, "encodingBox", QComboBox)
        box.setCurrentIndex(box.findData("gb2312"))
        connect_client(qtbot, page, server.sockets[0].getsockname()[1])
        type_and_send(qtbot, page, "hi")
        qtbot.waitUntil(lambda: count(child(page, "rxCount", QLabel)) == 4, timeout=5000)
        assert page.session.counters.total.rx_packets == 4  # it really came one byte per read
        child(page, "logMode", QCheckBox).setChecked(False)
        assert "哈哈" in view_text(page)
        page.flush()
        assert "哈哈" in page.receive_view.shownText()
        child(page, "logMode", QCheckBox).setChecked(True)
        assert view_text(page).count("哈") == 2 and "\\x" not in view_text(page)
    finally:
        server.close()


def test_gb2312_course_server_process(make_window: Any, qtbot: Any) -> None:
    """The course exercise as a real process: a server that answers 哈哈 in GB2312."""
    proc = subprocess.Popen([sys.executable, str(PEERS / "gb2312_server.py")], stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        w = make_window()
        page = page_of(w, "tcp-client")
        box = child(page, "encodingBox", QComboBox)
        box.setCurrentIndex(box.findData("gb2312"))
        connect_client(qtbot, page, port)
        type_and_send(qtbot, page, "hi")
        qtbot.waitUntil(lambda: "哈哈" in view_text(page).replace("\n", ""), timeout=5000)
    finally:
        proc.kill()
        proc.wait()


def test_invalid_hex_is_refused_with_position_and_nothing_sent(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    child(page, "sendHex", QCheckBox).setChecked(True)
    type_and_send(qtbot, page, "01 02 0Z")
    error = child(page, "sendError", QLabel)
    assert error.isVisible() and "position 8" in error.text()
    assert "position 8" in child(page, "stateLabel", QLabel).text()
    assert page.session.counters.total.tx_bytes == 0
    assert count(child(page, "txCount", QLabel)) == 0
    assert child(page, "sendHistory").model().rowCount() == 0
    type_and_send(qtbot, page, "01 02 0A")  # fixed: goes out
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 3, timeout=5000)
    assert not error.isVisible()


def test_history_recorded_recalled_and_restored(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    settings = tmp_path / "history.ini"
    w = make_window(settings)
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    for text in ("first", "second", "first"):
        type_and_send(qtbot, page, text)
    history = child(page, "sendHistory")
    assert [history.model().index(i, 0).data() for i in range(history.model().rowCount())] == ["first", "second"]
    edit = child(page, "sendEdit", QPlainTextEdit)
    edit.clear()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.toPlainText() == "first"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.toPlainText() == "second"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.toPlainText() == "first"
    w.save_settings()

    w2 = make_window(settings)
    page2 = page_of(w2, "udp")
    history2 = child(page2, "sendHistory")
    assert [history2.model().index(i, 0).data() for i in range(history2.model().rowCount())] == ["first", "second"]
    history2.activated.emit(1)
    assert child(page2, "sendEdit", QPlainTextEdit).toPlainText() == "second"
    click(qtbot, child(page2, "clearHistory", QPushButton))
    assert history2.model().rowCount() == 0


def test_server_with_three_clients_send_all_one_and_kick(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    clients = child(page, "clientList")
    qtbot.waitUntil(lambda: clients.model().rowCount() == 3, timeout=5000)
    names = sorted(clients.model().index(i, 0).data() for i in range(3))
    assert names == sorted(f"127.0.0.1:{s.getsockname()[1]}" for s in socks)

    target = child(page, "sendTarget", QComboBox)
    assert target.count() == 4  # all + 3
    type_and_send(qtbot, page, "to all")
    assert [recv(qtbot, s) for s in socks] == [b"to all"] * 3

    one = f"127.0.0.1:{socks[1].getsockname()[1]}"
    target.setCurrentIndex(target.findData(one))
    type_and_send(qtbot, page, "just you")
    assert recv(qtbot, socks[1]) == b"just you"
    target.setCurrentIndex(0)
    type_and_send(qtbot, page, "all again")
    assert recv(qtbot, socks[0]) == b"all again"  # the private message never reached client 0
    assert recv(qtbot, socks[1]) == b"all again"

    # kick client 2 through the list
    victim = f"127.0.0.1:{socks[2].getsockname()[1]}"
    page.clients.select([victim])
    click(qtbot, child(page, "kickButton", QPushButton))
    assert recv(qtbot, socks[2]) == b"all again"
    assert recv(qtbot, socks[2]) == b""
    qtbot.waitUntil(lambda: clients.model().rowCount() == 2, timeout=5000)
    assert target.findData(victim) < 0
    assert "disconnected by user" in view_text(page)
    for s in socks:
        s.close()


def test_errors_are_shown_in_the_page(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    blocker = socket.create_server(("127.0.0.1", 0))
    port = blocker.getsockname()[1]
    server = page_of(w, "tcp-server")
    child(server, "localHost", QComboBox).setCurrentText("127.0.0.1")
    child(server, "localPort", QSpinBox).setValue(port)
    click(qtbot, child(server, "openButton", QPushButton))
    state = child(server, "stateLabel", QLabel)
    qtbot.waitUntil(lambda: "address already in use" in state.text(), timeout=5000)
    assert server.property("state") == "closed"
    blocker.close()

    client = page_of(w, "tcp-client")
    child(client, "remoteHost", QComboBox).setCurrentText("127.0.0.1")
    child(client, "remotePort", QSpinBox).setValue(free_port())
    click(qtbot, child(client, "openButton", QPushButton))
    cstate = child(client, "stateLabel", QLabel)
    qtbot.waitUntil(lambda: "refused" in cstate.text(), timeout=5000)
    child(client, "remoteHost", QComboBox).setCurrentText("nonexistent.invalid")
    click(qtbot, child(client, "openButton", QPushButton))
    qtbot.waitUntil(lambda: "host not found" in cstate.text(), timeout=10000)
    assert client.property("state") == "closed"
    # sending while closed: a message, not a crash, nothing counted
    type_and_send(qtbot, client, "anyone?")
    assert "not connected" in cstate.text()
    assert client.session.counters.total.tx_bytes == 0


def test_tabs_and_settings_restored_after_restart(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QAction

    settings = tmp_path / "restart.ini"
    w = make_window(settings)
    w.findChild(QAction, "actionNewUdp").trigger()
    udp = child(w, "sessionTabs").currentWidget()
    child(udp, "localPort", QSpinBox).setValue(6000)
    child(udp, "receiveHex", QCheckBox).setChecked(True)
    enc = child(udp, "encodingBox", QComboBox)
    enc.setCurrentIndex(enc.findData("gbk"))
    client = page_of(w, "tcp-client")
    child(client, "remoteHost", QComboBox).setCurrentText("192.0.2.10")
    w.close_tab(0)  # the first server tab goes away
    w.save_settings()

    w2 = make_window(settings)
    tabs = child(w2, "sessionTabs")
    assert [tabs.widget(i).property("kind") for i in range(tabs.count())] == ["tcp-client", "udp", "udp"]
    udp2 = tabs.widget(2)
    assert child(udp2, "localPort", QSpinBox).value() == 6000
    assert child(udp2, "receiveHex", QCheckBox).isChecked()
    assert child(udp2, "encodingBox", QComboBox).currentData() == "gbk"
    assert child(tabs.widget(0), "remoteHost", QComboBox).currentText() == "192.0.2.10"


def test_closing_a_tab_stops_its_session(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    sock = socket.create_connection(("127.0.0.1", port))
    qtbot.waitUntil(lambda: len(page.session.peers) == 1, timeout=5000)
    w.close_tab(w.tabs.indexOf(page))
    assert recv(qtbot, sock) == b""  # the server closed the connection
    qtbot.waitUntil(lambda: page.session.state.value == "closed", timeout=5000)
    sock.close()


def test_keyboard_send_find_reset_and_clear(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    edit = child(page, "sendEdit", QPlainTextEdit)
    edit.setPlainText("needle in a haystack")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: count(child(page, "rxCount", QLabel)) == 20, timeout=5000)
    assert count(child(page, "txCount", QLabel)) == 20

    view = child(page, "receiveView")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    find = child(page, "findEdit")
    assert find.isVisible()
    qtbot.keyClicks(find, "haystack")
    qtbot.keyClick(find, Qt.Key.Key_Return)
    assert view.selectedText() == "haystack"

    click(qtbot, child(page, "resetCounters", QPushButton))
    qtbot.waitUntil(lambda: count(child(page, "rxCount", QLabel)) == 0, timeout=2000)
    assert count(child(page, "txCount", QLabel)) == 0
    assert "haystack" in view_text(page)  # resetting counts keeps the data
    click(qtbot, child(page, "clearReceive", QPushButton))
    assert "haystack" not in view_text(page) and "haystack" not in view.shownText()


def test_unticking_show_only_the_selected_client_gives_back_the_peer_filter(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    for k, s in enumerate(socks):
        s.sendall(f"hello from {k}\n".encode())
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 3 * 13, timeout=5000)
    names = [f"127.0.0.1:{s.getsockname()[1]}" for s in socks]
    clients = child(page, "clientList")
    qtbot.waitUntil(lambda: clients.model().rowCount() == 3, timeout=5000)
    peers = child(page, "peerFilter", QComboBox)
    follow = child(page, "followSelection", QCheckBox)
    page.clients.select([names[0]])
    click(qtbot, follow)
    assert follow.isChecked() and peers.currentData() == names[0]
    page.flush()
    assert "hello from 0" in view_text(page) and "hello from 1" not in view_text(page)
    click(qtbot, follow)  # untick: every client's messages again
    assert not follow.isChecked() and peers.currentData() is None
    page.flush()
    assert all(f"hello from {k}" in view_text(page) for k in range(3))
    # a peer filter chosen before following comes back as it was
    qtbot.waitUntil(lambda: peers.findData(names[2]) > 0, timeout=3000)
    peers.setCurrentIndex(peers.findData(names[2]))
    click(qtbot, follow)
    page.clients.select([names[1]])
    assert peers.currentData() == names[1]
    click(qtbot, follow)
    assert peers.currentData() == names[2]
    for s in socks:
        s.close()


def test_a_character_sent_a_byte_at_a_time_shows_no_empty_records(make_window: Any, qtbot: Any) -> None:
    """哈哈 in GB2312, one byte a read: two records, each under a header that says it carries a byte from before."""
    w = make_window()
    page = page_of(w, "tcp-server")
    box = child(page, "encodingBox", QComboBox)
    box.setCurrentIndex(box.findData("gb2312"))
    child(page, "logMode", QCheckBox).setChecked(True)
    port = listen_on_loopback(qtbot, page)
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for k, b in enumerate("哈哈".encode("gb2312")):
            s.sendall(bytes([b]))  # the next byte goes once this one was read: one read each
            qtbot.waitUntil(lambda k=k: page.session.counters.total.rx_bytes == k + 1, timeout=5000)
    assert sum(1 for r in page.session.store if r.direction.value == "rx") == 4  # the store keeps every read
    page.flush()
    rx = [line for line in view_text(page).splitlines() if "RX from" in line or "哈" in line]
    assert len(rx) == 4, rx
    assert all(line.endswith("(2 bytes, 1 of them from before)") for line in rx[::2])
    assert rx[1::2] == ["哈", "哈"]
    assert "哈" in child(page, "receiveView").visibleText()
