"""快捷指令: the quick-commands panel, the first of the send tools beside the send editor."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.automation.quick import QuickCommand
from app.core.checksum import ChecksumSpec
from app.core.codec import encode_text, parse_hex
from app.core.macros import Macros
from ui.fields import tool as _tool


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
        col.addWidget(self.table, 1)
        col.addLayout(buttons)
        self.table.itemChanged.connect(self._renamed)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))

    def current_row(self) -> int:
        return self.table.currentRow()

    def current(self) -> QuickCommand | None:
        row = self.current_row()
        return self.commands[row] if 0 <= row < len(self.commands) else None

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


def command_bytes(command: QuickCommand, macros: Macros | None = None) -> bytes:
    """What a quick command sends (escapes always on in text; its macros expanded with ``macros`` if it
    asks for them); raises NetAssistError in words."""
    text = command.text
    if command.macros and macros is not None:
        text = macros.expand(text, hex_mode=command.hex)
    data = parse_hex(text) if command.hex else encode_text(text, command.encoding, escapes=True)
    return ChecksumSpec(command.checksum).apply(data)


def editor_command(text: str, hex_: bool, encoding: str, checksum: str, name: str = "",
                   macros: bool = False) -> QuickCommand | None:
    """The editor's content as a quick command (named after its first line unless ``name``); None if empty."""
    if not text:
        return None
    return QuickCommand(name or (text.splitlines()[0][:24] if text.strip() else text[:24]), text, hex_, encoding,
                        checksum, macros)
