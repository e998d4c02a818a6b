"""The pass: one resumable walk over the store's records, in store order, bounded in time; it keeps per-stream
state (decoder, frame cutter, open transfer), cuts records into frames and ends idle-gap frames by time."""

from __future__ import annotations

import heapq
import itertools
import re
import time

from app.core.codec import StreamDecoder
from app.core.framing import FrameCutter
from app.core.records import DIR_MASK, FLAG_TEXT, FLAG_TRANSFER, FLAG_TRANSFER_START, Address, Chunk
from app.view.layout.kinds import (
    DIR_SHIFT,
    ENDS,
    K_CONT,
    K_EXPANDED,
    K_HEX,
    K_PARTIAL,
    K_SUMMARY,
    K_TRANSFER,
    MAX_STREAMS,
    NOTICE_CODE,
)
from app.view.layout.state import LayoutState, PeerStream
from app.view.render import body_text

#: A byte beyond ASCII.
_WIDE_BYTE = re.compile(rb"[\x80-\xff]")


class RecordsPass(LayoutState):
    """The pass of :class:`app.view.layout.Layout`: advances over the records not yet laid out (the usual data
    record inline, the rest through :meth:`_record`) and hands each message to
    :class:`~app.view.layout.messages.MessageItems`."""

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
            first = self.items.first
            for extra in (self.prefix, self.pieces):  # (keyed by item, oldest first: what was evicted goes too)
                if extra and next(iter(extra)) < first:
                    for item in [k for k in itertools.takewhile(lambda k: k < first, extra)]:
                        del extra[item]
        if self._more is not None and not self._drain(deadline):
            return False
        while self.next < store.tail:
            for c, i, end in store.chunks(self.next):
                # at most 256 records between looks at the clock: a slice ends within ~1 ms of its deadline; with a
                # decoder, whose cost grows with a message's bytes (up to a piece's), 16
                j = i
                step = 1 if c.bigs else 256 if self._decoder is None else 16  # large payloads: after each
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

    def _stream(self, key: tuple[Address | None, int]) -> PeerStream:
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
            st = self._streams[key] = PeerStream()
            if not self.options.hex or self.filter.text:
                st.decoder = StreamDecoder(self.options.encoding)
            if self._framing:
                st.cutter = FrameCutter(self.options.framing)
        return st

    def _records(self, c: Chunk, i: int, end: int) -> int:
        """Records ``i`` … ``end - 1`` of chunk ``c``: the usual ones (data, one record per item, nothing
        hidden) inline, the rest through :meth:`_record`. Returns the index after the last one laid out (it
        stops after a long message that left pieces to emit)."""
        if self._framing or self.filter.active or self._idle or not self.keep or self.binary_hex:
            if self._skip is not None and self._skip.ascii_safe and not (self._framing or self._idle
                                                                         or self.binary_hex):
                return self._records_skipping(c, i, end)
            return self._records_each(c, i, end)
        flags, peers, offs, arena, bigs = c.flags, c.peers, c.offs, c.arena, c.bigs
        streams = self._streams
        rc = self._rc
        items = self.items
        hexm = self.options.hex
        log = self.options.log_mode
        summary = self.summary_bytes
        piece = self._piece
        header_rows = self._header_rows
        block_rows = self._block_rows
        decoder = self._decoder  # (each message then on rows of its own, its decoded line under it)
        line = self._decoded_line
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
            elif hexm and decoder is None:  # hex counts rows from the size alone
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
            if size > piece or (f == 1 and size > summary):  # in pieces, or summarised
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
                    assert dec is not None  # (text views decode: _stream made it)
                    if not st.clean:
                        prefix = dec.pending()
                    decoded = dec.decode(data)
                    st.clean = not dec.pending()
            if log:
                if not decoded and size and not hexm:  # only the start of a character: shown where it completes
                    continue
                rc.is_open = False
                rc.col = 0
                self._row_stream = None
                hr = header_rows.get(key) if prefix is None else self._carried_header_rows(key, prefix, size)
                if hr is None:
                    hr = self._header_count(key)
                rows = hr + (-(-size // 16) if hexm else block_rows(body_text(decoded, True)))
                if decoder is not None:
                    rows += block_rows(line(decoder, data))
                item = items.add(start + j, f << DIR_SHIFT, 0, rows)
            elif decoder is not None:  # a block of its own, without a header
                rc.is_open = False
                rc.col = 0
                self._row_stream = None
                rows = (-(-size // 16) if hexm else block_rows(body_text(decoded, False))) + block_rows(
                    line(decoder, data))
                item = items.add(start + j, f << DIR_SHIFT, 0, rows)
            else:
                if self._row_stream != key:
                    rc.is_open = False
                    rc.col = 0
                    self._row_stream = key
                meta = f << DIR_SHIFT
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

    def _records_each(self, c: Chunk, i: int, end: int) -> int:
        """Records ``i`` … ``end - 1`` of chunk ``c``, each through :meth:`_record`; stops after a long message
        that left pieces to emit. Returns the index after the last one laid out."""
        for j in range(i, end):
            self._record(c, j, c.start + j)
            if self._more is not None:
                return j + 1
        return end

    def _records_skipping(self, c: Chunk, i: int, end: int) -> int:
        """Records ``i`` … ``end - 1`` of chunk ``c`` under a text filter whose bytes can tell (see
        :class:`app.view.prefilter.FilterSkip`): one search of the records' bytes together finds those that may
        match, which go through :meth:`_record` as before; the rest are dropped here without being decoded or
        rendered, as :meth:`_data` would drop them. Returns the index after the last one laid out."""
        skip = self._skip
        assert skip is not None  # (called only with a skip)
        offs, arena, flags, peers, bigs = c.offs, c.arena, c.flags, c.peers, c.bigs
        lo, hi = offs[i], offs[end]
        if _WIDE_BYTE.search(arena, lo, hi) is not None:  # a character beyond ASCII: the decoders must see it
            return self._records_each(c, i, end)
        maybe = skip.candidates(arena, offs, i, end)
        streams = self._streams
        log = skip.log_mode
        head_clear = skip.head_clear
        start = c.start
        dropped = 0
        dropped_bytes = 0
        for j in range(i, end):
            f = flags[j]
            peer = peers[j]
            if not (f > 1 or j in maybe or (bigs and j in bigs) or (log and not head_clear(peer))):
                st = streams.get((peer, f))
                if st is None or st.clean:  # (a character begun before is decoded as before, below)
                    if st is not None and f == 1:
                        st.transfer = -1  # (as _record does: a message sent ends an open transfer)
                    dropped += 1
                    dropped_bytes += offs[j + 1] - offs[j]
                    continue
            self._record(c, j, start + j)
            if self._more is not None:  # (a long message left pieces: they come before the next record's)
                self.laid_records += dropped
                self.laid_bytes += dropped_bytes
                return j + 1
        self.laid_records += dropped
        self.laid_bytes += dropped_bytes
        return end

    def _record(self, c: Chunk, j: int, pos: int) -> None:
        flags = c.flags[j]
        code = flags & DIR_MASK
        t = c.times[j]
        if self._idle and self._idle[0][0] < t:
            self._expire(t, pos - 1)
        peer = c.peers[j]
        if code == NOTICE_CODE:
            notice = c.notices.get(j)
            if self._framing and notice is not None and notice.kind in ENDS:
                self._flush_frames(None if notice.kind == "closed" else peer, pos)
            self._notice(pos, t, peer)
            if notice is not None and notice.kind == "peer-disconnected":
                self._forget(peer)
            return
        key = (peer, code)
        st = self._streams.get(key) or self._stream(key)
        data = c.data(j)
        size = len(data)
        # a binary message in a text view of messages: in hex (its own flag, not the view's mode)
        as_hex = K_HEX if self.binary_hex and not flags & FLAG_TEXT else 0
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
                st.transfer = self._data(key, st, pos, pos, 0, size, t, K_TRANSFER | K_SUMMARY | as_hex, data)
                return
            st.transfer = -1
        if not self._framing:
            self._defer = True
            self._data(key, st, pos, pos, 0, size, t, as_hex, data)
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

    def _emit_frame(self, key: tuple[Address | None, int], st: PeerStream, at: int, extra: int) -> None:
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
        """A peer left: its streams' state goes with it (unless a character is still incomplete), and its header
        rows (a cache: counted again if it comes back)."""
        for code in (0, 1):
            self._header_rows.pop((peer, code), None)
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
