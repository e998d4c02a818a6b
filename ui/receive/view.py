"""The receive view: a scroll area that paints only the rows on screen, from a layout of the whole store.

``store → Layout → ReceiveView``. The scroll bar spans every row the store retains; a paint renders the
rows in sight (items cached). The layout is extended by the bridge's tick and, after an option changes,
rebuilt in slices between socket reads (a flood waits until it is over; idle-gap frames end by time). Until
it reaches the rows on screen (and during a flood, at the tail) the view paints a *provisional* layout of a
few records around them, so a change shows at once.

The view owns plain objects (no Qt, tested without a window) for what it decides: a
:class:`~ui.receive.scroll.ScrollAnchor` (following the newest rows or held, "N new"), a
:class:`~ui.receive.selection.Selection` and a :class:`~ui.receive.find.FindState`; it turns scroll bar, mouse
and key events into their calls and paints what they say (``ui.receive.paint``).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QStyle, QToolButton, QWidget

from app.core.codec import format_hex
from app.core.records import RecordStore
from app.view.layout import K_CONT, K_NOTICE, K_SUMMARY, Layout, ViewFilter
from app.view.render import TEXT_LINE_CHARS, Labels, ViewOptions
from app.view.search import Finder, Match, Query
from ui.receive.find import FindState
from ui.receive.paint import Highlights, highlights, paint_rows, row_formats
from ui.receive.scroll import (
    FLOOD_TAIL_BYTES,
    LEAD_RECORDS,
    SLICE_GAP_MS,
    SLICE_S,
    RowList,
    ScrollAnchor,
    provisional_layout,
    rows_to_come,
)
from ui.receive.selection import Selection
from ui.texts import decode_words, notice_text

#: More new bytes than this between two updates is a flood: the view then paints a provisional tail of
#: the newest FLOOD_TAIL_BYTES while the layout catches up in slices.
FLOOD_BYTES = 128 * 1024
FLOOD_HZ = 10

__all__ = ["FLOOD_BYTES", "FLOOD_HZ", "FLOOD_TAIL_BYTES", "LEAD_RECORDS", "SLICE_GAP_MS", "SLICE_S", "ReceiveView",
           "RowList"]


class ReceiveView(QAbstractScrollArea):
    """Every retained record in the current mode; ``toPlainText()`` renders all of it, ``visibleText()``
    what is painted now."""

    #: What is shown, laid out (the name hides QWidget.layout(), which a view never has).
    # The attribute replaces the method QWidget.layout() (a widget's QLayout; a scroll area's viewport never
    # gets one), so mypy sees an attribute of another type over a method: the rename would touch every caller.
    layout: Layout  # type: ignore[assignment]
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
                             not_decoded=self.tr("not decoded: longer than %1 bytes"),
                             decode_words=decode_words())
        self.wrap = True
        self.auto_scroll = True
        self.hidden_display = False
        self._formats = row_formats(self.palette())
        self._cols = self._wrap_cols()
        self.layout = self._new_layout()
        #: Following the newest rows or held on a record (and the "N new" count).
        self.anchor = ScrollAnchor()
        self.selection = Selection()
        self.find_state = FindState()
        self._provisional: tuple[Layout, int] | None = None  # a small layout painted meanwhile, its top row
        self._seen_tail = store.tail
        self._flooding = False
        self._setting_bar = False
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

    @property
    def finder(self) -> Finder | None:
        """The search running (``find_state``'s), if any."""
        return self.find_state.finder

    @property
    def current_match(self) -> int:
        """The index of the current find match, -1: none."""
        return self.find_state.index
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
        # the width as if the vertical scroll bar were shown, whether it is or not: it comes and goes as the
        # estimate of the rows still to lay out changes, and columns that followed it would lay the store out
        # again each time, which could show or hide it again (a filter over a large history never finished)
        bar = self.verticalScrollBar()
        width = self.contentsRect().width() - 8 - self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)
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
        if not on and self.anchor.following:
            items = self.layout.items
            self.anchor.leave(self.store.tail)
            self.anchor.hold_row(items, max(0, items.total_rows - self._page()), self.store.head)
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
        top_item = self._top_item()[0] if not self.anchor.following and len(old.items) else 0
        self.anchor.relaid(old.items, old.store.head, top_item)  # (found in the new layout once it gets there)
        self.layout = self._new_layout()
        self.selection.clear()
        self._provisional = None
        if self.find_state.finder is not None:
            self.find_state.restart(self.layout, self._find_start())
            self._search_slice()
        self.update_from_store()

    def reset(self) -> None:
        """The store was cleared."""
        self.anchor.follow()
        self.relayout()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.wrap:
            if len(self.layout.items) < 20_000:  # cheap to lay out again at once
                self._width_changed()
            else:  # wait until the user stops dragging
                self._resized.start()
        self._refresh()

    # ================================================================= laying out what arrives
    def update_from_store(self, complete: bool = False) -> None:
        """Lay out what arrived (the bridge's tick) and repaint; ``complete`` finishes the layout now."""
        if self.hidden_display:
            self.viewport().update()
            return
        arrived = 0
        store = self.store
        if store.tail > self._seen_tail:
            for pos in range(max(self._seen_tail, store.head, store.tail - 64), store.tail):
                arrived += store.size_at(pos)
        self._seen_tail = store.tail
        if arrived > FLOOD_BYTES and not complete:
            # a flood: reading it comes first. The layout waits until it is over (what it does not reach in
            # time leaves the store before it is laid out); the tail is painted provisionally meanwhile.
            self._flooding = True
            self._settle.start()
            self._work.stop()
        elif not self._flooding or complete:
            self.layout.advance(None if complete else time.perf_counter() + SLICE_S)
            if not self.layout.done and not self._work.isActive():
                self._work.start(SLICE_GAP_MS)
        if self.find_state.extend() and not self._searching.isActive():
            self._searching.start(0)
        self._schedule_idle()
        self._refresh()

    def flush(self) -> None:
        """Lay out and show everything now (tests, screenshots)."""
        self._flooding = False
        self._resized.stop()
        if self.wrap and self._wrap_cols() != self._cols:
            self._width_changed()
        self.update_from_store(complete=True)
        self.layout.expire(time.time_ns() // 1_000_000)
        self._refresh()

    def _continue(self) -> None:
        started = time.perf_counter()
        self.layout.advance(started + SLICE_S)
        if not self.layout.done:
            took = (time.perf_counter() - started) * 1000
            self._work.start(int(max(SLICE_GAP_MS, took)))
        if self.find_state.extend() and not self._searching.isActive():
            self._searching.start(SLICE_GAP_MS)
        self._refresh()

    def _settled(self) -> None:
        self._flooding = False
        if not self.layout.done and not self._work.isActive():
            self._work.start(SLICE_GAP_MS)
        self._refresh()

    def _schedule_idle(self) -> None:
        due = self.layout.next_deadline()
        if due is not None:
            wait = max(1, due - time.time_ns() // 1_000_000)
            if not self._idle.isActive() or self._idle.remainingTime() > wait:
                self._idle.start(int(wait))

    def _idle_due(self) -> None:
        self.layout.expire(time.time_ns() // 1_000_000)
        self._schedule_idle()
        self._refresh()

    # ================================================================= the rows on screen, the bar
    def _page(self) -> int:
        return max(1, self.viewport().height() // self._line_height())

    def _line_height(self) -> int:
        return self.fontMetrics().lineSpacing()

    def _total(self) -> int:
        """Rows in the scroll bar: those laid out, and an estimate of the rest while the pass runs."""
        return self.layout.items.total_rows + self._rows_to_come()[0]

    def _rows_to_come(self) -> tuple[int, float]:
        return rows_to_come(self.layout, self.store, self.options, self._cols)

    def _exact(self) -> bool:
        """Whether the main layout has the rows on screen."""
        return self.anchor.exact(self.layout, self._flooding)

    def _top_item(self) -> tuple[int, int]:
        return self.anchor.top(self.layout.items, self._exact())

    def _rows_on_screen(self) -> tuple[RowList, int, Layout]:
        """The rows to paint, the row number of the first, and the layout they come from."""
        page = self._page() + 1
        if self.hidden_display:
            return [], 0, self.layout
        if self._exact():
            self._provisional = None
            top = self.anchor.top_row(self.layout.items, True, self._page())
            return self.layout.rows(top, page), top, self.layout
        local = self._provisional_layout()
        items = local.items
        if self.anchor.following:
            at = max(0, items.total_rows - self._page())
        else:
            at = items.row_of(items.item_at(self.anchor.pos))
        return local.rows(at, page), at, local

    def _provisional_layout(self) -> Layout:
        if self._provisional is not None and self._provisional[1] == self.store.tail:
            return self._provisional[0]
        local = provisional_layout(self.store, self.options, self.labels, self._cols, self.filter, self.anchor,
                                   self._page())
        self._provisional = (local, self.store.tail)
        return local

    def _refresh(self) -> None:
        bar = self.verticalScrollBar()
        page = self._page()
        total = self._total()
        self._setting_bar = True
        try:
            bar.setRange(0, max(0, total - page))
            bar.setPageStep(page)
            bar.setSingleStep(1)
            if self.anchor.following:
                bar.setValue(bar.maximum())
            elif bar.isSliderDown():
                pass  # the user holds the handle: it stays under the mouse (ticks and slices go on meanwhile)
            elif self._exact():
                item, k = self._top_item()
                bar.setValue(self.layout.items.row_of(item) + k)
            else:
                per = self._rows_to_come()[1]
                bar.setValue(self.layout.items.total_rows + int((self.anchor.pos - self.layout.next) * per))
        finally:
            self._setting_bar = False
        new = self.anchor.new_records(self.store.tail)  # records that arrived since the user scrolled away
        if new > 0:
            self.jump.setText(self._new_records_text(new))
            self.jump.adjustSize()
            self.jump.move(self.viewport().width() - self.jump.width() - 8,
                           self.viewport().height() - self.jump.height() - 8)
            self.jump.show()
        else:
            self.jump.hide()
        if self._flooding:  # the newest bytes fly by anyway: repaint them at most FLOOD_HZ times a second
            if not self._flood_paint.isActive():
                self._flood_paint.start()
        else:
            self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """A scroll bar's value changed. QAbstractScrollArea repaints the whole viewport for it, and while the
        view follows a flood the vertical bar moves on every tick (up to 30 a second): those repaints wait for
        the flood's own, at most FLOOD_HZ a second. (A move by the user repaints at once: ``_bar_moved``.)"""
        if self._flooding:
            if not self._flood_paint.isActive():
                self._flood_paint.start()
        else:
            self.viewport().update()

    def _bar_moved(self, value: int) -> None:
        if self._setting_bar:
            return
        bar = self.verticalScrollBar()
        if value >= bar.maximum() and self.auto_scroll:
            self.anchor.follow()
            self.jump.hide()
            self.viewport().update()
            return
        self.anchor.leave(self.store.tail)
        self._anchor_to(value)
        self.viewport().update()

    def _bar_pressed(self) -> None:
        """The user took hold of the scroll bar: following the tail stops at once, so the ticks and layout
        slices that come during the drag cannot pull the view back to the end."""
        if self.anchor.following:
            self.anchor.leave(self.store.tail)
            self._anchor_to(self.verticalScrollBar().value())

    def _bar_released(self) -> None:
        """Let go at the bottom: follow the tail again."""
        bar = self.verticalScrollBar()
        if bar.value() >= bar.maximum() and self.auto_scroll:
            self.anchor.follow()
        self._refresh()

    def _anchor_to(self, value: int) -> None:
        """Stay on the item at scroll bar row ``value`` (beyond the rows laid out: a record by proportion)."""
        items = self.layout.items
        if value < items.total_rows:
            self.anchor.hold_row(items, value, self.store.head)
        else:
            per = self._rows_to_come()[1]
            self.anchor.hold_record(max(self.store.head, min(self.store.tail - 1,
                                                             self.layout.next + int((value - items.total_rows) / per))))
        self._provisional = None

    def scroll_to_row(self, row: int) -> None:
        """Put ``row`` of the layout on screen (scrolling only if it is not)."""
        items = self.layout.items
        top = self.anchor.top_row(items, self._exact(), self._page())
        if top <= row < top + self._page() - 1:
            return
        self.anchor.leave(self.store.tail)
        self.anchor.hold_row(items, max(0, row - self._page() // 3), self.store.head)
        self._refresh()

    def scroll_to_end(self) -> None:
        self.anchor.follow()
        self._refresh()

    # ================================================================================ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        # what to paint is worked out before the painter exists, and the painter has ended before the scroll bar
        # is told the widest row (a range that shows or hides the bar changes the viewport's geometry: never
        # while it is being painted)
        rows, top, source = self._rows_on_screen()
        spans: Highlights = {}
        if not self.hidden_display and source is self.layout:
            field = self._field_text()
            spans = highlights(self.layout, self.selection, self.find_state, top, len(rows),
                               None if field is None or self._field is None else (self._field[1], *field))
        painter = QPainter(self.viewport())
        try:
            painter.setFont(self.font())
            if self.hidden_display:
                painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self._hidden_text())
                return
            widest = paint_rows(painter, rows, top, spans, self._formats, self.palette(),
                                4 - self.horizontalScrollBar().value(), self._line_height(),
                                self.fontMetrics().ascent(), self.viewport().width())
        finally:
            painter.end()
        if not self.wrap:
            self._widest = max(self._widest, widest)
            self._update_hbar()

    def _char_width(self) -> float:
        """One character's advance in the view's monospaced font, exactly (fractions of a pixel count)."""
        return QFontMetricsF(self.font()).horizontalAdvance("0" * 100) / 100

    def _update_hbar(self) -> None:
        bar = self.horizontalScrollBar()
        if self.wrap:
            bar.setRange(0, 0)
            return
        bar.setRange(0, max(0, self._widest + 8 - self.viewport().width()))
        bar.setPageStep(self.viewport().width())

    # ======================================================================= mouse and keys
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - (round(steps * 3) or (1 if steps > 0 else -1)))
        dx = event.angleDelta().x()
        if dx and not self.wrap:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - dx)
        event.accept()

    def _hit(self, point: QPoint) -> tuple[int, int]:
        """(item, text offset) under a point of the viewport."""
        row = self.verticalScrollBar().value() + point.y() // self._line_height()
        if self.anchor.following:
            row = max(0, self.layout.items.total_rows - self._page()) + point.y() // self._line_height()
        rows = self.layout.rows(row, 1)
        text = "".join(t for t, _ in rows[0][0]) if rows else ""
        x = point.x() - 4 + self.horizontalScrollBar().value()
        metrics = self.fontMetrics()
        col = 0
        while col < len(text) and metrics.horizontalAdvance(text[:col + 1]) <= x + 2:
            col += 1
        return self.layout.offset_at(row, col)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self._exact() or not len(self.layout.items):
            return super().mousePressEvent(event)
        self.setFocus()
        hit = self._hit(event.position().toPoint())
        self.selection.press(hit, extend=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.selection.pressed is None or not self.selection.active:
            return
        point = event.position().toPoint()
        if point.y() < 0:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - 1)
        elif point.y() > self.viewport().height():
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + 1)
        self.selection.drag(self._hit(point))
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, clicked = self.selection.release()
        if not pressed:
            return
        if clicked is not None:  # a click: expands or folds a summary line
            item = clicked[0]
            if item < self.layout.items.end and self.layout.items.meta(item) & K_SUMMARY:
                self.layout.toggle_expanded(item)
                self._refresh()
            if item < self.layout.items.end and not self.layout.items.meta(item) & K_NOTICE:
                self.messageClicked.emit(item)
        elif QGuiApplication.clipboard().supportsSelection():
            QGuiApplication.clipboard().setText(self.selectedText(), QGuiApplication.clipboard().Mode.Selection)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item, _offset = self._hit(event.position().toPoint())
        if item < self.layout.items.end:
            self.selection.set((item, 0), (item, len(self.layout.item_text(item))))
            self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.matches(QKeySequence.StandardKey.SelectAll):
            self.select_all()
        elif event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                             Qt.Key.Key_Home, Qt.Key.Key_End):
            page = self._page()
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -page, Qt.Key.Key_PageDown: page,
                    Qt.Key.Key_Home: -bar.maximum() - page, Qt.Key.Key_End: bar.maximum() + page}[Qt.Key(event.key())]
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._exact():
                self._extend_selection(step)
            elif event.key() == Qt.Key.Key_End and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.scroll_to_end()
            elif event.key() == Qt.Key.Key_Home and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                bar.setValue(0)
            else:
                bar.setValue(bar.value() + step)
        else:
            super().keyPressEvent(event)

    # ============================================================================= selection
    def _extend_selection(self, step: int) -> None:
        layout = self.layout
        items = layout.items
        if self.selection.ends is None:
            top = self.verticalScrollBar().value()
            start = layout.offset_at(top, 0)
            self.selection.set(start, start)
        assert self.selection.ends is not None
        row, col = layout.text_position(*self.selection.ends[1])
        row = min(max(0, row + step), max(0, items.total_rows - 1))
        self.selection.extend_to(layout.offset_at(row, col))
        self.scroll_to_row(row)
        self.viewport().update()

    def select_all(self) -> None:
        """Everything laid out so far (all of it unless a new layout is still being built)."""
        items = self.layout.items
        if not len(items):
            return
        last = items.end - 1
        self.selection.set((items.first, 0), (last, len(self.layout.item_text(last))))
        self.viewport().update()

    def selectedText(self) -> str:
        """The selection as shown (rows joined by line breaks, wrapped lines joined)."""
        layout = self.layout
        return self.selection.text(layout.item_text, lambda item: bool(layout.items.meta(item) & K_CONT),
                                   layout.items.first, layout.items.end)

    def selectedBytes(self) -> bytes:
        """The bytes of the messages the selection touches (notices have none)."""
        layout = self.layout
        return b"".join(layout.item_bytes(item) for item in self.selection.items(layout.items.first,
                                                                                 layout.items.end))

    def copy(self) -> None:
        text = self.selectedText()
        if text:
            QGuiApplication.clipboard().setText(text)

    def copy_hex(self) -> None:
        data = self.selectedBytes()
        if data:
            QGuiApplication.clipboard().setText(format_hex(data))

    # ==================================================================================== find
    def _find_start(self) -> int:
        """Where a search starts: at the rows on screen (from the oldest while following)."""
        return self._top_item()[0] if not self.anchor.following else self.layout.items.first

    def start_find(self, query: Query) -> None:
        """Search the whole layout for ``query``, from the rows on screen on. Raises InvalidPattern. Items
        laid out later (the pass still running, new data) are searched as they come."""
        self.find_state.start(self.layout, query, self._find_start())
        self._search_slice()

    def _search_slice(self) -> None:
        find = self.find_state
        if find.finder is None:
            return
        first = find.advance(time.perf_counter() + SLICE_S * 3)
        if first is not None:
            self._show_match(first)
        if not find.finder.done:
            self._searching.start(SLICE_GAP_MS)
        elif not self.layout.done:  # searched all laid out: complete once the layout has caught up (said then)
            self._searching.start(50)
        self.findProgress.emit(*find.progress())
        self.viewport().update()

    def find_next(self, backward: bool = False) -> bool:
        find = self.find_state
        if find.finder is None or not find.finder.matches:
            return False
        top_item = self._top_item()[0] if find.index < 0 else 0
        match = find.step(backward, top_item)
        assert match is not None
        self._show_match(match)
        self.findProgress.emit(*find.progress())
        return True

    def _show_match(self, m: Match) -> None:
        """Select match ``m`` and scroll to it."""
        self.selection.set((m.item, m.start), (m.item, m.end))
        row, _col = self.layout.text_position(m.item, m.start)
        self.scroll_to_row(row)
        self.viewport().update()

    def stop_find(self) -> None:
        self.find_state.stop()
        self._searching.stop()
        self.viewport().update()

    # ============================================================================ words shown
    # (translated here, in the class lupdate and the .ts know them by)
    def _new_records_text(self, new: int) -> str:
        """The jump button's text: ``new`` records arrived since the user scrolled away."""
        return self.tr("↓ %1 new").replace("%1", f"{new:,}")

    def _hidden_text(self) -> str:
        """What the viewport shows while the display is hidden."""
        return self.tr("Display hidden: data is still counted, kept and logged")
