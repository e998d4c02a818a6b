"""Rendering an item: its rows as the view paints them, and its text as find searches it."""

from __future__ import annotations

from app.core.codec import StreamDecoder
from app.core.records import DIRECTIONS, Address
from app.decode import Decoder
from app.view.layout.kinds import (
    DIR_SHIFT,
    K_CONT,
    K_EXPANDED,
    K_HEX,
    K_MORE,
    K_NOTICE,
    K_PIECE,
    K_SUMMARY,
    K_TRANSFER,
)
from app.view.layout.state import LayoutState
from app.view.render import (
    HEADER,
    RX,
    SUMMARY_HEAD,
    TX,
    RowCount,
    Rows,
    Run,
    body_text,
    decoded_line,
    decoded_runs,
    decoded_search,
    escape,
    header_line,
    hex_text,
    notice_line,
)


class ItemRendering(LayoutState):
    """The part of :class:`app.view.layout.Layout` that renders one item again from its bytes (items keep no
    text), for painting, find, the text filter and the rendered output."""

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
            assert rec.notice is not None  # (a notice item's record is a notice)
            text, style = notice_line(t, rec.notice, self.labels)
            rows.line(text, style)
            return rows
        code = (meta >> DIR_SHIFT) & 3
        style = RX if code == 0 else TX
        data = whole = self.bytes_of(pos, off, size, (rec.peer, code), bool(meta & K_TRANSFER))
        if piece is not None:
            data = data[piece[0]:piece[0] + piece[1]]
        hexm = opts.hex or meta & K_HEX
        block = self._blocks or meta & (K_SUMMARY | K_TRANSFER)
        if block:
            if not meta & K_PIECE:
                rows.end()
                if opts.log_mode:
                    rows.line(self._head(t, code, rec.peer, prefix, size), HEADER)
            if meta & K_SUMMARY and not meta & K_EXPANDED:
                rows.single(self._summary(data, size, meta, prefix))
            elif hexm:
                rows.hex(data, style)
            else:
                hit = self._head_hit(t, code, rec.peer, None if meta & K_TRANSFER else whole)
                rows.text(self._body(self._decode(data, prefix), meta, hit), style)
            if not meta & K_MORE:
                rows.end()
                if self._decoder is not None and not meta & K_TRANSFER:
                    rows.runs_line(decoded_runs(self._decoded_line(self._decoder, whole)))
        elif hexm:
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
            notice = self.store.record_at(pos).notice
            assert notice is not None  # (a notice item's record is a notice)
            return escape(notice_line(t, notice, self.labels)[0])
        opts = self.options
        code = (meta >> DIR_SHIFT) & 3
        peer = self._peer(pos)
        data = whole = self.bytes_of(pos, off, size, (peer, code), bool(meta & K_TRANSFER))
        piece = self.pieces.get(item)
        if piece is not None:
            data = data[piece[0]:piece[0] + piece[1]]
        if meta & K_SUMMARY and not meta & K_EXPANDED:
            body = "".join(t for t, _ in self._summary(data, size, meta, self.prefix.get(item)))
            shown = True
        elif opts.hex or meta & K_HEX:
            body = (" " if meta & K_CONT and col0 and data else "") + hex_text(data)
            shown = bool(data)
        else:
            hit = self._head_hit(t, code, peer, None if meta & K_TRANSFER else whole)
            body = escape(self._body(self._decode(data, self.prefix.get(item)), meta, hit))
            shown = bool(body)
            if body.endswith("\n"):  # a line break that ends the text opens no row
                body = body[:-1]
        if self._decoder is not None and not meta & (K_MORE | K_TRANSFER):
            line = "".join(t for t, _ in decoded_runs(self._decoded_line(self._decoder, whole)))
            # (the line has a row of its own: after the body, or after the row a piece before left open when this
            # last piece shows nothing, e.g. only the start of a character)
            body = body + "\n" + line if shown or meta & K_CONT else line
            shown = True
        if opts.log_mode and not meta & K_PIECE:
            head = escape(self._head(t, code, peer, self.prefix.get(item), size))
            return head + "\n" + body if shown else head
        return body

    def byte_span(self, item: int, start: int, end: int) -> tuple[int, int] | None:
        """Where bytes ``start`` … ``end`` of the message ``item`` shows (offsets in :meth:`message_bytes`, as a
        decoded field gives them) are in :meth:`item_text`: (from, to) character offsets, for the view to
        highlight a field's bytes. A piece of a long message shows the bytes in it. None where the bytes are not
        shown one by one: a notice, a summary, another piece, lines dropped by the text filter, an empty range."""
        pos, _off, _size, t, meta, col0 = self.item_fields(item)
        if meta & (K_NOTICE | K_TRANSFER) or (meta & K_SUMMARY and not meta & K_EXPANDED) or pos < self.store.head:
            return None
        data = self.item_bytes(item)
        base = 0
        if (piece := self.pieces.get(item)) is not None:
            base = piece[0]
        a, b = max(start - base, 0), min(end - base, len(data))
        if a >= b:
            return None
        lead = 0
        if self.options.log_mode and not meta & K_PIECE:
            code = (meta >> DIR_SHIFT) & 3
            lead = len(escape(self._head(t, code, self._peer(pos), self.prefix.get(item), len(data)))) + 1
        if self.options.hex:
            lead += 1 if meta & K_CONT and col0 and data else 0
            return lead + 3 * a, lead + 3 * b - 1
        if self._grep:
            return None
        prefix = self.prefix.get(item)

        def chars(n: int) -> int:
            # (a character cut at n is not shown yet: the stream decoder holds its first bytes back)
            return len(escape(self._body(self._decode(data[:n], prefix), meta)))

        shown = chars(len(data))
        ta, tb = min(chars(a), shown), min(chars(b), shown)
        return (lead + ta, lead + tb) if tb > ta else None

    def _decoded_line(self, decoder: Decoder, data: bytes) -> str:
        """The decoded line under a message (see :func:`app.view.render.decoded_line`)."""
        return decoded_line(decoder, data, self.labels.not_decoded, self.labels.decode_words)

    def _head(self, t: int, code: int, peer: Address | None, prefix: bytes | None, size: int) -> str:
        """A message's header (log mode). A read that completes a character begun in earlier reads says how
        many bytes it shows and how many of them came before (those reads showed nothing of their own)."""
        head = header_line(t, DIRECTIONS[code], peer, self.labels)
        if prefix and not self.options.hex:
            words = self.labels.carried.replace("%1", f"{size + len(prefix):,}").replace("%2", f"{len(prefix):,}")
            head = f"{head} {words}"
        return head

    def _head_hit(self, t: int, code: int, peer: Address | None, whole: bytes | None = None) -> bool:
        """Whether the text filter (lines filtered) matches what a message shows besides its lines: its header
        (log mode) or its decoded line (``whole``, the message's bytes, with a decoder on). Either keeps every
        line of the message (inverted: none)."""
        if not self._grep:
            return False
        assert self._pattern is not None
        if self.options.log_mode and self._pattern.search(
                escape(header_line(t, DIRECTIONS[code], peer, self.labels))) is not None:
            return True
        return whole is not None and self._decoder is not None and self._decoded_hit(whole)

    def _decoded_hit(self, whole: bytes) -> bool:
        """Whether the text filter matches a message's decoded line, or what the line says without printing it
        (``crc.valid=false``: see :func:`app.view.render.decoded_search`)."""
        assert self._decoder is not None and self._pattern is not None
        line, facts = decoded_search(self._decoder, whole, self.labels.not_decoded, self.labels.decode_words)
        search = self._pattern.search
        return search(line) is not None or any(search(words) for words, _a, _b in facts)

    def _carried_header_rows(self, key: tuple[Address | None, int], prefix: bytes, size: int) -> int:
        """Rows of a header that says carried bytes (rare: counted each time)."""
        rc = RowCount(self.cols)
        rc.line(self._head(0, key[1], key[0], prefix, size))
        return rc.opened

    def _body(self, decoded: str, meta: int, head_hit: bool = False) -> str:
        """A message's decoded text as shown (line breaks normalised, see body_text); with the text filter on in
        a text view, only the lines that match it, each ended (as grep prints them; inverted: those that do not).
        A line counts with its header (log mode): ``head_hit``, the header matches, keeps every line (inverted:
        none). A summary is filtered whole."""
        body = body_text(decoded, self.options.log_mode)
        if not self._grep or meta & (K_SUMMARY | K_TRANSFER):
            return body
        pattern, invert = self._pattern, self.filter.invert
        assert pattern is not None
        if head_hit:
            return "" if invert else body
        lines = body.split("\n")
        if lines[-1] == "":
            lines.pop()
        return "".join(line + "\n" for line in lines if (pattern.search(escape(line)) is not None) != invert)

    def _evicted_part(self, pos: int) -> int:
        return 0  # bytes_of() starting at the store's head leaves out what was evicted

    def _decode(self, data: bytes, prefix: bytes | None) -> str:
        return StreamDecoder(self.options.encoding).decode(prefix + data if prefix else data)

    def _summary(self, data: bytes, size: int, meta: int, prefix: bytes | None) -> list[Run]:
        head = data[:SUMMARY_HEAD]
        style = TX
        if self.options.hex or meta & K_HEX:
            shown = hex_text(head)
        else:
            text = body_text(self._decode(head, prefix), False).replace("\n", "↵")
            shown = escape(text)
        words = self.labels.transfer if meta & K_TRANSFER else self.labels.summary
        return [(shown, style), (" " + words.replace("%1", f"{size:,}"), HEADER)]

    def _search_text(self, t: int, code: int, peer: Address | None, data: bytes, decoded: str | None,
                     meta: int, prefix: bytes = b"") -> str:
        """A message's text for the text filter (hex, framed or summarised: the message is the unit): header
        (log mode) and body, as shown."""
        opts = self.options
        head = self._head(t, code, peer, prefix, len(data)) + "\n" if opts.log_mode else ""
        if opts.hex or meta & K_HEX:
            text = head + hex_text(data)
        else:
            text = head + escape(body_text(decoded if decoded is not None else self._decode(data, None),
                                           opts.log_mode))
        if self._decoder is not None and not meta & K_TRANSFER:  # the decoded line, and what it says unprinted
            line, facts = decoded_search(self._decoder, data, self.labels.not_decoded, self.labels.decode_words)
            text = "\n".join([text, line, *(words for words, _a, _b in facts)])
        return text
