"""Render records as styled text: text or hex, log-mode headers, escapes, rows of a given width.

Pure logic, no Qt. Two consumers share these pieces: :class:`Renderer` turns a stream of records into
runs of text (the human log, saved views), and :mod:`app.view.layout` lays the store out as rows for the
window's receive view, find and filters. Both must produce the same text; tests hold them to it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.framing import FramingSpec
from app.core.records import Address, Direction, Notice
from app.decode import Decoder, Say, format_line, unshown_facts

#: Run styles. ``bad`` is an undecodable byte or an invisible character shown as an escape.
RX, TX, NOTICE, HEADER, BAD, ERROR = "rx", "tx", "notice", "header", "bad", "error"
#: A decoded line under a message (its ✗ and its "does not fit" in :data:`ERROR`).
DECODED = "decoded"
#: A decoded line starts with this mark (so it never passes for the message's own text).
DECODED_MARK = "↳ "
#: Messages longer than this are not decoded (the line says so): decoding is redone whenever the item is
#: rendered, and a decoder's cost grows with the bytes.
DECODE_BYTES = 1024 * 1024

#: A line without a newline is broken after this many characters when nothing else sets the width.
TEXT_LINE_CHARS = 1024
#: Hex mode shows this many bytes per line.
HEX_BYTES_PER_LINE = 16
#: A TX message longer than this is shown as one summary line (its first bytes and its size).
SUMMARY_BYTES = 4096
#: How many bytes of a summarised message are shown.
SUMMARY_HEAD = 24

# Characters that are invisible, draw as boxes, or reorder what follows are shown as escapes in the
# undecodable style: C0 controls (other than tab and line breaks), DEL, C1 controls, bidirectional
# overrides and isolates, zero-width characters, the line and paragraph separators (U+2028, U+2029: many
# editors and viewers break a line there, so a peer could start a forged line in a log), and undecodable bytes
# (lone surrogates, see app.core.codec). A peer can then neither hide bytes nor make a line read differently from
# what it is.
_BAD_CLASS = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e"
              "\u2060-\u2069\ufeff\udc00-\udcff")
_BAD_RUN = re.compile(f"([{_BAD_CLASS}]+)")
_BAD_TABLE: dict[int, str] = {}
for _c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]:
    _BAD_TABLE[_c] = f"\\x{_c:02X}"
for _c in [*range(0x80, 0xA0), 0x061C, 0x180E, *range(0x200B, 0x2010), 0x2028, 0x2029, *range(0x202A, 0x202F),
           *range(0x2060, 0x206A), 0xFEFF]:
    _BAD_TABLE[_c] = f"\\u{_c:04X}"
for _b in range(256):
    _BAD_TABLE[0xDC00 + _b] = f"\\x{_b:02X}"
# East Asian wide characters take two columns in a monospaced font.
_WIDE_CLASS = ("\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
               "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
               "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd")
_WIDE = re.compile(f"[{_WIDE_CLASS}]")
#: Anything but printable ASCII, tab, line feed, and ↳ ✓ ✗ (a decoded line's): none of those is odd.
_USUAL = re.compile("[^\t\n\x20-\x7e\u21b3\u2713\u2717]")
_ODD = re.compile(f"[{_BAD_CLASS}{_WIDE_CLASS}]")
_WIDTH_RUNS = re.compile(f"[{_WIDE_CLASS}]+|[^{_WIDE_CLASS}]+")
# For counting widths without building escapes: every escaped character is shown as \xNN (four columns) or
# \uXXXX (six): a line's escapes add three columns per character of its escaped runs (_BAD_RUN) and two more
# per \uXXXX one. Counted by runs, not a regex match per character (64 bytes of mostly zeros took 5 µs so, a
# UDP flood's whole layout budget); an ASCII line has only \xNN escapes, counted by one bytes.translate.
_AS_U_RUN = re.compile("[\x80-\x9f\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]+")
_ASCII_BAD = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
#: Log mode: a body line may not start with "[" (it would pass for a header or a notice in a text log):
#: the bracket is shown as the escaped byte 0x5B.
_LEADING_BRACKET = re.compile(r"(?:^|(?<=\n))\[")
_ESCAPED_BRACKET = chr(0xDC00 + 0x5B)
#: A line break inside a notice: the escaped byte (shown as ``\x0A`` / ``\x0D`` in the undecodable style).
_LINE_BREAKS = {0x0A: chr(0xDC00 + 0x0A), 0x0D: chr(0xDC00 + 0x0D)}
#: Notice kinds that report a failure (styled as errors).
ERROR_NOTICES = frozenset({
    "error", "client-rejected", "port-unreachable", "refused", "address-in-use", "reset", "timed-out",
    "host-not-found", "unreachable", "network", "datagram-too-large", "permission-denied",
    "address-not-available", "tls-error", "relay-error",
})


@dataclass(frozen=True, slots=True)
class ViewOptions:
    """How records are shown."""

    hex: bool = False
    log_mode: bool = False
    encoding: str = "utf-8"
    #: How a stream is grouped into messages (default: as received).
    framing: FramingSpec = field(default_factory=FramingSpec)
    #: With a decoder, each message (a frame when framing is on, else a record) shows its decoded line under
    #: it (:func:`decoded_line`).
    decoder: Decoder | None = None
    #: Each record is one message whose ``FLAG_TEXT`` says text or binary (WebSocket): in a text view without
    #: framing, a binary message is shown as bytes (hex), a text one as text.
    messages: bool = False


@dataclass
class Labels:
    """Words the renderer puts on screen; the window passes translated ones."""

    rx: str = "RX from"
    tx: str = "TX to"
    notice: Callable[[Notice], str] = field(default=lambda n: n.text)
    #: Summary of a long message: %1 = its size in bytes (with thousands separators).
    summary: str = "… %1 bytes"
    #: A transfer (file send) summary: %1 = bytes so far.
    transfer: str = "… file, %1 bytes"
    #: Log mode, after the header of a read that completes a character begun in earlier reads (those showed
    #: nothing of their own): %1 = the bytes shown under it, %2 = how many of them came before.
    carried: str = "(%1 bytes, %2 of them from before)"
    #: A decoded line for a message too long to decode: %1 = the limit in bytes.
    not_decoded: str = "not decoded: longer than %1 bytes"
    #: Says a decoder's own words (its labels, the checksum verdict, why a message does not fit: see
    #: ``app.decode.format_line``) in the window's language; None: English, as the CLI says them.
    decode_words: Say | None = None


# ------------------------------------------------------------------------------------------- time

_second_cache: dict[int, str] = {}


def format_time(time_ms: int) -> str:
    """``YYYY-mm-dd HH:MM:SS.mmm`` in local time; the formatting of each second is cached."""
    secs, ms = divmod(time_ms, 1000)
    text = _second_cache.get(secs)
    if text is None:
        if len(_second_cache) > 4096:
            _second_cache.clear()
        text = _second_cache[secs] = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(secs))
    return f"{text}.{ms:03d}"


def header_line(time_ms: int, direction: Direction, peer: Address | None, labels: Labels) -> str:
    word = labels.rx if direction is Direction.RX else labels.tx
    return f"[{format_time(time_ms)}] {word} {peer}" if peer is not None else f"[{format_time(time_ms)}] {word}"


def notice_words(text: str) -> str:
    """A notice's words on one line: a line break in them (a peer's choice: a certificate's subject, a SNI name, a
    reason) becomes the escaped byte, shown as ``\\x0A`` as in data (:func:`escape` writes it out)."""
    return text.translate(_LINE_BREAKS) if "\n" in text or "\r" in text else text


def notice_line(time_ms: int, notice: Notice, labels: Labels) -> tuple[str, str]:
    """A notice's line and style: ``*`` for news, ``⚠`` and the error style for failures.

    A notice is one line whatever it holds: its words carry what a peer chose (a certificate's subject, a SNI
    name, a reason), so a line break in them is shown as its escape, as in data (``\\x0A``), never as a new
    line that could pass for a header of its own in the view or the text log."""
    text = notice_words(labels.notice(notice))
    if notice.kind in ERROR_NOTICES:
        return f"[{format_time(time_ms)}] ⚠ {text}", ERROR
    return f"[{format_time(time_ms)}] * {text}", NOTICE


# ---------------------------------------------------------------------------------- decoded line

def decoded_line(decoder: Decoder, data: bytes, too_long: str = "not decoded: longer than %1 bytes",
                 say: Say | None = None) -> str:
    """The line shown under a message: :data:`DECODED_MARK` and ``app.decode.format_line`` of its fields (the
    decoder's words said by ``say``: :attr:`Labels.decode_words`). Decoders never raise; a fault in one is shown on
    the line, not raised into the view."""
    if len(data) > DECODE_BYTES:
        return f"{DECODED_MARK}⚠ {too_long.replace('%1', f'{DECODE_BYTES:,}')}"
    try:
        fast = getattr(decoder, "line", None) if say is None else None  # (a built-in's line made without its
        if fast is not None and (line := fast(data)) is not None:       # fields, for the usual messages; English)
            return DECODED_MARK + line
        return DECODED_MARK + format_line(decoder.decode(data), say=say)
    except Exception as exc:  # (a decoder's bug must not take the view down)
        return f"{DECODED_MARK}⚠ {type(exc).__name__}: {exc}"


def decoded_search(decoder: Decoder, data: bytes, too_long: str = "not decoded: longer than %1 bytes",
                   say: Say | None = None) -> tuple[str, list[tuple[str, int, int]]]:
    """What find and the text filter match in a message's decoded line: the line as shown (escapes and all, as
    :func:`decoded_runs` paints it) and what it says without printing it (:func:`app.decode.unshown_facts`:
    ``crc.valid=false`` for a ✗), each with where the line shows it. Field names, values and those facts are the
    same in every language (``say`` says only the decoder's words), so ``function=3`` finds the same messages."""
    if len(data) > DECODE_BYTES:
        return decoded_line(decoder, data, too_long), []
    try:
        decoded = decoder.decode(data)
        line = escape(DECODED_MARK + format_line(decoded, say=say))
        return line, unshown_facts(decoded, line, say)
    except Exception as exc:  # (as decoded_line: a decoder's bug is shown, not raised)
        return escape(f"{DECODED_MARK}⚠ {type(exc).__name__}: {exc}"), []


def decoded_runs(line: str) -> list[Run]:
    """A decoded line as runs: a checksum's ✗ and the "⚠ does not fit …" part in :data:`ERROR`, the rest in
    :data:`DECODED` (escapes as in data, :func:`styled`)."""
    out: list[Run] = []
    warn = line.find("⚠")
    head, tail = (line, "") if warn < 0 else (line[:warn], line[warn:])
    for k, part in enumerate(head.split("✗")):
        if k:
            out.append(("✗", ERROR))
        out.extend(styled(part, DECODED))
    if tail:
        out.extend(styled(tail, ERROR))
    return out


# ------------------------------------------------------------------------------------- text body

def body_text(decoded: str, log_mode: bool) -> str:
    """Decoded text as the view shows it, before escapes: line breaks normalised (CR, CRLF -> LF) and, in
    log mode, a "[" starting a line escaped (so data never passes for a header or a notice)."""
    if "\r" in decoded:
        decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
    if log_mode and "[" in decoded:
        decoded = _LEADING_BRACKET.sub(_ESCAPED_BRACKET, decoded)
    return decoded


def escape(text: str) -> str:
    """Every invisible or undecodable character of ``text`` as its escape (what the view shows)."""
    return text.translate(_BAD_TABLE) if _BAD_RUN.search(text) else text


def styled(text: str, style: str) -> list[tuple[str, str]]:
    """``text`` (one line, no LF) as runs: plain parts in ``style``, escaped parts in :data:`BAD`."""
    if not _BAD_RUN.search(text):
        return [(text, style)] if text else []
    out = []
    for i, part in enumerate(_BAD_RUN.split(text)):  # alternates: text, bad run, text, …
        if i % 2:
            out.append((part.translate(_BAD_TABLE), BAD))
        elif part:
            out.append((part, style))
    return out


def escapes_width(line: str) -> int:
    """Columns the escapes of ``line`` (no line break, no wide character) add to its length."""
    if line.isascii():
        return 3 * (len(line) - len(line.encode("ascii").translate(None, _ASCII_BAD)))
    return 3 * sum(map(len, _BAD_RUN.findall(line))) + 2 * sum(map(len, _AS_U_RUN.findall(line)))


def is_plain(text: str) -> bool:
    """No escapes and no wide characters: every character takes one column as it is."""
    # (quick: a small class of the usual characters, printable ASCII, tab, line feed and a decoded line's marks,
    # none of them odd, is three times cheaper to rule out than the odd ones' many ranges)
    return _USUAL.search(text) is None or _ODD.search(text) is None


def width(text: str) -> int:
    """Columns ``text`` takes (already escaped): wide characters count two."""
    if not _WIDE.search(text):
        return len(text)
    return len(text) + len(_WIDE.findall(text))


def fit(text: str, room: int) -> int:
    """How many leading characters of ``text`` (already escaped) fit in ``room`` columns."""
    if not _WIDE.search(text, 0, room):
        return min(len(text), room)
    used = 0
    for i, ch in enumerate(text):
        used += 2 if _WIDE.match(ch) else 1
        if used > room:
            return i
    return len(text)


def hex_text(data: bytes) -> str:
    return data.hex(" ").upper()


# ------------------------------------------------------------------------------------------- rows

Run = tuple[str, str]


class RowCount:
    """Counts the rows text takes at ``cols`` columns, in the same way :class:`Rows` builds them.

    State: whether a row is open and its column. A row is opened by the first character placed after
    a line break (or an empty line's break); text wraps when a row is full.
    """

    __slots__ = ("col", "cols", "is_open", "opened")

    def __init__(self, cols: int, is_open: bool = False, col: int = 0):
        self.cols = cols
        self.is_open = is_open
        self.col = col
        self.opened = 0

    def text(self, body: str) -> None:
        """``body``: text as from :func:`body_text` (LF line breaks, escapes not yet applied)."""
        cols = self.cols
        # the usual case has no escapes and no wide characters: every character one column
        odd = _ODD.search(body) is not None
        wide = odd and _WIDE.search(body) is not None
        first = True
        for line in body.split("\n"):
            if first:
                first = False
            else:  # a line break
                if not self.is_open:
                    self.opened += 1  # an empty line
                self.is_open = False
                self.col = 0
            if not line:
                continue
            if not self.is_open:
                self.opened += 1
                self.is_open = True
                self.col = 0
            if wide and _WIDE.search(line):
                self._wide(escape(line))
                continue
            # escapes are ASCII: the width is the length and what they add (counted, not built)
            w = len(line)
            if odd and _BAD_RUN.search(line):
                w += escapes_width(line)
            room = cols - self.col
            if w <= room:
                self.col += w
            else:
                extra = w - room
                rows = -(-extra // cols)
                self.opened += rows
                self.col = extra - (rows - 1) * cols

    def _wide(self, line: str) -> None:
        """A line with wide characters (already escaped): greedy, as Rows places it, a run at a time (each
        character of a run is one column or each two) and a row at a time, not a character at a time."""
        cols = self.cols
        for m in _WIDTH_RUNS.finditer(line):
            w = 2 if _WIDE.match(m.group()) else 1
            n = m.end() - m.start()
            while n > 0:
                k = (cols - self.col) // w if self.col < cols else 0
                if k == 0:
                    if self.col == 0:  # a character wider than the whole row goes on a row of its own
                        k = 1
                    else:
                        self.opened += 1
                        self.col = 0
                        continue
                take = min(k, n)
                self.col += take * w
                n -= take
                if n:
                    self.opened += 1
                    self.col = 0

    def hex(self, n: int) -> None:
        """``n`` bytes in hex (the column counts bytes, :data:`HEX_BYTES_PER_LINE` a row)."""
        if not n:
            return
        per = HEX_BYTES_PER_LINE
        if not self.is_open:
            self.opened += 1
            self.is_open = True
            self.col = 0
        room = per - self.col
        if n <= room:
            self.col += n
        else:
            extra = n - room
            rows = -(-extra // per)
            self.opened += rows
            self.col = extra - (rows - 1) * per
        if self.col >= per:  # a full row is closed, as Rows.hex does
            self.is_open = False
            self.col = 0

    def line(self, text: str) -> None:
        """A whole line of its own (a header, a notice): ends any open row, then ends its own."""
        self.end()
        self.text(text)
        self.end()

    def end(self) -> None:
        self.is_open = False
        self.col = 0


class Rows:
    """Builds rows of styled runs at ``cols`` columns; the counterpart of :class:`RowCount`.

    ``rows[i]`` is a list of runs; ``joins[i]`` is what joins row i to row i-1 in the text the rows
    show: a line break, nothing (the line was wrapped), or a space (hex continues on the next row).
    When built with ``is_open``, ``rows[0]`` continues a row opened before (its join is empty).
    """

    __slots__ = ("col", "cols", "continues", "is_open", "joins", "rows")

    def __init__(self, cols: int, is_open: bool = False, col: int = 0):
        self.cols = cols
        self.rows: list[list[Run]] = []
        self.joins: list[str] = []
        self.continues = is_open
        self.is_open = is_open
        self.col = col
        if is_open:
            self.rows.append([])
            self.joins.append("")

    def _open(self, join: str) -> list[Run]:
        row: list[Run] = []
        self.rows.append(row)
        self.joins.append(join)
        self.is_open = True
        self.col = 0
        return row

    def text(self, body: str, style: str) -> None:
        for k, line in enumerate(body.split("\n")):
            if k:
                if not self.is_open:
                    self._open("\n")
                self.is_open = False
                self.col = 0
            for piece, st in styled(line, style):
                self._place(piece, st)

    def _place(self, piece: str, style: str) -> None:
        cols = self.cols
        join = "\n"
        while piece:
            row = self.rows[-1] if self.is_open else self._open(join)
            room = cols - self.col
            n = fit(piece, room) if room > 0 else 0
            if n == 0:
                if self.col == 0:
                    n = 1
                else:
                    self.is_open = False
                    join = ""
                    continue
            part = piece[:n]
            row.append((part, style))
            self.col += width(part)
            piece = piece[n:]
            if piece:
                self.is_open = False
                join = ""

    def hex(self, data: bytes, style: str) -> None:
        per = HEX_BYTES_PER_LINE
        pos = 0
        join = "\n"
        while pos < len(data):
            row = self.rows[-1] if self.is_open else self._open(join)
            room = per - self.col
            piece = data[pos:pos + room]
            row.append(((" " if self.col else "") + hex_text(piece), style))
            self.col += len(piece)
            pos += len(piece)
            if self.col >= per:
                self.is_open = False
                self.col = 0
                join = " "

    def line(self, text: str, style: str) -> None:
        self.end()
        self.text(text, style)
        self.end()

    def runs_line(self, runs: list[Run]) -> None:
        """A line of its own made of styled runs (already escaped, see :func:`decoded_runs`): wraps as text."""
        self.end()
        for piece, style in runs:
            self._place(piece, style)
        self.end()

    def single(self, runs: list[Run]) -> None:
        """One row of its own that never wraps (a summary; the view clips what does not fit)."""
        self.end()
        self._open("\n").extend(runs)
        self.end()

    def end(self) -> None:
        self.is_open = False
        self.col = 0

    def joined(self) -> str:
        """The text the rows show, as one string (what find searches)."""
        return "".join(j + "".join(t for t, _ in row) for j, row in zip(self.joins, self.rows, strict=True))[
            0 if self.continues or not self.rows else 1:]

