"""Samples out of one stream's bytes: text lines, a user's regex, VOFA+ JustFloat frames, a decoder's fields.

An extractor belongs to one stream (a peer and a direction) and is fed that stream's bytes as they arrive,
read by read; it keeps what a read left unfinished (a line without its end, a frame without its tail) for
the next. Each call returns the *samples* the bytes completed, oldest first: a sample is the list of
``(name, value)`` pairs one line, one match, one frame or one message gave. Values that do not parse
(``temp:abc``, a bare ``x``, ``nan``/``inf``, a frame whose length is not whole floats) are counted in
``bad``, never plotted.

An extractor that starts in the middle of a stream (its history's head was evicted, the view was cleared)
is *unsynchronised*: it drops what comes before the first boundary (line end, frame tail), so the remains of
a cut line are not read as a sample.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from app.view.search import linear_pattern

SourceKind = Literal["off", "lines", "regex", "justfloat", "fields"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("off", "lines", "regex", "justfloat", "fields")

Sample = list[tuple[str, float]]

#: Bytes of a line kept at most while its end has not come (past it the line is dropped and counted bad):
#: the same bound as the text a user's pattern looks at.
MAX_LINE = 64 * 1024
#: VOFA+ JustFloat's frame tail: the float32 +inf, little-endian.
JUSTFLOAT_TAIL = b"\x00\x00\x80\x7f"
#: Channels a JustFloat frame has at most: the tail is looked for where whole floats end (a value's
#: bytes can hold ``00 00 80 7F`` across two floats); a buffer longer than the longest frame with no tail at
#: such a place is out of step, and the first tail anywhere puts it back in step.
MAX_CHANNELS = 256
MAX_FRAME = 4 * MAX_CHANNELS + len(JUSTFLOAT_TAIL)

_CH = [f"ch{k}" for k in range(1, MAX_CHANNELS + 1)]


def channel(k: int) -> str:
    """The name of the ``k``-th unlabelled value (from 1): ``ch1``, ``ch2`` …"""
    return _CH[k - 1] if k <= MAX_CHANNELS else f"ch{k}"


class FieldsDecoder(Protocol):
    """What the ``fields`` source asks of a decoder: one message's bytes → its numeric fields.

    Called once per record (a datagram, a message, a framed chunk) with its bytes; returns ``(name, value)``
    pairs such as ``("registers[0]", 17)``, ``("volts", 3.3)``. Fields that are not numbers may be
    returned and are ignored; an exception counts the record as one bad value.
    """

    def __call__(self, data: bytes, /) -> Iterable[tuple[str, object]]: ...


class _Decodes(Protocol):
    """A page's decoder (``app.decode.decoder_for``): ``decode(data)`` gives its fields and any error."""

    def decode(self, data: bytes) -> Any: ...


def decoded_fields(decoder: _Decodes) -> FieldsDecoder:
    """The ``fields`` source of a page's decoder: each record's decoded fields as ``(name, value)`` pairs.
    A record that does not fit (the decoder's error, whatever fields came before it) is one bad value."""

    def fields(data: bytes) -> list[tuple[str, object]]:
        decoded = decoder.decode(data)
        if decoded.error is not None:
            raise ValueError(decoded.error)
        return [(f.name, f.value) for f in decoded.fields]

    return fields


class Extractor(Protocol):
    """Samples from one stream's bytes, fed read by read."""

    #: Values that did not parse (and frames / lines dropped whole).
    bad: int

    def feed(self, data: bytes) -> list[Sample]: ...

    def unsync(self) -> None:
        """The next bytes may start in the middle of a line or frame: drop up to the first boundary."""


def number(text: str) -> float | None:
    """``text`` as a finite float, or None."""
    try:
        v = float(text)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


class _Lines:
    """Cuts a stream into text lines (ended by ``\\n``, ``\\r`` or both), whole lines decoded as UTF-8."""

    __slots__ = ("bad", "pending", "synced")

    def __init__(self) -> None:
        self.pending = b""
        self.bad = 0
        self.synced = True

    def unsync(self) -> None:
        self.pending = b""
        self.synced = False

    def lines(self, data: bytes) -> list[str]:
        if self.pending:
            data = self.pending + data
        cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
        if not cut:
            if len(data) > MAX_LINE:  # a line that never ends: dropped, once
                if self.synced:
                    self.bad += 1
                self.pending = b""
            else:
                self.pending = data
            return []
        self.pending = data[cut:] if cut < len(data) else b""
        if len(self.pending) > MAX_LINE:
            self.bad += 1
            self.pending = b""
        lines = data[:cut].decode("utf-8", "replace").splitlines()
        if not self.synced:
            self.synced = True
            if data[0] not in b"\r\n":  # the remains of a line cut before our first byte
                del lines[0]
        return lines


#: A token of a line: ``name:value`` / ``name=value`` (spaces around the sign allowed), or a bare value;
#: tokens are separated by commas, spaces or tabs.
_TOKEN = re.compile(r"([^\s,:=]+)[ \t]*[:=][ \t]*([^\s,:=]*)|([^\s,]+)")


class LinesExtractor(_Lines):
    """Numbers in text lines, as the Arduino serial plotter reads them.

    ``temp:23.5,hum:41`` or ``temp=23.5 hum=41`` give ``temp`` and ``hum``; ``1.5 2 3`` or ``1.5,2,3`` give
    ``ch1``, ``ch2``, ``ch3`` — an unlabelled value is named by its place among the line's unlabelled tokens,
    so a garbled one does not shift the others. A line with at least one number is one sample.
    """

    __slots__ = ()

    def feed(self, data: bytes) -> list[Sample]:
        out: list[Sample] = []
        findall = _TOKEN.findall
        for line in self.lines(data):
            sample: Sample = []
            k = 0
            for name, value, bare in findall(line):
                if not name:
                    k += 1
                    name, value = channel(k), bare
                try:
                    v = float(value)
                except ValueError:
                    self.bad += 1
                    continue
                if v - v == 0.0:  # finite (inf - inf and nan - nan are nan)
                    sample.append((name, v))
                else:
                    self.bad += 1
            if sample:
                out.append(sample)
        return out


class RegexExtractor(_Lines):
    """A user's pattern, on RE2 (linear in the text), matched against each line: every match is a sample.

    Named groups give names, unnamed ones ``ch1``, ``ch2`` … in order among the unnamed; a pattern without
    groups gives its whole match as ``ch1``. A group that did not take part is left out.
    """

    __slots__ = ("_finditer", "_names")

    def __init__(self, pattern: str) -> None:
        super().__init__()
        compiled = linear_pattern(pattern, False, "the chart")  # InvalidPattern in words
        self._finditer = compiled.finditer
        by_index = {i: name for name, i in compiled.groupindex.items()}
        unnamed = 0
        names: list[str] = []
        for i in range(1, compiled.groups + 1):
            if i not in by_index:
                unnamed += 1
            names.append(by_index.get(i) or channel(unnamed))
        self._names = tuple(names)

    def feed(self, data: bytes) -> list[Sample]:
        out: list[Sample] = []
        names = self._names
        for line in self.lines(data):
            for m in self._finditer(line):
                sample: Sample = []
                values = m.groups() if names else (m.group(0),)
                for name, value in zip(names or ("ch1",), values, strict=True):
                    if value is None:
                        continue
                    v = number(value)
                    if v is None:
                        self.bad += 1
                    else:
                        sample.append((name, v))
                if sample:
                    out.append(sample)
        return out


_FLOATS = [struct.Struct(f"<{n}f") for n in range(MAX_CHANNELS + 1)]


class JustFloatExtractor:
    """VOFA+ JustFloat: frames of little-endian float32 channels (``ch1`` …), each ended by ``00 00 80 7F``.

    The tail is found wherever reads cut the stream: a frame split across reads or datagrams is joined, and
    several frames in one read are several samples. The tail is looked for at whole-float places only; a
    stream that starts out of step is put back in step by the first tail after :data:`MAX_FRAME` bytes.
    """

    __slots__ = ("bad", "pending", "synced")

    def __init__(self) -> None:
        self.pending = b""
        self.bad = 0
        self.synced = True

    def unsync(self) -> None:
        self.pending = b""
        self.synced = False

    def feed(self, data: bytes) -> list[Sample]:
        buf = self.pending + data if self.pending else data
        out: list[Sample] = []
        n = len(buf)
        tail = JUSTFLOAT_TAIL
        find = buf.find

        def aligned(start: int) -> int:  # the first tail where whole floats from ``start`` end
            i = find(tail, start)
            while i >= 0 and (i - start) & 3:
                i = find(tail, i + 1)
            return i

        start = 0
        if not self.synced:
            i = find(tail)
            if i < 0:
                self.pending = buf[-3:]
                return out
            start = i + 4
            self.synced = True
        while True:
            i = aligned(start)
            if i < 0:
                # No tail where whole floats end. A tail elsewhere followed by one in step with it means the
                # stream was out of step (it started inside a frame): the bytes before it are dropped.
                i = find(tail, start)
                if i < 0 or (aligned(i + 4) < 0 and n - start <= MAX_FRAME):
                    break
                self.bad += 1
                start = i + 4
                continue
            channels = (i - start) >> 2
            if channels > MAX_CHANNELS:
                self.bad += 1
            elif channels:
                sample: Sample = []
                for k, v in enumerate(_FLOATS[channels].unpack_from(buf, start)):
                    if v - v == 0.0:
                        sample.append((_CH[k], v))
                    else:
                        self.bad += 1
                if sample:
                    out.append(sample)
            start = i + 4
        if n - start > MAX_FRAME:  # no tail in more than a frame: dropped (but a tail split by the read), and
            self.bad += 1         # the next tail wherever it is ends the junk
            self.pending = buf[-3:]
            self.synced = False
            return out
        self.pending = buf[start:] if start < n else b""
        return out


class FieldsExtractor:
    """The numeric fields a decoder finds in each record (see :class:`FieldsDecoder`): a record is a sample."""

    __slots__ = ("bad", "decoder")

    def __init__(self, decoder: FieldsDecoder) -> None:
        self.decoder = decoder
        self.bad = 0

    def unsync(self) -> None:  # each record stands alone
        pass

    def feed(self, data: bytes) -> list[Sample]:
        try:
            fields = list(self.decoder(data))
        except Exception:  # a message the decoder cannot read: one bad value, the chart goes on
            self.bad += 1
            return []
        sample: Sample = []
        for name, value in fields:
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue  # text, bytes, lists: not plotted, not bad either
            v = float(value)
            if math.isfinite(v):
                sample.append((name, v))
            else:
                self.bad += 1
        return [sample] if sample else []


@dataclass(frozen=True, slots=True)
class ChartSource:
    """Where a chart's numbers come from (the ``chartSource`` item data), with what that source needs."""

    kind: SourceKind = "off"
    #: The ``regex`` source's pattern (``chartRegex``).
    pattern: str = ""
    #: The ``fields`` source's decoder (the page's decoder, see :class:`FieldsDecoder`).
    decoder: FieldsDecoder | Callable[[bytes], Iterable[tuple[str, object]]] | None = None

    def check(self) -> None:
        """Raise InvalidPattern (a pattern RE2 cannot run, or a syntax error) or ValueError now, not per stream."""
        if self.kind not in SOURCE_KINDS:
            raise ValueError(f"unknown chart source {self.kind!r}")
        if self.kind == "regex":
            RegexExtractor(self.pattern)
        if self.kind == "fields" and self.decoder is None:
            raise ValueError("the fields source needs a decoder")

    def extractor(self) -> Extractor | None:
        """A fresh extractor for one stream (None for ``off``)."""
        if self.kind == "lines":
            return LinesExtractor()
        if self.kind == "regex":
            return RegexExtractor(self.pattern)
        if self.kind == "justfloat":
            return JustFloatExtractor()
        if self.kind == "fields":
            assert self.decoder is not None
            return FieldsExtractor(self.decoder)
        return None

