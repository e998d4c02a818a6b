"""WebSocket pages' network panels: a client (a ws:// or wss:// URL, extra handshake headers, subprotocols
offered, origin, TLS as the TCP client's, reconnect) and a server (address, port, path, subprotocols accepted,
TLS and the client limit as the TCP server's). Both have a Ping button and a Close with a code and reason
(on a server: the send target's client, or every client). How a send goes (a text frame or a binary one)
follows the send settings: see :meth:`WsFrames.send_format`."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from app.core.errors import NetAssistError, NoTarget, NotOpen, WsBadHeader
from app.net.session import Session, State
from app.net.ws.client import WsClientSession
from app.net.ws.connection import CLOSE_NORMAL, subprotocol_list
from app.net.ws.server import WsServerSession
from ui.fields import host_combo, spin
from ui.options import Int, Option, Text, TextList
from ui.page.network.panel import RECENT_HOSTS, NetworkPanel, TcpClientNetwork, TcpServerNetwork, chosen_peer
from ui.page.network.tls_controls import TlsControls, tls_options

#: Close codes a user may send (1000, and the ones RFC 6455 leaves to applications; 1001–1015 have meanings the
#: protocol gives them, several must never be sent).
CLOSE_CODE_MIN, CLOSE_CODE_MAX = 1000, 4999
#: A close frame's reason: at most 123 bytes of UTF-8.
CLOSE_REASON_MAX = 123


def parse_headers(text: str) -> list[tuple[str, str]]:
    """``Name: value`` a line (blank lines skipped); WsBadHeader naming the line that is not."""
    headers: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip() or any(c in name.strip() for c in " \t"):
            raise WsBadHeader(f"handshake header line {number} is not 'Name: value': {line.strip()!r}")
        headers.append((name.strip(), value.strip()))
    return headers


def _ws_options() -> dict[str, Option]:
    return {"close_code": Int(CLOSE_NORMAL, CLOSE_CODE_MIN, CLOSE_CODE_MAX), "close_reason": Text("", 256)}


class WsFrames:
    """What both WebSocket panels share: the Ping and Close row, and the frame kind a send takes."""

    form: Any
    frame_row: QWidget

    def _frame_row(self: Any) -> None:
        self.frame_row = QWidget(self)
        row = QHBoxLayout(self.frame_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.ping_button = QPushButton(self.tr("Ping"), self.frame_row)
        self.ping_button.setObjectName("wsPing")
        self.ping_button.setToolTip(self.tr("Send a ping; the pong's round-trip time is a line in the view"))
        self.close_code = spin("wsCloseCode", self.tr("Close code"), CLOSE_CODE_MIN, CLOSE_CODE_MAX, CLOSE_NORMAL)
        self.close_code.setToolTip(self.tr("1000: normal closure; 3000–4999: the application's own codes"))
        self.close_reason = QLineEdit(self.frame_row)
        self.close_reason.setObjectName("wsCloseReason")
        self.close_reason.setAccessibleName(self.tr("Close reason"))
        self.close_reason.setPlaceholderText(self.tr("reason"))
        self.close_reason.setMaxLength(CLOSE_REASON_MAX)
        self.close_button = QPushButton(self.tr("Close"), self.frame_row)
        self.close_button.setObjectName("wsClose")
        row.addWidget(self.ping_button)
        row.addWidget(self.close_code)
        row.addWidget(self.close_reason, 1)
        row.addWidget(self.close_button)
        self.form.addRow(self.frame_row)
        self.close_code.valueChanged.connect(self.changed)
        self.close_reason.textChanged.connect(self.changed)

    def _close_args(self: Any) -> tuple[int, str]:
        reason = self.close_reason.text().strip()
        while len(reason.encode()) > CLOSE_REASON_MAX:
            reason = reason[:-1]
        return self.close_code.value(), reason

    def send_format(self: Any, session: Session, hex_mode: bool, encoding: str) -> str:
        """Set what a send becomes (``session.text_mode``), and say it for the send settings: a text frame in
        text mode with UTF-8 (the protocol's rule for text frames), else a binary frame."""
        assert isinstance(session, WsClientSession | WsServerSession)
        utf8 = encoding.replace("_", "-").lower() in ("utf-8", "utf8")
        session.text_mode = not hex_mode and utf8
        if hex_mode:
            return self.tr("WebSocket: hex goes as binary frames")
        if not utf8:
            return self.tr("WebSocket: text goes as binary frames in %1 (a text frame must be UTF-8)").replace(
                "%1", encoding.upper())
        return self.tr("WebSocket: text goes as text frames (UTF-8); hex as binary frames")


class WsClientNetwork(WsFrames, TcpClientNetwork):
    kind = "ws-client"
    NOT_OPEN = "not connected"
    OPTIONS = {"url": Text("ws://127.0.0.1:8080/", 2048), "recent_urls": TextList((), max_len=2048),
               "headers": Text("", 8192), "subprotocols": Text("", 1024), "origin": Text("", 1024),
               "local_port": Int(0, 0, 65535),
               **{k: v for k, v in TcpClientNetwork.OPTIONS.items() if k.startswith("reconnect")},
               **tls_options(), **_ws_options()}

    def build(self) -> None:
        self.url = host_combo("remoteUrl", self.tr("WebSocket URL"), [])
        line = self.url.lineEdit()
        assert line is not None  # (an editable combo box)
        line.setPlaceholderText("ws://host:port/path")
        self.url.setToolTip(self.tr("ws://HOST:PORT/PATH, or wss:// for WebSocket over TLS"))
        self.form.addRow(self.tr("URL"), self.url)
        self.headers = QPlainTextEdit(self)
        self.headers.setObjectName("wsHeaders")
        self.headers.setAccessibleName(self.tr("Extra handshake headers"))
        self.headers.setPlaceholderText(self.tr("Name: value, one a line"))
        self.headers.setTabChangesFocus(True)
        self.headers.setFixedHeight(self.headers.fontMetrics().lineSpacing() * 2 + 12)
        self.form.addRow(self.tr("Headers"), self.headers)
        self.subprotocols = QLineEdit(self)
        self.subprotocols.setObjectName("wsSubprotocols")
        self.subprotocols.setAccessibleName(self.tr("Subprotocols offered"))
        self.subprotocols.setPlaceholderText(self.tr("none; e.g. chat, json"))
        self.form.addRow(self.tr("Subprotocols"), self.subprotocols)
        self.origin = QLineEdit(self)
        self.origin.setObjectName("wsOrigin")
        self.origin.setAccessibleName(self.tr("Origin header"))
        self.origin.setPlaceholderText(self.tr("none; e.g. http://localhost"))
        self.form.addRow(self.tr("Origin"), self.origin)
        self._local_port_row()
        self._reconnect_rows()
        self.tls = TlsControls("client", self.form, enable_text=self.tr("TLS (wss://)"), parent=self)
        self.tls.enabled.setToolTip(self.tr("The URL decides: wss:// is WebSocket over TLS, ws:// is not"))
        self.tls.enabled.setEnabled(False)
        self.tls.changed.connect(self.changed)
        self._frame_row()
        self.url.currentTextChanged.connect(self._url_changed)
        self.url.currentTextChanged.connect(self.changed)
        for edit in (self.subprotocols, self.origin):
            edit.textChanged.connect(self.changed)
        self.headers.textChanged.connect(self.changed)

    def _url_changed(self, text: str) -> None:
        self.tls.enabled.setChecked(text.strip().lower().startswith("wss:"))

    def attach(self, session: Session) -> None:
        super().attach(session)
        assert isinstance(session, WsClientSession)
        self.ping_button.clicked.connect(lambda: self._act(session, lambda: session.ping()))
        self.close_button.clicked.connect(lambda: self._close(session))

    def _act(self, session: Session, action: Any) -> None:
        try:
            if session.state is not State.OPEN:
                raise NotOpen(f"cannot send: {self.NOT_OPEN}")
            action()
        except NetAssistError as exc:
            self.errorOccurred.emit(exc)

    def _close(self, session: Session) -> None:
        import asyncio

        assert isinstance(session, WsClientSession)
        if session.state is State.CLOSED:
            self.errorOccurred.emit(NotOpen(f"cannot close: {self.NOT_OPEN}"))
            return
        code, reason = self._close_args()
        task = asyncio.get_running_loop().create_task(session.close(code, reason), name="ws-client:close")
        self._closing = task  # (referenced until done)

    def configure(self, session: Session) -> None:
        NetworkPanel.configure(self, session)
        assert isinstance(session, WsClientSession) and self.local_port is not None
        session.url = self.url.currentText().strip()
        session.headers = parse_headers(self.headers.toPlainText())
        session.subprotocols = subprotocol_list(self.subprotocols.text())
        session.origin = self.origin.text().strip()
        session.local_port = self.local_port.value()
        session.reconnect = self.reconnect.isChecked()
        session.reconnect_max = float(self.reconnect_max.value())
        session.tls = self.tls.options()
        self._remember_url()

    def _remember_url(self) -> None:
        text = self.url.currentText().strip()
        if not text:
            return
        idx = self.url.findText(text)
        if idx >= 0:
            self.url.removeItem(idx)
        self.url.insertItem(0, text)
        while self.url.count() > RECENT_HOSTS:
            self.url.removeItem(self.url.count() - 1)
        self.url.setCurrentIndex(0)

    def set_fixed(self, fixed: bool) -> None:
        super().set_fixed(fixed)
        for w in (self.url, self.headers, self.subprotocols, self.origin):
            w.setEnabled(not fixed)
        self.tls.enabled.setEnabled(False)  # (the URL's scheme decides)

    def to_settings(self) -> dict[str, Any]:
        return {**super().to_settings(), "url": self.url.currentText(),
                "recent_urls": [self.url.itemText(i) for i in range(self.url.count())],
                "headers": self.headers.toPlainText(), "subprotocols": self.subprotocols.text(),
                "origin": self.origin.text(), "close_code": self.close_code.value(),
                "close_reason": self.close_reason.text()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        super().apply_settings(s)
        for u in s["recent_urls"]:
            if self.url.findText(u) < 0:
                self.url.addItem(u)
        self.url.setCurrentText(s["url"])
        self._url_changed(s["url"])
        self.headers.setPlainText(s["headers"])
        self.subprotocols.setText(s["subprotocols"])
        self.origin.setText(s["origin"])
        self.close_code.setValue(s["close_code"])
        self.close_reason.setText(s["close_reason"])


class WsServerNetwork(WsFrames, TcpServerNetwork):
    kind = "ws-server"
    OPTIONS = {**TcpServerNetwork.OPTIONS, "path": Text("", 1024), "subprotocols": Text("", 1024),
               **_ws_options()}

    def build(self) -> None:
        super().build()
        self.path = QLineEdit(self)
        self.path.setObjectName("wsPath")
        self.path.setAccessibleName(self.tr("Path served"))
        self.path.setPlaceholderText(self.tr("any path; e.g. /ws"))
        self.path.setToolTip(self.tr("Clients must ask for this path (else 404); blank: any path"))
        self.subprotocols = QLineEdit(self)
        self.subprotocols.setObjectName("wsSubprotocols")
        self.subprotocols.setAccessibleName(self.tr("Subprotocols accepted"))
        self.subprotocols.setPlaceholderText(self.tr("any client; e.g. chat, json"))
        self.subprotocols.setToolTip(self.tr("When set, a client must offer one of these (else 400)"))
        self.form.insertRow(3, self.tr("Path"), self.path)
        self.form.insertRow(4, self.tr("Subprotocols"), self.subprotocols)
        # a WebSocket client does not half-close: the TCP server's "close a client that finished" does not apply
        self.form.setRowVisible(self.linger, False)
        self._frame_row()
        self.close_button.setText(self.tr("Close client"))
        self.close_button.setToolTip(self.tr("Close the send target's client (or every client) with this code and "
                                             "reason"))
        self.ping_button.setToolTip(self.tr("Ping the send target's client (or every client); each pong's round-trip "
                                            "time is a line in the view"))
        for edit in (self.path, self.subprotocols):
            edit.textChanged.connect(self.changed)

    def attach(self, session: Session) -> None:
        super().attach(session)
        assert isinstance(session, WsServerSession)
        self.ping_button.clicked.connect(lambda: self._act(session, lambda to: session.ping(to=to)))
        self.close_button.clicked.connect(lambda: self._act(session, lambda to: self._kick(session, to)))

    def _kick(self, session: WsServerSession, to: Any) -> None:
        code, reason = self._close_args()
        for peer in [to] if to is not None else list(session.peers):
            session.kick(peer, code, reason)

    def _act(self, session: WsServerSession, action: Any) -> None:
        try:
            if session.state is not State.OPEN:
                raise NotOpen(f"cannot send: {self.NOT_OPEN}")
            to = chosen_peer(session.peers, self.chosen())
            if to is None and not session.peers:
                raise NoTarget("no client is connected; nothing was sent")
            action(to)
        except NetAssistError as exc:
            self.errorOccurred.emit(exc)

    def configure(self, session: Session) -> None:
        super().configure(session)
        assert isinstance(session, WsServerSession)
        session.path = self.path.text().strip()
        session.subprotocols = subprotocol_list(self.subprotocols.text())

    def set_fixed(self, fixed: bool) -> None:
        super().set_fixed(fixed)
        for w in (self.path, self.subprotocols):
            w.setEnabled(not fixed)

    def to_settings(self) -> dict[str, Any]:
        return {**super().to_settings(), "path": self.path.text(), "subprotocols": self.subprotocols.text(),
                "close_code": self.close_code.value(), "close_reason": self.close_reason.text()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        super().apply_settings(s)
        self.path.setText(s["path"])
        self.subprotocols.setText(s["subprotocols"])
        self.close_code.setValue(s["close_code"])
        self.close_reason.setText(s["close_reason"])
