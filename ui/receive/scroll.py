"""Where the receive view stands, as a plain object (no Qt): following the newest rows or held on a record, the
"↓ N new" count, and the record it stays on when the store is laid out again. ``ui.receive.view`` keeps the
scroll bar in step with it, as qtconsole's ``QtKillRing`` drives its ``KillRing``.

Also the estimates the view's scroll bar and provisional rows come from: the rows still to come while a pass
runs, and a small layout of the rows on screen until the pass reaches them."""

from __future__ import annotations

import time

from app.core.records import Record, RecordStore
from app.view.layout import Layout, ViewFilter
from app.view.layout.items import Items
from app.view.render import Labels, Run, ViewOptions

#: Layout work per slice, and the pause after one (the loop reads sockets in between).
SLICE_S = 0.005
SLICE_GAP_MS = 5
#: Records a provisional layout starts before the rows it shows (decoders and framing find their feet).
LEAD_RECORDS = 64
#: At most this many of the newest bytes are laid out provisionally at the tail (during a flood).
FLOOD_TAIL_BYTES = 12 * 1024
RowList = list[tuple[list[Run], int]]


class ScrollAnchor:
    """Following the tail (the newest rows at the bottom), or held: on a row of an item of the layout, and on
    that item's store position so a new layout finds it again."""

    def __init__(self) -> None:
        #: Following the newest rows.
        self.following = True
        #: (item, row start within it) at the top, when held.
        self.at: tuple[int, int] = (0, 0)
        #: The store position of that item (kept across layouts).
        self.pos = 0
        #: ``at`` is to be found from ``pos`` once the layout reaches it.
        self.pending = False
        #: The store's tail when following stopped (the "N new" count starts there).
        self.left_at = 0

    def follow(self) -> None:
        self.following = True

    def leave(self, tail: int) -> None:
        """Stop following (the store's ``tail`` now: records after it are new)."""
        if self.following:
            self.left_at = tail
        self.following = False

    def hold_row(self, items: Items, row: int, head: int) -> None:
        """Stay on the item in which ``row`` of the layout starts (``head``: the store's, if none)."""
        self.at = items.locate(row)
        self.pos = items.pos(self.at[0]) if self.at[0] < items.end else head

    def hold_record(self, pos: int) -> None:
        """Stay on the record at store position ``pos``, not laid out yet."""
        self.pos = pos
        self.at = (0, 0)
        self.pending = True

    def relaid(self, old: Items, head: int, top_item: int) -> None:
        """The store is laid out again (``old``: the items before, ``top_item`` the one at the top): stay on
        its record."""
        if not self.following and len(old):
            self.pos = old.pos(top_item) if top_item < old.end else head
        self.at = (0, 0)
        self.pending = not self.following

    def exact(self, layout: Layout, flooding: bool) -> bool:
        """Whether ``layout`` has the rows on screen (else a provisional one is shown)."""
        if self.following:
            return layout.done and not flooding
        return self.pos < layout.next or layout.done

    def top(self, items: Items, exact: bool) -> tuple[int, int]:
        """(item, row within it) at the top, when held; found from the record once ``exact``."""
        if self.pending and exact and len(items):
            self.at = (items.item_at(self.pos), 0)
            self.pending = False
        item, k = self.at
        if item < items.first:
            return items.first, 0
        return item, k

    def top_row(self, items: Items, exact: bool, page: int) -> int:
        """The row at the top of a ``page`` of rows."""
        if self.following:
            return max(0, items.total_rows - page)
        item, k = self.top(items, exact)
        return items.row_of(item) + k

    def new_records(self, tail: int) -> int:
        """Records that arrived since following stopped (0 while following)."""
        return 0 if self.following else max(0, tail - self.left_at)


def rows_to_come(layout: Layout, store: RecordStore, options: ViewOptions, cols: int) -> tuple[int, float]:
    """An estimate of the rows the records not laid out yet will take, and of their rows per record.

    Counted from their bytes, not their number: right after a flood the store may hold a few reads of a
    megabyte each, which a guess per record put at two rows (no scroll bar for the ~0.2 s until the pass
    had laid some out, so a drag to the top did nothing). A header each in log mode, and the bytes at the
    rate laid out so far (before 64 KiB were: 16 a row in hex, half a row's width in text)."""
    if layout.done:
        return 0, 1.0
    start = max(layout.next, store.head)
    records = store.tail - start
    if records <= 0:
        return 0, 1.0
    header = 1 if options.log_mode else 0
    body_rows = layout.items.total_rows - header * layout.laid_records
    if layout.laid_bytes >= 64 * 1024 and body_rows > 0:
        per_row = layout.laid_bytes / body_rows
    else:
        per_row = 16 if options.hex else max(16, cols // 2)
    rows = records * header + int(store.bytes_from(start) / max(1.0, per_row))
    return rows, max(rows / records, 1e-3)


def provisional_layout(store: RecordStore, options: ViewOptions, labels: Labels, cols: int, view_filter: ViewFilter,
                       anchor: ScrollAnchor, page: int) -> Layout:
    """A small layout of the rows a ``page`` shows, laid out at once: at the tail, the newest records (as many
    as fill the page, estimated; at most FLOOD_TAIL_BYTES of them); held, from a few records before the
    anchor's."""
    if anchor.following:
        rows_wanted = page + 2
        most = min(FLOOD_TAIL_BYTES, 2 * rows_wanted * (16 if options.hex else cols))
        if options.hex:
            return _tail_layout(store, options, labels, cols, view_filter, rows_wanted, most)[0]
        # text: first the bytes that fill the page if each shows as an escape (four columns: a binary flood);
        # if their rows fall short (plain text), again with as many as those rows say it takes. Laying out
        # `most` at once put a binary flood's tail four to eight pages deep, for each paint of the flood.
        size = min(most, rows_wanted * max(8, cols // 4))
        local, more = _tail_layout(store, options, labels, cols, view_filter, rows_wanted, size)
        rows = local.items.total_rows
        if more and rows < rows_wanted and size < most:
            size = min(most, size * rows_wanted // max(1, rows) + size // 4)
            local = _tail_layout(store, options, labels, cols, view_filter, rows_wanted, size)[0]
        return local
    start = max(store.head, anchor.pos - LEAD_RECORDS)
    local = Layout(store, options, labels, cols=cols, view_filter=view_filter, start=start)
    local.advance(time.perf_counter() + SLICE_S)
    local.advance(time.perf_counter() + SLICE_S)
    return local


def _tail_layout(store: RecordStore, options: ViewOptions, labels: Labels, cols: int, view_filter: ViewFilter,
                 rows_wanted: int, budget: int) -> tuple[Layout, bool]:
    """The newest records laid out, up to ``budget`` bytes of them (the oldest cut to what is left) or as many
    as fill ``rows_wanted`` rows, estimated; and whether older bytes were left out."""
    small = RecordStore(1 << 40)
    # bytes a row shows: 16 in hex; in text a row of the width, or a quarter of it for escaped bytes
    per_row = 16 if options.hex else max(8, cols // 4)
    header = 1 if options.log_mode else 0
    picked: list[Record] = []
    pos = store.tail - 1
    cut = False
    while pos >= store.head and budget > 0 and rows_wanted > 0:
        rec = store.record_at(pos)
        if len(rec.data) > budget:  # the oldest shown is cut to what is left of the budget
            rec = Record(rec.seq, rec.time_ms, rec.direction, rec.peer, rec.data[-budget:], rec.notice,
                         rec.flags)
            cut = True
        budget -= len(rec.data) + 16
        rows_wanted -= header + max(1, len(rec.data) // per_row)
        picked.append(rec)
        pos -= 1
    for rec in reversed(picked):
        small.append(rec)
    local = Layout(small, options, labels, cols=cols, view_filter=view_filter)
    local.advance(time.perf_counter() + SLICE_S)
    local.advance(time.perf_counter() + SLICE_S)
    return local, cut or pos >= store.head
