"""Render records as styled text runs: text or hex, log mode headers, per-stream incremental decoding.

Pure logic, no Qt: the window's receive view turns runs into formats, tests read the text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.codec import VISIBLE_TABLE, StreamDecoder
from app.framing import Framer, FramingSpec
from app.records import Address, Direction, Notice, Record

#: Run styles. ``bad`` is an undecodable byte shown as ``\\xNN``.
RX, TX, NOTICE, HEADER, BAD = "rx", "tx", "notice", "header", "bad"

#: A line without a newline is broken after this many characters (a growing block freezes Qt text views).
TEXT_LINE_CHARS = 1024
#: Hex mode shows this many bytes per line.
HEX_BYTES_PER_LINE = 16
# Control characters (other than tab and line breaks) are invisible or draw as boxes: they are shown as
# ``\xNN`` in the undecodable style, like bytes the encoding cannot decode, so a stray 0x01 is seen.
_CONTROLS = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]
_BAD_TABLE = {**VISIBLE_TABLE, **{c: f"\\x{c:02X}" for c in _CONTROLS}}
_BAD_RUN = re.compile(r"([\x00-\x08\x0b\x0c\x0e-\x1f\x7f\udc00-\udcff]+)")


@dataclass(frozen=True, slots=True)
class ViewOptions:
    """How records are shown."""

    hex: bool = False
    log_mode: bool = False
    encoding: str = "utf-8"
    #: How a stream is grouped into messages (default: as received).
    framing: FramingSpec = field(default_factory=FramingSpec)


@dataclass
class Labels:
    """Words the renderer puts on screen; the window passes translated ones."""

    rx: str = "RX from"
    tx: str = "TX to"
    notice: Callable[[Notice], str] = field(default=lambda n: n.text)


def format_time(time_ms: int) -> str:
    secs, ms = divmod(time_ms, 1000)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(secs)) + f".{ms:03d}"


class Renderer:
    """Turns records into ``(text, style)`` runs, keeping decoder and line state between calls."""

    def __init__(self, options: ViewOptions, labels: Labels | None = None):
        self.options = options
        self.labels = labels or Labels()
        self._decoders: dict[tuple[Address | None, Direction], StreamDecoder] = {}
        self._framers: dict[tuple[Address | None, Direction], Framer] = {}
        self._stream: tuple[Address | None, Direction] | None = None  # stream the open line belongs to
        self._column = 0  # characters (text) or bytes (hex) on the open line
        self._at_line_start = True

    def render(self, records: Iterable[Record]) -> list[tuple[str, str]]:
        runs: list[tuple[str, str]] = []
        for rec in records:
            if rec.direction is Direction.NOTICE:
                self._notice(rec, runs)
            elif self.options.framing.active:
                self._framed(rec, runs)
            elif self.options.log_mode:
                self._logged(rec, runs)
            else:
                self._streamed(rec, runs)
        return _merge(runs)

    # ------------------------------------------------------------------------------ pieces
    def _newline(self, runs: list[tuple[str, str]]) -> None:
        if not self._at_line_start:
            runs.append(("\n", RX))
        self._at_line_start = True
        self._column = 0

    def _notice(self, rec: Record, runs: list[tuple[str, str]]) -> None:
        assert rec.notice is not None
        if self._framers and rec.notice.kind in ("peer-disconnected", "closed"):
            self._flush_frames(rec, None if rec.notice.kind == "closed" else rec.peer, runs)
        self._newline(runs)
        runs.append((f"[{format_time(rec.time_ms)}] * {self.labels.notice(rec.notice)}\n", NOTICE))
        self._stream = None

    def _header(self, time_ms: int, direction: Direction, peer: Address | None,
                runs: list[tuple[str, str]]) -> None:
        word = self.labels.rx if direction is Direction.RX else self.labels.tx
        where = f" {peer}" if peer is not None else ""
        runs.append((f"[{format_time(time_ms)}] {word}{where}\n", HEADER))

    def _logged(self, rec: Record, runs: list[tuple[str, str]]) -> None:
        self._block(rec.time_ms, rec.direction, rec.peer, rec.data, runs)

    def _block(self, time_ms: int, direction: Direction, peer: Address | None, data: bytes,
               runs: list[tuple[str, str]]) -> None:
        """One message on lines of its own (log mode: under a header)."""
        self._newline(runs)
        if self.options.log_mode:
            self._header(time_ms, direction, peer, runs)
        self._stream = (peer, direction)
        self._body(peer, direction, data, runs)
        self._newline(runs)

    def _framed(self, rec: Record, runs: list[tuple[str, str]]) -> None:
        key = (rec.peer, rec.direction)
        framer = self._framers.get(key)
        if framer is None:
            framer = self._framers[key] = Framer(self.options.framing)
        for frame in framer.feed(rec.data, rec.time_ms):
            self._block(rec.time_ms, rec.direction, rec.peer, frame, runs)

    def _flush_frames(self, rec: Record, peer: Address | None, runs: list[tuple[str, str]]) -> None:
        """Show the partial frames of ``peer`` (all peers when None): its connection ended."""
        for (p, direction), framer in self._framers.items():
            if (peer is None or p == peer) and framer.pending:
                self._block(rec.time_ms, direction, p, framer.flush(), runs)

    def _streamed(self, rec: Record, runs: list[tuple[str, str]]) -> None:
        stream = (rec.peer, rec.direction)
        if stream != self._stream:
            self._newline(runs)
            self._stream = stream
        self._body(rec.peer, rec.direction, rec.data, runs)

    def _body(self, peer: Address | None, direction: Direction, data: bytes, runs: list[tuple[str, str]]) -> None:
        style = RX if direction is Direction.RX else TX
        if self.options.hex:
            self._hex(data, style, runs)
        else:
            key = (peer, direction)
            dec = self._decoders.get(key)
            if dec is None:
                dec = self._decoders[key] = StreamDecoder(self.options.encoding)
            self._text(dec.decode(data), style, runs)

    def _hex(self, data: bytes, style: str, runs: list[tuple[str, str]]) -> None:
        pos = 0
        while pos < len(data):
            room = HEX_BYTES_PER_LINE - self._column
            piece = data[pos:pos + room]
            prefix = "" if self._at_line_start else " "
            runs.append((prefix + piece.hex(" ").upper(), style))
            self._at_line_start = False
            self._column += len(piece)
            pos += len(piece)
            if self._column >= HEX_BYTES_PER_LINE:
                self._newline(runs)

    def _text(self, text: str, style: str, runs: list[tuple[str, str]]) -> None:
        if not text:
            return
        # split() with a capturing group alternates: text, bad run, text, bad run, …
        for i, part in enumerate(_BAD_RUN.split(text)):
            if i % 2:
                self._plain(part.translate(_BAD_TABLE), BAD, runs)
            elif part:
                self._plain(part, style, runs)

    def _plain(self, text: str, style: str, runs: list[tuple[str, str]]) -> None:
        """Append text, normalising CR/CRLF to line breaks and breaking lines that grow too long."""
        if not text:
            return
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if i:
                runs.append(("\n", style))
                self._column = 0
            while line:
                room = TEXT_LINE_CHARS - self._column
                if room <= 0:
                    runs.append(("\n", style))
                    self._column = 0
                    room = TEXT_LINE_CHARS
                chunk, line = line[:room], line[room:]
                runs.append((chunk, style))
                self._column += len(chunk)
        self._at_line_start = text.endswith("\n")

    def flush(self) -> list[tuple[str, str]]:
        """Render what the decoders still hold (incomplete characters at the end) as ``\\xNN``."""
        runs: list[tuple[str, str]] = []
        for (peer, direction), framer in self._framers.items():
            if framer.pending:
                self._block(0, direction, peer, framer.flush(), runs)
        for dec in self._decoders.values():
            self._text(dec.flush(), BAD, runs)
        return _merge(runs)


def _merge(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join neighbouring runs of the same style (fewer format switches in the view)."""
    out: list[tuple[str, str]] = []
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


def render_text(records: Iterable[Record], options: ViewOptions, labels: Labels | None = None) -> str:
    """All of ``records`` as the view would show them, as plain text."""
    r = Renderer(options, labels)
    return "".join(t for t, _ in r.render(records)) + "".join(t for t, _ in r.flush())
