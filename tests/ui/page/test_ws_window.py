"""WebSocket pages in the window, against the ``websockets`` library's own client and server (in threads): text
and binary messages both ways, hex mode sends binary frames, another encoding sends binary and says so, ping,
close codes and reasons in words both ways, wss:// against a ws-server page's self-signed certificate, and
settings that come back."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect
from websockets.sync.server import ServerConnection, serve

from app.core.records import FLAG_TEXT, Direction
from app.net.session import State
from tests.ui.conftest import child, click
from tests.ui.test_window import listen_on_loopback, type_and_send, view_text


def rx_records(page: Any) -> list[Any]:
    store = page.session.store
    return [r for r in (store[i] for i in range(len(store))) if r.direction is Direction.RX]


def new_page(w: Any, action: str) -> Any:
    w.findChild(type(w.action_new_server), action).trigger()
    return w.tabs.currentWidget()


@pytest.fixture
def echo_server() -> Iterator[tuple[int, queue.Queue[Any]]]:
    """A ``websockets`` server in a thread: echoes each message as it came (text or binary); "close-me" makes it
    close with 4002 "asked to"; what the client's close said is put in the queue."""
    closes: queue.Queue[Any] = queue.Queue()

    def handler(ws: ServerConnection) -> None:
        try:
            for message in ws:
                if message == "close-me":
                    ws.close(4002, "asked to")
                    return
                ws.send(message)
        except ConnectionClosed:
            pass
        closes.put((ws.close_code, ws.close_reason))

    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server.socket.getsockname()[1], closes
        server.shutdown()
        thread.join(5)


def connect_page(qtbot: Any, page: Any, url: str) -> None:
    child(page, "remoteUrl", QComboBox).setCurrentText(url)
    click(qtbot, child(page, "openButton", QPushButton))
    qtbot.waitUntil(lambda: page.property("state") == "open", timeout=10000)


def test_a_ws_client_page_against_the_websockets_server(make_window: Any, qtbot: Any,
                                                        echo_server: tuple[int, queue.Queue[Any]]) -> None:
    port, _ = echo_server
    w = make_window()
    page = new_page(w, "actionNewWsClient")
    assert page.property("kind") == "ws-client" and w.tabs.tabText(w.tabs.currentIndex()) == "WebSocket Client"
    connect_page(qtbot, page, f"ws://127.0.0.1:{port}/echo")
    qtbot.waitUntil(lambda: "WebSocket open with" in view_text(page), timeout=5000)
    assert "127.0.0.1" in w.tabs.tabText(w.tabs.currentIndex())
    hint = child(page, "sendFormatHint", QLabel)
    assert hint.isVisible() and "text frames" in hint.text()

    type_and_send(qtbot, page, "你好 ws")  # text mode: a text frame, echoed as one
    qtbot.waitUntil(lambda: len(rx_records(page)) == 1, timeout=5000)
    child(page, "sendHex", QCheckBox).setChecked(True)
    assert "binary" in hint.text()
    type_and_send(qtbot, page, "00 01 FF")  # hex mode: a binary frame
    qtbot.waitUntil(lambda: len(rx_records(page)) == 2, timeout=5000)
    rx = rx_records(page)
    assert [r.data for r in rx] == ["你好 ws".encode(), b"\x00\x01\xff"]
    assert [bool(r.flags & FLAG_TEXT) for r in rx] == [True, False]

    click(qtbot, child(page, "wsPing", QPushButton))
    qtbot.waitUntil(lambda: "Pong from" in view_text(page) and " ms" in view_text(page), timeout=5000)

    child(page, "sendHex", QCheckBox).setChecked(False)
    type_and_send(qtbot, page, "close-me")  # the server closes with 4002: its code and reason in words
    qtbot.waitUntil(lambda: page.session.state is State.CLOSED, timeout=5000)
    assert "closes the WebSocket: 4002 (the application's own code), reason “asked to”" in view_text(page)


def test_a_ws_client_page_closes_with_its_code_and_reason(make_window: Any, qtbot: Any,
                                                          echo_server: tuple[int, queue.Queue[Any]]) -> None:
    port, closes = echo_server
    w = make_window()
    page = new_page(w, "actionNewWsClient")
    connect_page(qtbot, page, f"ws://127.0.0.1:{port}/")
    child(page, "wsCloseCode", QSpinBox).setValue(4000)
    child(page, "wsCloseReason", QLineEdit).setText("done here")
    click(qtbot, child(page, "wsClose", QPushButton))
    qtbot.waitUntil(lambda: page.session.state is State.CLOSED, timeout=5000)
    assert closes.get(timeout=5) == (4000, "done here")
    assert "answered our close: 4000 (the application's own code), reason “done here”" in view_text(page)


def test_another_encoding_goes_as_binary_frames_and_the_send_settings_say_so(
        make_window: Any, qtbot: Any, echo_server: tuple[int, queue.Queue[Any]]) -> None:
    port, _ = echo_server
    w = make_window()
    page = new_page(w, "actionNewWsClient")
    box = child(page, "encodingBox", QComboBox)
    box.setCurrentIndex(box.findData("gbk"))
    assert "GBK" in child(page, "sendFormatHint", QLabel).text()
    connect_page(qtbot, page, f"ws://127.0.0.1:{port}/")
    type_and_send(qtbot, page, "中文")
    qtbot.waitUntil(lambda: len(rx_records(page)) == 1, timeout=5000)
    rec = rx_records(page)[0]
    assert rec.data == "中文".encode("gbk") and not rec.flags & FLAG_TEXT


def test_a_ws_server_page_and_the_websockets_client(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = new_page(w, "actionNewWsServer")
    assert page.property("kind") == "ws-server"
    child(page, "wsPath", QLineEdit).setText("/ws")
    port = listen_on_loopback(qtbot, page)
    assert f":{port}" in w.tabs.tabText(w.tabs.currentIndex())
    qtbot.waitUntil(lambda: f"WebSocket server at ws://127.0.0.1:{port}/ws" in view_text(page), timeout=5000)
    got: queue.Queue[Any] = queue.Queue()
    go: queue.Queue[str] = queue.Queue()

    def client() -> None:
        with connect(f"ws://127.0.0.1:{port}/ws") as ws:
            ws.send("hello 服务器")
            ws.send(b"\x00\xfe")
            got.put(ws.recv(timeout=10))  # the page's text frame
            got.put(ws.recv(timeout=10))  # the page's binary frame
            go.get(timeout=10)
            try:
                ws.recv(timeout=10)
            except ConnectionClosed:
                got.put((ws.close_code, ws.close_reason))

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: len(rx_records(page)) == 2, timeout=10000)
    rx = rx_records(page)
    assert [r.data for r in rx] == ["hello 服务器".encode(), b"\x00\xfe"]
    assert [bool(r.flags & FLAG_TEXT) for r in rx] == [True, False]
    assert "hello 服务器" in view_text(page)
    qtbot.waitUntil(lambda: child(page, "clientList").model().rowCount() == 1, timeout=5000)

    type_and_send(qtbot, page, "to all")
    child(page, "sendHex", QCheckBox).setChecked(True)
    type_and_send(qtbot, page, "DE AD")
    qtbot.waitUntil(lambda: got.qsize() == 2, timeout=5000)
    assert got.get() == "to all" and got.get() == b"\xde\xad"

    click(qtbot, child(page, "wsPing", QPushButton))
    qtbot.waitUntil(lambda: "Pong from" in view_text(page), timeout=5000)
    child(page, "wsCloseCode", QSpinBox).setValue(4100)
    child(page, "wsCloseReason", QLineEdit).setText("bye")
    go.put("")
    click(qtbot, child(page, "wsClose", QPushButton))  # every client (the target is all)
    qtbot.waitUntil(lambda: got.qsize() == 1, timeout=5000)
    assert got.get() == (4100, "bye")
    thread.join(5)


def test_wss_against_a_ws_server_pages_self_signed_certificate(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    server = new_page(w, "actionNewWsServer")
    child(server, "tlsEnabled", QCheckBox).setChecked(True)
    port = listen_on_loopback(qtbot, server)
    qtbot.waitUntil(lambda: f"WebSocket server at wss://127.0.0.1:{port}/" in view_text(server), timeout=5000)

    client = new_page(w, "actionNewWsClient")
    child(client, "remoteUrl", QComboBox).setCurrentText(f"wss://127.0.0.1:{port}/")
    assert child(client, "tlsEnabled", QCheckBox).isChecked()  # the URL's scheme decides
    click(qtbot, child(client, "openButton", QPushButton))  # verify on: refused in words
    qtbot.waitUntil(lambda: client.property("state") == "closed" and "rror" in child(client, "stateLabel").text(),
                    timeout=10000)
    child(client, "tlsVerify", QCheckBox).setChecked(False)
    connect_page(qtbot, client, f"wss://127.0.0.1:{port}/")
    qtbot.waitUntil(lambda: "TLS with" in view_text(client), timeout=5000)
    type_and_send(qtbot, client, "over wss")
    qtbot.waitUntil(lambda: "over wss" in view_text(server), timeout=5000)
    assert rx_records(server)[0].flags & FLAG_TEXT


def test_ws_pages_keep_their_settings(make_window: Any, qtbot: Any, tmp_path: Any) -> None:
    path = tmp_path / "ws.ini"
    w = make_window(path)
    client = new_page(w, "actionNewWsClient")
    child(client, "remoteUrl", QComboBox).setCurrentText("wss://example.test:9443/live")
    child(client, "wsHeaders", QPlainTextEdit).setPlainText("Authorization: Bearer x\nX-Id: 7")
    child(client, "wsSubprotocols", QLineEdit).setText("chat, json")
    child(client, "wsOrigin", QLineEdit).setText("http://device.local")
    server = new_page(w, "actionNewWsServer")
    child(server, "wsPath", QLineEdit).setText("/ws")
    child(server, "wsSubprotocols", QLineEdit).setText("mqtt")
    child(server, "wsCloseCode", QSpinBox).setValue(4321)
    w.tab_store.save()

    again = make_window(path)
    pages = [again.tabs.widget(i) for i in range(again.tabs.count())]
    c = next(p for p in pages if p.property("kind") == "ws-client")
    s = next(p for p in pages if p.property("kind") == "ws-server")
    assert child(c, "remoteUrl", QComboBox).currentText() == "wss://example.test:9443/live"
    assert child(c, "tlsEnabled", QCheckBox).isChecked()
    assert child(c, "wsHeaders", QPlainTextEdit).toPlainText() == "Authorization: Bearer x\nX-Id: 7"
    assert child(c, "wsSubprotocols", QLineEdit).text() == "chat, json"
    assert child(c, "wsOrigin", QLineEdit).text() == "http://device.local"
    assert child(s, "wsPath", QLineEdit).text() == "/ws" and child(s, "wsSubprotocols", QLineEdit).text() == "mqtt"
    assert child(s, "wsCloseCode", QSpinBox).value() == 4321


def test_a_bad_header_line_is_refused_in_words(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = new_page(w, "actionNewWsClient")
    child(page, "wsHeaders", QPlainTextEdit).setPlainText("no colon here")
    click(qtbot, child(page, "openButton", QPushButton))
    qtbot.waitUntil(lambda: "line 1 is not 'Name: value'" in child(page, "stateLabel").text(), timeout=5000)
    assert page.session.state is State.CLOSED


def test_a_ws_pages_log_exports_as_tcp_payload_tshark_follows(make_window: Any, qtbot: Any, tmp_path: Any) -> None:
    """pcap export of a WebSocket log: each message's payload as TCP payload (frames are not made up again)."""
    import shutil
    import subprocess

    from app.export.pcap import export_pcapng

    w = make_window()
    page = new_page(w, "actionNewWsServer")
    port = listen_on_loopback(qtbot, page)
    assert page.start_logging(str(tmp_path / "ws.log"))

    def client() -> None:
        with connect(f"ws://127.0.0.1:{port}/") as ws:
            ws.send("ping")
            ws.send(b"\x01\x02")
            ws.recv(timeout=10)

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: len(rx_records(page)) == 2, timeout=10000)
    type_and_send(qtbot, page, "pong")
    thread.join(10)
    qtbot.waitUntil(lambda: not page.session.peers, timeout=5000)
    page.stop_logging()
    summary = export_pcapng(tmp_path / "ws.jsonl", tmp_path / "ws.pcapng")
    assert summary.kind == "ws-server" and summary.records == 3 and summary.bytes == 10 and summary.streams == 1
    assert export_pcapng(tmp_path / "ws.jsonl", tmp_path / "k.pcapng", kind="ws-server").records == 3
    if shutil.which("tshark"):
        followed = subprocess.run(["tshark", "-n", "-r", str(tmp_path / "ws.pcapng"), "-q", "-z",
                                   "follow,tcp,raw,0"], capture_output=True, timeout=60, check=True).stdout
        assert b"70696e67" in followed and b"0102" in followed and b"706f6e67" in followed


def test_a_binary_message_shows_as_hex_bytes_in_text_mode(make_window: Any, qtbot: Any, tmp_path: Any,
                                                          echo_server: tuple[int, queue.Queue[Any]]) -> None:
    """Text mode on a ws page: a text message is shown as text, a binary one (bytes that are not valid text) as
    its bytes in hex — in the view, its text, a copy, the text log and the log opened again."""
    from PySide6.QtGui import QGuiApplication

    port, _ = echo_server
    w = make_window()
    page = new_page(w, "actionNewWsClient")
    connect_page(qtbot, page, f"ws://127.0.0.1:{port}/")
    log = tmp_path / "ws.log"
    assert page.start_logging(str(log))
    type_and_send(qtbot, page, "words 你好")
    qtbot.waitUntil(lambda: len(rx_records(page)) == 1, timeout=5000)
    child(page, "sendHex", QCheckBox).setChecked(True)
    type_and_send(qtbot, page, "FF FE 00 80 41")  # not UTF-8: a binary frame, echoed as one
    qtbot.waitUntil(lambda: len(rx_records(page)) == 2, timeout=5000)
    assert not child(page, "receiveHex", QCheckBox).isChecked()
    page.flush()
    shown = view_text(page)
    assert "words 你好" in shown
    assert shown.count("FF FE 00 80 41") == 2  # sent and echoed, both as bytes
    assert "\\xFF" not in shown and "\\xFE" not in shown
    view = page.receive_view
    view.select_all()
    view.copy()
    assert QGuiApplication.clipboard().text().count("FF FE 00 80 41") == 2
    page.stop_logging()
    text_log = log.read_text(encoding="utf-8")
    assert "words 你好" in text_log and text_log.count("FF FE 00 80 41") == 2
    opened = w.open_log(str(log))
    assert opened.receive_view.toPlainText().count("FF FE 00 80 41") == 2


def test_the_disconnect_notice_says_how_the_websocket_ended_in_chinese(
        chinese: None, make_window: Any, qtbot: Any, echo_server: tuple[int, queue.Queue[Any]]) -> None:
    """The closing part of the disconnect notice (close codes and reasons in words) in the user's language."""
    port, _ = echo_server
    w = make_window()
    page = new_page(w, "actionNewWsClient")
    connect_page(qtbot, page, f"ws://127.0.0.1:{port}/")
    type_and_send(qtbot, page, "close-me")  # the server closes with 4002 "asked to"
    qtbot.waitUntil(lambda: page.session.state is State.CLOSED, timeout=5000)
    page.flush()
    line = next(x for x in view_text(page).splitlines() if "已断开" in x)
    assert "对方关闭; 对方以 4002 (应用自定义代码)，原因“asked to” 关闭" in line, line
    assert "peer closed" not in line and "reason" not in line

    server = new_page(w, "actionNewWsServer")
    port = listen_on_loopback(qtbot, server)
    closed: queue.Queue[Any] = queue.Queue()

    def client() -> None:
        with connect(f"ws://127.0.0.1:{port}/") as ws:
            try:
                ws.recv(timeout=10)
            except ConnectionClosed:
                closed.put(ws.close_code)

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: child(server, "clientList").model().rowCount() == 1, timeout=5000)
    click(qtbot, child(server, "openButton", QPushButton))  # stop: every client gets 1001 (going away)
    qtbot.waitUntil(lambda: server.session.state is State.CLOSED and closed.qsize() == 1, timeout=5000)
    thread.join(5)
    server.flush()
    line = next(x for x in view_text(server).splitlines() if "已断开" in x)
    assert "我方以 1001 (离开)，原因“" in line and "对方回应 1001 (离开)" in line, line
    assert "we closed" not in line and "answered" not in line


@pytest.fixture
def kind_server() -> Iterator[tuple[int, queue.Queue[Any], queue.Queue[Any]]]:
    """A ``websockets`` server in a thread: puts each message it gets (str: a text frame, bytes: a binary one) in
    the first queue, and sends what is put in the second (str as text, bytes as binary)."""
    got: queue.Queue[Any] = queue.Queue()
    out: queue.Queue[Any] = queue.Queue()

    def handler(ws: ServerConnection) -> None:
        def sender() -> None:  # (the sync connection's send may be called from another thread)
            while (message := out.get()) is not None:
                with contextlib.suppress(ConnectionClosed):
                    ws.send(message)

        thread = threading.Thread(target=sender, daemon=True)
        thread.start()
        try:
            for message in ws:
                got.put(message)
        except ConnectionClosed:
            pass
        out.put(None)
        thread.join(5)

    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server.socket.getsockname()[1], got, out
        server.shutdown()
        thread.join(5)


def next_message(qtbot: Any, got: queue.Queue[Any]) -> Any:
    """The peer's next message, the window's loop running while it comes."""
    qtbot.waitUntil(lambda: not got.empty(), timeout=5000)
    return got.get_nowait()


def test_quick_commands_and_auto_replies_follow_their_own_format(
        make_window: Any, qtbot: Any, kind_server: tuple[int, queue.Queue[Any], queue.Queue[Any]]) -> None:
    """On a ws page a hex quick command goes as a binary frame and a text one as a text frame, whatever the
    page's send mode; an auto-reply rule likewise by its reply's format; an echo as the message came."""
    from app.automation.autoreply import Rule
    from app.automation.quick import QuickCommand

    port, got, out = kind_server
    w = make_window()
    page = new_page(w, "actionNewWsClient")
    connect_page(qtbot, page, f"ws://127.0.0.1:{port}/")
    page.quick.set_commands([QuickCommand("hex", "01 02 41", hex=True), QuickCommand("text", "hi 你好")])
    hex_mode = child(page, "sendHex", QCheckBox)
    for mode in (False, True):
        hex_mode.setChecked(mode)
        page.quick.send_index(0)
        assert next_message(qtbot, got) == b"\x01\x02A"  # binary, in text mode too
        page.quick.send_index(1)
        assert next_message(qtbot, got) == "hi 你好"  # text, in hex mode too

    page.set_auto_reply([Rule("bin?", "exact", "FF 00", reply_hex=True), Rule("txt?", "exact", "plain")], echo=False)
    child(page, "autoReply", QCheckBox).setChecked(True)
    for mode in (False, True):
        hex_mode.setChecked(mode)
        out.put("bin?")
        assert next_message(qtbot, got) == b"\xff\x00"
        out.put("txt?")
        assert next_message(qtbot, got) == "plain"
    child(page, "autoReply", QCheckBox).setChecked(False)
    child(page, "echoMode", QCheckBox).setChecked(True)
    hex_mode.setChecked(True)
    out.put("echo me")
    assert next_message(qtbot, got) == "echo me"  # as it came: text
    hex_mode.setChecked(False)
    out.put(b"\x00echo")
    assert next_message(qtbot, got) == b"\x00echo"
