"""Framing (粘包/拆包): split a TCP stream into messages instead of arbitrary recv() chunks.

A :class:`FrameCutter` finds where frames end in one stream without holding their bytes (it keeps at
most a length header or a delimiter's worth of tail), so the receive view can frame a 32 MiB history
that lives in the record store. A :class:`Framer` adds a buffer and hands out the frames themselves
(auto-reply, the text log). Neither loses or duplicates a byte: the frames, followed by what
:meth:`Framer.flush` returns, concatenate to exactly the bytes fed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FramingMode = Literal["raw", "delimiter", "fixed", "length", "idle"]
FRAMING_MODES: tuple[FramingMode, ...] = ("raw", "delimiter", "fixed", "length", "idle")
#: The "line end" delimiter: ``\n`` ends both the ``\n`` lines Linux and Python programs send and the ``\r\n``
#: lines of Windows and many devices (whose frames then keep their ``\r``). The default delimiter.
LINE_END = b"\n"
#: A frame that grows past this without completing is emitted as it is at the end of the read that took
#: it past (memory and rows stay bounded).
MAX_FRAME = 1 << 20


@dataclass(frozen=True, slots=True)
class FramingSpec:
    """How a stream is cut into frames."""

    mode: FramingMode = "raw"
    #: ``delimiter``: frames end with (and include) these bytes.
    delimiter: bytes = LINE_END
    #: ``fixed``: every frame has this many bytes.
    size: int = 8
    #: ``length``: where the length field starts, its size (1, 2 or 4), byte order, and whether the
    #: value counts the header (offset + field) too.
    length_offset: int = 0
    length_size: int = 2
    length_order: Literal["big", "little"] = "big"
    length_includes_header: bool = False
    #: ``idle``: a gap longer than this after the last byte ends a frame.
    idle_ms: int = 20

    def __post_init__(self) -> None:
        if self.mode not in FRAMING_MODES:
            raise ValueError(f"unknown framing {self.mode!r}")
        if self.mode == "delimiter" and not self.delimiter:
            raise ValueError("the delimiter is empty")
        if self.mode == "fixed" and not 1 <= self.size <= MAX_FRAME:
            raise ValueError(f"the frame size must be 1 to {MAX_FRAME:,} bytes")
        if self.mode == "length" and self.length_size not in (1, 2, 4):
            raise ValueError("the length field has 1, 2 or 4 bytes")
        if self.mode == "length" and not 0 <= self.length_offset <= 1024:
            raise ValueError("the length field offset must be 0 to 1024")
        if self.mode == "idle" and self.idle_ms < 0:
            raise ValueError("the idle gap cannot be negative")

    @property
    def active(self) -> bool:
        return self.mode != "raw"


class FrameCutter:
    """Frame boundaries of one (peer, direction) stream."""

    __slots__ = ("_head", "_need", "_tail", "last_ms", "pending", "spec")

    def __init__(self, spec: FramingSpec):
        self.spec = spec
        #: Bytes of the frame in progress.
        self.pending = 0
        #: When the last byte arrived (idle gap).
        self.last_ms: int | None = None
        self._tail = b""  # delimiter: the last len(delimiter) - 1 bytes of the frame in progress
        self._head = bytearray()  # length: the frame's header bytes, until the length is known
        self._need = 0  # length: bytes the frame still needs once its length is known

    def feed(self, data: bytes, time_ms: int = 0) -> list[int]:
        """Offsets in ``data`` where frames end (exclusive), in order. ``0`` means the frame in progress
        ended before ``data`` (an idle gap passed)."""
        spec = self.spec
        mode = spec.mode
        n = len(data)
        if mode == "raw":
            return [n] if n else []
        ends: list[int] = []
        if mode == "idle":
            if self.pending and self.last_ms is not None and time_ms - self.last_ms > spec.idle_ms:
                ends.append(0)
                self.pending = 0
            self.last_ms = time_ms
            self.pending += n
        elif mode == "fixed":
            size = spec.size
            pos = size - self.pending
            while pos <= n:
                ends.append(pos)
                pos += size
            self.pending = (self.pending + n) % size
        elif mode == "delimiter":
            self._delimited(data, ends)
        else:
            self._length(data, ends)
        if self.pending > MAX_FRAME:  # never completes: shown as it is, and the next byte starts afresh
            if not ends or ends[-1] != n:
                ends.append(n)
            self.reset()
            self.last_ms = time_ms
        return ends

    def _delimited(self, data: bytes, ends: list[int]) -> None:
        delim = self.spec.delimiter
        dl = len(delim)
        tail = self._tail
        buf = tail + data if tail else data
        shift = len(tail)
        n = len(data)
        frame_start = -self.pending  # in data's coordinates: the frame in progress began before data
        search = 0  # in buf's coordinates
        while (i := buf.find(delim, search)) >= 0:
            end = i + dl - shift  # a match may begin in the tail, never end there
            ends.append(end)
            frame_start = end
            search = end + shift
        self.pending = n - frame_start
        keep = min(self.pending, dl - 1)
        self._tail = bytes(buf[len(buf) - keep:]) if keep > 0 else b""

    def _length(self, data: bytes, ends: list[int]) -> None:
        spec = self.spec
        header = spec.length_offset + spec.length_size
        pos, n = 0, len(data)
        while pos < n:
            if self._need == 0:  # reading the header
                take = min(header - len(self._head), n - pos)
                self._head += data[pos:pos + take]
                pos += take
                self.pending += take
                if len(self._head) < header:
                    break
                field = self._head[spec.length_offset:header]
                value = int.from_bytes(field, spec.length_order)
                total = value if spec.length_includes_header else header + value
                total = max(total, header)  # a nonsense length still consumes the header
                self._need = total - header
                self._head.clear()
                if self._need == 0:
                    ends.append(pos)
                    self.pending = 0
                continue
            take = min(self._need, n - pos)
            pos += take
            self.pending += take
            self._need -= take
            if self._need == 0:
                ends.append(pos)
                self.pending = 0

    def reset(self) -> None:
        """The frame in progress is over (shown as it is): start afresh."""
        self.pending = 0
        self.last_ms = None
        self._tail = b""
        self._head.clear()
        self._need = 0


class Framer:
    """Frames for one stream, as bytes (with the time of each frame's first byte)."""

    __slots__ = ("_buf", "cutter", "first_ms")

    def __init__(self, spec: FramingSpec):
        self.cutter = FrameCutter(spec)
        self._buf = bytearray()
        #: When the first byte of the frame in progress arrived.
        self.first_ms: int | None = None

    @property
    def spec(self) -> FramingSpec:
        return self.cutter.spec

    def feed(self, data: bytes, time_ms: int = 0) -> list[bytes]:
        """Bytes in (with their arrival time); the frames they complete out, oldest first."""
        return [frame for frame, _ in self.feed_timed(data, time_ms)]

    def feed_timed(self, data: bytes, time_ms: int = 0) -> list[tuple[bytes, int]]:
        """Like :meth:`feed`, each frame with the time its first byte arrived."""
        out: list[tuple[bytes, int]] = []
        start = 0
        for end in self.cutter.feed(data, time_ms):
            if end == 0 and self._buf:  # ended by an idle gap, before data
                out.append((bytes(self._buf), self.first_ms or time_ms))
                self._buf.clear()
                self.first_ms = None
                continue
            first = self.first_ms if self._buf else time_ms
            if self._buf:
                self._buf += data[start:end]
                frame = bytes(self._buf)
                self._buf.clear()
            else:
                frame = data[start:end]
            if frame:
                out.append((frame, first if first is not None else time_ms))
            self.first_ms = None
            start = end
        if start < len(data):
            if not self._buf:
                self.first_ms = time_ms
            self._buf += data[start:]
        return out

    def flush(self) -> bytes:
        """The incomplete frame (shown when the peer closes); the framer starts afresh."""
        rest = bytes(self._buf)
        self._buf.clear()
        self.first_ms = None
        self.cutter.reset()
        return rest

    @property
    def pending(self) -> int:
        return len(self._buf)
