"""One session tab: settings column on the left, receive view and send area on the right, status line."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.addresses import is_ip, machine_addresses
from app.autoreply import AutoReply, Rule
from app.checksum import ChecksumSpec
from app.codec import ENCODINGS, encode_text, encoding, format_hex, parse_hex
from app.errors import InvalidAddress, NetAssistError, NetworkError, NoTarget, NotOpen
from app.history import HistoryEntry, SendHistory
from app.logs import SessionLogger
from app.periodic import PeriodicSender
from app.quick import QuickCommand
from app.records import Address, Counts
from app.render import ViewOptions
from app.session import PeerDisconnected, Session, State, StateChanged
from app.tcp_client import TcpClientSession
from app.tcp_server import TcpServerSession
from app.transfer import Progress, ReceiveToFile, check_file, send_file
from app.udp import DEFAULT_RECV_BUFFER, UdpSession
from ui.bridge import SessionBridge
from ui.options import Bool, Choice, Custom, Int, Option, Problem, Section, Text, TextList, load
from ui.peer_table import PeerList, rate_text
from ui.receive_pane import ReceivePane
from ui.texts import error_text, kind_title, reason_text, state_text
from ui.tools import (
    AutoReplyDialog,
    ChecksumControls,
    FileSendControls,
    FramingControls,
    PeriodicControls,
    QuickCommandsPanel,
)

log = logging.getLogger(__name__)

KINDS = ("tcp-server", "tcp-client", "udp")
RECENT_HOSTS = 10

DEFAULTS: dict[str, dict[str, Any]] = {
    "tcp-server": {"local_host": "0.0.0.0", "local_port": 8080},
    "tcp-client": {"remote_host": "127.0.0.1", "remote_port": 8080, "local_port": 0},
    "udp": {"local_host": "0.0.0.0", "local_port": 8081, "remote_host": "127.0.0.1", "remote_port": 8082,
            "multicast_group": "239.255.0.1", "multicast_interface": "0.0.0.0"},
}


def _rules(value: Any) -> list[dict[str, Any]]:
    """Auto-reply rules as stored: the ones that make sense (a broken one is dropped, not fatal)."""
    if not isinstance(value, list):
        raise ValueError("not a list of rules")
    out = []
    for d in value[:1000]:
        try:
            rule = Rule.from_dict(d)
            rule.compile()
        except (ValueError, TypeError, AttributeError, NetAssistError):
            continue
        out.append(rule.to_dict())
    return out


def _history(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a saved history")
    return value


def page_options(kind: str) -> dict[str, Option]:
    """Everything a page of ``kind`` keeps, typed, with its defaults (see ui.options)."""
    d = DEFAULTS[kind]
    schema: dict[str, Option] = {
        "encoding": Choice("utf-8", tuple(e.name for e in ENCODINGS)),
        "receive_hex": Bool(False), "log_mode": Bool(True), "wrap": Bool(True), "auto_scroll": Bool(True),
        "hide_display": Bool(False), "send_hex": Bool(False), "escapes": Bool(False),
        "history": Custom("", _history), "splitter": Text("", 4096), "client_splitter": Text("", 4096),
        "checksum": Section(ChecksumControls.OPTIONS), "periodic": Section(PeriodicControls.OPTIONS),
        "framing": Section(FramingControls.OPTIONS), "file_header": Int(0, 0, 4),
        "auto_reply": Section({"enabled": Bool(False), "echo": Bool(False), "rules": Custom([], _rules)}),
    }
    if kind in ("tcp-server", "udp"):
        schema["local_host"] = Text(d["local_host"], 256)
        schema["local_port"] = Int(d["local_port"], 0, 65535)
    if kind in ("tcp-client", "udp"):
        schema["remote_host"] = Text(d["remote_host"], 256)
        schema["remote_port"] = Int(d["remote_port"], 0, 65535)
        schema["recent_hosts"] = TextList(())
    if kind == "tcp-client":
        schema["local_port"] = Int(d["local_port"], 0, 65535)
    if kind == "udp":
        schema.update({"broadcast": Bool(False), "reply_to_sender": Bool(False),
                       "multicast_group": Text(d["multicast_group"], 64),
                       "multicast_interface": Text(d["multicast_interface"], 256),
                       "recv_buffer_kib": Int(DEFAULT_RECV_BUFFER // 1024, 0, 1 << 20)})
    return schema


def make_session(kind: str) -> Session:
    if kind == "tcp-server":
        return TcpServerSession()
    if kind == "tcp-client":
        return TcpClientSession()
    if kind == "udp":
        return UdpSession()
    raise ValueError(kind)


#: A paste longer than this is held as a payload, not put in the editor (a text widget with one line of a
#: megabyte took a minute to lay out).
LARGE_PASTE = 32 * 1024


class SendEdit(QPlainTextEdit):
    """The send editor: Up/Down in an empty (or just-recalled) editor walk the send history; a huge paste
    is handed over (``largePaste``) instead of being inserted."""

    recall = Signal(int)  # +1 older, -1 newer
    largePaste = Signal(str)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText() and len(source.text()) > LARGE_PASTE:
            self.largePaste.emit(source.text())
            return
        super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers() and self.property("recallable"):
            self.recall.emit(1 if key == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)


class CountLabel(QLabel):
    """A byte counter that repaints only itself when its number changes.

    A plain QLabel asks its layout to re-run on every ``setText``; under a flood that re-laid out and
    repainted the whole page at every repaint tick (measured: a quarter of the window's time). This one has
    a fixed size, widened only when the number outgrows it, so a new count touches just its own pixels.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__("0", parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setFixedWidth(self._width("000,000,000"))
        self.setFixedHeight(self.sizeHint().height())

    def _width(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text) + 2 * self.margin() + 4

    def set_count(self, n: int) -> None:
        text = f"{n:,}"
        if text == self.text():
            return
        if self._width(text) > self.width():
            self.setFixedWidth(self._width(text + ",000"))  # room for the next thousandfold too
        self.setText(text)


class Rates:
    """Bytes (and packets) per second received and sent, smoothed, from the session's counters."""

    def __init__(self) -> None:
        self.rx = self.tx = self.rx_packets = 0.0
        self._last: tuple[int, int, int] | None = None
        self._at = time.monotonic()

    def update(self, total: Counts) -> bool:
        """Fold in the counters (at most twice a second); returns whether the rates changed."""
        now = time.monotonic()
        dt = now - self._at
        current = (total.rx_bytes, total.tx_bytes, total.rx_packets)
        if self._last is None or dt < 0.5:
            if self._last is None:
                self._last, self._at = current, now
            return False
        deltas = [max(0, c - p) / dt for c, p in zip(current, self._last, strict=True)]
        old = (self.rx, self.tx, self.rx_packets)
        self.rx, self.tx, self.rx_packets = (0.4 * o + 0.6 * d if o else d for o, d in zip(old, deltas, strict=True))
        if not any(deltas):
            self.rx = self.tx = self.rx_packets = 0.0
        self._last, self._at = current, now
        return (self.rx, self.tx, self.rx_packets) != old


class SessionPage(QWidget):
    """A tab: one session of one kind, with its settings, views and send tools."""

    #: Something that should be saved changed (settings, history, splitter).
    settingsChanged = Signal()
    #: The tab title should change.
    titleChanged = Signal(str)

    def __init__(self, kind: str, settings: dict[str, Any] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(kind)
        self.kind = kind
        self.session = make_session(kind)
        self.setObjectName("sessionPage")
        self.setProperty("kind", kind)
        self.setProperty("state", "closed")
        self._tasks: set[asyncio.Task[Any]] = set()
        self._periodic: PeriodicSender | None = None
        self._file_task: asyncio.Task[Any] | None = None
        self._receive_file: ReceiveToFile | None = None
        self._logger: SessionLogger | None = None
        self._auto_reply = AutoReply(self.session, on_error=self._auto_reply_failed)
        self._auto_reply.enabled = False
        self._recall_index = -1
        self._loading = True
        self._shown_once = False
        self._splitter_restored = False
        self._peers_seen: dict[str, None] = {}
        self._peers_offered = 0
        #: Clients that connected or left since the last tick (applied together).
        self._joined: list[Address] = []
        self._left: set[Address] = set()
        #: Settings that could not be read and were reset (the window shows them).
        self.warnings: list[Problem] = []
        settings = load(page_options(kind), settings or {}, self.warnings, kind_title(kind))
        self.history = SendHistory.from_json(settings["history"])
        self._build()
        self.bridge = SessionBridge(self.session, self)
        self._wire()
        self.apply_settings(settings)
        self._loading = False
        self._refresh_state()

    # ============================================================================ building
    def _build(self) -> None:
        left = QWidget(self)
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 0, 0)
        left_col.addWidget(self._build_network())
        left_col.addWidget(self._build_receive_settings())
        left_col.addWidget(self._build_send_settings())
        left_col.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # as wide as the column's content needs (never clipped), plus room for its scroll bar
        width = left.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4
        scroll.setMinimumWidth(max(260, width))
        scroll.setMaximumWidth(max(260, width) + 40)

        self.receive = ReceivePane(self.session.store, self)
        self.receive_view = self.receive.view
        top: QWidget = self.receive
        if self.kind == "tcp-server":
            self.top_split = QSplitter(Qt.Orientation.Horizontal, self)
            self.top_split.setObjectName("clientSplitter")
            self.top_split.addWidget(self.receive)
            self.top_split.addWidget(self._build_clients())
            self.top_split.setStretchFactor(0, 1)
            self.top_split.setSizes([600, self.clients.preferred_width()])
            top = self.top_split

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("pageSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self._build_send_area())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 160])

        body = QHBoxLayout()
        body.addWidget(scroll)
        body.addWidget(self.splitter, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addLayout(self._build_status_line())

    def _spin(self, name: str, label: str, minimum: int = 0, maximum: int = 65535) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setRange(minimum, maximum)
        box.setAccessibleName(label)
        return box

    def _host_combo(self, name: str, label: str, items: list[str]) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.setEditable(True)
        box.addItems(items)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.setAccessibleName(label)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return box

    def _check(self, name: str, text: str, checked: bool = False) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName(name)
        box.setChecked(checked)
        box.setAccessibleName(text)
        return box

    def _build_network(self) -> QGroupBox:
        group = QGroupBox(self.tr("Network settings"), self)
        form = QFormLayout(group)
        kind_label = QLabel(kind_title(self.kind), group)
        kind_label.setObjectName("kindLabel")
        form.addRow(self.tr("Protocol"), kind_label)
        self.local_host: QComboBox | None = None
        self.local_port: QSpinBox | None = None
        self.remote_host: QComboBox | None = None
        self.remote_port: QSpinBox | None = None
        if self.kind in ("tcp-server", "udp"):
            self.local_host = self._host_combo("localHost", self.tr("Local host address"), machine_addresses())
            form.addRow(self.tr("Local host"), self.local_host)
            self.local_port = self._spin("localPort", self.tr("Local port"))
            form.addRow(self.tr("Local port"), self.local_port)
        if self.kind in ("tcp-client", "udp"):
            self.remote_host = self._host_combo("remoteHost", self.tr("Remote host"), [])
            form.addRow(self.tr("Remote host"), self.remote_host)
            self.remote_port = self._spin("remotePort", self.tr("Remote port"))
            form.addRow(self.tr("Remote port"), self.remote_port)
        if self.kind == "tcp-client":
            self.local_port = self._spin("localPort", self.tr("Local port (0 = any)"))
            self.local_port.setSpecialValueText(self.tr("any"))
            form.addRow(self.tr("Local port"), self.local_port)
        if self.kind == "udp":
            self.broadcast = self._check("broadcastBox", self.tr("Allow broadcast"))
            form.addRow(self.broadcast)
            self.reply_to_sender = self._check("replyToSender", self.tr("Reply to last sender"))
            form.addRow(self.reply_to_sender)
            self.recv_buffer = self._spin("recvBuffer", self.tr("Receive buffer in KiB"), 0, 1 << 20)
            self.recv_buffer.setSuffix(self.tr(" KiB"))
            self.recv_buffer.setSpecialValueText(self.tr("system default"))
            self.recv_buffer.setToolTip(self.tr("What the socket asks the kernel to hold while the window is busy"))
            form.addRow(self.tr("Receive buffer"), self.recv_buffer)
            self.mcast_group = QLineEdit(group)
            self.mcast_group.setObjectName("multicastGroup")
            self.mcast_group.setAccessibleName(self.tr("Multicast group"))
            form.addRow(self.tr("Multicast group"), self.mcast_group)
            self.mcast_iface = self._host_combo("multicastInterface", self.tr("Multicast interface"),
                                                [a for a in machine_addresses() if "." in a])
            form.addRow(self.tr("Interface"), self.mcast_iface)
            row = QHBoxLayout()
            self.join_button = QPushButton(self.tr("Join"), group)
            self.join_button.setObjectName("joinGroup")
            self.leave_button = QPushButton(self.tr("Leave"), group)
            self.leave_button.setObjectName("leaveGroup")
            row.addWidget(self.join_button)
            row.addWidget(self.leave_button)
            form.addRow(row)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openButton")
        self.open_button.setMinimumHeight(30)
        form.addRow(self.open_button)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("stateLabel")
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label.setAccessibleName(self.tr("Session state"))
        form.addRow(self.state_label)
        return group

    def _build_receive_settings(self) -> QGroupBox:
        group = QGroupBox(self.tr("Receive settings"), self)
        col = QVBoxLayout(group)
        self.encoding_box = QComboBox(group)
        self.encoding_box.setObjectName("encodingBox")
        self.encoding_box.setAccessibleName(self.tr("Text encoding"))
        for enc in ENCODINGS:
            self.encoding_box.addItem(enc.label, enc.name)
        enc_row = QHBoxLayout()
        enc_row.addWidget(QLabel(self.tr("Encoding"), group))
        enc_row.addWidget(self.encoding_box, 1)
        col.addLayout(enc_row)
        self.receive_hex = self._check("receiveHex", self.tr("Hex"))
        self.receive_hex.setToolTip(self.tr("Show received data as hex"))
        self.log_mode = self._check("logMode", self.tr("Log mode"), True)
        self.log_mode.setToolTip(self.tr("Time, direction and peer before each message"))
        self.wrap = self._check("wrapLines", self.tr("Wrap lines"), True)
        self.auto_scroll = self._check("autoScroll", self.tr("Auto-scroll"), True)
        self.hide_display = self._check("hideDisplay", self.tr("Hide display"))
        self.hide_display.setToolTip(self.tr("Stop drawing received data; counting and logging go on"))
        grid = QGridLayout()
        for i, w in enumerate((self.receive_hex, self.log_mode, self.wrap, self.auto_scroll, self.hide_display)):
            grid.addWidget(w, i // 2, i % 2)
        col.addLayout(grid)
        self.framing = FramingControls(group)
        col.addWidget(self.framing)
        self.save_to_file = self._check("saveToFile", self.tr("Save received data to file…"))
        col.addWidget(self.save_to_file)
        self.per_client_files = self._check("perClientFiles", self.tr("One file per client"))
        if self.kind == "tcp-server":
            col.addWidget(self.per_client_files)
        else:
            self.per_client_files.hide()
        self.log_to_file = self._check("logToFile", self.tr("Log session to file…"))
        col.addWidget(self.log_to_file)
        self.files_label = QLabel(group)
        self.files_label.setObjectName("filesLabel")
        self.files_label.setWordWrap(True)
        self.files_label.hide()
        col.addWidget(self.files_label)
        self.clear_button = QPushButton(self.tr("Clear display"), group)
        self.clear_button.setObjectName("clearReceive")
        col.addWidget(self.clear_button)
        return group

    def _build_send_settings(self) -> QGroupBox:
        group = QGroupBox(self.tr("Send settings"), self)
        col = QVBoxLayout(group)
        self.send_hex = self._check("sendHex", self.tr("Hex"))
        self.send_hex.setToolTip(self.tr("Type hex digits; they are sent as bytes"))
        self.escapes = self._check("escapes", self.tr("Escapes \\r \\n \\xNN"))
        self.escapes.setToolTip(self.tr("In text: \\r \\n \\t \\\\ \\0 and \\xNN (a raw byte)"))
        row = QHBoxLayout()
        row.addWidget(self.send_hex)
        row.addWidget(self.escapes)
        col.addLayout(row)
        # the tools one at a time, so the column stays short enough to see at once
        self.send_tools = QTabWidget(group)
        self.send_tools.setObjectName("sendTools")
        self.send_tools.setAccessibleName(self.tr("Send tools"))
        self.send_tools.setDocumentMode(True)
        self.checksum = ChecksumControls()
        self.periodic = PeriodicControls()
        self.file_send = FileSendControls(self.kind == "udp")
        auto = QWidget()
        arow = QVBoxLayout(auto)
        self.auto_reply_box = self._check("autoReply", self.tr("Answer received data by rules"))
        self.echo_box = self._check("echoMode", self.tr("Echo: send back everything received"))
        self.auto_reply_button = QPushButton(self.tr("Edit rules…"), auto)
        self.auto_reply_button.setObjectName("autoReplyRules")
        arow.addWidget(self.auto_reply_box)
        arow.addWidget(self.echo_box)
        arow.addWidget(self.auto_reply_button)
        arow.addStretch(1)
        for widget, title in ((self.checksum, self.tr("Checksum")), (self.periodic, self.tr("Periodic")),
                              (self.file_send, self.tr("File")), (auto, self.tr("Auto-reply"))):
            widget.setContentsMargins(4, 6, 4, 4)
            self.send_tools.addTab(widget, title)
        col.addWidget(self.send_tools)
        return group

    def _build_clients(self) -> QWidget:
        self.clients = PeerList(self)
        self.client_list = self.clients.view
        self.kick_button = self.clients.kick_button
        return self.clients

    def _build_send_area(self) -> QWidget:
        area = QWidget(self)
        row = QHBoxLayout(area)
        row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.send_edit = SendEdit(area)
        self.send_edit.setObjectName("sendEdit")
        self.send_edit.setAccessibleName(self.tr("Data to send"))
        self.send_edit.setPlaceholderText(self.tr("Type data to send; Ctrl+Enter sends, Up/Down recall history"))
        self.send_edit.setTabChangesFocus(True)
        self.held: str | None = None
        self.held_bar = QWidget(area)
        self.held_bar.setObjectName("heldPayload")
        held_row = QHBoxLayout(self.held_bar)
        held_row.setContentsMargins(0, 0, 0, 0)
        self.held_label = QLabel(self.held_bar)
        self.held_label.setWordWrap(True)
        self.held_clear = QPushButton(self.tr("Clear"), self.held_bar)
        self.held_clear.setObjectName("clearHeld")
        self.held_clear.setAccessibleName(self.tr("Clear the pasted payload"))
        held_row.addWidget(self.held_label, 1)
        held_row.addWidget(self.held_clear)
        self.held_bar.hide()
        left.addWidget(self.held_bar)
        left.addWidget(self.send_edit, 1)
        self.send_error = QLabel(area)
        self.send_error.setObjectName("sendError")
        self.send_error.setStyleSheet("color: #c62828;")
        self.send_error.setWordWrap(True)
        self.send_error.hide()
        left.addWidget(self.send_error)
        self.send_preview = QLabel(area)
        self.send_preview.setObjectName("sendPreview")
        self.send_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.send_preview.setToolTip(self.tr("The bytes that will go out, checksum included"))
        self.send_preview.hide()
        left.addWidget(self.send_preview)
        row.addLayout(left, 1)

        right = QVBoxLayout()
        if self.kind == "tcp-server":
            self.send_target = QComboBox(area)
            self.send_target.setObjectName("sendTarget")
            self.send_target.setAccessibleName(self.tr("Send to"))
            self.send_target.addItem(self.tr("All clients"), None)
            self.send_target.setMinimumWidth(160)
            right.addWidget(self.send_target)
        self.send_button = QPushButton(self.tr("Send"), area)
        self.send_button.setObjectName("sendButton")
        self.send_button.setMinimumHeight(40)
        self.send_button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        right.addWidget(self.send_button)
        self.history_box = QComboBox(area)
        self.history_box.setObjectName("sendHistory")
        self.history_box.setAccessibleName(self.tr("Send history"))
        self.history_box.setPlaceholderText(self.tr("History"))
        self.history_box.setMaximumWidth(220)
        right.addWidget(self.history_box)
        self.clear_history_button = QPushButton(self.tr("Clear history"), area)
        self.clear_history_button.setObjectName("clearHistory")
        right.addWidget(self.clear_history_button)
        right.addStretch(1)
        row.addLayout(right)
        self.quick = QuickCommandsPanel(area)
        self.quick.setMaximumWidth(200)
        row.addWidget(self.quick)
        return area

    def _build_status_line(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status_state = QLabel(self)
        self.status_state.setObjectName("statusState")
        row.addWidget(self.status_state, 1)
        row.addWidget(QLabel(self.tr("RX:"), self))
        self.rx_count = CountLabel(self)
        self.rx_count.setObjectName("rxCount")
        self.rx_count.setAccessibleName(self.tr("Bytes received"))
        row.addWidget(self.rx_count)
        row.addWidget(QLabel(self.tr("TX:"), self))
        self.tx_count = CountLabel(self)
        self.tx_count.setObjectName("txCount")
        self.tx_count.setAccessibleName(self.tr("Bytes sent"))
        row.addWidget(self.tx_count)
        self.rate_label = QLabel(self)
        self.rate_label.setObjectName("rateLabel")
        self.rate_label.setAccessibleName(self.tr("Data rates"))
        sample = "↓ 000.0 MB/s  ↑ 000.0 MB/s" + ("  000,000 datagrams/s" if self.kind == "udp" else "")
        self.rate_label.setFixedWidth(self.rate_label.fontMetrics().horizontalAdvance(sample) + 8)
        self.rate_label.setFixedHeight(self.rate_label.sizeHint().height())
        row.addWidget(self.rate_label)
        self._rates = Rates()
        self.reset_button = QPushButton(self.tr("Reset counters"), self)
        self.reset_button.setObjectName("resetCounters")
        row.addWidget(self.reset_button)
        return row

    # ============================================================================== wiring
    def _wire(self) -> None:
        b = self.bridge
        b.tick.connect(self._on_tick)
        b.stateChanged.connect(self._on_state)
        b.peerConnected.connect(self._on_peer_connected)
        b.peerDisconnected.connect(self._on_peer_disconnected)
        b.peerFinished.connect(self._on_peer_finished)
        b.errorOccurred.connect(self._on_error)
        b.storeCleared.connect(self.receive_view.reset)

        self.open_button.clicked.connect(self.toggle_open)
        self.send_button.clicked.connect(self.send_now)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(seq), self.send_edit)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.send_now)
        self.send_edit.textChanged.connect(self._validate_send)
        self.send_edit.recall.connect(self._recall)
        self.send_edit.largePaste.connect(self.hold)
        self.held_clear.clicked.connect(self.release)
        self.send_hex.toggled.connect(self._convert_send_text)
        self.escapes.toggled.connect(self._validate_send)
        self.history_box.activated.connect(self._history_chosen)
        self.clear_history_button.clicked.connect(self.clear_history)

        for box in (self.receive_hex, self.log_mode):
            box.toggled.connect(self._view_options_changed)
        self.encoding_box.currentIndexChanged.connect(self._view_options_changed)
        self.encoding_box.currentIndexChanged.connect(self._validate_send)
        self.wrap.toggled.connect(self._wrap_changed)
        self.auto_scroll.toggled.connect(self._auto_scroll_changed)
        self.hide_display.toggled.connect(self._hide_changed)
        self.clear_button.clicked.connect(self.session.clear_store)
        self.reset_button.clicked.connect(self.session.reset_counters)
        if self.kind == "tcp-server":
            self.kick_button.clicked.connect(self.kick_selected)
            self.clients.selectionChanged.connect(self._clients_selected)
            self.clients.follow.toggled.connect(lambda _on: self._clients_selected(
                [str(p) for p in self.clients.selected_peers()]))
        if self.kind == "udp":
            self.broadcast.toggled.connect(self._broadcast_changed)
            self.join_button.clicked.connect(lambda: self._multicast(join=True))
            self.leave_button.clicked.connect(lambda: self._multicast(join=False))

        self.checksum.changed.connect(self._validate_send)
        self.periodic.check.toggled.connect(self._periodic_toggled)
        self.file_send.button.clicked.connect(self.choose_and_send_file)
        self.file_send.cancel.clicked.connect(self.cancel_file)
        self.framing.changed.connect(self._view_options_changed)
        self.save_to_file.toggled.connect(self._save_toggled)
        self.log_to_file.toggled.connect(self._log_toggled)
        self.auto_reply_box.toggled.connect(self._auto_reply_toggled)
        self.echo_box.toggled.connect(self._auto_reply_toggled)
        self.echo_box.toggled.connect(self._changed)
        self.auto_reply_button.clicked.connect(self.edit_auto_reply)
        self.quick.sendRequested.connect(self.send_quick)
        self.quick.add_button.clicked.connect(self.add_quick_from_editor)
        self.quick.load_button.clicked.connect(self.load_quick_into_editor)
        self.quick.store_button.clicked.connect(self.store_editor_into_quick)
        for i in range(9):
            sc = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda i=i: self.quick.send_index(i))

        changed = self._changed
        for spin in (self.local_port, self.remote_port):
            if spin is not None:
                spin.valueChanged.connect(changed)
        for combo in (self.local_host, self.remote_host):
            if combo is not None:
                combo.currentTextChanged.connect(changed)
        for box in (self.receive_hex, self.log_mode, self.wrap, self.auto_scroll, self.hide_display,
                    self.send_hex, self.escapes):
            box.toggled.connect(changed)
        self.encoding_box.currentIndexChanged.connect(changed)
        self.splitter.splitterMoved.connect(changed)
        if self.kind == "tcp-server":
            self.top_split.splitterMoved.connect(changed)
        self.checksum.changed.connect(changed)
        self.framing.changed.connect(changed)
        self.auto_reply_box.toggled.connect(changed)
        for w in (self.periodic.period, self.periodic.count):
            w.valueChanged.connect(changed)
        self.file_send.header.currentIndexChanged.connect(changed)
        if self.kind == "udp":
            for box in (self.broadcast, self.reply_to_sender):
                box.toggled.connect(changed)
            self.mcast_group.textChanged.connect(changed)
            self.recv_buffer.valueChanged.connect(changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.kind == "tcp-server" and not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self._size_clients)

    def _size_clients(self) -> None:
        """The client list gets room for its columns once the page is laid out for real."""
        total = sum(self.top_split.sizes())
        want = self.clients.preferred_width()
        if total > want + 400 and not self._splitter_restored:
            self.top_split.setSizes([total - want, want])

    def _changed(self, *args: object) -> None:
        if not self._loading:
            self.settingsChanged.emit()

    # ============================================================================ settings
    def to_settings(self) -> dict[str, Any]:
        s: dict[str, Any] = {
            "encoding": self.encoding,
            "receive_hex": self.receive_hex.isChecked(),
            "log_mode": self.log_mode.isChecked(),
            "wrap": self.wrap.isChecked(),
            "auto_scroll": self.auto_scroll.isChecked(),
            "hide_display": self.hide_display.isChecked(),
            "send_hex": self.send_hex.isChecked(),
            "escapes": self.escapes.isChecked(),
            "history": self.history.to_json(),
            "splitter": bytes(self.splitter.saveState().data()).hex(),
            **({"client_splitter": bytes(self.top_split.saveState().data()).hex()} if self.kind == "tcp-server"
               else {}),
            "checksum": self.checksum.to_settings(),
            "periodic": self.periodic.to_settings(),
            "framing": self.framing.to_settings(),
            "file_header": self.file_send.header.currentIndex(),
            "auto_reply": {"enabled": self.auto_reply_box.isChecked(), "echo": self._auto_reply.echo,
                           "rules": [r.to_dict() for r in self._auto_reply.rules]},
        }
        if self.local_host is not None:
            s["local_host"] = self.local_host.currentText()
        if self.local_port is not None:
            s["local_port"] = self.local_port.value()
        if self.remote_host is not None:
            s["remote_host"] = self.remote_host.currentText()
            s["recent_hosts"] = [self.remote_host.itemText(i) for i in range(self.remote_host.count())]
        if self.remote_port is not None:
            s["remote_port"] = self.remote_port.value()
        if self.kind == "udp":
            s["broadcast"] = self.broadcast.isChecked()
            s["reply_to_sender"] = self.reply_to_sender.isChecked()
            s["multicast_group"] = self.mcast_group.text()
            s["multicast_interface"] = self.mcast_iface.currentText()
            s["recv_buffer_kib"] = self.recv_buffer.value()
        return s

    def apply_settings(self, s: dict[str, Any]) -> None:
        """``s``: loaded through :func:`page_options` (every key there, every value valid)."""
        loading, self._loading = self._loading, True
        try:
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
            self.encoding_box.setCurrentIndex(max(self.encoding_box.findData(s["encoding"]), 0))
            self.receive_hex.setChecked(s["receive_hex"])
            self.log_mode.setChecked(s["log_mode"])
            self.wrap.setChecked(s["wrap"])
            self.auto_scroll.setChecked(s["auto_scroll"])
            self.hide_display.setChecked(s["hide_display"])
            set_quietly(self.send_hex, s["send_hex"])
            self.escapes.setChecked(s["escapes"])
            if self.kind == "udp":
                self.broadcast.setChecked(s["broadcast"])
                self.reply_to_sender.setChecked(s["reply_to_sender"])
                self.mcast_group.setText(s["multicast_group"])
                self.mcast_iface.setCurrentText(s["multicast_interface"])
                self.recv_buffer.setValue(s["recv_buffer_kib"])
            self.checksum.apply_settings(s["checksum"])
            self.periodic.apply_settings(s["periodic"])
            self.framing.apply_settings(s["framing"])
            self.file_send.header.setCurrentIndex(s["file_header"])
            auto = s["auto_reply"]
            self._auto_reply.rules = []
            for d in auto["rules"]:
                self._auto_reply.add(Rule.from_dict(d))
            self.echo_box.setChecked(auto["echo"])
            self.auto_reply_box.setChecked(auto["enabled"])
            self._auto_reply_toggled()
            if s["splitter"]:
                with contextlib.suppress(ValueError):
                    self.splitter.restoreState(QByteArray(bytes.fromhex(s["splitter"])))
            if self.kind == "tcp-server" and s["client_splitter"]:
                with contextlib.suppress(ValueError):
                    self._splitter_restored = self.top_split.restoreState(
                        QByteArray(bytes.fromhex(s["client_splitter"])))
            self._refresh_history()
            self._view_options_changed()
            self._wrap_changed()
        finally:
            self._loading = loading

    @property
    def encoding(self) -> str:
        return str(self.encoding_box.currentData() or "utf-8")

    # ============================================================================= tasks
    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run a coroutine as a named, referenced task; unexpected errors reach the app's handler."""
        task = asyncio.get_running_loop().create_task(coro, name=f"{self.kind}:{name}")
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, NetAssistError):
            self.show_error(exc)
        elif exc is not None:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    # ======================================================================== open / close
    def toggle_open(self) -> None:
        if self.session.state is State.CLOSED:
            self.spawn(self.open_session(), "open")
        else:
            self.spawn(self.session.close(), "close")

    async def open_session(self) -> None:
        s = self.session
        try:
            if isinstance(s, TcpServerSession | UdpSession):
                assert self.local_host is not None and self.local_port is not None
                s.host = self.local_host.currentText().strip()
                s.port = self.local_port.value()
            if isinstance(s, TcpClientSession):
                assert self.remote_host is not None and self.remote_port is not None
                s.host = self.remote_host.currentText().strip()
                s.port = self.remote_port.value()
                assert self.local_port is not None
                s.local_port = self.local_port.value()
                self._remember_host()
            if isinstance(s, UdpSession):
                s.broadcast = self.broadcast.isChecked()
                s.recv_buffer = self.recv_buffer.value() * 1024
            await s.open()
        except NetAssistError:
            pass  # the session reported it (state line, notice); nothing else to do

    async def shutdown(self) -> None:
        """Close the session and wait for this page's tasks; used when the tab or the window closes."""
        if self._periodic is not None:
            self._periodic.stop()
        for task in list(self._tasks):
            task.cancel()
        with contextlib.suppress(Exception):
            await self.session.close()
        self._auto_reply.close()
        self.stop_receive_to_file()
        self.stop_logging()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self.bridge.detach()

    def _remember_host(self) -> None:
        box = self.remote_host
        if box is None:
            return
        text = box.currentText().strip()
        if not text:
            return
        idx = box.findText(text)
        if idx >= 0:
            box.removeItem(idx)
        box.insertItem(0, text)
        while box.count() > RECENT_HOSTS:
            box.removeItem(box.count() - 1)
        box.setCurrentIndex(0)

    # ============================================================================ state
    def _on_state(self, event: StateChanged) -> None:
        self._refresh_state(event.error)

    def _refresh_state(self, error: NetAssistError | None = None) -> None:
        state = self.session.state
        self.setProperty("state", state.value)
        open_texts = {
            "tcp-server": (self.tr("Start listening"), self.tr("Stop listening")),
            "tcp-client": (self.tr("Connect"), self.tr("Disconnect")),
            "udp": (self.tr("Open"), self.tr("Close")),
        }[self.kind]
        if state is State.CLOSED:
            self.open_button.setText(open_texts[0])
        elif state is State.OPENING:
            self.open_button.setText(self.tr("Cancel"))
        else:
            self.open_button.setText(open_texts[1])
        self.open_button.setAccessibleName(self.open_button.text())
        words = state_text(self.kind, state.value)
        if state is State.OPEN and self.session.local_address is not None:
            if isinstance(self.session, TcpClientSession) and self.session.peer is not None:
                words += f" — {self.session.peer}"
            else:
                words += f" — {self.session.local_address}"
        err = error or (self.session.last_error if state is State.CLOSED else None)
        if err is not None:
            words += "\n" + error_text(err)
        self.state_label.setText(words)
        self.status_state.setText(words.replace("\n", " · "))
        if isinstance(self.session, UdpSession) and state is State.OPEN:
            tip = self.tr("Receive buffer: asked for %1 KiB, the kernel granted %2 KiB").replace(
                "%1", f"{self.session.recv_buffer // 1024:,}").replace(
                "%2", f"{self.session.recv_buffer_granted // 1024:,}")
            self.state_label.setToolTip(tip)
            self.status_state.setToolTip(tip)
        fixed = state is not State.CLOSED
        for w in (self.local_host, self.local_port):
            if w is not None:
                w.setEnabled(not fixed)
        if self.kind == "tcp-client":
            assert self.remote_host is not None and self.remote_port is not None
            self.remote_host.setEnabled(not fixed)
            self.remote_port.setEnabled(not fixed)
        if self.kind == "tcp-server" and state is State.CLOSED:
            self._joined, self._left = [], set()
            self.clients.model.clear()
            while self.send_target.count() > 1:
                self.send_target.removeItem(1)
        self.titleChanged.emit(self.title())
        # style sheets keyed on the dynamic property need a re-polish
        self.style().unpolish(self)
        self.style().polish(self)

    def title(self) -> str:
        base = kind_title(self.kind)
        s = self.session
        if s.state is State.OPEN and s.local_address is not None:
            if isinstance(s, TcpClientSession) and s.peer is not None:
                return f"{base} {s.peer}"
            return f"{base} :{s.local_address.port}"
        return base

    def show_error(self, err: BaseException) -> None:
        self.state_label.setText(state_text(self.kind, self.session.state.value) + "\n" + error_text(err))
        self.status_state.setText(self.state_label.text().replace("\n", " · "))

    def _on_error(self, err: NetAssistError) -> None:
        self.show_error(err)

    # ============================================================================ peers
    def _on_peer_connected(self, peer: Address) -> None:
        self._peers_seen[str(peer)] = None  # offered to the peer filter at the next tick
        if self.kind == "tcp-server":  # shown at the next tick, with the others that came meanwhile
            self._joined.append(peer)
            self._left.discard(peer)

    def _on_peer_finished(self, peer: Address) -> None:
        if self.kind == "tcp-server":  # (a row not added yet is greyed when it is)
            self.clients.model.mark_finished(peer)

    def _on_peer_disconnected(self, event: PeerDisconnected) -> None:
        if self.kind != "tcp-server":
            if event.error is not None:
                self.show_error(event.error)
            return
        self._left.add(event.peer)
        if self.send_target.currentData() == str(event.peer):
            words = self.tr("Send target %1 disconnected: %2")
            self.status_state.setText(words.replace("%1", str(event.peer))
                                      .replace("%2", reason_text(event.reason.value)))

    def _apply_peer_changes(self) -> None:
        """Clients that came and went since the last tick: into the list and the send targets at once (a
        thousand connecting or leaving together cost one update, not a thousand)."""
        assert isinstance(self.session, TcpServerSession)
        streams = self.session.peers
        joined = [(p, s.counts) for p in self._joined if p not in self._left and (s := streams.get(p)) is not None]
        left, self._left = self._left, set()
        self._joined = []
        if left:
            self.clients.model.remove_many(left)
        if joined:
            self.clients.model.add_many(joined, {p for p, _c in joined if streams[p].finished})
        box = self.send_target
        if len(left) + len(joined) > 16:  # rebuild the list of targets
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("All clients"), None)
            for row in self.clients.model.rows:
                box.addItem(row.text, row.text)
            box.setCurrentIndex(max(0, box.findData(current)) if current else 0)
            box.blockSignals(False)
        else:
            for peer in left:
                index = box.findData(str(peer))
                if index > 0:
                    box.removeItem(index)
            for peer, _counts in joined:
                box.addItem(str(peer), str(peer))

    def kick_selected(self) -> None:
        assert isinstance(self.session, TcpServerSession)
        for peer in self.clients.selected_peers():
            if peer in self.session.peers:
                self.session.kick(peer)

    def _clients_selected(self, peers: list[str]) -> None:
        """Selecting a client makes it the send target (and, if asked, the only one the view shows)."""
        if len(peers) == 1:
            index = self.send_target.findData(peers[0])
            if index >= 0:
                self.send_target.setCurrentIndex(index)
        elif not peers:
            self.send_target.setCurrentIndex(0)
        if self.clients.follow.isChecked():
            self.receive.filters.choose_peer(peers[0] if len(peers) == 1 else None)

    # ============================================================================= tick
    def _on_tick(self) -> None:
        total = self.session.counters.total
        self.rx_count.set_count(total.rx_bytes)
        self.tx_count.set_count(total.tx_bytes)
        if self._rates.update(total):
            text = f"↓ {rate_text(self._rates.rx)}  ↑ {rate_text(self._rates.tx)}"
            if self.kind == "udp":
                text += "  " + self.tr("%1 datagrams/s").replace("%1", f"{self._rates.rx_packets:,.0f}")
            self.rate_label.setText(text)
        if self.kind == "tcp-server":
            if self._joined or self._left:
                self._apply_peer_changes()
            self.clients.model.refresh()
        self.receive_view.update_from_store()
        self._offer_peers()
        if self._periodic is not None:
            self._update_periodic_status()

    def flush(self) -> None:
        """Bring the view and counters up to date now (tests, screenshots)."""
        self.bridge.flush_now()
        self._on_tick()
        self.receive_view.flush()

    def _offer_peers(self) -> None:
        """Peers the view has seen go into the peer filter (a peer that left stays: its history does)."""
        seen = self._peers_seen
        before = self._peers_offered
        for peer, _code in self.receive_view.layout.streams():
            if peer is not None:
                seen[str(peer)] = None
        for peer in self.session.counters.peers:
            seen[str(peer)] = None
        while len(seen) > 500:
            del seen[next(iter(seen))]
        if len(seen) != before:
            self._peers_offered = len(seen)
            self.receive.filters.set_peers(list(seen))

    # ====================================================================== view options
    def _view_options_changed(self, *args: object) -> None:
        framing = self.framing.spec()
        self.receive_view.set_options(ViewOptions(
            hex=self.receive_hex.isChecked(), log_mode=self.log_mode.isChecked(), encoding=self.encoding,
            framing=framing))
        self._auto_reply.encoding = self.encoding
        if framing != self._auto_reply.framing:
            self._auto_reply.set_framing(framing)

    def _wrap_changed(self, *args: object) -> None:
        self.receive_view.set_wrap(self.wrap.isChecked())

    def _auto_scroll_changed(self, on: bool) -> None:
        self.receive_view.set_auto_scroll(on)

    def _hide_changed(self, hidden: bool) -> None:
        self.receive_view.set_hidden(hidden)

    def _broadcast_changed(self, on: bool) -> None:
        assert isinstance(self.session, UdpSession)
        self.session.set_broadcast(on)

    def _multicast(self, join: bool) -> None:
        assert isinstance(self.session, UdpSession)
        group = self.mcast_group.text().strip()
        iface = self.mcast_iface.currentText().strip() or "0.0.0.0"
        try:
            if join:
                self.session.join(group, iface)
            else:
                self.session.leave(group, iface)
        except NetAssistError as exc:
            self.show_error(exc)
        except OSError as exc:
            self.show_error(InvalidAddress(f"{group}: {exc}"))

    # ============================================================================== send
    def payload(self) -> bytes:
        """The bytes Send would put on the wire: the editor's content, then checksum and fixed bytes.

        Raises InvalidHex / InvalidEscape / UnencodableText naming the position.
        """
        text = self.held if self.held is not None else self.send_edit.toPlainText()
        if self.send_hex.isChecked():
            data = parse_hex(text)
        else:
            data = encode_text(text, self.encoding, escapes=self.escapes.isChecked())
        return self.checksum.spec().apply(data)

    def hold(self, text: str) -> None:
        """A payload too long to edit comfortably: kept aside, sent as it is, shown as its size."""
        self.held = text
        self.send_edit.clear()
        self.send_edit.setReadOnly(True)
        self.held_label.setText(self.tr("Pasted %1 characters: too long to edit here. Send sends them as they are.")
                                .replace("%1", f"{len(text):,}"))
        self.held_bar.show()
        self._validate_send()

    def release(self) -> None:
        self.held = None
        self.send_edit.setReadOnly(False)
        self.held_bar.hide()
        self._validate_send()

    def _validate_send(self, *args: object) -> None:
        try:
            data = self.payload()
        except NetAssistError as exc:
            self.send_error.setText(error_text(exc))
            self.send_error.show()
            self.send_preview.hide()
            self.send_edit.setProperty("invalid", True)
            self.send_edit.setStyleSheet("QPlainTextEdit { border: 2px solid #c62828; }")
        else:
            self.send_error.hide()
            self.send_error.clear()
            if self.send_edit.property("invalid"):
                self.send_edit.setProperty("invalid", False)
                self.send_edit.setStyleSheet("")
            self._show_preview(data)
        self.send_edit.setProperty("recallable", self._recallable())

    def _show_preview(self, data: bytes) -> None:
        """With a checksum or in hex, show the final bytes (a live preview of what goes out)."""
        if not (self.checksum.spec().active or self.send_hex.isChecked()) or not data:
            self.send_preview.hide()
            return
        shown = format_hex(data[:64]) + (" …" if len(data) > 64 else "")
        self.send_preview.setText(self.tr("Sends %1 bytes: %2").replace("%1", str(len(data))).replace("%2", shown))
        self.send_preview.show()

    def _recallable(self) -> bool:
        text = self.send_edit.toPlainText()
        if not text:
            return True
        return 0 <= self._recall_index < len(self.history) and self.history[self._recall_index].text == text

    def target(self) -> Address | None:
        """Where a send goes now (None: all clients / the connected peer). Raises NotOpen / NoTarget.

        UDP to a host name: resolve it first with :meth:`resolve_udp_target`.
        """
        s = self.session
        if s.state is not State.OPEN:
            raise_not_open(self.kind)
        if isinstance(s, TcpServerSession):
            wanted = self.send_target.currentData()
            if not wanted:
                return None
            to = next((p for p in s.peers if str(p) == wanted), None)
            if to is None:
                raise NoTarget(f"client {wanted} is not connected")
            return to
        if isinstance(s, UdpSession):
            if self.reply_to_sender.isChecked() and s.last_sender is not None:
                return s.last_sender
            assert self.remote_host is not None and self.remote_port is not None
            host = self.remote_host.currentText().strip().strip("[]")
            if not host:
                raise NoTarget("no remote host to send to")
            if not is_ip(host):
                raise NeedsResolve(host)
            return Address(host, self.remote_port.value())
        return None

    async def resolve_udp_target(self) -> Address | None:
        try:
            return self.target()
        except NeedsResolve as need:
            assert isinstance(self.session, UdpSession) and self.remote_port is not None
            return await self.session.resolve_target(need.host, self.remote_port.value())

    def deliver(self, data: bytes, to: Address | None, periodic: bool = False) -> None:
        """Put ``data`` on the wire to ``to`` (see :meth:`target`). Raises NetAssistError (PeerNotReading
        when a peer's send queue is full). A periodic send to all clients skips the ones not keeping up."""
        s = self.session
        if isinstance(s, TcpClientSession):
            s.send(data)
        elif isinstance(s, TcpServerSession):
            s.send(data, to, skip_stalled=periodic)
        elif isinstance(s, UdpSession):
            s.send(data, to)

    def send_now(self) -> bool:
        """Send the editor's payload to the current target. Returns whether anything was sent."""
        try:
            data = self.payload()
        except NetAssistError as exc:
            self._validate_send()
            self.show_error(exc)
            return False
        return self.send_bytes(data, remember=True)

    def send_bytes(self, data: bytes, remember: bool = False) -> bool:
        try:
            try:
                to = self.target()
            except NeedsResolve:
                self.spawn(self._send_resolved(data, remember), "send")
                return True
            self.deliver(data, to)
        except NetAssistError as exc:
            self.show_error(exc)
            return False
        if remember:
            self._sent_ok()
        return True

    async def _send_resolved(self, data: bytes, remember: bool) -> None:
        self.deliver(data, await self.resolve_udp_target())
        if remember:
            self._sent_ok()

    # ======================================================================= periodic send
    def _periodic_toggled(self, on: bool) -> None:
        if on:
            self.spawn(self.start_periodic(), "periodic")
        elif self._periodic is not None:
            self._periodic.stop()

    async def start_periodic(self) -> None:
        """Send the editor's payload every periodMs (periodCount times, 0 = until stopped)."""
        try:
            data = self.payload()
            to = await self.resolve_udp_target()
        except NetAssistError as exc:
            self.show_error(exc)
            self.periodic.check.setChecked(False)
            return
        self._sent_ok()  # the payload goes into the history once, not once per tick
        count = self.periodic.count.value() or None
        session = self.session
        sender = PeriodicSender(lambda: self.deliver(data, to, periodic=True), self.periodic.period.value(), count,
                                ready=lambda: not session.stalled(to))
        self._periodic = sender
        sender.start()
        await sender.wait()  # returns when it stops (count reached, the user, an error): then say so
        self._periodic = None
        self._update_periodic_status(sender)
        if sender.error is not None:
            self.show_error(sender.error)
        set_quietly(self.periodic.check, False)

    def _update_periodic_status(self, sender: PeriodicSender | None = None) -> None:
        sender = sender or self._periodic
        if sender is None:
            return
        st = sender.stats
        text = self.tr("Sent %1").replace("%1", f"{st.sent:,}")
        if st.skipped:
            text += self.tr(", %1 ticks skipped").replace("%1", f"{st.skipped:,}")
        if st.waiting and sender.running:
            text += " — " + self.tr("paused: the peer is not reading")
        if st.stopped_because and not sender.running:
            text += " — " + (self.tr("stopped") if st.stopped_because == "stopped" else
                             self.tr("done") if st.stopped_because == "count reached" else st.stopped_because)
        self.periodic.status.setText(text)

    # =========================================================================== file send
    def choose_and_send_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Send a file"))
        if path:
            self.send_file(path)

    def send_file(self, path: str) -> asyncio.Task[Any] | None:
        """Stream a file to the current target, with progress; cancel with the Cancel button.

        A file that cannot be sent (missing, a folder, a device, unreadable) is refused at once, in words.
        """
        try:
            check_file(path)
        except NetAssistError as exc:
            self.show_error(exc)
            return None
        fs = self.file_send
        fs.progress.setFormat(self.tr("%v of %m bytes"))
        fs.progress.setValue(0)
        fs.progress.show()
        fs.cancel.setEnabled(True)
        fs.button.setEnabled(False)

        def progress(p: Progress) -> None:
            fs.progress.setMaximum(max(p.total, 1))
            fs.progress.setValue(p.sent)

        async def run() -> None:
            try:
                to = await self.resolve_udp_target()
                result = await send_file(self.session, path, fs.options(), to=to, on_progress=progress)
                # the peer may close right after the upload: the result stays on the progress bar and
                # goes into the view (and the log) as a notice, not into the session's state line
                fs.progress.setFormat(self.tr("Sent %1 bytes").replace("%1", f"{result.sent:,}"))
                self.session.notice("file-sent", f"file {Path(path).name} sent: {result.sent:,} bytes",
                                    args=(Path(path).name, f"{result.sent:,}"))
            except NetAssistError as exc:
                fs.progress.setFormat(self.tr("Failed"))
                self.show_error(exc)
            except OSError as exc:
                fs.progress.setFormat(self.tr("Failed"))
                self.show_error(NetworkError(f"{path}: {exc.strerror or exc}"))
            except asyncio.CancelledError:
                fs.progress.setFormat(self.tr("Cancelled at %v of %m bytes"))
                raise
            finally:
                fs.cancel.setEnabled(False)
                fs.button.setEnabled(True)
                self._file_task = None

        self._file_task = self.spawn(run(), "send-file")
        return self._file_task

    def cancel_file(self) -> None:
        if self._file_task is not None:
            self._file_task.cancel()

    # ====================================================================== files & logs
    def _save_toggled(self, on: bool) -> None:
        if not on:
            self.stop_receive_to_file()
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save received data to"))
        if not path:
            self.save_to_file.setChecked(False)
            return
        self.start_receive_to_file(path)

    def start_receive_to_file(self, path: str) -> bool:
        """Save what arrives to ``path``; a file that cannot be written is refused at once, in words."""
        self.stop_receive_to_file()
        try:
            self._receive_file = ReceiveToFile(self.session, path, per_peer=self.per_client_files.isChecked(),
                                               on_error=self._receive_file_failed)
        except NetAssistError as exc:
            set_quietly(self.save_to_file, False)
            self.show_error(exc)
            return False
        set_quietly(self.save_to_file, True)
        self._show_files()
        return True

    def _receive_file_failed(self, exc: NetAssistError) -> None:
        """Writing failed (a full disk …): the saving stopped and closed its files; say so, untick."""
        self._receive_file = None
        set_quietly(self.save_to_file, False)
        self._show_files()
        self.show_error(exc)

    def stop_receive_to_file(self) -> None:
        if self._receive_file is not None:
            self._receive_file.close()
            self._receive_file = None
        self._show_files()

    def _log_toggled(self, on: bool) -> None:
        if not on:
            self.stop_logging()
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Log this session to"), "session.log",
                                              self.tr("Text log (*.log *.txt)"))
        if not path:
            self.log_to_file.setChecked(False)
            return
        self.start_logging(path)

    def start_logging(self, text_path: str) -> bool:
        """Log to ``text_path`` (human text) and beside it the same name with ``.jsonl`` (loses nothing).
        A place that cannot be written is refused at once, in words."""
        self.stop_logging()
        jsonl = str(Path(text_path).with_suffix(".jsonl"))
        try:
            self._logger = SessionLogger(self.session, text_path=text_path, jsonl_path=jsonl,
                                         options=self.receive_view.options, labels=self.receive_view.labels,
                                         on_error=self._log_failed)
        except NetAssistError as exc:
            set_quietly(self.log_to_file, False)
            self.show_error(exc)
            return False
        set_quietly(self.log_to_file, True)
        self._show_files()
        return True

    def _log_failed(self, exc: NetAssistError) -> None:
        """A log write failed: the logger stopped and closed its files; say so, untick."""
        self._logger = None
        set_quietly(self.log_to_file, False)
        self._show_files()
        self.show_error(exc)

    def stop_logging(self) -> None:
        if self._logger is not None:
            self._logger.close()
            self._logger = None
        self._show_files()

    def _show_files(self) -> None:
        lines = []
        if self._receive_file is not None:
            lines.append(self.tr("Saving to %1").replace("%1", str(self._receive_file.path)))
        if self._logger is not None and self._logger.text is not None:
            lines.append(self.tr("Logging to %1 (+ .jsonl)").replace("%1", str(self._logger.text.path)))
        self.files_label.setText("\n".join(lines))
        self.files_label.setVisible(bool(lines))

    # ======================================================================== auto-reply
    def _auto_reply_toggled(self, *args: object) -> None:
        self._auto_reply.echo = self.echo_box.isChecked()
        self._auto_reply.enabled = self.auto_reply_box.isChecked() or self.echo_box.isChecked()

    def edit_auto_reply(self) -> None:
        dialog = AutoReplyDialog(self._auto_reply.rules, self._auto_reply.echo, self)
        if dialog.exec():
            self.set_auto_reply(dialog.rules(), dialog.echo.isChecked())

    def set_auto_reply(self, rules: list[Rule], echo: bool) -> None:
        self._auto_reply.rules = []
        for rule in rules:
            self._auto_reply.add(rule)
        self.echo_box.setChecked(echo)
        self._auto_reply_toggled()
        self.settingsChanged.emit()

    def _auto_reply_failed(self, rule: Rule, exc: BaseException) -> None:
        self.show_error(NetworkError(self.tr("Auto-reply rule “%1” disabled: %2").replace("%1", rule.pattern)
                                     .replace("%2", str(exc))))

    # ==================================================================== quick commands
    def command_bytes(self, command: QuickCommand) -> bytes:
        data = parse_hex(command.text) if command.hex else encode_text(command.text, command.encoding, escapes=True)
        return ChecksumSpec(command.checksum).apply(data)

    def send_quick(self, command: QuickCommand) -> bool:
        try:
            data = self.command_bytes(command)
        except NetAssistError as exc:
            self.show_error(exc)
            return False
        return self.send_bytes(data)

    def load_quick_into_editor(self) -> None:
        """Put the selected quick command in the editor (to look at it, change it, or send it)."""
        row = self.quick.current_row()
        if not 0 <= row < len(self.quick.commands):
            return
        c = self.quick.commands[row]
        self.load_entry(HistoryEntry(c.text, c.hex, c.encoding))
        i = self.checksum.box.findData(c.checksum)
        if i >= 0:
            self.checksum.box.setCurrentIndex(i)

    def store_editor_into_quick(self) -> None:
        """Replace the selected quick command's payload with the editor's (its name stays)."""
        row = self.quick.current_row()
        text = self.send_edit.toPlainText()
        if not 0 <= row < len(self.quick.commands) or not text:
            return
        old = self.quick.commands[row]
        self.quick.replace(row, QuickCommand(old.name, text, self.send_hex.isChecked(), self.encoding,
                                             str(self.checksum.box.currentData())))

    def add_quick_from_editor(self) -> None:
        text = self.send_edit.toPlainText()
        if not text:
            return
        name = text.splitlines()[0][:24] if text.strip() else text[:24]
        self.quick.add(QuickCommand(name, text, self.send_hex.isChecked(), self.encoding,
                                    str(self.checksum.box.currentData())))

    def _sent_ok(self) -> None:
        # (a held payload is not kept in the history: see SendHistory.MAX_TEXT)
        entry = HistoryEntry(self.send_edit.toPlainText(), self.send_hex.isChecked(), self.encoding)
        if entry.text:
            self.history.add(entry)
            self._recall_index = -1
            self._refresh_history()
            if self.remote_host is not None and self.kind == "udp":
                self._remember_host()
            self.settingsChanged.emit()
        if self.session.last_error is None or self.session.state is State.OPEN:
            self._refresh_state()

    # =========================================================================== history
    def _refresh_history(self) -> None:
        box = self.history_box
        box.blockSignals(True)
        box.clear()
        for e in self.history:
            label = e.text if len(e.text) <= 60 else e.text[:57] + "…"
            label = label.replace("\n", "⏎")
            box.addItem(("[HEX] " if e.hex else "") + label)
        box.setCurrentIndex(-1)
        box.blockSignals(False)

    def _history_chosen(self, index: int) -> None:
        if 0 <= index < len(self.history):
            self.load_entry(self.history[index])
            self._recall_index = index
            self.send_edit.setProperty("recallable", True)
        self.history_box.setCurrentIndex(-1)

    def load_entry(self, entry: HistoryEntry) -> None:
        if self.held is not None:
            self.release()
        set_quietly(self.send_hex, entry.hex)
        idx = self.encoding_box.findData(entry.encoding)
        if idx >= 0:
            self.encoding_box.setCurrentIndex(idx)
        self.send_edit.setPlainText(entry.text)
        self.send_edit.moveCursor(self.send_edit.textCursor().MoveOperation.End)

    def _recall(self, step: int) -> None:
        n = len(self.history)
        if not n:
            return
        index = self._recall_index + step
        if index < 0:
            self._recall_index = -1
            self.send_edit.clear()
            return
        index = min(index, n - 1)
        self.load_entry(self.history[index])
        self._recall_index = index
        self.send_edit.setProperty("recallable", True)

    def clear_history(self) -> None:
        self.history.clear()
        self._refresh_history()
        self.settingsChanged.emit()

    def _convert_send_text(self, to_hex: bool) -> None:
        """Toggling hex converts what is in the editor (or held), so the bytes stay the same."""
        text = self.held if self.held is not None else self.send_edit.toPlainText()
        try:
            if to_hex:
                new = format_hex(encode_text(text, self.encoding, escapes=self.escapes.isChecked()))
            else:
                new = parse_hex(text).decode(encoding(self.encoding).decode_as, errors="backslashreplace")
        except (NetAssistError, LookupError):
            self._validate_send()
            return
        if self.held is not None:
            self.hold(new)
        else:
            self.send_edit.setPlainText(new)


def set_quietly(box: QCheckBox, checked: bool) -> None:
    """Check or uncheck without running the handlers (the state is being shown, not asked for)."""
    box.blockSignals(True)
    box.setChecked(checked)
    box.blockSignals(False)


class NeedsResolve(Exception):
    """The UDP target is a host name: resolve it (asynchronously) before sending."""

    def __init__(self, host: str):
        super().__init__(host)
        self.host = host


def raise_not_open(kind: str) -> None:
    words = {"tcp-server": "the server is not listening", "tcp-client": "not connected",
             "udp": "the UDP socket is not open"}[kind]
    raise NotOpen(f"cannot send: {words}")
