"""The send area: the editor (a huge paste is held aside), its error and preview lines, the target box
(where the kind has several peers), Send, and the send history (recalled with Up/Down or the box)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.automation.history import HistoryEntry, SendHistory
from app.core.codec import encode_text, encoding, format_hex, parse_hex
from app.core.errors import EmptyPayload, NetAssistError
from ui.options import Custom, Option
from ui.page.panels.send_settings import PayloadFormat
from ui.texts import error_text

#: A paste longer than this is held as a payload, not put in the editor (a text widget with one line of a
#: megabyte took a minute to lay out).
LARGE_PASTE = 32 * 1024


def _history(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a saved history")
    return value


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


class SendPanel(QWidget):
    """The editor and what goes with it; ``sendRequested`` on Send or Ctrl+Enter."""

    sendRequested = Signal()
    changed = Signal()
    #: The payload is valid again (an error it caused elsewhere can go).
    valid = Signal()
    #: A recalled entry wants its format back: (hex, encoding).
    formatRequested = Signal(bool, str)

    OPTIONS: dict[str, Option] = {"history": Custom("", _history)}

    def __init__(self, payload_format: Callable[[], PayloadFormat], *, targets: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.payload_format = payload_format
        self.history = SendHistory()
        self.held: str | None = None
        self._recall_index = -1
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.editor = SendEdit(self)
        self.editor.setObjectName("sendEdit")
        self.editor.setAccessibleName(self.tr("Data to send"))
        self.editor.setPlaceholderText(self.tr("Type data to send; Ctrl+Enter sends, Up/Down recall history"))
        self.editor.setTabChangesFocus(True)
        self.held_bar = QWidget(self)
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
        left.addWidget(self.editor, 1)
        self.error = QLabel(self)
        self.error.setObjectName("sendError")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        left.addWidget(self.error)
        self.preview = QLabel(self)
        self.preview.setObjectName("sendPreview")
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setToolTip(self.tr("The bytes that will go out, checksum included"))
        self.preview.setWordWrap(True)  # (64 bytes of hex must not widen the window)
        self.preview.hide()
        left.addWidget(self.preview)
        row.addLayout(left, 1)

        right = QVBoxLayout()
        self.target: QComboBox | None = None
        if targets:
            self.target = QComboBox(self)
            self.target.setObjectName("sendTarget")
            self.target.setAccessibleName(self.tr("Send to"))
            self.target.addItem(self.tr("All clients"), None)
            # a client's address is ~21 characters; the box may be narrower (its list is as wide as it needs)
            self.target.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.target.setMinimumContentsLength(10)
            right.addWidget(self.target)
        self.button = QPushButton(self.tr("Send"), self)
        self.button.setObjectName("sendButton")
        self.button.setMinimumHeight(40)
        self.button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        right.addWidget(self.button)
        self.history_box = QComboBox(self)
        self.history_box.setObjectName("sendHistory")
        self.history_box.setAccessibleName(self.tr("Send history"))
        self.history_box.setPlaceholderText(self.tr("History"))
        # as wide whatever it holds: a remembered long entry must not reshape the send area after a restart
        self.history_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.history_box.setMinimumContentsLength(10)
        right.addWidget(self.history_box)
        self.clear_history_button = QPushButton(self.tr("Clear history"), self)
        self.clear_history_button.setObjectName("clearHistory")
        right.addWidget(self.clear_history_button)
        right.addStretch(1)
        row.addLayout(right)

        self.button.clicked.connect(self.sendRequested)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(seq), self.editor)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.sendRequested)
        self.editor.textChanged.connect(self.validate)
        self.editor.recall.connect(self._recall)
        self.editor.largePaste.connect(self.hold)
        self.held_clear.clicked.connect(self.release)
        self.history_box.activated.connect(self._history_chosen)
        self.clear_history_button.clicked.connect(self.clear_history)

    # ------------------------------------------------------------------------------ payload
    def text(self) -> str:
        return self.held if self.held is not None else self.editor.toPlainText()

    def payload(self, *, commit: bool = True) -> bytes:
        """The bytes Send puts on the wire (``commit=False``: what the next send would, for a preview).
        Raises NetAssistError naming the position."""
        return self.payload_format().encode(self.text(), commit=commit)

    def validate(self, *args: object) -> None:
        """Check the payload as it is typed: an error in words under the editor, or a preview of the bytes."""
        try:
            data = self.payload(commit=False)
        except EmptyPayload:  # not an error while typing: only when Send is pressed
            self._show_error(None)
            self.preview.hide()
        except NetAssistError as exc:
            self._show_error(exc)
            self.preview.hide()
        else:
            self._show_error(None)
            self._show_preview(data)
        self.editor.setProperty("recallable", self._recallable())

    def _show_error(self, exc: NetAssistError | None) -> None:
        if exc is not None:
            self.error.setText(error_text(exc))
            self.error.show()
            self.editor.setProperty("invalid", True)
            self.editor.setStyleSheet("QPlainTextEdit { border: 2px solid #c62828; }")
            return
        self.error.hide()
        self.error.clear()
        if self.editor.property("invalid"):
            self.editor.setProperty("invalid", False)
            self.editor.setStyleSheet("")
        self.valid.emit()

    def refuse(self, exc: NetAssistError) -> None:
        """Send was pressed with a payload that cannot go: say why under the editor."""
        self._show_error(exc)
        self.preview.hide()

    def _show_preview(self, data: bytes) -> None:
        """With a checksum, in hex, with escapes or macros, show the final bytes (a live preview of what goes
        out: what ``\r\n`` or ``\x01`` became is no longer visible in the editor)."""
        fmt = self.payload_format()
        if not (fmt.checksum.active or fmt.hex or fmt.escapes or fmt.macros) or not data:
            self.preview.hide()
            return
        shown = format_hex(data[:64]) + (" …" if len(data) > 64 else "")
        self.preview.setText(self.tr("Sends %1 bytes: %2").replace("%1", str(len(data))).replace("%2", shown))
        self.preview.show()

    def hold(self, text: str) -> None:
        """A payload too long to edit comfortably: kept aside, sent as it is, shown as its size."""
        self.held = text
        self.editor.clear()
        self.editor.setReadOnly(True)
        self.held_label.setText(self.tr("Pasted %1 characters: too long to edit here. Send sends them as they are.")
                                .replace("%1", f"{len(text):,}"))
        self.held_bar.show()
        self.validate()

    def release(self) -> None:
        self.held = None
        self.editor.setReadOnly(False)
        self.held_bar.hide()
        self.validate()

    def convert(self, to_hex: bool) -> None:
        """Hex was toggled: convert what is in the editor (or held), so the bytes stay the same."""
        text = self.text()
        try:
            fmt = self.payload_format()
            if to_hex:
                new = format_hex(encode_text(text, fmt.encoding, escapes=fmt.escapes))
            else:
                new = parse_hex(text).decode(encoding(fmt.encoding).decode_as, errors="backslashreplace")
        except (NetAssistError, LookupError):
            self.validate()
            return
        if self.held is not None:
            self.hold(new)
        else:
            self.editor.setPlainText(new)

    # ------------------------------------------------------------------------------ history
    def remember(self) -> bool:
        """After a send: the editor's text goes into the history (a held payload does not)."""
        fmt = self.payload_format()
        entry = HistoryEntry(self.editor.toPlainText(), fmt.hex, fmt.encoding)
        if not entry.text:
            return False
        self.history.add(entry)
        self._recall_index = -1
        self.refresh_history()
        self.changed.emit()
        return True

    def refresh_history(self) -> None:
        box = self.history_box
        box.blockSignals(True)
        box.clear()
        for e in self.history:
            label = e.text if len(e.text) <= 60 else e.text[:57] + "…"
            box.addItem(("[HEX] " if e.hex else "") + label.replace("\n", "⏎"))
        box.setCurrentIndex(-1)
        box.blockSignals(False)

    def _history_chosen(self, index: int) -> None:
        if 0 <= index < len(self.history):
            self.load_entry(self.history[index])
            self._recall_index = index
            self.editor.setProperty("recallable", True)
        self.history_box.setCurrentIndex(-1)

    def load_entry(self, entry: HistoryEntry) -> None:
        if self.held is not None:
            self.release()
        self.formatRequested.emit(entry.hex, entry.encoding)
        self.editor.setPlainText(entry.text)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def _recallable(self) -> bool:
        text = self.editor.toPlainText()
        if not text:
            return True
        return 0 <= self._recall_index < len(self.history) and self.history[self._recall_index].text == text

    def _recall(self, step: int) -> None:
        n = len(self.history)
        if not n:
            return
        index = self._recall_index + step
        if index < 0:
            self._recall_index = -1
            self.editor.clear()
            return
        index = min(index, n - 1)
        self.load_entry(self.history[index])
        self._recall_index = index
        self.editor.setProperty("recallable", True)

    def clear_history(self) -> None:
        self.history.clear()
        self.refresh_history()
        self.changed.emit()

    def to_settings(self) -> dict[str, Any]:
        return {"history": self.history.to_json()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        self.history = SendHistory.from_json(s["history"])
        self.refresh_history()
