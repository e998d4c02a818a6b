"""Controls for the device-work tools: checksum, periodic send, framing, file send, quick commands, auto-reply."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.autoreply import MATCH_KINDS, Rule
from app.checksum import ALGORITHMS, ChecksumSpec
from app.codec import parse_hex
from app.framing import FRAMING_MODES, MAX_FRAME, FramingSpec
from app.quick import QuickCommand
from app.transfer import FileSendOptions
from ui.options import Bool, Choice, Int, Option, Text


def _spin(name: str, accessible: str, lo: int, hi: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(lo, hi)
    box.setValue(value)
    box.setAccessibleName(accessible)
    if suffix:
        box.setSuffix(suffix)
    return box


def _combo(name: str, accessible: str, items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    for text, data in items:
        box.addItem(text, data)
    return box


def _tool(text: str, name: str, accessible: str, tip: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setToolTip(tip or accessible)
    return button


def _select(box: QComboBox, data: Any) -> None:
    i = box.findData(data)
    if i >= 0:
        box.setCurrentIndex(i)


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
                            [(self.tr("Usual"), None), (self.tr("MSB first"), "big"), (self.tr("LSB first"), "little")])
        self.suffix = QLineEdit()
        self.suffix.setObjectName("appendBytes")
        self.suffix.setAccessibleName(self.tr("Fixed bytes appended (hex)"))
        self.suffix.setPlaceholderText(self.tr("e.g. 0D 0A"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Checksum"), self.box)
        rng = QHBoxLayout()
        rng.addWidget(self.start)
        rng.addWidget(QLabel(self.tr("…end −")))
        rng.addWidget(self.end)
        form.addRow(self.tr("Over bytes"), rng)
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
    """How the receive view (and auto-reply) groups a stream into messages."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mode = _combo("framingBox", self.tr("Framing"), [
            (self.tr("As received"), "raw"), (self.tr("Delimiter"), "delimiter"), (self.tr("Fixed length"), "fixed"),
            (self.tr("Length prefix"), "length"), (self.tr("Idle gap"), "idle")])
        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())
        self.delimiter = QComboBox()
        self.delimiter.setObjectName("framingDelimiter")
        self.delimiter.setEditable(True)
        self.delimiter.setAccessibleName(self.tr("Delimiter (hex)"))
        self.delimiter.addItems(["0D 0A", "0A", "00"])
        self.stack.addWidget(self.delimiter)
        self.size = _spin("framingSize", self.tr("Frame length"), 1, 1 << 20, 8, self.tr(" bytes"))
        self.stack.addWidget(self.size)
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
        for s in (self.size, self.len_offset, self.idle):
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
            self.stack.widget(i).setSizePolicy(policy, policy)
        self.stack.setVisible(index > 0)
        self.stack.adjustSize()

    def spec(self) -> FramingSpec:
        """The chosen framing; an invalid delimiter falls back to "as received" and says why."""
        mode = self.mode.currentData()
        try:
            delimiter = parse_hex(self.delimiter.currentText()) if mode == "delimiter" else b"\r\n"
            spec = FramingSpec(mode, delimiter=delimiter,
                               size=self.size.value(), length_offset=self.len_offset.value(),
                               length_size=int(self.len_size.currentData()), length_order=self.len_order.currentData(),
                               length_includes_header=self.len_includes.isChecked(), idle_ms=self.idle.value())
        except Exception as exc:  # InvalidHex or ValueError: shown, not raised
            self.error.setText(str(exc))
            self.error.show()
            return FramingSpec()
        self.error.hide()
        return spec

    def to_settings(self) -> dict[str, Any]:
        return {"mode": self.mode.currentData(), "delimiter": self.delimiter.currentText(), "size": self.size.value(),
                "offset": self.len_offset.value(), "length_size": self.len_size.currentData(),
                "order": self.len_order.currentData(), "includes": self.len_includes.isChecked(),
                "idle_ms": self.idle.value()}

    OPTIONS: dict[str, Option] = {
        "mode": Choice("raw", FRAMING_MODES), "delimiter": Text("0D 0A", 64), "size": Int(8, 1, MAX_FRAME),
        "offset": Int(0, 0, 1024), "length_size": Choice(2, (1, 2, 4)), "order": Choice("big", ("big", "little")),
        "includes": Bool(False), "idle_ms": Int(20, 1, 60_000)}

    def apply_settings(self, s: dict[str, Any]) -> None:
        self.delimiter.setCurrentText(s["delimiter"])
        self.size.setValue(s["size"])
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
        col.addWidget(self.header)
        if udp:
            form = QFormLayout()
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

    def options(self) -> FileSendOptions:
        size, order = str(self.header.currentData()).split("-")
        if self.udp:
            return FileSendOptions(int(size), order, self.datagram.value(), self.pause.value())  # type: ignore[arg-type]
        return FileSendOptions(int(size), order)  # type: ignore[arg-type]


class QuickCommandsPanel(QWidget):
    """快捷指令: named payloads; each row's ▶ sends it with one click, Ctrl+1…9 send the first nine."""

    sendRequested = Signal(object)  # QuickCommand
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.commands: list[QuickCommand] = []
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("quickCommands")
        self.table.setAccessibleName(self.tr("Quick commands"))
        self.table.setToolTip(self.tr("▶ sends a command with one click; Ctrl+1…9 send the first nine"))
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(24)
        buttons = QHBoxLayout()
        self.add_button = _tool("+", "quickAdd", self.tr("Add quick command"),
                                self.tr("Add the editor's content as a quick command"))
        self.remove_button = _tool("−", "quickRemove", self.tr("Delete quick command"))
        self.load_button = _tool("✎", "quickLoad", self.tr("Edit quick command"),
                                 self.tr("Put the selected command in the editor"))
        self.store_button = _tool("⤒", "quickStore", self.tr("Save into quick command"),
                                  self.tr("Save the editor's content into the selected command"))
        self.up_button = _tool("↑", "quickUp", self.tr("Move up"))
        self.down_button = _tool("↓", "quickDown", self.tr("Move down"))
        for b in (self.add_button, self.remove_button, self.load_button, self.store_button, self.up_button,
                  self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(QLabel(self.tr("Quick commands")))
        col.addWidget(self.table, 1)
        col.addLayout(buttons)
        self.table.itemChanged.connect(self._renamed)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))

    def current_row(self) -> int:
        return self.table.currentRow()

    def select(self, row: int) -> None:
        self.table.setCurrentCell(row, 1)

    def set_commands(self, commands: list[QuickCommand]) -> None:
        self.commands = list(commands)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.commands))
        for i, c in enumerate(self.commands):
            send = _tool("▶", f"quickSend{i + 1}", self.tr("Send %1").replace("%1", c.name))
            send.setAutoRaise(True)
            send.clicked.connect(lambda _checked=False, i=i: self.send_index(i))
            self.table.setCellWidget(i, 0, send)
            item = QTableWidgetItem(c.name)
            shortcut = f"Ctrl+{i + 1}: " if i < 9 else ""
            item.setToolTip(shortcut + ("[HEX] " if c.hex else "") + c.text)
            self.table.setItem(i, 1, item)
        self.table.blockSignals(False)

    def add(self, command: QuickCommand) -> None:
        self.commands.append(command)
        self.set_commands(self.commands)
        self.changed.emit()

    def replace(self, row: int, command: QuickCommand) -> None:
        self.commands[row] = command
        self.set_commands(self.commands)
        self.select(row)
        self.changed.emit()

    def _renamed(self, item: QTableWidgetItem) -> None:
        row = item.row()
        if item.column() == 1 and 0 <= row < len(self.commands) and item.text().strip():
            self.commands[row].name = item.text().strip()
            self.changed.emit()

    def remove_selected(self) -> None:
        row = self.current_row()
        if 0 <= row < len(self.commands):
            del self.commands[row]
            self.set_commands(self.commands)
            self.changed.emit()

    def move_selected(self, step: int) -> None:
        row = self.current_row()
        new = row + step
        if 0 <= row < len(self.commands) and 0 <= new < len(self.commands):
            self.commands[row], self.commands[new] = self.commands[new], self.commands[row]
            self.set_commands(self.commands)
            self.select(new)
            self.changed.emit()

    def send_index(self, index: int) -> None:
        if 0 <= index < len(self.commands):
            self.sendRequested.emit(self.commands[index])


class AutoReplyDialog(QDialog):
    """Edit auto-reply rules: match kind, pattern, reply (text or hex), delay; see hit counts and errors."""

    COLUMNS = ("on", "match", "pattern", "reply", "hex", "delay", "hits")

    def __init__(self, rules: list[Rule], echo: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("autoReplyDialog")
        self.setWindowTitle(self.tr("Auto-reply rules"))
        self.resize(760, 360)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("autoReplyRules")
        self.table.setHorizontalHeaderLabels([self.tr("On"), self.tr("Match"), self.tr("Pattern"), self.tr("Reply"),
                                              self.tr("Reply is hex"), self.tr("Delay (ms)"), self.tr("Hits")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.echo = QCheckBox(self.tr("Echo everything received (ignores the rules)"))
        self.echo.setObjectName("autoReplyEcho")
        self.echo.setChecked(echo)
        add = QPushButton(self.tr("Add rule"))
        remove = QPushButton(self.tr("Delete rule"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        col = QVBoxLayout(self)
        col.addWidget(self.echo)
        col.addWidget(self.table, 1)
        col.addLayout(row)
        col.addWidget(buttons)
        for rule in rules:
            self._add_row(rule)
        add.clicked.connect(lambda: self._add_row(Rule("", "contains", "")))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def _add_row(self, rule: Rule) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        on = QCheckBox()
        on.setChecked(rule.enabled)
        on.setToolTip(rule.error)
        self.table.setCellWidget(r, 0, on)
        kind = QComboBox()
        for k in MATCH_KINDS:
            kind.addItem(k, k)
        _select(kind, rule.kind)
        self.table.setCellWidget(r, 1, kind)
        self.table.setItem(r, 2, QTableWidgetItem(rule.pattern))
        self.table.setItem(r, 3, QTableWidgetItem(rule.reply))
        hexbox = QCheckBox()
        hexbox.setChecked(rule.reply_hex)
        self.table.setCellWidget(r, 4, hexbox)
        self.table.setCellWidget(r, 5, _spin("", self.tr("Delay"), 0, 3_600_000, rule.delay_ms))
        hits = QTableWidgetItem(str(rule.hits) + (f" ({rule.error})" if rule.error else ""))
        hits.setFlags(hits.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(r, 6, hits)

    def rules(self) -> list[Rule]:
        out = []
        for r in range(self.table.rowCount()):
            pattern = self.table.item(r, 2).text() if self.table.item(r, 2) else ""
            if not pattern:
                continue
            out.append(Rule(pattern, self.table.cellWidget(r, 1).currentData(),  # type: ignore[union-attr]
                            self.table.item(r, 3).text() if self.table.item(r, 3) else "",
                            self.table.cellWidget(r, 4).isChecked(),  # type: ignore[union-attr]
                            self.table.cellWidget(r, 5).value(),  # type: ignore[union-attr]
                            self.table.cellWidget(r, 0).isChecked()))  # type: ignore[union-attr]
        return out
