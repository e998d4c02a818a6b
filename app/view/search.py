"""Find in a whole history: text, regex or hex bytes, over the layout's items as shown, a slice at a time.

A plain needle is looked for in the records' bytes first (``bytes.find`` over each chunk's arena runs
at memory speed), and only the items where it occurs are rendered to confirm the match in the text as
shown. A regex, or a needle that only the rendering can produce (an escape such as ``\\xFF``), makes
the finder render every item instead. Either way the work is cut into slices bounded in time.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Literal

from app.core import safe_regex
from app.core.codec import parse_hex
from app.core.errors import InputError, InvalidHex
from app.core.records import Chunk
from app.core.safe_regex import required_literal
from app.view.layout import DIR_SHIFT, K_CONT, K_HEX, K_MORE, K_NOTICE, K_SUMMARY, K_TRANSFER, Layout
from app.view.prefilter import Needle, needle_for
from app.view.render import body_text, decoded_search, escape, format_time, hex_text

FindMode = Literal["text", "regex", "hex"]
#: Matches kept at most (the count then reads "100,000+").
MAX_MATCHES = 100_000
#: What one step of the search should take at most (the deadline is looked at between steps).
STEP_S = 0.002


class InvalidPattern(InputError):
    code = "invalid-pattern"


def linear_pattern(text: str, ignore_case: bool, what: str) -> Any:
    """:func:`app.core.safe_regex.linear_pattern`, its refusal as InvalidPattern."""
    try:
        return safe_regex.linear_pattern(text, ignore_case, what)
    except ValueError as exc:
        raise InvalidPattern(str(exc)) from None


@dataclass(frozen=True, slots=True)
class Query:
    """What to find: text as shown, a regular expression over the text as shown, or hex bytes."""

    text: str
    mode: FindMode = "text"
    case: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """A match: in ``item``'s text (see :meth:`Layout.item_text`) from ``start`` to ``end``; ``end`` may run
    on into the items that continue it (streamed text)."""

    item: int
    start: int
    end: int


class Finder:
    """All matches of a query in a layout; :meth:`advance` searches until a deadline."""

    def __init__(self, layout: Layout, query: Query, start_item: int | None = None):
        self.layout = layout
        self.query = query
        self.matches: list[Match] = []
        self.truncated = False
        flags = 0 if query.case else re.IGNORECASE
        self._needle = b""  # bytes that must occur where the text does (the fast path), if known
        self._byte_mode = query.mode == "hex"
        #: Records holding these bytes are the only ones that can match (text and regex in a text view).
        self._prefilter: Needle | None = None
        #: A regex's literal is somewhere in its match, not at its start: a match may begin in the items before.
        self._inner = False
        #: The string the records hold (headers, which are not in the bytes, are searched for it).
        self._literal = query.text
        self._head_pattern: Any = None
        try:
            if query.mode == "regex":  # on RE2: peer data cannot make it backtrack for ever
                self._pattern = linear_pattern(query.text, not query.case, "find")
                required = None if layout.options.hex or layout.binary_hex else required_literal(
                    query.text, not query.case)
                if required is not None:
                    self._literal, fold = required
                    self._prefilter = needle_for(self._literal, fold, layout.options.encoding,
                                                 layout.options.log_mode)
                    self._head_pattern = re.compile(re.escape(self._literal), re.IGNORECASE if fold else 0)
                    self._inner = True
            elif query.mode == "hex":
                self._needle = parse_hex(query.text)
                if not self._needle:
                    raise InvalidPattern("no hex bytes to find")
                self._pattern = re.compile(re.escape(hex_text(self._needle)), re.IGNORECASE)
            else:
                if not query.text:
                    raise InvalidPattern("nothing to find")
                self._pattern = re.compile(re.escape(query.text), flags)
                # (messages in text and in hex: the text as shown is searched, not the bytes)
                if layout.options.hex:
                    self._needle = self._hex_bytes_for(query.text)
                elif not layout.binary_hex:
                    self._prefilter = needle_for(query.text, not query.case, layout.options.encoding,
                                                 layout.options.log_mode)
        except re.error as exc:
            raise InvalidPattern(f"invalid regular expression: {exc}") from None
        except InvalidHex as exc:
            raise InvalidPattern(str(exc)) from None
        self._bytes_re: re.Pattern[bytes] | None = None
        if self._prefilter is not None:
            self._needle = self._prefilter.data
            self._bytes_re = self._prefilter.search
        elif self._needle:
            self._bytes_re = re.compile(re.escape(self._needle), flags if self._needle.isascii() else 0)
        if self._head_pattern is None:
            self._head_pattern = self._pattern
        #: Matches found so far by (item, start), where an item may be confirmed twice (see _verify_before).
        self._keys: set[tuple[int, int]] | None = set() if self._inner else None
        # in hex, a needle that is not hex digits can be found only in headers, notices and summaries
        self._only_shown_words = (layout.options.hex and not self._needle and query.mode == "text"
                                  and not set(query.text.lower()) <= set("0123456789abcdef \\x"))
        #: With a decoder on, each message's decoded line is searched too (text and regex: ``function=3``, and
        #: ``valid=false`` for a checksum's ✗); a decoder's cost then sets the step (see advance).
        self._decoder = layout.options.decoder if query.mode != "hex" else None
        items = layout.items
        first = items.first if start_item is None else min(max(start_item, items.first), items.end)
        # the scan: from the start item to the newest, then from the oldest back to the start item
        self._ranges = [(first, items.end), (items.first, first)]
        self._item = first
        self._seen: set[int] = set()
        self._step = 512  # items a step looks at in the records' bytes: fewer where many are confirmed
        self.scanned_to = items.end  # items beyond this arrived later (see extend)

    def _hex_bytes_for(self, text: str) -> bytes:
        """The bytes a text needle is made of in a hex view: a needle of whole hex bytes is those bytes."""
        try:
            data = parse_hex(text)
        except InvalidHex:
            return b""
        return data if hex_text(data).lower() == " ".join(text.split()).lower() else b""

    # ------------------------------------------------------------------------------ searching
    @property
    def done(self) -> bool:
        return not self._ranges

    def advance(self, deadline: float | None = None) -> bool:
        """Search until ``deadline`` (``time.perf_counter()``); returns whether the search is complete."""
        while self._ranges:
            lo, hi = self._ranges[0]
            item = max(self._item, lo, self.layout.items.first)
            if item >= hi:
                self._ranges.pop(0)
                if self._ranges:
                    self._item = self._ranges[0][0]
                continue
            self._seen.clear()  # items are verified once per step; steps do not overlap
            # (decoding takes microseconds a message: with a decoder, shorter steps keep inside the deadline; so
            # do they where most records hold the needle and are rendered to confirm)
            step = self._step if self._decoder is None else 256
            began = time.perf_counter()
            if self._needle and not self.layout.filter.active:
                step_end = min(hi, item + step)
                self._scan_bytes(item, step_end)
                self._scan_decoded(item, step_end)
            elif self._only_shown_words:
                step_end = min(hi, item + step)
                self._scan_words(item, step_end)
                self._scan_decoded(item, step_end)
            else:
                step_end = min(hi, item + 256)
                self._scan_text(item, step_end)
            self._item = step_end
            took = time.perf_counter() - began
            if took > STEP_S and self._step > 256:
                self._step //= 2
            elif took < STEP_S / 4 and self._step < 4096:
                self._step *= 2
            if self.truncated:
                self._ranges.clear()
                break
            if deadline is not None and time.perf_counter() > deadline:
                return False
        self.matches.sort(key=lambda m: (m.item, m.start))
        return True

    def extend(self) -> None:
        """Search the items laid out since the search began (new data)."""
        end = self.layout.items.end
        if end > self.scanned_to:
            self._ranges.append((self.scanned_to, end))
            if len(self._ranges) == 1:
                self._item = self.scanned_to
            self.scanned_to = end

    def _scan_decoded(self, first: int, end: int) -> None:
        """Items whose decoded line (or what it says unprinted) matches: confirm them (the bytes scan cannot
        see text that exists only in the decoded line)."""
        if self._decoder is None:
            return
        layout = self.layout
        items = layout.items
        search = self._pattern.search
        for item in range(first, end):
            if item in self._seen or items.meta(item) & (K_NOTICE | K_MORE | K_TRANSFER):
                continue
            data = layout.message_bytes(item)
            if data is None:
                continue
            line, facts = decoded_search(self._decoder, data, layout.labels.not_decoded, layout.labels.decode_words)
            if search(line) or any(search(words) for words, _a, _b in facts):
                self._verify(item)

    def _decoded_facts(self, item: int, text: str, found: set[int]) -> None:
        """Matches in what an item's decoded line says without printing it (``crc.valid=false``): the part of
        the line that shows the field (``crc=0x5B38 ✗ …``) is the match."""
        layout = self.layout
        if self._decoder is None or layout.items.meta(item) & (K_NOTICE | K_MORE | K_TRANSFER):
            return
        data = layout.message_bytes(item)
        if data is None:
            return
        line, facts = decoded_search(self._decoder, data, layout.labels.not_decoded, layout.labels.decode_words)
        if not facts or not text.endswith(line):
            return
        at = len(text) - len(line)
        for words, a, b in facts:
            if at + a not in found and self._pattern.search(words):
                found.add(at + a)
                self._add(Match(item, at + a, at + b))

    def _scan_text(self, first: int, end: int) -> None:
        for item in range(first, end):
            self._verify(item)

    def _scan_words(self, first: int, end: int) -> None:
        items = self.layout.items
        for item in range(first, end):
            if items.meta(item) & K_NOTICE:
                self._verify(item)
        self._headers(first, end)

    def _scan_bytes(self, first: int, end: int) -> None:
        """Items ``first`` … ``end - 1``: look for the needle's bytes in their records, then confirm."""
        layout = self.layout
        items = layout.items
        store = layout.store
        if items.full:  # frames: from the first record any of them starts in to the last that ends one
            lo = min(items.pos(k) for k in range(first, end))
            hi = items.frame(end - 1)[0] + 1
        else:
            lo, hi = items.pos(first), items.pos(end - 1) + 1
        needle = self._needle
        assert self._bytes_re is not None
        search = self._bytes_re.search
        # notices have no bytes: look at their text
        for item in range(first, end):
            if items.meta(item) & K_NOTICE:
                self._verify(item)
        candidates: list[int] = []
        prefilter = self._prefilter
        wide = prefilter is not None and prefilter.wide
        for c, i, stop in store.chunks(lo):
            if c.start + i >= hi:
                break
            stop = min(stop, hi - c.start)
            offs = c.offs
            # each record holding the needle once (a search from the next record on: an occurrence that runs into
            # it from this one would hide one of its own, as ``finditer`` steps past a match)
            a, b = offs[i], offs[stop]
            while (m := search(c.arena, a, b)) is not None:
                j = bisect_right(offs, m.start(), i, stop + 1) - 1
                candidates.append(c.start + j)
                a = offs[j + 1]
            for j, big in c.bigs.items():
                if i <= j < stop and (prefilter.may_show(big) if prefilter is not None else self._bytes_re.search(big)):
                    candidates.append(c.start + j)
            if wide:
                candidates.extend(self._odd_records(c, i, stop))
            # a needle across two records (streamed text): look at each boundary that cuts it
            if len(needle) > 1:
                candidates.extend(self._boundaries(c, i, stop))
        for pos in candidates:
            item = items.item_at(pos)
            if items.full:
                if first <= item - 1 < end:  # a frame completed later than the record that holds the needle
                    self._verify(item - 1)
                    if self._inner:
                        self._verify_before(item - 1)
            elif first <= item < min(end, items.end) and items.pos(item) > pos:
                self._verify(item)  # the record has no item of its own: a character it begins shows in the next
            # the record's items: one, or the pieces of a long one
            while item < end and (item < items.end and items.pos(item) <= pos):
                if item >= first:
                    self._verify(item)
                    if self._inner:
                        self._verify_before(item)
                item += 1
        # a header (log mode) or a summary line shows text that is not in the bytes
        if layout.options.log_mode or self._byte_mode:
            self._headers(first, end)
        else:
            for item in range(first, end):
                if items.meta(item) & K_SUMMARY:
                    self._verify(item)

    def _odd_records(self, c: Chunk, i: int, stop: int) -> list[int]:
        """Records of the chunk's arena (``i`` … ``stop - 1``) holding a byte that may be shown otherwise than as
        itself (see :class:`app.view.prefilter.Needle`): a slice of plain ASCII is passed over at memory speed."""
        needle = self._prefilter
        assert needle is not None
        offs = c.offs
        a, b = offs[i], offs[stop]
        if not c.arena[a:b].translate(None, needle.plain):
            return []
        out = []
        search = needle.odd_re.search
        while (m := search(c.arena, a, b)) is not None:
            j = bisect_right(offs, m.start(), i, stop + 1) - 1
            out.append(c.start + j)
            a = offs[j + 1]
        return out

    def _verify_before(self, item: int) -> None:
        """A regex's literal is in ``item``: a match that holds it may begin in the items it continues (streamed
        text), as far back as :meth:`_verify` looks ahead (4,096 characters: four bytes at most make one)."""
        items = self.layout.items
        bytes_between = 0
        while items.meta(item) & K_CONT and item - 1 >= items.first and bytes_between < 4 * 4096:
            item -= 1
            if item not in self._seen:
                self._verify(item)
            bytes_between += self.layout.item_size(item)

    def _boundaries(self, c: Chunk, i: int, stop: int) -> list[int]:
        """Records whose end and the next record's start hold the needle together (arena joins and big
        payloads cut the arena search; a chunk's last record meets the next chunk's first)."""
        out = []
        store = self.layout.store
        n = len(self._needle) - 1
        assert self._bytes_re is not None
        points = sorted({*c.bigs, *(j - 1 for j in c.bigs), stop - 1})
        for j in points:
            if not i <= j < stop:
                continue
            pos = c.start + j
            if pos + 1 >= store.tail:
                continue
            joint = store.data_at(pos)[-n:] + store.data_at(pos + 1)[:n]
            if self._bytes_re.search(joint):
                out.append(pos)
        return out

    def _headers(self, first: int, end: int) -> None:
        """Headers (log mode) and summary lines show text that is not in the bytes: look at them too, when
        the needle could be made of what they are made of."""
        layout = self.layout
        items = layout.items
        for item in range(first, end):
            if items.meta(item) & K_SUMMARY:
                self._verify(item)
        if self._byte_mode or not layout.options.log_mode:
            return
        for item in layout.prefix:  # (a header that says carried bytes: rare)
            if first <= item < end:
                self._verify(item)
        if not self._header_alphabet():
            return
        search = self._head_pattern.search
        labels = layout.labels
        words = {code: labels.rx if code == 0 else labels.tx for code in (0, 1)}
        suffix: dict[tuple[object, int], str] = {}
        seconds: dict[int, str] = {}
        for item in range(first, end):
            meta = items.meta(item)
            if meta & K_NOTICE or item in self._seen:
                continue
            pos, _off, _size, t, _meta, _col0 = layout.item_fields(item)
            code = (meta >> DIR_SHIFT) & 3
            peer = layout._peer(pos)
            tail = suffix.get((peer, code))
            if tail is None:
                tail = suffix[(peer, code)] = f"] {words[code]} {peer}" if peer is not None else f"] {words[code]}"
            sec, ms = divmod(t, 1000)
            head = seconds.get(sec)
            if head is None:
                head = seconds[sec] = "[" + format_time(sec * 1000)[:-4]  # the second, cached
            if search(f"{head}.{ms:03d}{tail}"):  # the header as header_line() writes it
                self._verify(item)
                if self._inner:
                    self._verify_before(item)

    def _header_alphabet(self) -> bool:
        """Whether every character of the needle can occur in a header."""
        layout = self.layout
        alphabet = set("0123456789-:.[] ") | set(layout.labels.rx) | set(layout.labels.tx)
        for peer, _code in layout.streams():
            alphabet |= set(str(peer))
        if not self.query.case or self._head_pattern.flags & re.IGNORECASE:
            alphabet |= {ch.lower() for ch in alphabet} | {ch.upper() for ch in alphabet}
        return set(self._literal) <= alphabet

    def _verify(self, item: int) -> None:
        """Find every match that starts in ``item``'s text."""
        if item in self._seen:
            return
        self._seen.add(item)
        if self._byte_mode:
            self._verify_bytes(item)
            return
        layout = self.layout
        text = layout.item_text(item)
        longer = text
        nxt = item + 1
        # streamed text goes on in the next item: a match may run on into it
        while nxt < layout.items.end and layout.items.meta(nxt) & K_CONT and len(longer) - len(text) < 4096:
            longer += layout.item_text(nxt)
            nxt += 1
        found: set[int] = set()
        for m in self._pattern.finditer(longer):
            if m.start() >= len(text):
                break
            if m.end() > m.start():
                found.add(m.start())
                self._add(Match(item, m.start(), m.end()))
        self._decoded_facts(item, text, found)

    def _verify_bytes(self, item: int) -> None:
        layout = self.layout
        meta = layout.items.meta(item)
        if meta & K_NOTICE:
            return
        if (layout.options.hex or meta & K_HEX) and not meta & K_SUMMARY:
            text = layout.item_text(item)  # hex digits: the pattern is the needle in hex
            for m in self._pattern.finditer(text):
                self._add(Match(item, m.start(), m.end()))
            return
        data = layout.item_bytes(item)
        at = data.find(self._needle)
        if at < 0:
            return
        # where those bytes are in the text as shown
        text = layout.item_text(item)
        body_at = len(text) - len(self._body_text(item, data))
        while at >= 0:
            a = body_at + len(self._body_text(item, data[:at]))
            b = body_at + len(self._body_text(item, data[:at + len(self._needle)]))
            self._add(Match(item, a, max(b, a + 1)))
            at = data.find(self._needle, at + 1)

    def _body_text(self, item: int, data: bytes) -> str:
        layout = self.layout
        text = escape(body_text(layout._decode(data, layout.prefix.get(item)), layout.options.log_mode))
        return text[:-1] if text.endswith("\n") else text

    def _add(self, match: Match) -> None:
        if self._keys is not None:
            key = (match.item, match.start)
            if key in self._keys:
                return
            self._keys.add(key)
        if len(self.matches) >= MAX_MATCHES:
            self.truncated = True
            return
        self.matches.append(match)

    # --------------------------------------------------------------------------------- using
    def index_after(self, item: int, start: int = -1) -> int:
        """The first match after (item, start), wrapping; -1 if there are none."""
        matches = self.matches
        if not matches:
            return -1
        keys = [(m.item, m.start) for m in matches]
        k = bisect_right(keys, (item, start))
        return k % len(matches)

    def index_before(self, item: int, start: int) -> int:
        matches = self.matches
        if not matches:
            return -1
        keys = [(m.item, m.start) for m in matches]
        k = bisect_right(keys, (item, start - 1)) - 1
        return k % len(matches)
