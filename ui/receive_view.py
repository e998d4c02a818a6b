"""The receive view: a scroll area that paints only the rows on screen, from a layout of the whole store.

``store → Layout → ReceiveView``. The scroll bar spans every row the store retains; a paint renders the
rows in sight (items cached). The layout is extended by the bridge's tick and, after an option changes,
rebuilt in slices between socket reads. Until it reaches the rows on screen (and during a flood, at the
tail) the view paints a *provisional* layout of a few records around them, so a change shows at once.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolButton, QWidget

from app.codec import format_hex
from app.layout import K_SUMMARY, Layout, ViewFilter
from app.records import Record, RecordStore
from app.render import BAD, ERROR, HEADER, NOTICE, RX, TEXT_LINE_CHARS, TX, Labels, Run, ViewOptions
from app.search import Finder, Match
from ui.texts import notice_text

#: Layout work per slice, and the pause after one (the loop reads sockets in between).
SLICE_S = 0.005
SLICE_GAP_MS = 5
#: More new bytes than this between two updates is a flood: the view then paints a provisional tail of
#: the newest FLOOD_TAIL_BYTES while the layout catches up in slices.
FLOOD_BYTES = 128 * 1024
FLOOD_TAIL_BYTES = 12 * 1024
FLOOD_HZ = 10
#: Records a provisional layout starts before the rows it shows (decoders and framing find their feet).
LEAD_RECORDS = 64
RowList = list[tuple[list[Run], int]]


def _formats(palette: QPalette) -> dict[str, QTextCharFormat]:
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    colours = {
        RX: palette.color(QPalette.ColorRole.Text),
        TX: QColor("#64b5f6" if dark else "#1565c0"),
        NOTICE: QColor("#a5d6a7" if dark else "#2e7d32"),
        HEADER: QColor("#9e9e9e" if dark else "#757575"),
        BAD: QColor("#ef9a9a" if dark else "#c62828"),
        ERROR: QColor("#ff8a80" if dark else "#c62828"),
    }
    out = {}
    for style, colour in colours.items():
        f = QTextCharFormat()
        f.setForeground(colour)
        if style in (NOTICE, ERROR):
            f.setFontItalic(style == NOTICE)
            f.setFontWeight(QFont.Weight.Bold if style == ERROR else QFont.Weight.Normal)
        if style == BAD:
            f.setBackground(QColor(colour.red(), colour.green(), colour.blue(), 40))
        out[style] = f
    return out


class ReceiveView(QAbstractScrollArea):
    """Every retained record in the current mode; ``toPlainText()`` renders all of it, ``visibleText()``
    what is painted now."""

    #: Find progressed: (index of the current match or -1, matches so far, search complete).
    findProgress = Signal(int, int, bool)

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
                             transfer=self.tr("… file, %1 bytes (click to show)"))
        self.wrap = True
        self.auto_scroll = True
        self.hidden_display = False
        self._formats = _formats(self.palette())
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
        self._selection: tuple[tuple[int, int], tuple[int, int]] | None = None  # (item, offset) ends
        self._press: tuple[int, int] | None = None
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
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.horizontalScrollBar().setRange(0, 0)
        self._widest = 0
        self._current: Match | None = None
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

    # ================================================================================ options
    def _wrap_cols(self) -> int:
        if not self.wrap:
            return TEXT_LINE_CHARS
        width = self.viewport().width() - 8
        return max(16, width // max(1, self.fontMetrics().horizontalAdvance("0")))

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
            self._formats = _formats(self.palette())
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
        self._selection = None
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

    # ================================================================================ updates
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
        if self.finder is not None:
            self.finder.extend()
            if not self._searching.isActive() and not self.finder.done:
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
        if self.finder is not None:
            self.finder.extend()
            if not self.finder.done and not self._searching.isActive():
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

    # ============================================================================ the rows
    def _page(self) -> int:
        return max(1, self.viewport().height() // self._line_height())

    def _line_height(self) -> int:
        return self.fontMetrics().lineSpacing()

    def _total(self) -> int:
        """Rows in the scroll bar: those laid out, and an estimate of the rest while the pass runs."""
        layout = self.layout
        rows = layout.items.total_rows
        if not layout.done:
            left = self.store.tail - max(layout.next, self.store.head)
            per = rows / layout.laid_records if layout.laid_records else 2.0
            rows += int(left * max(per, 1.0))
        return rows

    def _top_item(self) -> tuple[int, int]:
        items = self.layout.items
        if self._anchor_pending and self._exact() and len(items):
            self._anchor = (items.item_at(self._anchor_pos), 0)
            self._anchor_pending = False
        item, k = self._anchor
        if item < items.first:
            return items.first, 0
        return item, k

    def _exact(self) -> bool:
        """Whether the main layout has the rows on screen."""
        layout = self.layout
        if self._tail:
            return layout.done and not self._flooding
        return self._anchor_pos < layout.next or layout.done

    def _rows_on_screen(self) -> tuple[RowList, int, Layout]:
        """The rows to paint, the row number of the first, and the layout they come from."""
        page = self._page() + 1
        if self.hidden_display:
            return [], 0, self.layout
        if self._exact():
            self._provisional = None
            items = self.layout.items
            if self._tail:
                top = max(0, items.total_rows - self._page())
            else:
                item, k = self._top_item()
                top = items.row_of(item) + k
            return self.layout.rows(top, page), top, self.layout
        local = self._provisional_layout()
        items = local.items
        at = max(0, items.total_rows - self._page()) if self._tail else items.row_of(items.item_at(self._anchor_pos))
        return local.rows(at, page), at, local

    def _provisional_layout(self) -> Layout:
        if self._provisional is not None and self._provisional[1] == self.store.tail:
            return self._provisional[0]
        store = self.store
        if self._tail:
            # the newest records, as many as fill the page (estimated), at most FLOOD_TAIL_BYTES of them
            small = RecordStore(1 << 40)
            rows_wanted = self._page() + 2
            # bytes a row shows: 16 in hex; in text a row of the width, or a quarter of it for escaped bytes
            per_row = 16 if self.options.hex else max(8, self._cols // 4)
            budget = min(FLOOD_TAIL_BYTES, 2 * rows_wanted * (16 if self.options.hex else self._cols))
            header = 1 if self.options.log_mode else 0
            picked: list[Record] = []
            pos = store.tail - 1
            while pos >= store.head and budget > 0 and rows_wanted > 0:
                rec = store.record_at(pos)
                if len(rec.data) > budget:  # the oldest shown is cut to what is left of the budget
                    rec = Record(rec.seq, rec.time_ms, rec.direction, rec.peer, rec.data[-budget:], rec.notice,
                                 rec.flags)
                budget -= len(rec.data) + 16
                rows_wanted -= header + max(1, len(rec.data) // per_row)
                picked.append(rec)
                pos -= 1
            for rec in reversed(picked):
                small.append(rec)
            local = Layout(small, self.options, self.labels, cols=self._cols, view_filter=self.filter)
        else:
            start = max(store.head, self._anchor_pos - LEAD_RECORDS)
            local = Layout(store, self.options, self.labels, cols=self._cols, view_filter=self.filter,
                           start=start)
            local.advance(time.perf_counter() + SLICE_S)
        local.advance(time.perf_counter() + SLICE_S)
        self._provisional = (local, store.tail)
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
            if self._tail:
                bar.setValue(bar.maximum())
            elif self._exact():
                item, k = self._top_item()
                bar.setValue(self.layout.items.row_of(item) + k)
            else:
                done_rows = self.layout.items.total_rows
                per = done_rows / self.layout.laid_records if self.layout.laid_records else 2.0
                bar.setValue(done_rows + int((self._anchor_pos - self.layout.next) * max(per, 1.0)))
        finally:
            self._setting_bar = False
        new = self.store.tail - self._left_at  # records that arrived since the user scrolled away
        if not self._tail and new > 0:
            self.jump.setText(self.tr("↓ %1 new").replace("%1", f"{new:,}"))
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

    def _bar_moved(self, value: int) -> None:
        if self._setting_bar:
            return
        bar = self.verticalScrollBar()
        if value >= bar.maximum() and self.auto_scroll:
            self._tail = True
            self.jump.hide()
            self.viewport().update()
            return
        if self._tail:
            self._left_at = self.store.tail
        self._tail = False
        items = self.layout.items
        if value < items.total_rows:
            self._anchor = items.locate(value)
            self._anchor_pos = items.pos(self._anchor[0]) if self._anchor[0] < items.end else self.store.head
        else:  # beyond the rows laid out so far: a record by proportion
            per = items.total_rows / self.layout.laid_records if self.layout.laid_records else 2.0
            self._anchor_pos = min(self.store.tail - 1, self.layout.next + int((value - items.total_rows) / per))
            self._anchor = (0, 0)
            self._anchor_pending = True
        self._provisional = None
        self.viewport().update()

    def scroll_to_row(self, row: int) -> None:
        """Put ``row`` of the layout on screen (scrolling only if it is not)."""
        items = self.layout.items
        top = items.row_of(self._top_item()[0]) + self._top_item()[1] if not self._tail else max(
            0, items.total_rows - self._page())
        if top <= row < top + self._page() - 1:
            return
        if self._tail:
            self._left_at = self.store.tail
        self._tail = False
        self._anchor = items.locate(max(0, row - self._page() // 3))
        self._anchor_pos = items.pos(self._anchor[0])
        self._refresh()

    def scroll_to_end(self) -> None:
        self._tail = True
        self._refresh()

    # ============================================================================== painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setFont(self.font())
        metrics = self.fontMetrics()
        line = self._line_height()
        ascent = metrics.ascent()
        rows, top, source = self._rows_on_screen()
        if self.hidden_display:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("Display hidden: data is still counted, kept and logged"))
            return
        x0 = 4 - self.horizontalScrollBar().value()
        char = metrics.horizontalAdvance("0")  # a monospaced font: ASCII runs are measured by length
        spans = self._highlights(top, len(rows)) if source is self.layout else {}
        select = self.palette().color(QPalette.ColorRole.Highlight)
        match_bg = QColor("#fff176")
        current_bg = QColor("#ffb74d")
        widest = 0
        for n, (runs, _item) in enumerate(rows):
            y = n * line
            text = "".join(t for t, _ in runs)
            for a, b, kind in spans.get(top + n, ()):
                xa = x0 + metrics.horizontalAdvance(text[:a])
                xb = x0 + metrics.horizontalAdvance(text[:b]) if b >= 0 else self.viewport().width()
                colour = select if kind == "sel" else current_bg if kind == "cur" else match_bg
                painter.fillRect(QRect(xa, y, max(2, xb - xa), line), colour)
            x = x0
            for piece, style in runs:
                fmt = self._formats.get(style, self._formats[RX])
                width = len(piece) * char if piece.isascii() else metrics.horizontalAdvance(piece)
                if style == BAD:
                    painter.fillRect(QRect(x, y, width, line), fmt.background())
                painter.setPen(fmt.foreground().color())
                if style in (NOTICE, ERROR):
                    f = QFont(self.font())
                    f.setItalic(style == NOTICE)
                    f.setBold(style == ERROR)
                    painter.setFont(f)
                painter.drawText(x, y + ascent, piece.replace("\t", " "))
                if style in (NOTICE, ERROR):
                    painter.setFont(self.font())
                x += width
            widest = max(widest, x - x0)
        if not self.wrap:
            self._widest = max(self._widest, widest)
            self._update_hbar()

    def _update_hbar(self) -> None:
        bar = self.horizontalScrollBar()
        if self.wrap:
            bar.setRange(0, 0)
            return
        bar.setRange(0, max(0, self._widest + 8 - self.viewport().width()))
        bar.setPageStep(self.viewport().width())

    def _highlights(self, top: int, count: int) -> dict[int, list[tuple[int, int, str]]]:
        """Per row on screen: (from column, to column, kind) of the selection and of find matches."""
        out: dict[int, list[tuple[int, int, str]]] = {}
        bottom = top + count

        def add(start: tuple[int, int], end: tuple[int, int], kind: str) -> None:
            (r0, c0), (r1, c1) = start, end
            for r in range(max(r0, top), min(r1, bottom - 1) + 1):
                a = c0 if r == r0 else 0
                b = c1 if r == r1 else -1
                out.setdefault(r, []).append((a, b, kind))

        layout = self.layout
        if self._selection is not None:
            (ia, oa), (ib, ob) = sorted(self._selection)
            current = self._current if self.finder is not None and self.current_match >= 0 else None
            if (ia, oa) != (ib, ob) and (current is None or (ia, oa, ib, ob) != (current.item, current.start,
                                                                                 current.item, current.end)):
                add(layout.text_position(ia, oa), layout.text_position(ib, ob), "sel")
        if self.finder is not None and self.finder.matches:
            first_item = layout.items.locate(top)[0]
            last_item = layout.items.locate(bottom)[0]
            for k, m in enumerate(self._matches_between(first_item, last_item)):
                kind = "cur" if self._is_current(m) else "match"
                add(layout.text_position(m.item, m.start), layout.text_position(m.item, m.end), kind)
                if k > 500:
                    break
        return out

    def _matches_between(self, first: int, last: int) -> list[Match]:
        assert self.finder is not None
        return [m for m in self.finder.matches if first - 1 <= m.item <= last]

    def _is_current(self, m: Match) -> bool:
        f = self.finder
        return f is not None and 0 <= self.current_match < len(f.matches) and f.matches[self.current_match] == m

    # ============================================================================ interaction
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.wrap:
            if len(self.layout.items) < 20_000:  # cheap to lay out again at once
                self._width_changed()
            else:  # wait until the user stops dragging
                self._resized.start()
        self._refresh()

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
        if self._tail:
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
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._selection is not None:
            self._selection = (self._selection[0], hit)
        else:
            self._selection = (hit, hit)
        self._press = hit
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or self._selection is None:
            return
        point = event.position().toPoint()
        if point.y() < 0:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - 1)
        elif point.y() > self.viewport().height():
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + 1)
        self._selection = (self._selection[0], self._hit(point))
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        if press is None or self._selection is None:
            return
        if self._selection[0] == self._selection[1]:  # a click: expands or folds a summary line
            item = press[0]
            if item < self.layout.items.end and self.layout.items.meta(item) & K_SUMMARY:
                self.layout.toggle_expanded(item)
                self._refresh()
        elif QGuiApplication.clipboard().supportsSelection():
            QGuiApplication.clipboard().setText(self.selectedText(), QGuiApplication.clipboard().Mode.Selection)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item, _offset = self._hit(event.position().toPoint())
        if item < self.layout.items.end:
            self._selection = ((item, 0), (item, len(self.layout.item_text(item))))
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
                    Qt.Key.Key_Home: -bar.maximum() - page, Qt.Key.Key_End: bar.maximum() + page}[event.key()]
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

    def _extend_selection(self, step: int) -> None:
        layout = self.layout
        items = layout.items
        if self._selection is None:
            top = self.verticalScrollBar().value()
            start = layout.offset_at(top, 0)
            self._selection = (start, start)
        row, col = layout.text_position(*self._selection[1])
        row = min(max(0, row + step), max(0, items.total_rows - 1))
        self._selection = (self._selection[0], layout.offset_at(row, col))
        self.scroll_to_row(row)
        self.viewport().update()

    # ======================================================================= selection & copy
    def select_all(self) -> None:
        """Everything laid out so far (all of it unless a new layout is still being built)."""
        items = self.layout.items
        if not len(items):
            return
        last = items.end - 1
        self._selection = ((items.first, 0), (last, len(self.layout.item_text(last))))
        self.viewport().update()

    def selectedText(self) -> str:
        """The selection as shown (rows joined by line breaks, wrapped lines joined)."""
        if self._selection is None:
            return ""
        (ia, oa), (ib, ob) = sorted(self._selection)
        layout = self.layout
        parts: list[str] = []
        for item in range(max(ia, layout.items.first), min(ib, layout.items.end - 1) + 1):
            text = layout.item_text(item)
            a = oa if item == ia else 0
            b = ob if item == ib else len(text)
            if parts and not layout.items.meta(item) & 0x02:  # K_CONT: continues the same row
                parts.append("\n")
            parts.append(text[a:b])
        return "".join(parts)

    def selectedBytes(self) -> bytes:
        """The bytes of the messages the selection touches (notices have none)."""
        if self._selection is None:
            return b""
        (ia, _oa), (ib, _ob) = sorted(self._selection)
        layout = self.layout
        return b"".join(layout.item_bytes(item) for item in range(max(ia, layout.items.first),
                                                                   min(ib, layout.items.end - 1) + 1))

    def copy(self) -> None:
        text = self.selectedText()
        if text:
            QGuiApplication.clipboard().setText(text)

    def copy_hex(self) -> None:
        data = self.selectedBytes()
        if data:
            QGuiApplication.clipboard().setText(format_hex(data))

    # =================================================================================== find
    def start_find(self, query: object) -> None:
        """Search the whole layout for ``query`` (an app.search.Query), from the rows on screen on.
        Raises InvalidPattern. Items laid out later (the pass still running, new data) are searched as
        they come."""
        start = self._top_item()[0] if not self._tail else self.layout.items.first
        self.finder = Finder(self.layout, query, start_item=start)  # type: ignore[arg-type]
        self.current_match = -1
        self._search_slice()

    def _search_slice(self) -> None:
        finder = self.finder
        if finder is None:
            return
        done = finder.advance(time.perf_counter() + SLICE_S * 3)
        if self.current_match < 0 and finder.matches:
            self._go_to(0 if done else len(finder.matches) - 1, first=True)
        if not done:
            self._searching.start(SLICE_GAP_MS)
        elif self.current_match >= 0:
            # the list is sorted now: the current match keeps its place
            self.current_match = finder.matches.index(self._current) if self._current in finder.matches else 0
        self.findProgress.emit(self.current_match, len(finder.matches), done)
        self.viewport().update()

    def find_next(self, backward: bool = False) -> bool:
        finder = self.finder
        if finder is None or not finder.matches:
            return False
        if not finder.done:
            finder.advance()
        cur = self._current if self.current_match >= 0 else None
        if cur is None:
            item = self._top_item()[0]
            k = finder.index_before(item, 0) if backward else finder.index_after(item, -1)
        else:
            k = finder.index_before(cur.item, cur.start) if backward else finder.index_after(cur.item, cur.start)
        self._go_to(k)
        self.findProgress.emit(self.current_match, len(finder.matches), finder.done)
        return True

    def _go_to(self, k: int, first: bool = False) -> None:
        finder = self.finder
        assert finder is not None
        self.current_match = k
        m = finder.matches[k]
        self._current = m
        self._selection = ((m.item, m.start), (m.item, m.end))
        row, _col = self.layout.text_position(m.item, m.start)
        self.scroll_to_row(row)
        self.viewport().update()

    def stop_find(self) -> None:
        self.finder = None
        self.current_match = -1
        self._searching.stop()
        self.viewport().update()
