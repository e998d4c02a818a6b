"""The receive view's rows and scroll bar: which rows are on screen (from the layout, or a provisional one
until the pass reaches them), following the tail or staying on an item, and the "N new" button."""

from __future__ import annotations

import time

from app.core.records import Record, RecordStore
from app.view.layout import Layout
from app.view.render import Run
from ui.receive.updates import FLOOD_TAIL_BYTES, SLICE_S

#: Records a provisional layout starts before the rows it shows (decoders and framing find their feet).
LEAD_RECORDS = 64
RowList = list[tuple[list[Run], int]]


class RowScrolling:
    """The part of :class:`~ui.receive.view.ReceiveView` that decides which rows are on screen and keeps the
    scroll bar in step with them."""

    def _page(self) -> int:
        return max(1, self.viewport().height() // self._line_height())

    def _line_height(self) -> int:
        return self.fontMetrics().lineSpacing()

    def _total(self) -> int:
        """Rows in the scroll bar: those laid out, and an estimate of the rest while the pass runs."""
        return self.layout.items.total_rows + self._rows_to_come()[0]

    def _rows_to_come(self) -> tuple[int, float]:
        """An estimate of the rows the records not laid out yet will take, and of their rows per record.

        Counted from their bytes, not their number: right after a flood the store may hold a few reads of a
        megabyte each, which a guess per record put at two rows (no scroll bar for the ~0.2 s until the pass
        had laid some out, so a drag to the top did nothing). A header each in log mode, and the bytes at the
        rate laid out so far (before 64 KiB were: 16 a row in hex, half a row's width in text)."""
        layout, store = self.layout, self.store
        if layout.done:
            return 0, 1.0
        start = max(layout.next, store.head)
        records = store.tail - start
        if records <= 0:
            return 0, 1.0
        header = 1 if self.options.log_mode else 0
        body_rows = layout.items.total_rows - header * layout.laid_records
        if layout.laid_bytes >= 64 * 1024 and body_rows > 0:
            per_row = layout.laid_bytes / body_rows
        else:
            per_row = 16 if self.options.hex else max(16, self._cols // 2)
        rows = records * header + int(store.bytes_from(start) / max(1.0, per_row))
        return rows, max(rows / records, 1e-3)

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
            elif bar.isSliderDown():
                pass  # the user holds the handle: it stays under the mouse (ticks and slices go on meanwhile)
            elif self._exact():
                item, k = self._top_item()
                bar.setValue(self.layout.items.row_of(item) + k)
            else:
                per = self._rows_to_come()[1]
                bar.setValue(self.layout.items.total_rows + int((self._anchor_pos - self.layout.next) * per))
        finally:
            self._setting_bar = False
        new = self.store.tail - self._left_at  # records that arrived since the user scrolled away
        if not self._tail and new > 0:
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
        self._anchor_to(value)
        self.viewport().update()

    def _bar_pressed(self) -> None:
        """The user took hold of the scroll bar: following the tail stops at once, so the ticks and layout
        slices that come during the drag cannot pull the view back to the end."""
        if self._tail:
            self._left_at = self.store.tail
            self._tail = False
            self._anchor_to(self.verticalScrollBar().value())

    def _bar_released(self) -> None:
        """Let go at the bottom: follow the tail again."""
        bar = self.verticalScrollBar()
        if bar.value() >= bar.maximum() and self.auto_scroll:
            self._tail = True
        self._refresh()

    def _anchor_to(self, value: int) -> None:
        """Stay on the item at scroll bar row ``value`` (beyond the rows laid out: a record by proportion)."""
        items = self.layout.items
        if value < items.total_rows:
            self._anchor = items.locate(value)
            self._anchor_pos = items.pos(self._anchor[0]) if self._anchor[0] < items.end else self.store.head
        else:
            per = self._rows_to_come()[1]
            self._anchor_pos = max(self.store.head, min(self.store.tail - 1,
                                                        self.layout.next + int((value - items.total_rows) / per)))
            self._anchor = (0, 0)
            self._anchor_pending = True
        self._provisional = None

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
