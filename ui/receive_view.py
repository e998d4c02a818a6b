"""The receive view: renders a session's record store as text or hex, bounded, fast under a flood."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QKeySequence,
    QPalette,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.records import Record, RecordStore
from app.render import BAD, ERROR, HEADER, NOTICE, RX, TX, Labels, Renderer, ViewOptions, render_text
from ui.texts import notice_text

#: Lines the widget keeps at most (older lines stay in the store, the log, and toPlainText()).
MAX_LINES = 20_000
#: When more than this many new bytes arrive between two repaints, the view redraws just the newest
#: FLOOD_TAIL_BYTES of the store instead of appending everything: a flood costs a bounded amount per
#: repaint (a screenful and some; the text flies by at 30 Hz anyway).
BURST_BYTES = 128 * 1024
FLOOD_TAIL_BYTES = 8 * 1024
#: Once a burst is over (nothing new for SETTLE_MS), the view redraws a longer tail to scroll back through.
TAIL_BYTES = 32 * 1024
SETTLE_MS = 150


def _formats(palette: QPalette) -> dict[str, QTextCharFormat]:
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    colours = {
        RX: palette.color(QPalette.ColorRole.Text),
        TX: QColor("#64b5f6" if dark else "#1565c0"),
        NOTICE: QColor("#a5d6a7" if dark else "#2e7d32"),
        HEADER: QColor("#9e9e9e" if dark else "#757575"),
        BAD: QColor("#ef9a9a" if dark else "#c62828"),
        ERROR: QColor("#ef9a9a" if dark else "#c62828"),
    }
    out = {}
    for style, colour in colours.items():
        f = QTextCharFormat()
        f.setForeground(colour)
        if style == NOTICE:
            f.setFontItalic(True)
        if style == BAD:
            f.setBackground(QColor(colour.red(), colour.green(), colour.blue(), 40))
        out[style] = f
    return out


class ReceiveView(QPlainTextEdit):
    """Shows the newest part of the store in the current mode; ``toPlainText()`` renders all of it."""

    def __init__(self, store: RecordStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("receiveView")
        self.setAccessibleName(self.tr("Received data"))
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setMaximumBlockCount(MAX_LINES)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.store = store
        self.options = ViewOptions()
        self.labels = Labels(rx=self.tr("RX from"), tx=self.tr("TX to"), notice=notice_text)
        self.auto_scroll = True
        self.hidden_display = False
        self._formats = _formats(self.palette())
        self._renderer = Renderer(self.options, self.labels)
        self._last_seq = 0
        #: A burst arrived while the user was scrolled up: redraw once they are back at the bottom.
        self._pending = False
        #: After a burst drew a short tail: redraw the long one once data stops arriving.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # --------------------------------------------------------------------------- contract
    def toPlainText(self) -> str:
        """Everything the store retains, rendered in the current mode (not just the lines on screen)."""
        return render_text(self.store, self.options, self.labels)

    def shownText(self) -> str:
        """Only what the widget holds now."""
        return self.document().toPlainText()

    # ---------------------------------------------------------------------------- options
    def set_options(self, options: ViewOptions) -> None:
        if options != self.options:
            self.options = options
            self.rerender()

    def set_hidden(self, hidden: bool) -> None:
        self.hidden_display = hidden
        if hidden:
            self.clear()
            self._last_seq = self.store[-1].seq if len(self.store) else self._last_seq
        else:
            self.rerender()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._formats = _formats(self.palette())
            self.rerender()

    # ---------------------------------------------------------------------------- updates
    def rerender(self, tail: int = TAIL_BYTES) -> None:
        """Redraw from the store: the newest records up to ``tail`` bytes."""
        self._pending = False
        self._settle.stop()
        self.clear()
        self._renderer = Renderer(self.options, self.labels)
        n = len(self.store)
        if self.hidden_display or not n:
            self._last_seq = self.store[-1].seq if n else 0
            return
        size, i = 0, n
        while i > 0 and size < tail:
            i -= 1
            size += len(self.store[i].data) + 1
        records = [self.store[j] for j in range(i, n)]
        if size > tail and records[0].data:
            # the oldest record shown is cut to the budget: a 256 KiB read must not cost 256 KiB to draw
            first = records[0]
            keep = max(0, len(first.data) - (size - tail))
            data = first.data[-keep:] if keep else b""
            records[0] = Record(first.seq, first.time_ms, first.direction, first.peer, data)
        self._last_seq = records[-1].seq
        self._append(self._renderer.render(records), follow=True)

    def update_from_store(self) -> None:
        """Show what arrived since the last update (called by the bridge's tick)."""
        if self.hidden_display or not len(self.store):
            return
        store = self.store
        if store[-1].seq <= self._last_seq:
            return
        new_bytes = 0
        count = 0
        for i in range(len(store) - 1, -1, -1):
            rec = store[i]
            if rec.seq <= self._last_seq:
                break
            new_bytes += len(rec.data)
            count += 1
            if new_bytes > BURST_BYTES:
                break
        at_bottom = self._at_bottom()
        if new_bytes > BURST_BYTES:
            # Too much to append: redraw the tail, unless that would yank away what the user scrolled to.
            if at_bottom:
                self.rerender(FLOOD_TAIL_BYTES)
                self._settle.start()
            else:
                self._pending = True
            return
        records = [store[j] for j in range(len(store) - count, len(store))]
        self._last_seq = records[-1].seq
        self._append(self._renderer.render(records), follow=at_bottom)

    def _at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 2

    def _settled(self) -> None:
        if self._at_bottom() and not self.hidden_display:
            self.rerender()

    def _scrolled(self) -> None:
        if self._pending and self._at_bottom():
            self._pending = False
            self.rerender()

    def _append(self, runs: list[tuple[str, str]], follow: bool) -> None:
        if not runs:
            return
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        for text, style in runs:
            cursor.insertText(text, self._formats[style])
        cursor.endEditBlock()
        if follow and self.auto_scroll:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())


class ReceivePane(QWidget):
    """The receive view with its find bar (Ctrl+F)."""

    def __init__(self, store: RecordStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = ReceiveView(store, self)
        self.find_bar = QWidget(self)
        self.find_edit = QLineEdit(self.find_bar)
        self.find_edit.setObjectName("findEdit")
        self.find_edit.setPlaceholderText(self.tr("Find in received data"))
        self.find_edit.setAccessibleName(self.tr("Find"))
        prev_btn = QToolButton(self.find_bar)
        prev_btn.setText(self.tr("Previous"))
        prev_btn.setAccessibleName(self.tr("Find previous"))
        next_btn = QToolButton(self.find_bar)
        next_btn.setText(self.tr("Next"))
        next_btn.setAccessibleName(self.tr("Find next"))
        close_btn = QToolButton(self.find_bar)
        close_btn.setText("✕")
        close_btn.setAccessibleName(self.tr("Close find bar"))
        self.find_status = QLabel(self.find_bar)
        row = QHBoxLayout(self.find_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.find_edit, 1)
        row.addWidget(prev_btn)
        row.addWidget(next_btn)
        row.addWidget(self.find_status)
        row.addWidget(close_btn)
        self.find_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)
        find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_shortcut.activated.connect(self.open_find)
        self.find_edit.returnPressed.connect(lambda: self.find(backward=False))
        next_btn.clicked.connect(lambda: self.find(backward=False))
        prev_btn.clicked.connect(lambda: self.find(backward=True))
        close_btn.clicked.connect(self.find_bar.hide)

    def open_find(self) -> None:
        self.find_bar.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find(self, backward: bool = False) -> bool:
        text = self.find_edit.text()
        if not text:
            return False
        opts = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.view.find(text, opts)
        if not found:  # wrap around
            cursor = self.view.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            self.view.setTextCursor(cursor)
            found = self.view.find(text, opts)
        self.find_status.setText("" if found else self.tr("Not found"))
        return found
