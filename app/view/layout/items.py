"""The item index: a layout's items as numbers only (no text), in blocks of parallel arrays with block row
sums, so a row is found by bisection and evicted records take their items with them."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate

BLOCK = 4096
_SHIFT = 12


class _Block:
    """Up to :data:`BLOCK` items as parallel arrays, and their row counts."""

    __slots__ = ("at", "col0", "cum", "meta", "off", "pos", "rows", "size", "time", "total")

    def __init__(self, full: bool) -> None:
        self.pos = array("q")  # store position of the item's first byte's record (a notice: its record)
        self.meta = array("H")
        self.col0 = array("H")  # the column a continuing item starts at
        self.rows = array("I")
        # Frames need more: where they were completed (non-decreasing), the offset of their first byte in
        # the first record, their size and their first byte's time. A record-per-item layout reads these
        # from the store instead.
        self.at = array("q") if full else None
        self.off = array("I") if full else None
        self.size = array("Q") if full else None
        self.time = array("q") if full else None
        self.total = 0
        self.cum: list[int] | None = None  # rows before each item, within the block


class Items:
    """Items numbered from 0 for the life of a layout, in blocks; rows counted with block sums.

    ``first`` is the oldest live item (older ones were evicted with their records). With ``full`` the
    frame columns are kept (see :class:`_Block`).
    """

    def __init__(self, full: bool = False) -> None:
        self.full = full
        self._blocks: list[_Block] = []
        self._base = 0  # number of the first item of _blocks[0]
        self.first = 0
        self.end = 0  # one past the newest item
        self._dead_rows = 0  # rows of the items before `first` in the first block
        self._prefix: list[int] = [0]  # rows before each block, lazily
        self._prefix_ok = True
        #: Sizes that grew after the item was added (a transfer in a record-per-item layout).
        self.sizes: dict[int, int] = {}

    def __len__(self) -> int:
        return self.end - self.first

    def add(self, pos: int, meta: int, col0: int, rows: int) -> int:
        n = self.end
        k = (n - self._base) >> _SHIFT
        if k == len(self._blocks):
            self._blocks.append(_Block(self.full))
            self._prefix_ok = False
        b = self._blocks[k]
        b.pos.append(pos)
        b.meta.append(meta)
        b.col0.append(col0)
        b.rows.append(rows)
        b.total += rows
        self.end = n + 1
        return n

    def add_frame(self, pos: int, at: int, off: int, size: int, time_ms: int, meta: int, col0: int,
                  rows: int) -> int:
        n = self.add(pos, meta, col0, rows)
        b = self._blocks[-1]
        # (the frame arrays are there: only a full layout adds frames; its blocks have them)
        b.at.append(at)  # type: ignore[union-attr]
        b.off.append(off)  # type: ignore[union-attr]
        b.size.append(size)  # type: ignore[union-attr]
        b.time.append(time_ms)  # type: ignore[union-attr]
        return n

    def _slot(self, item: int) -> tuple[_Block, int]:
        i = item - self._base
        return self._blocks[i >> _SHIFT], i & (BLOCK - 1)

    def frame(self, item: int) -> tuple[int, int, int, int]:
        """(at, off, size, time) of a frame (``full`` only)."""
        b, j = self._slot(item)
        # (the frame arrays are there: frames are read of a full layout only)
        return b.at[j], b.off[j], b.size[j], b.time[j]  # type: ignore[index]

    def meta(self, item: int) -> int:
        b, j = self._slot(item)
        return b.meta[j]

    def col0(self, item: int) -> int:
        b, j = self._slot(item)
        return b.col0[j]

    def pos(self, item: int) -> int:
        b, j = self._slot(item)
        return b.pos[j]

    def rows(self, item: int) -> int:
        b, j = self._slot(item)
        return b.rows[j]

    def set_size(self, item: int, size: int) -> None:
        if self.full:
            b, j = self._slot(item)
            b.size[j] = size  # type: ignore[index]  # (a full layout's blocks have sizes)
        else:
            self.sizes[item] = size

    def set_meta(self, item: int, meta: int) -> None:
        b, j = self._slot(item)
        b.meta[j] = meta

    def set_rows(self, item: int, rows: int) -> None:
        b, j = self._slot(item)
        delta = rows - b.rows[j]
        b.total += delta
        b.rows[j] = rows
        b.cum = None
        self._prefix_ok = False
        if item < self.first:
            self._dead_rows += delta

    def drop_before(self, pos: int) -> None:
        """Forget the oldest items whose bytes start before store position ``pos`` (evicted)."""
        while self.first < self.end:
            b, j = self._slot(self.first)
            if b.pos[j] >= pos:
                break
            self._dead_rows += b.rows[j]
            self.first += 1
            if j == BLOCK - 1:  # the whole first block is gone
                self._blocks.pop(0)
                self._base += BLOCK
                self._dead_rows = 0
                self._prefix_ok = False

    def clear(self) -> None:
        self._blocks.clear()
        self._base = self.first = self.end
        self._dead_rows = 0
        self._prefix_ok = False
        self.sizes.clear()

    @property
    def total_rows(self) -> int:
        return sum(b.total for b in self._blocks) - self._dead_rows

    def _prefixes(self) -> list[int]:
        """Rows before each block (the last block's entry does not depend on its own growth)."""
        if not self._prefix_ok:
            self._prefix = [0, *accumulate(b.total for b in self._blocks)][:len(self._blocks)]
            self._prefix_ok = True
        return self._prefix

    def _cum(self, k: int) -> list[int]:
        """Rows before each item of block ``k``, within the block."""
        b = self._blocks[k]
        rows = b.rows
        cum = b.cum
        if cum is None:
            cum = b.cum = [0, *accumulate(rows)][:len(rows)]
        elif len(cum) < len(rows):  # the last block grew: extend
            last = cum[-1] + rows[len(cum) - 1] if cum else 0
            for i in range(len(cum), len(rows)):
                cum.append(last)
                last += rows[i]
        return cum

    def row_of(self, item: int) -> int:
        """The first row of ``item`` (rows counted from the oldest live item)."""
        item = min(max(item, self.first), self.end)
        if item == self.end:
            return self.total_rows
        i = item - self._base
        k, j = i >> _SHIFT, i & (BLOCK - 1)
        return self._prefixes()[k] + self._cum(k)[j] - self._dead_rows

    def locate(self, row: int) -> tuple[int, int]:
        """The item in which row ``row`` starts, and which of its row starts that is."""
        total = self.total_rows
        if total <= 0:
            return self.end, 0
        row = min(max(row, 0), total - 1) + self._dead_rows
        prefix = self._prefixes()
        k = bisect_right(prefix, row) - 1
        r = row - prefix[k]
        cum = self._cum(k)
        j = bisect_right(cum, r) - 1  # the last of equal values: an item with rows, not one with none
        return self._base + (k << _SHIFT) + j, r - cum[j]

    def item_at(self, pos: int) -> int:
        """The first item completed at or after store position ``pos`` (``end`` if none)."""
        for k, b in enumerate(self._blocks):
            at = b.at if b.at is not None else b.pos  # one record per item: completed where it starts
            if at and at[-1] >= pos:
                return max(self._base + (k << _SHIFT) + bisect_left(at, pos), self.first)
        return self.end
