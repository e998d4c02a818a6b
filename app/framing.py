"""Framing (粘包/拆包): split a TCP stream into messages instead of arbitrary recv() chunks.

A :class:`Framer` is a small state machine for one stream; it never loses or duplicates a byte: the
frames it returns, followed by :meth:`Framer.flush`, concatenate to exactly the bytes fed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FramingMode = Literal["raw", "delimiter", "fixed", "length", "idle"]
#: A frame that grows past this without completing is emitted as it is (memory stays bounded).
MAX_FRAME = 1 << 20


@dataclass(frozen=True, slots=True)
class FramingSpec:
    """How a stream is cut into frames."""

    mode: FramingMode = "raw"
    #: ``delimiter``: frames end with (and include) these bytes.
    delimiter: bytes = b"\r\n"
    #: ``fixed``: every frame has this many bytes.
    size: int = 8
    #: ``length``: where the length field starts, its size (1, 2 or 4), byte order, and whether the
    #: value counts the header (offset + field) too.
    length_offset: int = 0
    length_size: int = 2
    length_order: Literal["big", "little"] = "big"
    length_includes_header: bool = False
    #: ``idle``: a gap longer than this between reads ends a frame.
    idle_ms: int = 20

    def __post_init__(self) -> None:
        if self.mode == "delimiter" and not self.delimiter:
            raise ValueError("the delimiter is empty")
        if self.mode == "fixed" and self.size < 1:
            raise ValueError("the frame size must be at least 1")
        if self.mode == "length" and self.length_size not in (1, 2, 4):
            raise ValueError("the length field has 1, 2 or 4 bytes")

    @property
    def active(self) -> bool:
        return self.mode != "raw"


class Framer:
    """Frames for one (peer, direction) stream."""

    __slots__ = ("_buf", "_last_ms", "spec")

    def __init__(self, spec: FramingSpec):
        self.spec = spec
        self._buf = bytearray()
        self._last_ms: int | None = None

    def feed(self, data: bytes, time_ms: int = 0) -> list[bytes]:
        """Bytes in (with their arrival time); the frames they complete out, oldest first."""
        spec = self.spec
        out: list[bytes] = []
        if spec.mode == "raw":
            return [data] if data else []
        if spec.mode == "idle":
            if self._buf and self._last_ms is not None and time_ms - self._last_ms > spec.idle_ms:
                out.append(bytes(self._buf))
                self._buf.clear()
            self._last_ms = time_ms
            self._buf += data
        else:
            self._buf += data
            if spec.mode == "delimiter":
                self._split_delimited(out)
            elif spec.mode == "fixed":
                self._split_fixed(out)
            else:
                self._split_length(out)
        if len(self._buf) > MAX_FRAME:
            out.append(bytes(self._buf))
            self._buf.clear()
        return out

    def _split_delimited(self, out: list[bytes]) -> None:
        delim = self.spec.delimiter
        buf = self._buf
        start = 0
        while (i := buf.find(delim, start)) >= 0:
            end = i + len(delim)
            out.append(bytes(buf[start:end]))
            start = end
        del buf[:start]

    def _split_fixed(self, out: list[bytes]) -> None:
        size = self.spec.size
        buf = self._buf
        n = len(buf) // size * size
        out.extend(bytes(buf[i:i + size]) for i in range(0, n, size))
        del buf[:n]

    def _split_length(self, out: list[bytes]) -> None:
        spec = self.spec
        buf = self._buf
        header = spec.length_offset + spec.length_size
        start = 0
        while len(buf) - start >= header:
            field = buf[start + spec.length_offset:start + header]
            value = int.from_bytes(field, spec.length_order)
            total = value if spec.length_includes_header else header + value
            total = max(total, header)  # a nonsense length still consumes the header: no byte is stuck
            if len(buf) - start < total:
                break
            out.append(bytes(buf[start:start + total]))
            start += total
        del buf[:start]

    def flush(self) -> bytes:
        """The incomplete frame (shown when the peer closes); the framer starts afresh."""
        rest = bytes(self._buf)
        self._buf.clear()
        self._last_ms = None
        return rest

    @property
    def pending(self) -> int:
        return len(self._buf)
