"""发送设置: how typed text becomes bytes (hex, escapes, macros, empty payloads; in the settings column) and the
send tools, one tab each beside the send editor: quick commands, checksum, periodic send, file send,
auto-reply, sequence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.core.checksum import ChecksumSpec
from app.core.codec import encode_text, parse_hex
from app.core.errors import EmptyPayload
from app.core.macros import Macros
from app.net.session import Session
from ui.fields import check, set_quietly
from ui.options import Bool, Int, Option, Section
from ui.page.send_tools.auto_reply import AutoReplyTool
from ui.page.send_tools.controls import ChecksumControls, FileSendControls, PeriodicControls
from ui.page.send_tools.sequence_panel import SequenceTool


@dataclass(frozen=True)
class PayloadFormat:
    """How the editor's text becomes the bytes that go out."""

    hex: bool
    escapes: bool
    encoding: str
    checksum: ChecksumSpec
    allow_empty: bool = False
    #: Expand ``{{…}}`` macros first (None: the text is sent as it is).
    macros: Macros | None = None
    #: The page has numbered connections: ``{{conn}}`` is a connection's number (1 in a preview).
    numbered: bool = False

    def encode(self, text: str, *, commit: bool = True, conn: int | None = None) -> bytes:
        """Raises InvalidHex / InvalidEscape / UnencodableText / UnknownMacro naming the position, and
        EmptyPayload for nothing to send (a checksum alone is rarely what someone meant) unless empty
        payloads are allowed. ``commit=False`` (a preview) does not move the macros' counter."""
        if not text and not self.allow_empty:
            raise EmptyPayload("nothing to send: the editor is empty")
        if self.macros is not None:
            groups = {"conn": _conn_text(conn or 1, self.hex)} if self.numbered else {}
            text = self.macros.expand(text, hex_mode=self.hex, commit=commit, groups=groups)
        data = parse_hex(text) if self.hex else encode_text(text, self.encoding, escapes=self.escapes)
        return self.checksum.apply(data)


def _conn_text(n: int, hex_mode: bool) -> str:
    """``{{conn}}``: decimal digits in text, two bytes (big-endian) in hex."""
    return f"{n >> 8 & 0xFF:02X} {n & 0xFF:02X}" if hex_mode else str(n)


class SendSettings(QGroupBox):
    """Send settings and the send tools; ``formatChanged`` when the bytes a text makes would change."""

    changed = Signal()
    formatChanged = Signal()
    hexToggled = Signal(bool)

    OPTIONS: dict[str, Option] = {
        "send_hex": Bool(False), "escapes": Bool(False), "allow_empty": Bool(False), "macros": Bool(False),
        "checksum": Section(ChecksumControls.OPTIONS), "periodic": Section(PeriodicControls.OPTIONS),
        "file_header": Int(0, 0, 4), **AutoReplyTool.OPTIONS}

    def __init__(self, session: Session, *, datagrams: bool, numbered: bool = False, parent: QWidget | None = None):
        super().__init__(self.tr("Send settings"), parent)
        self.numbered = numbered
        self._session, self._datagrams = session, datagrams
        col = QVBoxLayout(self)
        self.send_hex = check("sendHex", self.tr("Hex"))
        self.send_hex.setToolTip(self.tr("Type hex digits; they are sent as bytes"))
        self.escapes = check("escapes", self.tr("Escapes \\r \\n \\xNN"))
        self.escapes.setToolTip(self.tr("In text: \\r \\n \\t \\\\ \\0 and \\xNN (a raw byte)"))
        self.macros_box = check("macrosEnabled", self.tr("Macros {{…}}"))
        self.macros_box.setToolTip(self.tr("Expand {{counter}}, {{counter:4}}, {{time:%H:%M:%S}}, {{unix}}, "
                                           "{{unix_ms}}, {{random:N}} before sending; {{{{ writes {{"))
        if numbered:
            self.macros_box.setToolTip(self.macros_box.toolTip() + self.tr("; {{conn}} is each connection's number "
                                                                           "(1, 2, 3 … in the order they connected)"))
        self.macros = Macros(start=0)
        self.allow_empty = check("allowEmpty", self.tr("Allow an empty payload"))
        self.allow_empty.setToolTip(self.tr("Send even when the editor is empty (only the checksum, or an empty "
                                            "datagram)"))
        grid = QGridLayout()
        grid.addWidget(self.send_hex, 0, 0)
        grid.addWidget(self.escapes, 0, 1)
        grid.addWidget(self.macros_box, 1, 0)
        grid.addWidget(self.allow_empty, 1, 1)
        col.addLayout(grid)
        # what a send becomes where the kind says (WebSocket: a text frame or a binary one); hidden elsewhere
        self.hint = QLabel(self)
        self.hint.setObjectName("sendFormatHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        col.addWidget(self.hint)

        self.send_hex.toggled.connect(self.hexToggled)
        self.escapes.toggled.connect(self.formatChanged)
        self.allow_empty.toggled.connect(self.formatChanged)
        self.macros_box.toggled.connect(self.formatChanged)
        for box in (self.send_hex, self.escapes, self.allow_empty, self.macros_box):
            box.toggled.connect(self.changed)

    def build_tools(self, make_quick: Callable[[QWidget], QWidget], parent: QWidget) -> QTabWidget:
        """The send tools, one tab each, to sit beside the send editor (where they are seen without scrolling
        the settings column): the quick commands (``make_quick(parent)``) first, then checksum, periodic, file,
        auto-reply and sequence. Called once, after the send area is made, so that the keyboard's Tab order
        follows the screen's (widgets join it in the order they are made)."""
        self.tools = QTabWidget(parent)
        self.tools.setObjectName("sendTools")
        self.tools.setAccessibleName(self.tr("Send tools"))
        self.tools.setDocumentMode(True)
        # six tools in a narrow space: tight tabs; where even those do not fit (a 1024-pixel window), arrows
        # scroll the titles rather than the tools widening the window
        self.tools.tabBar().setStyleSheet("QTabBar::tab { padding: 3px 5px; }")
        self.tools.tabBar().setUsesScrollButtons(True)
        self.quick = make_quick(self.tools)
        self.tools.addTab(self.quick, self.tr("Quick"))
        self.tools.setTabToolTip(0, self.tr("Quick commands: named payloads sent with one click (Ctrl+1…9)"))
        self.checksum = ChecksumControls()
        self.periodic = PeriodicControls()
        self.file_send = FileSendControls(self._datagrams)
        self.auto_reply = AutoReplyTool(self._session)
        self.auto_reply.engine.macros = self.macros  # one counter for the page's sends and its replies
        self.sequence = SequenceTool()
        for widget, title in ((self.checksum, self.tr("Checksum")), (self.periodic, self.tr("Periodic")),
                              (self.file_send, self.tr("File")), (self.auto_reply, self.tr("Auto-reply")),
                              (self.sequence, self.tr("Sequence"))):
            widget.setContentsMargins(4, 6, 4, 4)
            self.tools.addTab(widget, title)
        self._wire_tools()
        return self.tools

    def _wire_tools(self) -> None:
        self.checksum.changed.connect(self.formatChanged)
        self.checksum.changed.connect(self.changed)
        for w in (self.periodic.period, self.periodic.count):
            w.valueChanged.connect(self.changed)
        self.file_send.header.currentIndexChanged.connect(self.changed)
        self.auto_reply.changed.connect(self.changed)

    def set_hint(self, text: str) -> None:
        if text != self.hint.text():
            self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def payload_format(self, encoding: str) -> PayloadFormat:
        return PayloadFormat(self.send_hex.isChecked(), self.escapes.isChecked(), encoding, self.checksum.spec(),
                             self.allow_empty.isChecked(), self.macros if self.macros_box.isChecked() else None,
                             self.numbered)

    def to_settings(self) -> dict[str, Any]:
        return {"send_hex": self.send_hex.isChecked(), "escapes": self.escapes.isChecked(),
                "allow_empty": self.allow_empty.isChecked(), "macros": self.macros_box.isChecked(),
                "checksum": self.checksum.to_settings(),
                "periodic": self.periodic.to_settings(), "file_header": self.file_send.header.currentIndex(),
                **self.auto_reply.to_settings()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        set_quietly(self.send_hex, s["send_hex"])
        self.escapes.setChecked(s["escapes"])
        self.allow_empty.setChecked(s["allow_empty"])
        self.macros_box.setChecked(s["macros"])
        self.checksum.apply_settings(s["checksum"])
        self.periodic.apply_settings(s["periodic"])
        self.file_send.header.setCurrentIndex(s["file_header"])
        self.auto_reply.apply_settings(s)
