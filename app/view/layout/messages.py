"""From messages to items: a notice, a record, a frame or a file transfer becomes one item (or, when long, a
piece per item) once the filters let it through, with its rows counted at the view's width."""

from __future__ import annotations

from collections.abc import Iterator

from app.core.records import DIRECTIONS, Address
from app.view.layout.kinds import (
    DIR_SHIFT,
    K_CONT,
    K_HEX,
    K_MORE,
    K_NOTICE,
    K_PIECE,
    K_SUMMARY,
    K_TRANSFER,
    MAX_STREAMS,
    NOTICE_CODE,
)
from app.view.layout.state import LayoutState, PeerStream
from app.view.render import RowCount, body_text, header_line, is_plain, notice_line


class MessageItems(LayoutState):
    """The items part of :class:`app.view.layout.Layout`: filters a message, decodes it, cuts it into pieces,
    counts its rows and keeps it (or, with ``keep=False``, renders it out)."""

    def _header_count(self, key: tuple[Address | None, int]) -> int:
        """Rows a header takes at this width (its time has a fixed width, so this is per stream)."""
        rc = RowCount(self.cols)
        rc.line(header_line(0, DIRECTIONS[key[1]], key[0], self.labels))
        if len(self._header_rows) >= MAX_STREAMS:  # (a cache: thousands of UDP sources that never say they left)
            self._header_rows.clear()
        self._header_rows[key] = rc.opened
        return rc.opened

    def _block_rows(self, body: str) -> int:
        """Rows of a body on rows of its own (log mode): one per line in the usual case."""
        if not body:
            return 0
        cols = self.cols
        if is_plain(body):  # every character one column: a line of n characters takes ceil(n / cols) rows
            if len(body) <= cols:
                return body.count("\n") + (0 if body[-1] == "\n" else 1)
            if "\n" not in body:  # (a long line: a decoded line at a narrow width)
                return -(-len(body) // cols)
            lines = body.split("\n")
            if not lines[-1]:  # (a line break that ends the body opens no row)
                lines.pop()
            return sum([-(-len(line) // cols) or 1 for line in lines])  # (an empty line takes a row)
        rc = RowCount(cols)
        rc.text(body)
        return rc.opened

    def _notice(self, pos: int, t: int, peer: Address | None) -> None:
        f = self.filter
        rc = self._rc
        if f.active and not self._notice_passes(pos, peer):
            return
        rc.end()
        self._row_stream = None
        before = rc.opened
        notice = self.store.record_at(pos).notice
        assert notice is not None  # (the pass calls this for notices only)
        text, _style = notice_line(t, notice, self.labels)
        rc.line(text)
        self._add(pos, pos, 0, 0, t, K_NOTICE | (NOTICE_CODE << DIR_SHIFT), 0, rc.opened - before, None)

    def _notice_passes(self, pos: int, peer: Address | None) -> bool:
        f = self.filter
        if f.direction not in ("all", "notice"):
            return False
        if f.peer is not None and peer is not None and peer != f.peer:
            return False
        if self._pattern is not None:
            rec = self.store.record_at(pos)
            assert rec.notice is not None  # (asked of notices only)
            text, _style = notice_line(rec.time_ms, rec.notice, self.labels)
            return (self._pattern.search(text) is not None) != f.invert
        return True

    def _data(self, key: tuple[Address | None, int], st: PeerStream, pos: int, at: int, off: int, size: int,
              t: int, extra: int, data: bytes | None) -> int:
        """A message: decide whether it shows, count its rows, keep (or render) it. Returns the number of its
        (first) item."""
        peer, code = key
        f = self.filter
        if data is None or len(data) != size:
            data = self.bytes_of(pos, off, size, key, bool(extra & K_TRANSFER))
        if code == 1 and size > self.summary_bytes:
            extra |= K_SUMMARY
        hexm = self.options.hex or bool(extra & K_HEX)
        cuts = [(0, size)] if extra & K_SUMMARY or size <= self._piece else self._cuts(data, hexm)
        decode = st.decoder is not None and not extra & (K_TRANSFER | K_HEX)
        texts: list[str | None] | None = None
        prefixes: list[bytes] | None = None
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
                if (self._skip is not None and not hexm and (not decode or st.clean)
                        and self._skip.drops(peer, data)):
                    if decode:
                        self._decode_stream(st, data)
                    return -1
                prefixes, texts = self._decode_cuts(st, data, cuts) if decode else ([b""] * len(cuts), None)
                if self._grep and texts is not None and not extra & K_SUMMARY:
                    hit = self._head_hit(t, code, peer, None if extra & K_TRANSFER else data)
                    if not any(self._body(x or "", extra, hit) for x in texts):  # no line of it matches
                        return -1
                else:
                    decoded = None if texts is None else "".join(x or "" for x in texts)
                    text = self._search_text(t, code, peer, data, decoded, extra, prefixes[0])
                    if (self._pattern.search(text) is not None) == f.invert:
                        return -1
                texts = texts or [None] * len(cuts)
        if (self.options.log_mode and decode and size and not hexm and not self._framing
                and len(cuts) == 1 and not extra & K_SUMMARY):
            # a read whose bytes only begin a character (the rest comes in a later read) shows no record of its
            # own: they are shown where the character completes, whose header says so
            if texts is None:
                prefixes, texts = self._decode_cuts(st, data, cuts)
            if not texts[0]:
                return -1
        pieces = self._pieces(key, st, pos, at, off, size, t, extra, cuts, data, decode, prefixes, texts)
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

    def _decode_stream(self, st: PeerStream, data: bytes) -> None:
        dec = st.decoder
        assert dec is not None
        dec.decode(data)
        st.clean = not dec.pending()

    def _decode_cuts(self, st: PeerStream, data: bytes, cuts: list[tuple[int, int]]
                     ) -> tuple[list[bytes], list[str | None]]:
        prefixes: list[bytes] = []
        texts: list[str | None] = []
        for a, n in cuts:
            prefix, text = self._decode_piece(st, data if n == len(data) else data[a:a + n])
            prefixes.append(prefix)
            texts.append(text)
        return prefixes, texts

    def _decode_piece(self, st: PeerStream, piece: bytes) -> tuple[bytes, str]:
        """The stream decoder's pending bytes before ``piece`` (its prefix), and ``piece`` decoded."""
        dec = st.decoder
        assert dec is not None
        prefix = b"" if st.clean else dec.pending()
        text = dec.decode(piece)
        st.clean = not dec.pending()
        return prefix, text

    def _pieces(self, key: tuple[Address | None, int], st: PeerStream, pos: int, at: int, off: int, size: int,
                t: int, extra: int, cuts: list[tuple[int, int]], data: bytes, decode: bool,
                prefixes: list[bytes] | None, texts: list[str | None] | None) -> Iterator[int]:
        """Count each piece's rows and keep (or render) it, yielding its item number after each."""
        code = key[1]
        opts = self.options
        rc = self._rc
        block = self._blocks or extra & (K_SUMMARY | K_TRANSFER)
        decoder = None if extra & K_TRANSFER else self._decoder
        hit = self._head_hit(t, code, key[0], None if extra & K_TRANSFER else data)
        hexm = opts.hex or bool(extra & K_HEX)
        last = len(cuts) - 1
        for k, (a, n) in enumerate(cuts):
            if texts is not None and prefixes is not None:
                prefix, text = prefixes[k], texts[k]
            elif decode:
                prefix, text = self._decode_piece(st, data if n == size else data[a:a + n])
            else:
                prefix, text = b"", None
            meta = extra | (code << DIR_SHIFT)
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
                        if prefix and not hexm:
                            rc.opened += self._carried_header_rows(key, prefix, size)
                        else:
                            rc.opened += self._header_rows.get(key) or self._header_count(key)
                if rc.is_open:
                    meta |= K_CONT
                    col0 = rc.col
                if not counting:
                    pass
                elif extra & K_SUMMARY:
                    rc.opened += 1
                elif hexm:
                    rc.hex(n)
                elif last == 0:  # the usual single piece: counted in bulk
                    rc.opened += self._block_rows(self._body(text or "", extra, hit))
                else:
                    rc.text(self._body(text or "", extra, hit))
                if k == last:
                    rc.end()
                    if decoder is not None and counting:  # (a line of its own, as rc.line counts it)
                        rc.opened += self._block_rows(self._decoded_line(decoder, data))
            else:
                if self._row_stream != key:
                    rc.end()
                    self._row_stream = key
                if rc.is_open:
                    meta |= K_CONT
                    col0 = rc.col
                if not counting:
                    pass
                elif hexm:
                    rc.hex(n)
                else:
                    rc.text(body_text(text or "", False))
            item = self._add(pos, at, off, size, t, meta, col0, rc.opened - before, prefix or None,
                             (a, n) if last else None)
            yield item

    def _cuts(self, data: bytes, hexm: bool) -> list[tuple[int, int]]:
        """Where a long message is cut into pieces: after a line break near each PIECE bytes (text), or at
        exact multiples of PIECE (hex: a multiple of 16, so rows line up)."""
        piece = self._piece
        out = []
        size = len(data)
        a = 0
        while a < size:
            b = min(size, a + piece)
            if b < size and not hexm:
                nl = data.rfind(b"\n", a + piece // 2, b)
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
