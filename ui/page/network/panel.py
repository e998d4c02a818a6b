"""网络设置: the network panel, one subclass per kind. A panel holds the kind's address fields, the
Open button and the state line; it copies its fields into the session before opening, knows where a send
goes for its kind, and its settings in and out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from app.core.addresses import WILDCARDS, machine_addresses
from app.core.errors import InvalidAddress, NoTarget, NotOpen
from app.core.records import Address
from app.net.limits import fd_limit
from app.net.session import Session, State
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import DEFAULT_CLIENT_LIMIT, FINISHED_LINGER_S, TcpServerSession
from ui.fields import PortBox, check, host_combo, spin
from ui.options import Bool, Int, Option, Text, TextList
from ui.page.network.advanced import SocketOptionsControls
from ui.page.network.tls_controls import TlsControls, tls_options
from ui.texts import kind_title, state_text

RECENT_HOSTS = 10
#: The most clients (or relay pairs) a page lets its server hold; the engine served 5,000 busy clients with
#: the window's loop answering (issue 19); every one takes a file (app/limits.py raises that limit at start).
CLIENT_LIMIT_MAX = 100_000


class NetworkPanel(QGroupBox):
    """Network settings of one kind; subclasses add their fields in :meth:`build`."""

    kind: ClassVar[str]
    #: Why a send cannot go while the session is closed (the engine's words; translated by error code).
    NOT_OPEN: ClassVar[str] = "not open"
    OPTIONS: ClassVar[dict[str, Option]] = {}
    #: Which socket options the Advanced part offers: "tcp", "udp", or None (none).
    SOCKET_OPTIONS: ClassVar[str | None] = "tcp"
    changed = Signal()
    openRequested = Signal()  # Open / Close / Cancel pressed
    errorOccurred = Signal(object)  # a NetAssistError from the panel's own actions (multicast …)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Network settings"), parent)
        self.local_host: QComboBox | None = None
        self.local_port: PortBox | None = None
        self.remote_host: QComboBox | None = None
        self.remote_port: PortBox | None = None
        #: The send area's chosen target (its text; None: all / the peer), for a kind's own actions (set by the page).
        self.chosen: Callable[[], str | None] = lambda: None
        self.form = QFormLayout(self)
        kind_label = QLabel(kind_title(self.kind), self)
        kind_label.setObjectName("kindLabel")
        self.form.addRow(self.tr("Protocol"), kind_label)
        self.build()
        self.advanced: SocketOptionsControls | None = None
        if self.SOCKET_OPTIONS is not None:
            self.advanced = SocketOptionsControls(tcp=self.SOCKET_OPTIONS == "tcp", parent=self)
            self.form.addRow(self.advanced)
            self.advanced.changed.connect(self.changed)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openButton")
        self.open_button.setMinimumHeight(30)
        self.form.addRow(self.open_button)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("stateLabel")
        self.state_label.setWordWrap(True)
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label.setAccessibleName(self.tr("Session state"))
        # room for the state and a two-line error, so an error coming or going never moves the column
        self.state_label.setMinimumHeight(self.state_label.fontMetrics().lineSpacing() * 3 + 4)
        self.form.addRow(self.state_label)
        self.open_button.clicked.connect(self.openRequested)
        for port in (self.local_port, self.remote_port):
            if port is not None:
                port.valueChanged.connect(self.changed)
        for box in (self.local_host, self.remote_host):
            if box is not None:
                box.currentTextChanged.connect(self.changed)

    def build(self) -> None:
        """Add the kind's fields to ``self.form``."""

    def attach(self, session: Session) -> None:
        """Connect the panel's own actions (a kind's extras: broadcast, multicast …) to ``session``."""

    def sent(self) -> None:
        """A send the user asked for went out."""

    def send_format(self, session: Session, hex_mode: bool, encoding: str) -> str:
        """The send settings changed (hex, the encoding): a kind whose sends depend on them (WebSocket: a text
        or a binary frame) follows, and returns a hint for the send settings ("" for none)."""
        return ""

    def tick(self, session: Session) -> None:
        """The page's tick (at most 30 a second): a kind with live figures shows them."""

    def _local(self) -> None:
        self.local_host = host_combo("localHost", self.tr("Local host address"), machine_addresses())
        self.local_host.setToolTip(self.tr("0.0.0.0 (or ::) listens on all interfaces: anyone on your network can "
                                           "connect. 127.0.0.1 (or ::1): this machine only. Or one interface's "
                                           "address."))
        line = self.local_host.lineEdit()
        assert line is not None  # (an editable combo box)
        line.setPlaceholderText(self.tr("0.0.0.0 = all interfaces"))
        self.form.addRow(self.tr("Local host"), self.local_host)
        self.local_port = PortBox("localPort", self.tr("Local port"), listen=True, any_text=self.tr("any"))
        self.form.addRow(self.tr("Local port"), self.local_port)

    def _remote(self) -> None:
        self.remote_host = host_combo("remoteHost", self.tr("Remote host"), [])
        self.form.addRow(self.tr("Remote host"), self.remote_host)
        self.remote_port = PortBox("remotePort", self.tr("Remote port"), listen=False)
        self.form.addRow(self.tr("Remote port"), self.remote_port)

    # ------------------------------------------------------------------ the kind's words and rules
    def open_texts(self) -> tuple[str, str]:
        """The Open button's text when closed, and when open."""
        return self.tr("Open"), self.tr("Close")

    def state_words(self, session: Session) -> str:
        words = state_text(self.kind, session.state.value)
        if session.state is State.OPEN and session.local_address is not None:
            words += f" — {session.local_address}"
            if session.local_address.host in WILDCARDS:  # (the default: say what it means)
                words += self.tr(" — all interfaces, reachable from your network")
        return words

    def tab_title(self, session: Session) -> str:
        base = kind_title(self.kind)
        if session.state is State.OPEN and session.local_address is not None:
            return f"{base} :{session.local_address.port}"
        return base

    def configure(self, session: Session) -> None:
        """Copy the fields into ``session`` before it opens; InvalidAddress when a field is wrong."""
        for box in (self.local_port, self.remote_port):
            if box is not None and (problem := box.problem()) is not None:
                raise problem
        session.socket_options = self.advanced.options() if self.advanced is not None else None
        session.socket_options_applied = None  # (what the kernel set is said again for the new socket)

    #: Whether the remote host and port made the connection (a client, a relay's target), so are fixed while
    #: open (UDP's stay editable: they say where the next datagram goes).
    remote_fixed = False

    def set_fixed(self, fixed: bool) -> None:
        """While open, the fields that made the connection cannot change."""
        fields = (self.local_host, self.local_port) + ((self.remote_host, self.remote_port) if self.remote_fixed
                                                         else ())
        for w in fields:
            if w is not None:
                w.setEnabled(not fixed)
        if self.advanced is not None:
            self.advanced.set_fixed(fixed)

    def target(self, session: Session, chosen: str | None) -> Address | None:
        """Where a send goes (None: the connected peer / all clients); ``chosen``: the send area's choice.
        Raises NotOpen / NoTarget (and, on UDP, NeedsResolve for a host name)."""
        if session.state is not State.OPEN:
            raise NotOpen(f"cannot send: {self.NOT_OPEN}")
        return None

    def port_problem(self) -> InvalidAddress | None:
        for box in (self.local_port, self.remote_port):
            if box is not None and (problem := box.problem()) is not None:
                return problem
        return None

    def remember_host(self) -> None:
        """Put the remote host first in its box's recent entries."""
        box = self.remote_host
        text = box.currentText().strip() if box is not None else ""
        if box is None or not text:
            return
        idx = box.findText(text)
        if idx >= 0:
            box.removeItem(idx)
        box.insertItem(0, text)
        while box.count() > RECENT_HOSTS:
            box.removeItem(box.count() - 1)
        box.setCurrentIndex(0)

    # ------------------------------------------------------------------------------ settings
    def to_settings(self) -> dict[str, Any]:
        s: dict[str, Any] = {}
        if self.local_host is not None:
            s["local_host"] = self.local_host.currentText()
        if self.local_port is not None:
            s["local_port"] = self.local_port.value()
        if self.remote_host is not None:
            s["remote_host"] = self.remote_host.currentText()
            s["recent_hosts"] = [self.remote_host.itemText(i) for i in range(self.remote_host.count())]
        if self.remote_port is not None:
            s["remote_port"] = self.remote_port.value()
        if self.advanced is not None:
            s.update(self.advanced.to_settings())
        return s

    def apply_settings(self, s: dict[str, Any]) -> None:
        if self.local_host is not None:
            self.local_host.setCurrentText(s["local_host"])
        if self.local_port is not None:
            self.local_port.setValue(s["local_port"])
        if self.remote_host is not None:
            for h in s["recent_hosts"]:
                if self.remote_host.findText(h) < 0:
                    self.remote_host.addItem(h)
            self.remote_host.setCurrentText(s["remote_host"])
        if self.remote_port is not None:
            self.remote_port.setValue(s["remote_port"])
        if self.advanced is not None:
            self.advanced.apply_settings(s)


def chosen_peer(peers: Iterable[Address], chosen: str | None) -> Address | None:
    """The connected peer the send area chose by its text (None: all); NoTarget once it has left."""
    if not chosen:
        return None
    to = next((p for p in peers if str(p) == chosen), None)
    if to is None:
        raise NoTarget(f"client {chosen} is not connected")
    return to


def local_options(host: str, port: int) -> dict[str, Option]:
    return {"local_host": Text(host, 256), "local_port": Int(port, 0, 65535)}


def remote_options(host: str, port: int) -> dict[str, Option]:
    return {"remote_host": Text(host, 256), "remote_port": Int(port, 0, 65535), "recent_hosts": TextList(())}


class TcpServerNetwork(NetworkPanel):
    kind = "tcp-server"
    NOT_OPEN = "the server is not listening"
    OPTIONS = {**local_options("0.0.0.0", 8080), "broker": Bool(False), "broker_echo": Bool(False),
               "client_limit": Int(DEFAULT_CLIENT_LIMIT, 1, CLIENT_LIMIT_MAX),
               "finished_linger_ms": Int(int(FINISHED_LINGER_S * 1000), 0, 60_000), **tls_options()}

    def build(self) -> None:
        self._local()
        self.client_limit = spin("clientLimit", self.tr("Client limit"), 1, CLIENT_LIMIT_MAX, DEFAULT_CLIENT_LIMIT)
        self.client_limit.setGroupSeparatorShown(True)
        files = fd_limit()
        self.client_limit.setToolTip(self.tr("Clients served at once; more are refused, said at most once a second. "
                                             "It can change while listening.") + (self.tr(
                                                 " This program may open %1 files (a client takes one).").replace(
                                                 "%1", f"{files:,}") if files else ""))
        self.form.addRow(self.tr("Client limit"), self.client_limit)
        self.linger = spin("finishedLinger", self.tr("Close a client that finished sending after"), 0, 60_000,
                           int(FINISHED_LINGER_S * 1000), self.tr(" ms"))
        self.linger.setSingleStep(100)
        self.linger.setToolTip(self.tr("A client that finished sending (its recv returned 0) stays connected this "
                                       "long for replies (auto-reply, a sequence, Send); each send to it starts "
                                       "the wait again. Then the server closes it and its row goes."))
        self.form.addRow(self.tr("Close finished after"), self.linger)
        for box in (self.client_limit, self.linger):
            box.valueChanged.connect(self.changed)
        self.tls = TlsControls("server", self.form, parent=self)
        self.tls.changed.connect(self.changed)
        self.broker = check("brokerMode", self.tr("Forward between clients (chat room)"))
        self.broker.setToolTip(self.tr("What a client sends goes to every other client, like ncat --broker"))
        self.broker_echo = check("brokerEcho", self.tr("…and back to the sender"))
        self.form.addRow(self.broker)
        self.form.addRow(self.broker_echo)
        for check_box in (self.broker, self.broker_echo):
            check_box.toggled.connect(self.changed)

    def attach(self, session: Session) -> None:
        assert isinstance(session, TcpServerSession)
        self.broker.toggled.connect(lambda on: setattr(session, "broker", on))
        self.broker_echo.toggled.connect(lambda on: setattr(session, "broker_echo", on))
        session.broker, session.broker_echo = self.broker.isChecked(), self.broker_echo.isChecked()
        # (both apply at once, while listening too)
        self.client_limit.valueChanged.connect(lambda v: setattr(session, "client_limit", v))
        self.linger.valueChanged.connect(lambda v: setattr(session, "finished_linger", v / 1000))
        session.client_limit, session.finished_linger = self.client_limit.value(), self.linger.value() / 1000

    def to_settings(self) -> dict[str, Any]:
        return {**super().to_settings(), "broker": self.broker.isChecked(),
                "broker_echo": self.broker_echo.isChecked(), "client_limit": self.client_limit.value(),
                "finished_linger_ms": self.linger.value(), **self.tls.to_settings()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        super().apply_settings(s)
        self.broker.setChecked(s["broker"])
        self.broker_echo.setChecked(s["broker_echo"])
        self.client_limit.setValue(s["client_limit"])
        self.linger.setValue(s["finished_linger_ms"])
        self.tls.apply_settings(s)

    def set_fixed(self, fixed: bool) -> None:
        super().set_fixed(fixed)
        self.tls.set_fixed(fixed)

    def open_texts(self) -> tuple[str, str]:
        return self.tr("Start listening"), self.tr("Stop listening")

    def target(self, session: Session, chosen: str | None) -> Address | None:
        super().target(session, chosen)
        assert isinstance(session, TcpServerSession)
        return chosen_peer(session.peers, chosen)

    def configure(self, session: Session) -> None:
        super().configure(session)
        assert isinstance(session, TcpServerSession) and self.local_host and self.local_port
        session.host = self.local_host.currentText().strip()
        session.port = self.local_port.value()
        session.tls = self.tls.options()
        session.client_limit, session.finished_linger = self.client_limit.value(), self.linger.value() / 1000


class TcpClientNetwork(NetworkPanel):
    kind = "tcp-client"
    remote_fixed = True
    NOT_OPEN = "not connected"
    OPTIONS = {**remote_options("127.0.0.1", 8080), "local_port": Int(0, 0, 65535),
               "reconnect": Bool(False), "reconnect_max_s": Int(30, 1, 3600), **tls_options()}

    def build(self) -> None:
        self._remote()
        self._local_port_row()
        self._reconnect_rows()
        self.tls = TlsControls("client", self.form, parent=self)
        self.tls.changed.connect(self.changed)

    def _local_port_row(self) -> None:
        self.local_port = PortBox("localPort", self.tr("Local port (0 = any)"), listen=True,
                                  any_text=self.tr("any"))
        self.form.addRow(self.tr("Local port"), self.local_port)

    def _reconnect_rows(self) -> None:
        self.reconnect = check("reconnect", self.tr("Reconnect automatically"))
        self.reconnect.setToolTip(self.tr("After a loss or a failed connect, try again: 1 s, 2 s, 4 s … up to the "
                                          "longest wait; Disconnect stops it"))
        self.reconnect_max = spin("reconnectMax", self.tr("Longest wait between attempts"), 1, 3600, 30,
                                  self.tr(" s"))
        self.form.addRow(self.reconnect)
        self.form.addRow(self.tr("Longest wait"), self.reconnect_max)
        self.reconnect.toggled.connect(self.changed)
        self.reconnect.toggled.connect(self.reconnect_max.setEnabled)
        self.reconnect_max.setEnabled(False)
        self.reconnect_max.valueChanged.connect(self.changed)

    def attach(self, session: Session) -> None:
        assert isinstance(session, TcpClientSession)
        self.reconnect.toggled.connect(lambda on: setattr(session, "reconnect", on))
        self.reconnect_max.valueChanged.connect(lambda v: setattr(session, "reconnect_max", float(v)))

    def open_texts(self) -> tuple[str, str]:
        return self.tr("Connect"), self.tr("Disconnect")

    def state_words(self, session: Session) -> str:
        if isinstance(session, TcpClientSession) and session.state is State.OPENING and session.attempts:
            return self.tr("Reconnecting… (attempt %1)").replace("%1", f"{session.attempts:,}")
        if session.state is State.OPEN and isinstance(session, TcpClientSession) and session.peer is not None:
            return state_text(self.kind, session.state.value) + f" — {session.peer}"
        return super().state_words(session)

    def tab_title(self, session: Session) -> str:
        if session.state is State.OPEN and isinstance(session, TcpClientSession) and session.peer is not None:
            return f"{kind_title(self.kind)} {session.peer}"
        return super().tab_title(session)

    def configure(self, session: Session) -> None:
        super().configure(session)
        assert isinstance(session, TcpClientSession) and self.remote_host and self.remote_port and self.local_port
        session.host = self.remote_host.currentText().strip()
        session.port = self.remote_port.value()
        session.local_port = self.local_port.value()
        session.reconnect = self.reconnect.isChecked()
        session.reconnect_max = float(self.reconnect_max.value())
        session.tls = self.tls.options()
        self.remember_host()

    def set_fixed(self, fixed: bool) -> None:
        super().set_fixed(fixed)
        self.tls.set_fixed(fixed)

    def to_settings(self) -> dict[str, Any]:
        return {**super().to_settings(), "reconnect": self.reconnect.isChecked(),
                "reconnect_max_s": self.reconnect_max.value(), **self.tls.to_settings()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        super().apply_settings(s)
        self.reconnect.setChecked(s["reconnect"])
        self.reconnect_max.setValue(s["reconnect_max_s"])
        self.tls.apply_settings(s)
