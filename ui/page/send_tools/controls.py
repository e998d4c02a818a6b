"""Controls for the device-work tools: checksum, periodic send, framing, file send."""

from __future__ import annotations

from typing import Any, Literal, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.automation.transfer import FileSendOptions, HeaderSize
from app.core.checksum import ALGORITHMS, ChecksumSpec
from app.core.codec import parse_hex
from app.core.framing import FRAMING_MODES, LINE_END, MAX_FRAME, FramingSpec
from ui.fields import combo as _combo
from ui.fields import select as _select
from ui.fields import spin as _spin
from ui.options import Bool, Choice, Int, Option, Text


class ChecksumControls(QWidget):
    """自动发送附加位: a checksum over a byte range, its byte order, and fixed bytes after it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        worded = {"none": self.tr("None"), "sum8": self.tr("SUM8 (add)"),
                  "sum8-neg": self.tr("SUM8 negated (two's complement)"), "xor8": self.tr("XOR8 (BCC)")}
        self.box = _combo("checksumBox", self.tr("Append checksum"),
                          [(worded.get(a.name, a.label), a.name) for a in ALGORITHMS])
        self.start = _spin("checksumStart", self.tr("Checksum from byte"), 0, 65535, 0)
        self.end = _spin("checksumEnd", self.tr("Bytes left out at the end"), 0, 65535, 0)
        self.order = _combo("checksumOrder", self.tr("Checksum byte order"),
                            [(self.tr("Algorithm's default"), None), (self.tr("MSB first"), "big"),
                             (self.tr("LSB first"), "little")])
        self.suffix = QLineEdit()
        self.suffix.setObjectName("appendBytes")
        self.suffix.setAccessibleName(self.tr("Fixed bytes appended (hex)"))
        self.suffix.setPlaceholderText(self.tr("e.g. 0D 0A"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Checksum"), self.box)
        rng = QHBoxLayout()
        # the range in words: how many bytes at the start and at the end the checksum leaves out
        self.start.setToolTip(self.tr("The checksum starts after this many bytes (0: from the first byte)"))
        self.end.setToolTip(self.tr("The checksum stops this many bytes before the end (0: up to the last byte)"))
        rng.addWidget(QLabel(self.tr("first")))
        rng.addWidget(self.start, 1)
        rng.addWidget(QLabel(self.tr("last")))
        rng.addWidget(self.end, 1)
        rng.addWidget(QLabel(self.tr("bytes")))
        form.addRow(self.tr("Leave out"), rng)
        form.addRow(self.tr("Byte order"), self.order)
        form.addRow(self.tr("Then append"), self.suffix)
        for w in (self.box, self.order):
            w.currentIndexChanged.connect(self.changed)
        for s in (self.start, self.end):
            s.valueChanged.connect(self.changed)
        self.suffix.textChanged.connect(self.changed)

    def spec(self) -> ChecksumSpec:
        """Raises InvalidHex when the fixed bytes are not valid hex."""
        return ChecksumSpec(str(self.box.currentData()), self.start.value(), self.end.value(),
                            self.order.currentData(), parse_hex(self.suffix.text()))

    def to_settings(self) -> dict[str, Any]:
        return {"name": self.box.currentData(), "start": self.start.value(), "end": self.end.value(),
                "order": self.order.currentData(), "suffix": self.suffix.text()}

    #: What it keeps (see ui.options): checked when loaded, so a hand-edited file cannot break it.
    OPTIONS: dict[str, Option] = {
        "name": Choice("none", tuple(a.name for a in ALGORITHMS)), "start": Int(0, 0, 65535),
        "end": Int(0, 0, 65535), "order": Choice(None, (None, "big", "little")), "suffix": Text("", 256)}

    def apply_settings(self, s: dict[str, Any]) -> None:
        """``s``: loaded through OPTIONS (every key there, every value valid)."""
        _select(self.box, s["name"])
        self.start.setValue(s["start"])
        self.end.setValue(s["end"])
        _select(self.order, s["order"])
        self.suffix.setText(s["suffix"])


class PeriodicControls(QWidget):
    """循环周期: send every N ms, forever or N times, with a visible count."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(self.tr("Send every"))
        self.check.setObjectName("periodicSend")
        self.check.setAccessibleName(self.tr("Periodic send"))
        self.period = _spin("periodMs", self.tr("Period in milliseconds"), 1, 86_400_000, 1000, " ms")
        self.count = _spin("periodCount", self.tr("How many times (0 = until stopped)"), 0, 1_000_000_000, 0)
        self.count.setSpecialValueText(self.tr("until stopped"))
        self.status = QLabel()
        self.status.setObjectName("periodicStatus")
        row = QHBoxLayout()
        row.addWidget(self.check)
        row.addWidget(self.period, 1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(row)
        times = QHBoxLayout()
        times.addWidget(QLabel(self.tr("Times")))
        times.addWidget(self.count, 1)
        times.addWidget(self.status, 1)
        col.addLayout(times)
        col.addStretch(1)

    def to_settings(self) -> dict[str, Any]:
        return {"period_ms": self.period.value(), "count": self.count.value()}

    OPTIONS: dict[str, Option] = {"period_ms": Int(1000, 1, 86_400_000), "count": Int(0, 0, 1_000_000_000)}

    def apply_settings(self, s: dict[str, Any]) -> None:
        self.period.setValue(s["period_ms"])
        self.count.setValue(s["count"])


class FramingControls(QWidget):
    """How the receive view (and auto-reply) groups a stream into messages. On datagrams (``datagrams``)
    each datagram already is a message: only "as received" and splitting by a delimiter are offered."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, datagrams: bool = False):
        super().__init__(parent)
        modes = [(self.tr("As received"), "raw"), (self.tr("Delimiter"), "delimiter"),
                 (self.tr("Fixed length"), "fixed"), (self.tr("Length prefix"), "length"),
                 (self.tr("Idle gap"), "idle")]
        # (the stack's pages follow this order: only a tail may be left out)
        self.mode = _combo("framingBox", self.tr("Framing"), modes[:2] if datagrams else modes)
        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())
        self.delimiter = QComboBox()
        self.delimiter.setObjectName("framingDelimiter")
        self.delimiter.setEditable(True)
        self.delimiter.setAccessibleName(self.tr("Delimiter (hex)"))
        # the first choice (the default) is a line end; the others are bytes in hex (or typed)
        self.line_end = self.tr("Line end (\\n or \\r\\n)")
        self.delimiter.addItems([self.line_end, "0D 0A", "0A", "00"])
        self.delimiter.setToolTip(self.tr("Where a message ends: a line end (\\n, as Linux and Python programs "
                                          "send, or \\r\\n), or bytes in hex"))
        self.stack.addWidget(self.delimiter)
        self.frame_size = _spin("framingSize", self.tr("Frame length"), 1, 1 << 20, 8, self.tr(" bytes"))
        self.stack.addWidget(self.frame_size)
        length = QWidget()
        lf = QFormLayout(length)
        lf.setContentsMargins(0, 0, 0, 0)
        self.len_offset = _spin("lengthOffset", self.tr("Length field offset"), 0, 1024, 0)
        self.len_size = _combo("lengthSize", self.tr("Length field size"), [("1", 1), ("2", 2), ("4", 4)])
        self.len_size.setCurrentIndex(1)
        self.len_order = _combo("lengthOrder", self.tr("Length byte order"),
                                [(self.tr("Big endian"), "big"), (self.tr("Little endian"), "little")])
        self.len_includes = QCheckBox(self.tr("Length counts the header"))
        self.len_includes.setObjectName("lengthIncludesHeader")
        lf.addRow(self.tr("Offset"), self.len_offset)
        lf.addRow(self.tr("Size"), self.len_size)
        lf.addRow(self.tr("Order"), self.len_order)
        lf.addRow(self.len_includes)
        self.stack.addWidget(length)
        self.idle = _spin("idleMs", self.tr("Idle gap"), 1, 60_000, 20, " ms")
        self.stack.addWidget(self.idle)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Framing")))
        row.addWidget(self.mode, 1)
        col.addLayout(row)
        col.addWidget(self.stack)
        col.addWidget(self.error)
        self.mode.currentIndexChanged.connect(self.stack.setCurrentIndex)
        self.mode.currentIndexChanged.connect(self.changed)
        self.delimiter.currentTextChanged.connect(self.changed)
        for s in (self.frame_size, self.len_offset, self.idle):
            s.valueChanged.connect(self.changed)
        for c in (self.len_size, self.len_order):
            c.currentIndexChanged.connect(self.changed)
        self.len_includes.toggled.connect(self.changed)
        self.stack.setVisible(False)
        self.mode.currentIndexChanged.connect(self._show_page)

    def _show_page(self, index: int) -> None:
        # a QStackedWidget is as tall as its tallest page; let only the current page count
        for i in range(self.stack.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.stack.widget(i)
            assert page is not None  # (i < count())
            page.setSizePolicy(policy, policy)
        self.stack.setVisible(index > 0)
        self.stack.adjustSize()

    def spec(self) -> FramingSpec:
        """The chosen framing; an invalid delimiter falls back to "as received" and says why."""
        mode = self.mode.currentData()
        try:
            text = self.delimiter.currentText()
            delimiter = LINE_END if mode != "delimiter" or text == self.line_end else parse_hex(text)
            spec = FramingSpec(mode, delimiter=delimiter,
                               size=self.frame_size.value(), length_offset=self.len_offset.value(),
                               length_size=int(self.len_size.currentData()), length_order=self.len_order.currentData(),
                               length_includes_header=self.len_includes.isChecked(), idle_ms=self.idle.value())
        except Exception as exc:  # InvalidHex or ValueError: shown, not raised
            self.error.setText(str(exc))
            self.error.show()
            return FramingSpec()
        self.error.hide()
        return spec

    def to_settings(self) -> dict[str, Any]:
        text = self.delimiter.currentText()
        return {"mode": self.mode.currentData(), "delimiter": "line" if text == self.line_end else text,
                "size": self.frame_size.value(),
                "offset": self.len_offset.value(), "length_size": self.len_size.currentData(),
                "order": self.len_order.currentData(), "includes": self.len_includes.isChecked(),
                "idle_ms": self.idle.value()}

    OPTIONS: dict[str, Option] = {
        "mode": Choice("raw", FRAMING_MODES), "delimiter": Text("line", 64), "size": Int(8, 1, MAX_FRAME),
        "offset": Int(0, 0, 1024), "length_size": Choice(2, (1, 2, 4)), "order": Choice("big", ("big", "little")),
        "includes": Bool(False), "idle_ms": Int(20, 1, 60_000)}

    def apply_settings(self, s: dict[str, Any]) -> None:
        self.delimiter.setCurrentText(self.line_end if s["delimiter"] == "line" else s["delimiter"])
        self.frame_size.setValue(s["size"])
        self.len_offset.setValue(s["offset"])
        _select(self.len_size, s["length_size"])
        _select(self.len_order, s["order"])
        self.len_includes.setChecked(s["includes"])
        self.idle.setValue(s["idle_ms"])
        _select(self.mode, s["mode"])
        self._show_page(self.mode.currentIndex())


class FileSendControls(QWidget):
    """打开文件数据源: send a file (length header; UDP datagram size and pause), with progress and cancel."""

    def __init__(self, udp: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.udp = udp
        # item data "SIZE-ORDER": a tuple would not survive the trip through a QVariant
        self.header = _combo("fileHeader", self.tr("Length header before the file"), [
            (self.tr("No length header"), "0-big"), (self.tr("2-byte length, big endian"), "2-big"),
            (self.tr("2-byte length, little endian"), "2-little"),
            (self.tr("4-byte length, big endian"), "4-big"),
            (self.tr("4-byte length, little endian"), "4-little")])
        self.button = QPushButton(self.tr("Send file…"))
        self.button.setObjectName("sendFileButton")
        self.cancel = QToolButton()
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setObjectName("cancelFile")
        self.cancel.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("fileProgress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow(self.tr("Header"), self.header)
        if udp:
            self.datagram = _spin("datagramSize", self.tr("Datagram size"), 1, 65507, 1024, self.tr(" bytes"))
            self.pause = _spin("datagramPause", self.tr("Pause between datagrams"), 0, 60_000, 1, " ms")
            form.addRow(self.tr("Datagram"), self.datagram)
            form.addRow(self.tr("Pause"), self.pause)
        col.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.button, 1)
        row.addWidget(self.cancel)
        col.addLayout(row)
        col.addWidget(self.progress)
        col.addStretch(1)  # (the rows at the top, not spread over the tab)

    def options(self) -> FileSendOptions:
        size, order = str(self.header.currentData()).split("-")
        # (the header box's items are "SIZE-ORDER" of the sizes and orders FileSendOptions takes)
        header_size, header_order = cast(HeaderSize, int(size)), cast(Literal["big", "little"], order)
        if self.udp:
            return FileSendOptions(header_size, header_order, self.datagram.value(), self.pause.value())
        return FileSendOptions(header_size, header_order)
