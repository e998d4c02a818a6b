"""The receive view's document: the record store laid out as rows, built incrementally.

``store → Layout → rows``. One pass over the records (in store order) cuts them into *items* — a notice,
a record, a frame, a file transfer — decides which the filters let through, and counts the rows each
takes at the view's width. Only numbers are kept per item (where its bytes start, its size, its row
count …), in blocks of parallel arrays; the text of an item is rendered again when it is painted,
searched or saved. The pass is resumable and bounded in time, so a million records are laid out in
slices between socket reads, and records that arrive are laid out by the same pass.

The same pass, with ``keep=False``, renders instead of indexing: the text log, saved views,
``toPlainText()`` and :func:`app.render.render_text` all come from here, so every text of a session reads
the same.
"""

from __future__ import annotations

import heapq
import re
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate

from app.codec import StreamDecoder
from app.framing import FrameCutter
from app.records import (
    DIR_MASK,
    DIRECTIONS,
    FLAG_TRANSFER,
    FLAG_TRANSFER_START,
    Address,
    Chunk,
    Record,
    RecordStore,
)
from app.render import (
    BAD,
    HEADER,
    RX,
    SUMMARY_BYTES,
    SUMMARY_HEAD,
    TEXT_LINE_CHARS,
    TX,
    Labels,
    RowCount,
    Rows,
    Run,
    ViewOptions,
    body_text,
    escape,
    header_line,
    hex_text,
    is_plain,
    notice_line,
)

# Item kinds and flags, in an item's meta word.
K_NOTICE = 0x01
#: The item's first row continues the row the previous item left open (streamed text or hex).
K_CONT = 0x02
#: Shown as one summary line (a long TX message or a file transfer) unless expanded.
K_SUMMARY = 0x04
K_EXPANDED = 0x08
K_TRANSFER = 0x10
#: A frame shown incomplete because its connection ended.
K_PARTIAL = 0x20
#: A long message is laid out as pieces of at most PIECE bytes (bounded work to count or paint one item):
#: K_PIECE continues the previous item's message (no header), K_MORE goes on in the next item (its rows
#: are not ended).
K_PIECE = 0x40
K_MORE = 0x80
PIECE = 16 * 1024
#: (peer, direction) streams a pass keeps state for at most (decoders, frames in progress).
MAX_STREAMS = 8192
#: Direction code (app.records) in bits 8-9.
_DIR_SHIFT = 8
_NOTICE_CODE = 2

BLOCK = 4096
_SHIFT = 12


#: Notices after which a peer sends nothing more: its frames in progress are shown as they are.
_ENDS = frozenset(("peer-disconnected", "closed", "peer-finished", "eof"))


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """Which messages the view shows: one peer or all, a direction, and text (or a regex) they match."""

    #: ``None``: every peer. Notices without a peer (listening, closed) are always shown.
    peer: Address | None = None
    #: ``all``, ``rx``, ``tx`` or ``notice``.
    direction: str = "all"
    #: Show only messages whose text (as shown, header included) contains this, or matches it as a regex.
    text: str = ""
    regex: bool = False
    #: Show the messages that do *not* match the text instead.
    invert: bool = False

    @property
    def active(self) -> bool:
        return self.peer is not None or self.direction != "all" or bool(self.text)

    def pattern(self) -> re.Pattern[str] | None:
        """The text filter compiled (raises ``re.error`` for a bad regex)."""
        if not self.text:
            return None
        return re.compile(self.text if self.regex else re.escape(self.text))


class _Stream:
    """Per (peer, direction) state of the pass."""

    __slots__ = ("clean", "cutter", "decoder", "frame_off", "frame_pos", "frame_size", "frame_time", "transfer")

    def __init__(self) -> None:
        self.decoder: StreamDecoder | None = None
        #: No incomplete character is pending in the decoder (ASCII data can then be decoded directly).
        self.clean = True
        self.cutter: FrameCutter | None = None
        #: The frame in progress: where its bytes start, how many so far, when its first byte came.
        self.frame_pos = 0
        self.frame_off = 0
        self.frame_size = 0
        self.frame_time = 0
        #: The open transfer item (file send), if any.
        self.transfer = -1


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
            b.size[j] = size  # type: ignore[index]
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


class Layout:
    """Lays out (or, with ``keep=False``, renders) a store's records from position ``start`` on."""

    def __init__(self, store: RecordStore, options: ViewOptions | None = None, labels: Labels | None = None, *,
                 cols: int = TEXT_LINE_CHARS, view_filter: ViewFilter | None = None, start: int | None = None,
                 keep: bool = True, summary_bytes: int = SUMMARY_BYTES):
        self.store = store
        self.options = options or ViewOptions()
        self.labels = labels or Labels()
        self.cols = max(8, cols)
        self.filter = view_filter or ViewFilter()
        self.keep = keep
        self.summary_bytes = summary_bytes
        self.next = store.head if start is None else max(start, store.head)
        self._framing = self.options.framing.active
        self.items = Items(full=self._framing)
        #: Decoder states at the start of items whose stream had an incomplete character pending.
        self.prefix: dict[int, bytes] = {}
        #: Items that are pieces of a long message: (offset, size) of the piece in the message.
        self.pieces: dict[int, tuple[int, int]] = {}
        #: Rendered output (``keep=False``): runs, each closed row ending with a line break.
        self.out: list[Run] = []
        self._out_open = False
        self._streams: dict[tuple[Address | None, int], _Stream] = {}
        self._rc = RowCount(self.cols)
        self._row_stream: tuple[Address | None, int] | None = None
        self._idle: list[tuple[int, int, tuple[Address | None, int]]] = []
        self._idle_seq = 0
        self._pattern = self.filter.pattern()
        self._idle_ms = self.options.framing.idle_ms if self.options.framing.mode == "idle" else -1
        self._header_rows: dict[tuple[Address | None, int], int] = {}
        self._remainder: list[Run] = []
        self._ended_open = False
        self._cache: dict[int, Rows] = {}
        #: The rest of a long message, emitted a piece at a time between looks at the clock; ``_defer``
        #: says the message being laid out is the record's last thing to emit (so the rest may wait).
        self._more: Iterator[int] | None = None
        self._defer = False
        #: Records and bytes laid out so far (to estimate the rows still to come).
        self.laid_records = 0
        self.laid_bytes = 0

    # ================================================================================== the pass
    @property
    def done(self) -> bool:
        return self.next >= self.store.tail and self._more is None

    def advance(self, deadline: float | None = None) -> bool:
        """Lay out the records not yet laid out, until ``deadline`` (``time.perf_counter()``) if given.
        Returns whether the pass has caught up with the store."""
        store = self.store
        if self.next < store.head:  # records went before the pass reached them
            self._restart_at(store.head)
        if self.keep:
            self.items.drop_before(store.head)
        if self._more is not None and not self._drain(deadline):
            return False
        while self.next < store.tail:
            for c, i, end in store.chunks(self.next):
                # at most 256 records between looks at the clock: a slice ends within ~1 ms of its deadline
                j = i
                step = 1 if c.bigs else 256  # large payloads: look at the clock after each
                while j < end:
                    j = self._records(c, j, min(end, j + step))
                    self.next = c.start + j
                    if self._more is not None and not self._drain(deadline):
                        return False
                    if deadline is not None and time.perf_counter() > deadline:
                        return self.done
        return True

    def _drain(self, deadline: float | None) -> bool:
        """Emit the rest of a long message, a piece at a time, until ``deadline``. Returns whether it is done."""
        more = self._more
        while more is not None:
            try:
                next(more)
            except StopIteration:
                self._more = None
                return True
            if deadline is not None and time.perf_counter() > deadline:
                return False
        return True

    def _restart_at(self, pos: int) -> None:
        self.next = pos
        self._more = None
        self._streams.clear()
        self._idle.clear()
        self._rc.end()
        self._row_stream = None
        if self._out_open:
            self._close_out()

    def _stream(self, key: tuple[Address | None, int]) -> _Stream:
        st = self._streams.get(key)
        if st is None:
            if len(self._streams) >= MAX_STREAMS:  # thousands of UDP sources: forget the oldest one
                old_key = next(iter(self._streams))
                old = self._streams[old_key]
                if old.frame_size:  # its frame in progress is shown as it is
                    if old.cutter is not None:
                        old.cutter.reset()
                    self._emit_frame(old_key, old, self.next - 1, K_PARTIAL)
                del self._streams[old_key]
            st = self._streams[key] = _Stream()
            if not self.options.hex or self.filter.text:
                st.decoder = StreamDecoder(self.options.encoding)
            if self._framing:
                st.cutter = FrameCutter(self.options.framing)
        return st

    def _records(self, c: Chunk, i: int, end: int) -> int:
        """Records ``i`` … ``end - 1`` of chunk ``c``: the usual ones (data, one record per item, nothing
        hidden) inline, the rest through :meth:`_record`. Returns the index after the last one laid out (it
        stops after a long message that left pieces to emit)."""
        if self._framing or self.filter.active or self._idle or not self.keep:
            for j in range(i, end):
                self._record(c, j, c.start + j)
                if self._more is not None:
                    return j + 1
            return end
        flags, peers, offs, arena, bigs = c.flags, c.peers, c.offs, c.arena, c.bigs
        streams = self._streams
        rc = self._rc
        items = self.items
        hexm = self.options.hex
        log = self.options.log_mode
        summary = self.summary_bytes
        header_rows = self._header_rows
        block_rows = self._block_rows
        start = c.start
        laid_bytes = 0
        for j in range(i, end):
            f = flags[j]
            if f > 1:  # a notice, a transfer, an injected record
                self._record(c, j, start + j)
                continue
            if bigs and j in bigs:
                data = bigs[j]
                size = len(data)
            elif hexm:  # hex counts rows from the size alone
                data = b""
                size = offs[j + 1] - offs[j]
            else:
                data = arena[offs[j]:offs[j + 1]]
                size = len(data)
            laid_bytes += size
            key = (peers[j], f)
            st = streams.get(key) or self._stream(key)
            if f == 1:
                st.transfer = -1
            if size > PIECE or (f == 1 and size > summary):  # in pieces, or summarised
                self._defer = True
                self._data(key, st, start + j, start + j, 0, size, c.times[j], 0, c.data(j))
                self._defer = False
                if self._more is not None:
                    self.laid_records += j + 1 - i
                    self.laid_bytes += laid_bytes
                    return j + 1
                continue
            prefix = None
            if hexm:
                decoded = ""
            else:
                dec = st.decoder
                if st.clean and data.isascii():
                    decoded = data.decode("ascii")
                else:
                    if not st.clean:
                        prefix = dec.pending()  # type: ignore[union-attr]
                    decoded = dec.decode(data)  # type: ignore[union-attr]
                    st.clean = not dec.pending()  # type: ignore[union-attr]
            if log:
                rc.is_open = False
                rc.col = 0
                self._row_stream = None
                hr = header_rows.get(key)
                if hr is None:
                    hr = self._header_count(key)
                rows = hr + (-(-size // 16) if hexm else block_rows(body_text(decoded, True)))
                item = items.add(start + j, f << _DIR_SHIFT, 0, rows)
            else:
                if self._row_stream != key:
                    rc.is_open = False
                    rc.col = 0
                    self._row_stream = key
                meta = f << _DIR_SHIFT
                col0 = 0
                if rc.is_open:
                    meta |= K_CONT
                    col0 = rc.col
                before = rc.opened
                if hexm:
                    rc.hex(size)
                else:
                    rc.text(body_text(decoded, False))
                item = items.add(start + j, meta, col0, rc.opened - before)
            if prefix:
                self.prefix[item] = prefix
        self.laid_records += end - i
        self.laid_bytes += laid_bytes
        return end

    def _header_count(self, key: tuple[Address | None, int]) -> int:
        """Rows a header takes at this width (its time has a fixed width, so this is per stream)."""
        rc = RowCount(self.cols)
        rc.line(header_line(0, DIRECTIONS[key[1]], key[0], self.labels))
        self._header_rows[key] = rc.opened
        return rc.opened

    def _block_rows(self, body: str) -> int:
        """Rows of a body on rows of its own (log mode): one per line in the usual case."""
        if not body:
            return 0
        cols = self.cols
        if is_plain(body) and (len(body) <= cols or max(map(len, body.split("\n"))) <= cols):
            return body.count("\n") + (0 if body[-1] == "\n" else 1)
        rc = RowCount(cols)
        rc.text(body)
        return rc.opened

    def _record(self, c: Chunk, j: int, pos: int) -> None:
        flags = c.flags[j]
        code = flags & DIR_MASK
        t = c.times[j]
        if self._idle and self._idle[0][0] < t:
            self._expire(t, pos - 1)
        peer = c.peers[j]
        if code == _NOTICE_CODE:
            notice = c.notices.get(j)
            if self._framing and notice is not None and notice.kind in _ENDS:
                self._flush_frames(None if notice.kind == "closed" else peer, pos)
            self._notice(pos, t, peer)
            if notice is not None and notice.kind == "peer-disconnected":
                self._forget(peer)
            return
        key = (peer, code)
        st = self._streams.get(key) or self._stream(key)
        data = c.data(j)
        size = len(data)
        self.laid_records += 1
        self.laid_bytes += size
        if code == 1:
            if flags & FLAG_TRANSFER:
                if st.transfer >= 0 and not flags & FLAG_TRANSFER_START and self.keep:
                    item = st.transfer
                    if item >= self.items.first:
                        self.items.set_size(item, self.item_size(item) + size)
                        self.invalidate(item)
                        if self.items.meta(item) & K_EXPANDED:
                            self._recount(item)
                        return
                st.transfer = self._data(key, st, pos, pos, 0, size, t, K_TRANSFER | K_SUMMARY, data)
                return
            st.transfer = -1
        if not self._framing:
            self._defer = True
            self._data(key, st, pos, pos, 0, size, t, 0, data)
            self._defer = False
            return
        cutter = st.cutter
        assert cutter is not None
        start = 0
        for end in cutter.feed(data, t):
            if end == 0:
                self._emit_frame(key, st, pos - 1, 0)
                continue
            if st.frame_size == 0:  # the whole frame is in this record
                self._data(key, st, pos, pos, start, end - start, t, 0, data[start:end])
            else:
                st.frame_size += end - start
                self._emit_frame(key, st, pos, 0)
            start = end
        if start < len(data):
            if st.frame_size == 0:
                st.frame_pos, st.frame_off, st.frame_time = pos, start, t
            st.frame_size += len(data) - start
            if self._idle_ms >= 0:
                self._idle_seq += 1
                heapq.heappush(self._idle, (t + self._idle_ms, self._idle_seq, key))

    def _emit_frame(self, key: tuple[Address | None, int], st: _Stream, at: int, extra: int) -> None:
        size = st.frame_size
        st.frame_size = 0
        if size:
            self._data(key, st, st.frame_pos, max(at, st.frame_pos), st.frame_off, size, st.frame_time, extra, None)

    def _expire(self, now_ms: int, at: int) -> None:
        """Idle-gap framing: end the frames whose stream has been quiet for longer than the gap."""
        idle = self._idle
        while idle and idle[0][0] < now_ms:
            _deadline, _n, key = heapq.heappop(idle)
            st = self._streams.get(key)
            if st is None or not st.frame_size or st.cutter is None:
                continue
            last = st.cutter.last_ms
            if last is not None and now_ms - last > self._idle_ms:
                st.cutter.reset()
                self._emit_frame(key, st, at, 0)

    def expire(self, now_ms: int) -> None:
        """End idle-gap frames by time, now (the view calls this when :meth:`next_deadline` passes)."""
        if self._idle and self.done and self._more is None:
            self._expire(now_ms, self.next - 1)

    def next_deadline(self) -> int | None:
        """When (ms since the epoch) an idle-gap frame is due to end, if one is pending."""
        return self._idle[0][0] + 1 if self._idle else None

    def _forget(self, peer: Address | None) -> None:
        """A peer left: its streams' state goes with it (unless a character is still incomplete)."""
        for code in (0, 1):
            st = self._streams.get((peer, code))
            if st is not None and st.clean and not st.frame_size:
                del self._streams[(peer, code)]

    def _flush_frames(self, peer: Address | None, pos: int) -> None:
        """A connection ended: its frames in progress are shown as they are."""
        for (p, code), st in list(self._streams.items()):
            if (peer is None or p == peer) and st.frame_size:
                if st.cutter is not None:
                    st.cutter.reset()
                self._emit_frame((p, code), st, pos, K_PARTIAL)

    # ================================================================================ items
    def _notice(self, pos: int, t: int, peer: Address | None) -> None:
        f = self.filter
        rc = self._rc
        if f.active and not self._notice_passes(pos, peer):
            return
        rc.end()
        self._row_stream = None
        before = rc.opened
        text, _style = notice_line(t, self.store.record_at(pos).notice, self.labels)  # type: ignore[arg-type]
        rc.line(text)
        self._add(pos, pos, 0, 0, t, K_NOTICE | (_NOTICE_CODE << _DIR_SHIFT), 0, rc.opened - before, None)

    def _notice_passes(self, pos: int, peer: Address | None) -> bool:
        f = self.filter
        if f.direction not in ("all", "notice"):
            return False
        if f.peer is not None and peer is not None and peer != f.peer:
            return False
        if self._pattern is not None:
            rec = self.store.record_at(pos)
            text, _style = notice_line(rec.time_ms, rec.notice, self.labels)  # type: ignore[arg-type]
            return (self._pattern.search(text) is not None) != f.invert
        return True

    def _data(self, key: tuple[Address | None, int], st: _Stream, pos: int, at: int, off: int, size: int,
              t: int, extra: int, data: bytes | None) -> int:
        """A message: decide whether it shows, count its rows, keep (or render) it. Returns the number of its
        (first) item."""
        peer, code = key
        f = self.filter
        if data is None or len(data) != size:
            data = self.bytes_of(pos, off, size, key, bool(extra & K_TRANSFER))
        if code == 1 and size > self.summary_bytes:
            extra |= K_SUMMARY
        cuts = [(0, size)] if extra & K_SUMMARY or size <= PIECE else self._cuts(data)
        decode = st.decoder is not None and not extra & K_TRANSFER
        texts: list[str | None] | None = None
        if f.active:
            if f.direction != "all" and f.direction != ("rx" if code == 0 else "tx"):
                if decode:
                    self._decode_stream(st, data)  # hidden, but the stream's decoder sees every byte
                return -1
            if f.peer is not None and peer != f.peer:
                if decode:
                    self._decode_stream(st, data)
                return -1
            if self._pattern is not None:
                prefixes, texts = self._decode_cuts(st, data, cuts) if decode else ([b""] * len(cuts), None)
                decoded = None if texts is None else "".join(x or "" for x in texts)
                text = self._search_text(t, code, peer, data, decoded, extra)
                if (self._pattern.search(text) is not None) == f.invert:
                    return -1
                texts = texts or [None] * len(cuts)
                pieces = self._pieces(key, st, pos, at, off, size, t, extra, cuts, data, decode, prefixes, texts)
                return self._start_pieces(pieces, len(cuts))
        pieces = self._pieces(key, st, pos, at, off, size, t, extra, cuts, data, decode, None, None)
        return self._start_pieces(pieces, len(cuts))

    def _start_pieces(self, pieces: Iterator[int], count: int) -> int:
        """Emit the first piece now; a long record's message leaves the rest for :meth:`_drain` (bounded
        slices). Where more may follow in the same step (frames, flushes) it is emitted whole at once."""
        first = next(pieces)
        if count > 1:
            if self._defer and self._more is None:
                self._more = pieces
            else:
                for _ in pieces:
                    pass
        return first

    def _decode_stream(self, st: _Stream, data: bytes) -> None:
        dec = st.decoder
        assert dec is not None
        dec.decode(data)
        st.clean = not dec.pending()

    def _decode_cuts(self, st: _Stream, data: bytes, cuts: list[tuple[int, int]]
                     ) -> tuple[list[bytes], list[str | None]]:
        prefixes: list[bytes] = []
        texts: list[str | None] = []
        for a, n in cuts:
            prefix, text = self._decode_piece(st, data if n == len(data) else data[a:a + n])
            prefixes.append(prefix)
            texts.append(text)
        return prefixes, texts

    def _decode_piece(self, st: _Stream, piece: bytes) -> tuple[bytes, str]:
        """The stream decoder's pending bytes before ``piece`` (its prefix), and ``piece`` decoded."""
        dec = st.decoder
        assert dec is not None
        prefix = b"" if st.clean else dec.pending()
        text = dec.decode(piece)
        st.clean = not dec.pending()
        return prefix, text

    def _pieces(self, key: tuple[Address | None, int], st: _Stream, pos: int, at: int, off: int, size: int,
                t: int, extra: int, cuts: list[tuple[int, int]], data: bytes, decode: bool,
                prefixes: list[bytes] | None, texts: list[str | None] | None) -> Iterator[int]:
        """Count each piece's rows and keep (or render) it, yielding its item number after each."""
        code = key[1]
        opts = self.options
        rc = self._rc
        block = opts.log_mode or self._framing or extra & (K_SUMMARY | K_TRANSFER)
        last = len(cuts) - 1
        for k, (a, n) in enumerate(cuts):
            if texts is not None and prefixes is not None:
                prefix, text = prefixes[k], texts[k]
            elif decode:
                prefix, text = self._decode_piece(st, data if n == size else data[a:a + n])
            else:
                prefix, text = b"", None
            meta = extra | (code << _DIR_SHIFT)
            if k:
                meta |= K_PIECE
            if k < last:
                meta |= K_MORE
            before = rc.opened
            col0 = 0
            counting = self.keep  # rendering out keeps the row state from the rows themselves
            if block:
                if not k:
                    rc.end()
                    self._row_stream = None
                    if opts.log_mode and counting:
                        rc.opened += self._header_rows.get(key) or self._header_count(key)
                if rc.is_open:
                    meta |= K_CONT
                    col0 = rc.col
                if not counting:
                    pass
                elif extra & K_SUMMARY:
                    rc.opened += 1
                elif opts.hex:
                    rc.hex(n)
                elif last == 0:  # the usual single piece: counted in bulk
                    rc.opened += self._block_rows(body_text(text or "", opts.log_mode))
                else:
                    rc.text(body_text(text or "", opts.log_mode))
                if k == last:
                    rc.end()
            else:
                if self._row_stream != key:
                    rc.end()
                    self._row_stream = key
                if rc.is_open:
                    meta |= K_CONT
                    col0 = rc.col
                if not counting:
                    pass
                elif opts.hex:
                    rc.hex(n)
                else:
                    rc.text(body_text(text or "", False))
            item = self._add(pos, at, off, size, t, meta, col0, rc.opened - before, prefix or None,
                             (a, n) if last else None)
            yield item

    def _cuts(self, data: bytes) -> list[tuple[int, int]]:
        """Where a long message is cut into pieces: after a line break near each PIECE bytes (text), or at
        exact multiples of PIECE (hex: a multiple of 16, so rows line up)."""
        out = []
        size = len(data)
        a = 0
        while a < size:
            b = min(size, a + PIECE)
            if b < size and not self.options.hex:
                nl = data.rfind(b"\n", a + PIECE // 2, b)
                if nl >= 0:
                    b = nl + 1
            out.append((a, b - a))
            a = b
        return out

    def _add(self, pos: int, at: int, off: int, size: int, t: int, meta: int, col0: int, rows: int,
             prefix: bytes | None, piece: tuple[int, int] | None = None) -> int:
        if not self.keep:
            self._render_out(pos, off, size, t, meta, col0, prefix, piece)
            return -1
        if self.items.full:
            item = self.items.add_frame(pos, at, off, size, t, meta, col0, rows)
        else:
            item = self.items.add(pos, meta, col0, rows)
        if prefix:
            self.prefix[item] = prefix
        if piece is not None:
            self.pieces[item] = piece
        return item

    # ======================================================================= reading bytes back
    def item_fields(self, item: int) -> tuple[int, int, int, int, int, int]:
        """(pos, off, size, time, meta, col0) of an item."""
        items = self.items
        pos, meta, col0 = items.pos(item), items.meta(item), items.col0(item)
        if items.full:
            _at, off, size, t = items.frame(item)
            return pos, off, size, t, meta, col0
        if pos < self.store.head:
            return pos, 0, 0, 0, meta, col0
        c, j = self.store.locate(pos)
        size = items.sizes.get(item)
        return pos, 0, c.size_of(j) if size is None else size, c.times[j], meta, col0

    def item_size(self, item: int) -> int:
        return self.item_fields(item)[2]

    def bytes_of(self, pos: int, off: int, size: int, key: tuple[Address | None, int], transfer: bool = False) -> bytes:
        """An item's bytes: ``size`` bytes of the stream ``key`` starting at ``off`` in the record at ``pos``.
        Bytes already evicted are left out."""
        store = self.store
        if pos >= store.head:
            c, j = store.locate(pos)
            if off == 0 and c.size_of(j) == size:
                return c.data(j)
        peer, code = key
        parts: list[bytes] = []
        need = size
        first = True
        for c, i, end in store.chunks(pos):
            for j in range(i, end):
                fl = c.flags[j]
                if (fl & DIR_MASK) != code or c.peers[j] != peer or (transfer and not fl & FLAG_TRANSFER):
                    continue
                data = c.data(j)
                if first and c.start + j == pos:
                    data = data[off:]
                first = False
                parts.append(data[:need])
                need -= len(parts[-1])
                if need <= 0:
                    return b"".join(parts)
        return b"".join(parts)

    def item_bytes(self, item: int) -> bytes:
        """The bytes an item shows (a piece of a long message: that piece)."""
        pos, off, size, _t, meta, _col0 = self.item_fields(item)
        if meta & K_NOTICE:
            return b""
        data = self.bytes_of(pos, off, size, (self._peer(pos), (meta >> _DIR_SHIFT) & 3), bool(meta & K_TRANSFER))
        piece = self.pieces.get(item)
        return data[piece[0]:piece[0] + piece[1]] if piece else data

    def streams(self) -> list[tuple[Address | None, int]]:
        """The (peer, direction code) streams seen so far."""
        return list(self._streams)

    def text_position(self, item: int, offset: int) -> tuple[int, int]:
        """Where character ``offset`` of ``item``'s text (see :meth:`item_text`) is painted: (row, column),
        the column counted in characters of that row's text. An offset past the item's text runs on into
        the items that continue it."""
        items = self.items
        while True:
            r = self.cached(item)
            first_row = items.row_of(item) - (1 if r.continues else 0)
            col0 = self._row_prefix_len(item) if r.continues else 0
            t = 0
            for k, row in enumerate(r.rows):
                if k:
                    t += len(r.joins[k])
                length = sum(len(x) for x, _ in row)
                if offset <= t + length and (offset < t + length or k == len(r.rows) - 1
                                             or r.joins[k + 1] == "\n"):
                    return first_row + k, (col0 if k == 0 else 0) + max(0, offset - t)
                t += length
            nxt = item + 1
            if nxt >= items.end or not items.meta(nxt) & K_CONT:
                last = len(r.rows) - 1
                return first_row + max(last, 0), (col0 if last <= 0 else 0) + (
                    sum(len(x) for x, _ in r.rows[-1]) if r.rows else 0)
            offset -= t
            item = nxt

    def offset_at(self, row: int, col: int) -> tuple[int, int]:
        """The (item, text offset) painted at ``row``, character column ``col`` (the inverse of
        :meth:`text_position`)."""
        items = self.items
        item, k = items.locate(row)
        if item >= items.end:
            return item, 0
        r = self.cached(item)
        idx = k + (1 if r.continues else 0)
        while True:
            t = 0
            for n in range(min(idx, len(r.rows))):
                if n:
                    t += len(r.joins[n])
                t += sum(len(x) for x, _ in r.rows[n])
            if idx and idx < len(r.rows):
                t += len(r.joins[idx])
            length = sum(len(x) for x, _ in r.rows[idx]) if idx < len(r.rows) else 0
            nxt = item + 1
            continued = (idx == len(r.rows) - 1 and r.is_open and nxt < items.end
                         and items.meta(nxt) & K_CONT)
            if col < length or not continued:
                return item, t + max(0, min(col, length))
            col -= length
            item, idx = nxt, 0
            r = self.cached(item)

    def _row_prefix_len(self, item: int) -> int:
        """Characters the items before ``item`` put on the row ``item`` continues."""
        total = 0
        k = item - 1
        while k >= self.items.first:
            r = self.cached(k)
            if r.rows:
                total += sum(len(x) for x, _ in r.rows[-1])
            if not (r.continues and len(r.rows) <= 1):
                break
            k -= 1
        return total

    def _peer(self, pos: int) -> Address | None:
        if pos < self.store.head:
            return None
        c, j = self.store.locate(pos)
        return c.peers[j]

    # ============================================================================== rendering
    def render_item(self, item: int) -> Rows:
        """The rows of one item, as the view paints them."""
        pos, off, size, t, meta, col0 = self.item_fields(item)
        return self._build(pos, off, size, t, meta, col0, self.prefix.get(item), self.pieces.get(item))

    def _build(self, pos: int, off: int, size: int, t: int, meta: int, col0: int, prefix: bytes | None,
               piece: tuple[int, int] | None = None) -> Rows:
        opts = self.options
        cont = bool(meta & K_CONT)
        rows = Rows(self.cols, cont, col0)
        if pos < self.store.head:  # the start of a long frame left the store before the rest of it
            off, size, pos = 0, max(0, size - self._evicted_part(pos)), self.store.head
        rec = self.store.record_at(pos)
        if meta & K_NOTICE:
            text, style = notice_line(t, rec.notice, self.labels)  # type: ignore[arg-type]
            rows.line(text, style)
            return rows
        code = (meta >> _DIR_SHIFT) & 3
        direction = DIRECTIONS[code]
        style = RX if code == 0 else TX
        data = self.bytes_of(pos, off, size, (rec.peer, code), bool(meta & K_TRANSFER))
        if piece is not None:
            data = data[piece[0]:piece[0] + piece[1]]
        block = opts.log_mode or self._framing or meta & (K_SUMMARY | K_TRANSFER)
        if block:
            if not meta & K_PIECE:
                rows.end()
                if opts.log_mode:
                    rows.line(header_line(t, direction, rec.peer, self.labels), HEADER)
            if meta & K_SUMMARY and not meta & K_EXPANDED:
                rows.single(self._summary(data, size, meta, prefix))
            elif opts.hex:
                rows.hex(data, style)
            else:
                rows.text(body_text(self._decode(data, prefix), opts.log_mode), style)
            if not meta & K_MORE:
                rows.end()
        elif opts.hex:
            rows.hex(data, style)
        else:
            rows.text(body_text(self._decode(data, prefix), False), style)
        return rows

    def item_text(self, item: int) -> str:
        """The text an item's rows show, as one string (``render_item(item).joined()``, built cheaply):
        what find searches. Rows join with a line break, or nothing where a line wrapped."""
        pos, off, size, t, meta, col0 = self.item_fields(item)
        if pos < self.store.head:
            return self.render_item(item).joined()
        if meta & K_NOTICE:
            return escape(notice_line(t, self.store.record_at(pos).notice, self.labels)[0])  # type: ignore[arg-type]
        opts = self.options
        code = (meta >> _DIR_SHIFT) & 3
        peer = self._peer(pos)
        data = self.bytes_of(pos, off, size, (peer, code), bool(meta & K_TRANSFER))
        piece = self.pieces.get(item)
        if piece is not None:
            data = data[piece[0]:piece[0] + piece[1]]
        if meta & K_SUMMARY and not meta & K_EXPANDED:
            body = "".join(t for t, _ in self._summary(data, size, meta, self.prefix.get(item)))
            shown = True
        elif opts.hex:
            body = (" " if meta & K_CONT and col0 and data else "") + hex_text(data)
            shown = bool(data)
        else:
            body = escape(body_text(self._decode(data, self.prefix.get(item)), opts.log_mode))
            shown = bool(body)
            if body.endswith("\n"):  # a line break that ends the text opens no row
                body = body[:-1]
        if opts.log_mode and not meta & K_PIECE:
            head = escape(header_line(t, DIRECTIONS[code], peer, self.labels))
            return head + "\n" + body if shown else head
        return body

    def _evicted_part(self, pos: int) -> int:
        return 0  # bytes_of() starting at the store's head leaves out what was evicted

    def _decode(self, data: bytes, prefix: bytes | None) -> str:
        return StreamDecoder(self.options.encoding).decode(prefix + data if prefix else data)

    def _summary(self, data: bytes, size: int, meta: int, prefix: bytes | None) -> list[Run]:
        head = data[:SUMMARY_HEAD]
        style = TX
        if self.options.hex:
            shown = hex_text(head)
        else:
            text = body_text(self._decode(head, prefix), False).replace("\n", "↵")
            shown = escape(text)
        words = self.labels.transfer if meta & K_TRANSFER else self.labels.summary
        return [(shown, style), (" " + words.replace("%1", f"{size:,}"), HEADER)]

    def _search_text(self, t: int, code: int, peer: Address | None, data: bytes, decoded: str | None,
                     meta: int) -> str:
        """An item's text for the text filter: header (log mode) and body, as shown."""
        opts = self.options
        head = header_line(t, DIRECTIONS[code], peer, self.labels) + "\n" if opts.log_mode else ""
        if opts.hex:
            return head + hex_text(data)
        return head + escape(body_text(decoded if decoded is not None else self._decode(data, None),
                                       opts.log_mode))

    # ======================================================================== rendering out
    def _close_out(self) -> None:
        self.out.append(("\n", self.out[-1][1] if self.out else RX))
        self._out_open = False

    def _render_out(self, pos: int, off: int, size: int, t: int, meta: int, col0: int,
                    prefix: bytes | None, piece: tuple[int, int] | None = None) -> None:
        rows = self._build(pos, off, size, t, meta, col0, prefix, piece)
        block = self.options.log_mode or self._framing or meta & (K_SUMMARY | K_TRANSFER)
        if not (meta & K_NOTICE or (block and not meta & K_MORE)):
            self._rc.is_open, self._rc.col = rows.is_open, rows.col  # what the next item may continue
        if self._out_open and not rows.continues:
            self._close_out()
        out = self.out
        last = len(rows.rows) - 1
        for k, row in enumerate(rows.rows):
            out.extend(row)
            if k < last or not rows.is_open:
                out.append(("\n", row[-1][1] if row else RX))
        self._out_open = rows.is_open and bool(rows.rows)

    def finish(self) -> None:
        """End of the records: frames in progress are shown as they are, and characters left incomplete
        at the end of a stream as escaped bytes (what ``toPlainText()`` and a closed log show)."""
        self.advance()
        self._drain(None)
        if self._idle:
            self._expire(time.time_ns() // 1_000_000, self.next - 1)
        for key, st in list(self._streams.items()):
            if st.frame_size:
                self._emit_frame(key, st, self.next - 1, 0)
        self._ended_open = self._rc.is_open if self.keep else self._out_open
        rest = "".join(st.decoder.flush() for st in self._streams.values() if st.decoder is not None)
        self._remainder = []
        if not rest:
            return
        # the rest continues the open row, if there is one, or starts a new one
        rows = Rows(self.cols, self._ended_open, self._rc.col)
        rows.text(rest, BAD)
        runs: list[Run] = []
        for k, row in enumerate(rows.rows):
            if k:
                runs.append(("\n", BAD))
            runs.extend(row)
        if not rows.is_open:
            runs.append(("\n", BAD))
        self._rc.is_open, self._rc.col = rows.is_open, rows.col
        if self.keep:
            self._remainder = runs
        else:
            self.out.extend(runs)
            self._out_open = rows.is_open

    def take(self) -> list[Run]:
        """The runs rendered since the last call (``keep=False``)."""
        out, self.out = self.out, []
        return out

    # ======================================================================= the view's reading
    def rows(self, first: int, count: int) -> list[tuple[list[Run], int]]:
        """Rows ``first`` … ``first + count - 1`` as runs, each with the item it starts in."""
        items = self.items
        out: list[tuple[list[Run], int]] = []
        if count <= 0 or items.total_rows <= 0:
            return out
        item, k = items.locate(first)
        pending: tuple[list[Run], int] | None = None  # an open row that the next item may continue
        while item < items.end:
            r = self.cached(item)
            rr = r.rows
            starts = rr[1:] if r.continues else rr
            if r.continues and rr and pending is not None:
                pending[0].extend(rr[0])
                if starts or not r.is_open:  # the continued row ends in this item
                    out.append(pending)
                    pending = None
            elif pending is not None:
                out.append(pending)
                pending = None
            if len(out) >= count:
                return out[:count]
            last = len(starts) - 1
            for idx in range(k, len(starts)):
                row = (list(starts[idx]), item)
                if idx == last and r.is_open:
                    pending = row
                else:
                    out.append(row)
                    if len(out) >= count:
                        return out
            k = 0
            item += 1
        if pending is not None:
            out.append(pending)
        return out[:count]

    def text(self) -> str:
        """Every row as plain text (``toPlainText()``): frames in progress and characters left incomplete
        at the end are shown too, as the old text views did."""
        self.finish()
        rows = self.rows(0, self.items.total_rows)
        parts = ["".join(t for t, _ in runs) for runs, _item in rows]
        text = "\n".join(parts)
        if parts and not self._ended_open:
            text += "\n"
        return text + "".join(t for t, _ in self._remainder)

    def cached(self, item: int) -> Rows:
        cache = self._cache
        r = cache.get(item)
        if r is None:
            if len(cache) > 512:
                cache.clear()
            r = cache[item] = self.render_item(item)
        return r

    def invalidate(self, item: int | None = None) -> None:
        if item is None:
            self._cache.clear()
        else:
            self._cache.pop(item, None)

    def toggle_expanded(self, item: int) -> None:
        """Show a summarised item in full, or summarise it again."""
        meta = self.items.meta(item)
        if not meta & K_SUMMARY:
            return
        self.items.set_meta(item, meta ^ K_EXPANDED)
        self.invalidate(item)
        self._recount(item)

    def _recount(self, item: int) -> None:
        r = self.cached(item)
        self.items.set_rows(item, len(r.rows) - (1 if r.continues else 0))


def plain_text(store: RecordStore, options: ViewOptions, labels: Labels | None = None,
               view_filter: ViewFilter | None = None) -> str:
    """Everything ``store`` retains as the view shows it, as plain text (lines at most TEXT_LINE_CHARS)."""
    return Layout(store, options, labels, view_filter=view_filter).text()


class Renderer:
    """Turns a stream of records into ``(text, style)`` runs, as the view shows them (the text log).

    Each closed row ends with a line break; the open row (continued by the next records) does not.
    """

    def __init__(self, options: ViewOptions, labels: Labels | None = None, cols: int = TEXT_LINE_CHARS,
                 summary_bytes: int = SUMMARY_BYTES):
        self._store = RecordStore(64 * 1024 * 1024)
        self._layout = Layout(self._store, options, labels, cols=cols, keep=False, summary_bytes=summary_bytes)

    def render(self, records: Iterable[Record]) -> list[Run]:
        for rec in records:
            self._store.append(rec)
        self._layout.advance()
        return merge_runs(self._layout.take())

    def flush(self) -> list[Run]:
        """Render what is still pending (partial frames, incomplete characters at the end) as escapes."""
        self._layout.finish()
        return merge_runs(self._layout.take())


def render_text(records: Iterable[Record], options: ViewOptions, labels: Labels | None = None) -> str:
    """All of ``records`` as the view would show them, as plain text (lines at most TEXT_LINE_CHARS)."""
    store = RecordStore(1 << 62)
    for rec in records:
        store.append(rec)
    return Layout(store, options, labels).text()


def merge_runs(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of the same style (fewer format switches)."""
    out: list[Run] = []
    parts: list[str] = []
    current = None
    for text, style in runs:
        if style != current and parts:
            out.append(("".join(parts), current))  # type: ignore[arg-type]
            parts = []
        current = style
        parts.append(text)
    if parts:
        out.append(("".join(parts), current))  # type: ignore[arg-type]
    return out
