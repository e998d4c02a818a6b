"""The receive view: a scroll area that paints only the rows on screen, from a layout of the whole store.

``store → Layout → ReceiveView``. The scroll bar spans every row the store retains; a paint renders the
rows in sight (items cached). The layout is extended by the bridge's tick and, after an option changes,
rebuilt in slices between socket reads. Until it reaches the rows on screen (and during a flood, at the
tail) the view paints a *provisional* layout of a few records around them, so a change shows at once.

Its jobs are split into mixins, one module each beside this one: ``updates`` (laying out what arrives, in
slices), ``scroll`` (the rows on screen and the scroll bar), ``paint`` (painting), ``select`` (mouse, keys,
selection and copy) and ``find`` (find). This module holds the state, the options and
the translated words.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QResizeEvent
from PySide6.QtWidgets import QAbstractScrollArea, QToolButton, QWidget

from app.core.records import RecordStore
from app.view.layout import Layout, ViewFilter
from app.view.render import TEXT_LINE_CHARS, Labels, ViewOptions
from app.view.search import Finder, Match
from ui.receive.find import Finding
from ui.receive.paint import RowPainting, row_formats
from ui.receive.scroll import LEAD_RECORDS, RowList, RowScrolling
from ui.receive.select import Selecting
from ui.receive.selection import Selection
from ui.receive.updates import FLOOD_BYTES, FLOOD_HZ, FLOOD_TAIL_BYTES, SLICE_GAP_MS, SLICE_S, LayoutUpdates
from ui.texts import notice_text

__all__ = ["FLOOD_BYTES", "FLOOD_HZ", "FLOOD_TAIL_BYTES", "LEAD_RECORDS", "SLICE_GAP_MS", "SLICE_S", "ReceiveView",
           "RowList"]


class ReceiveView(LayoutUpdates, RowScrolling, RowPainting, Selecting, Finding, QAbstractScrollArea):
    """Every retained record in the current mode; ``toPlainText()`` renders all of it, ``visibleText()``
    what is painted now."""

    #: Find progressed: (index of the current match or -1, matches so far, search complete).
    findProgress = Signal(int, int, bool)
    #: A click on a message (not a notice): its item in the current layout (the fields panel shows it).
    messageClicked = Signal(int)

    def __init__(self, store: RecordStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("receiveView")
        self.setAccessibleName(self.tr("Received data"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.store = store
        self.options = ViewOptions()
        self.filter = ViewFilter()
        self.labels = Labels(rx=self.tr("RX from"), tx=self.tr("TX to"), notice=notice_text,
                             summary=self.tr("… %1 bytes (click to show)"),
                             transfer=self.tr("… file, %1 bytes (click to show)"),
                             carried=self.tr("(%1 bytes, %2 of them from before)"),
                             not_decoded=self.tr("not decoded: longer than %1 bytes"))
        self.wrap = True
        self.auto_scroll = True
        self.hidden_display = False
        self._formats = row_formats(self.palette())
        self._cols = self._wrap_cols()
        self.layout = self._new_layout()
        self._tail = True
        self._anchor = (0, 0)  # (item, row start within it) at the top, when not following the tail
        self._anchor_pos = 0  # store position of that item (kept across relayouts)
        self._anchor_pending = False
        self._provisional: tuple[Layout, int] | None = None  # a small layout painted meanwhile, its top row
        self._left_at = 0  # items when the user scrolled away from the tail ("N new")
        self._seen_tail = store.tail
        self._flooding = False
        self._setting_bar = False
        self.selection = Selection()
        self.finder: Finder | None = None
        self.current_match = -1
        self._work = QTimer(self)
        self._work.setSingleShot(True)
        self._work.timeout.connect(self._continue)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(150)
        self._settle.timeout.connect(self._settled)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._idle_due)
        self._flood_paint = QTimer(self)
        self._flood_paint.setSingleShot(True)
        self._flood_paint.setInterval(1000 // FLOOD_HZ)
        self._flood_paint.timeout.connect(self.viewport().update)
        self._resized = QTimer(self)
        self._resized.setSingleShot(True)
        self._resized.setInterval(120)
        self._resized.timeout.connect(self._width_changed)
        self._searching = QTimer(self)
        self._searching.setSingleShot(True)
        self._searching.timeout.connect(self._search_slice)
        self.jump = QToolButton(self.viewport())
        self.jump.setObjectName("jumpToEnd")
        self.jump.setAccessibleName(self.tr("Jump to the newest data"))
        self.jump.setCursor(Qt.CursorShape.PointingHandCursor)
        self.jump.hide()
        self.jump.clicked.connect(self.scroll_to_end)
        self.verticalScrollBar().valueChanged.connect(self._bar_moved)
        self.verticalScrollBar().sliderPressed.connect(self._bar_pressed)
        self.verticalScrollBar().sliderReleased.connect(self._bar_released)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.horizontalScrollBar().setRange(0, 0)
        self._widest = 0
        self._current: Match | None = None
        #: A decoded field's bytes highlighted (the fields panel): the layout it was set in, item, start, end.
        self._field: tuple[Layout, int, int, int] | None = None
        self._ready = True

    # =============================================================================== contract
    def toPlainText(self) -> str:
        """Everything the store retains in the current mode and filters (lines broken only past
        TEXT_LINE_CHARS characters, not at the view's width)."""
        return Layout(self.store, self.options, self.labels, view_filter=self.filter).text()

    def visibleText(self) -> str:
        """The rows painted now."""
        return "\n".join("".join(t for t, _ in runs) for runs, _item in self._rows_on_screen()[0])

    def shownText(self) -> str:
        return self.visibleText()

    # ======================================================================= a field's bytes
    def highlight_bytes(self, item: int, start: int, end: int) -> None:
        """Highlight bytes ``start`` … ``end`` of the message ``item`` shows (a field the fields panel selected),
        in hex or text; until another field, a relayout or :meth:`clear_highlight`."""
        self._field = (self.layout, item, start, end)
        self.viewport().update()

    def clear_highlight(self) -> None:
        if self._field is not None:
            self._field = None
            self.viewport().update()

    def highlightedBytes(self) -> tuple[int, int] | None:
        """The message bytes highlighted now, (start, end); None when none are (or they are not shown)."""
        span = self._field_text()
        return None if span is None or self._field is None else (self._field[2], self._field[3])

    def highlightedText(self) -> str:
        """The text painted highlighted for the field's bytes (``00 2A`` in hex)."""
        span = self._field_text()
        if span is None or self._field is None:
            return ""
        return self.layout.item_text(self._field[1])[span[0]:span[1]]

    def _field_text(self) -> tuple[int, int] | None:
        """The highlighted field's (from, to) in its item's text, if it is in the current layout."""
        f = self._field
        if f is None or f[0] is not self.layout or not self.layout.items.first <= f[1] < self.layout.items.end:
            return None
        return self.layout.byte_span(f[1], f[2], f[3])

    # ================================================================================ options
    def _wrap_cols(self) -> int:
        if not self.wrap:
            return TEXT_LINE_CHARS
        width = self.viewport().width() - 8
        return max(16, int(width // max(1.0, self._char_width())))

    def _new_layout(self, start: int | None = None) -> Layout:
        return Layout(self.store, self.options, self.labels, cols=self._cols, view_filter=self.filter, start=start)

    def set_options(self, options: ViewOptions) -> None:
        if options != self.options:
            self.options = options
            self.relayout()

    def set_filter(self, view_filter: ViewFilter) -> None:
        if view_filter != self.filter:
            self.filter = view_filter
            self.relayout()

    def set_wrap(self, on: bool) -> None:
        self.wrap = on
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if on
                                          else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._width_changed()

    def _width_changed(self) -> None:
        cols = self._wrap_cols()
        if cols != self._cols:
            self._cols = cols
            self.relayout()
        self._update_hbar()

    def set_auto_scroll(self, on: bool) -> None:
        """Off: new data never moves the view (it stays where it is, even at the bottom)."""
        self.auto_scroll = on
        if not on and self._tail:
            items = self.layout.items
            top = max(0, items.total_rows - self._page())
            self._tail = False
            self._left_at = self.store.tail
            self._anchor = items.locate(top)
            self._anchor_pos = items.pos(self._anchor[0]) if self._anchor[0] < items.end else self.store.head
        elif on:
            self._refresh()

    def set_hidden(self, hidden: bool) -> None:
        self.hidden_display = hidden
        self.relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not getattr(self, "_ready", False):  # (setFont during __init__)
            return
        if event.type() == QEvent.Type.PaletteChange:
            self._formats = row_formats(self.palette())
            self.viewport().update()
        elif event.type() == QEvent.Type.FontChange:
            self._width_changed()

    def relayout(self) -> None:
        """The options changed: lay the store out again (in slices), staying on the same record."""
        old = self.layout
        if not self._tail and len(old.items):
            item, _k = self._top_item()
            self._anchor_pos = old.items.pos(item) if item < old.items.end else old.store.head
        self.layout = self._new_layout()
        self._anchor = (0, 0)
        self._anchor_pending = not self._tail  # find the item at _anchor_pos once the layout reaches it
        self.selection.clear()
        self._provisional = None
        if self.finder is not None:
            query = self.finder.query
            self.finder = None
            self.current_match = -1
            self.start_find(query)
        self.update_from_store()

    def reset(self) -> None:
        """The store was cleared."""
        self._tail = True
        self.relayout()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.wrap:
            if len(self.layout.items) < 20_000:  # cheap to lay out again at once
                self._width_changed()
            else:  # wait until the user stops dragging
                self._resized.start()
        self._refresh()

    # ============================================================================ words shown
    # (translated here, in the class lupdate and the .ts know them by)
    def _new_records_text(self, new: int) -> str:
        """The jump button's text: ``new`` records arrived since the user scrolled away."""
        return self.tr("↓ %1 new").replace("%1", f"{new:,}")

    def _hidden_text(self) -> str:
        """What the viewport shows while the display is hidden."""
        return self.tr("Display hidden: data is still counted, kept and logged")
