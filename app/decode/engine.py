"""A checked layout compiled into steps that decode a message into fields.

Chosen by measurement (``tests/perf/bench_decode.py``, a 5-field layout u8 u16 u32 i16 f32, µs per message on
this 2-core box; docs/architecture.md quotes the line): a run of fixed-width numbers side by side with one byte
order is one precompiled :class:`struct.Struct` (``unpack_from``: one C call for the run), and the parts whose
size depends on the data (bytes and strings sized by an earlier field or by the rest, NUL-terminated strings,
arrays, bits, checksums) are small closures run in turn. Ours 1.9 µs with every field's offset and size made;
``construct`` 8.5 µs interpreted and 2.7 µs compiled *without* offsets (and its compiled mode generates Python
source and ``exec``s it: a layout the user wrote should never reach that); a field-at-a-time interpreter 1.8 µs
at 5 fields but 8.7 µs against our 5.3 µs at 20 (the struct runs pay off as layouts grow); plain
``struct.unpack_from`` alone, the floor that makes no fields, 0.09 µs.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

from app.decode.layout import CHECKSUMS, INTEGER_TYPES, NUMBER_SIZES, FieldSpec, Layout, load_layout
from app.decode.result import MAX_FIELDS, Decoded, DecodedField, Words, english

_CODES = {"u8": "B", "u16": "H", "u32": "I", "u64": "Q", "i8": "b", "i16": "h", "i32": "i", "i64": "q",
          "f32": "f", "f64": "d"}
_ORDER = {"big": ">", "little": "<"}


class Unfit(Exception):
    """The message does not fit the layout here; ``code`` and ``words_args`` say why
    (:data:`app.decode.result.ENGLISH`; caught inside a decode: it becomes the result's ``error``, never reaching a
    caller)."""

    def __init__(self, code: str, *args: str):
        self.code = code
        self.words_args = args
        super().__init__(english(code, args))

    @property
    def words(self) -> str:
        """Why, in English."""
        return str(self)

    @property
    def why(self) -> Words:
        return self.code, self.words_args

    def result(self, decoder: str, fields: list[DecodedField]) -> Decoded:
        """The decoded message this leaves: the fields read so far and why the rest does not fit."""
        return Decoded(decoder, fields, self.words, 0, self.why)


def short(name: str, missing: int) -> Unfit:
    return Unfit("short", f"{missing:,}", name)


def hex_text(data: bytes | memoryview) -> str:
    """Bytes as a field's value shows them: ``"00 2A FF"``."""
    return bytes(data).hex(" ").upper()


#: A step decodes from ``pos`` (not past ``end``), appends its fields to ``out`` (names after ``prefix``), keeps
#: the integers later sizes may name in ``values``, and returns where the next field starts.
Step = Callable[[bytes, int, int, dict[str, int], list[DecodedField], str], int]


class LayoutDecoder:
    """Decodes messages with one checked :class:`Layout`; ``decode(data)`` never raises for any bytes."""

    def __init__(self, layout: Layout, *, path: str | None = None):
        self.layout = layout
        self.name = layout.name
        #: The file it came from (the window lists layouts by path), if any.
        self.path = path
        referenced = _referenced(layout.fields)
        self._steps = _compile(layout.fields, referenced)

    @classmethod
    def from_file(cls, path: str | Path) -> LayoutDecoder:
        return cls(load_layout(path), path=str(path))

    def decode(self, data: bytes) -> Decoded:
        out: list[DecodedField] = []
        values: dict[str, int] = {}
        pos, end = 0, len(data)
        try:
            for step in self._steps:
                pos = step(data, pos, end, values, out, "")
        except Unfit as exc:
            return exc.result(self.name, out)
        return Decoded(self.name, out, None, end - pos)


def _referenced(fields: tuple[FieldSpec, ...]) -> frozenset[str]:
    """Every name a size or a count refers to (only those values are kept while decoding)."""
    names: set[str] = set()
    for f in fields:
        for ref in (f.size, f.count):
            if isinstance(ref, str):
                names.add(ref)
        if f.of is not None:
            names |= _referenced((f.of,))
        names |= _referenced(f.fields)
    return frozenset(names)


def _compile(fields: tuple[FieldSpec, ...], referenced: frozenset[str]) -> list[Step]:
    steps: list[Step] = []
    run: list[FieldSpec] = []
    for i, f in enumerate(fields):
        if f.type in NUMBER_SIZES and (not run or run[0].endian == f.endian):
            run.append(f)
            continue
        if run:
            steps.append(_numbers(run, referenced))
            run = []
        if f.type in NUMBER_SIZES:
            run.append(f)
        else:
            # (a field that takes "the rest" leaves the fixed fields after it their bytes: data, then a CRC)
            tail = sum(g.fixed_size or 0 for g in fields[i + 1:])
            steps.append(_STEPS[f.type](f, referenced, tail))
    if run:
        steps.append(_numbers(run, referenced))
    return steps


def _numbers(run: list[FieldSpec], referenced: frozenset[str]) -> Step:
    """Fixed-width numbers side by side: one ``struct.Struct.unpack_from`` for all of them."""
    packer = struct.Struct(_ORDER[run[0].endian] + "".join(_CODES[f.type] for f in run))
    total = packer.size
    meta = []
    offset = 0
    for f in run:
        size = NUMBER_SIZES[f.type]
        meta.append((f.name, offset, size, f.type, f.enum, f.name in referenced and f.type in INTEGER_TYPES))
        offset += size
    singles = [struct.Struct(_ORDER[run[0].endian] + _CODES[f.type]) for f in run]
    plain = all(m[4] is None and not m[5] for m in meta)
    meta_t = tuple(meta)

    def step(data: bytes, pos: int, end: int, values: dict[str, int], out: list[DecodedField], prefix: str) -> int:
        if pos + total > end:
            for (name, off, size, kind, enum, _), single in zip(meta_t, singles, strict=True):
                if pos + off + size > end:
                    raise short(prefix + name, pos + off + size - end)
                v = single.unpack_from(data, pos + off)[0]
                out.append(DecodedField(prefix + name, v, pos + off, size, kind, enum.get(v) if enum else None))
        append = out.append
        if plain and not prefix:  # (the common case, kept lean: bench_decode measures it)
            for (name, off, size, kind, _, _), v in zip(meta_t, packer.unpack_from(data, pos), strict=True):
                append(DecodedField(name, v, pos + off, size, kind))
            return pos + total
        for (name, off, size, kind, enum, keep), v in zip(meta_t, packer.unpack_from(data, pos), strict=True):
            append(DecodedField(prefix + name, v, pos + off, size, kind, enum.get(v) if enum else None))
            if keep:
                values[name] = v
        return pos + total

    return step


def _size_of(ref: int | str | None, values: dict[str, int], pos: int, end: int, tail: int) -> int:
    if ref is None:
        return max(0, end - pos - tail)
    if isinstance(ref, int):
        return ref
    return values[ref]


def _bytes(f: FieldSpec, _referenced: frozenset[str], tail: int) -> Step:
    name, ref, kind, encoding = f.name, f.size, f.type, f.encoding

    def step(data: bytes, pos: int, end: int, values: dict[str, int], out: list[DecodedField], prefix: str) -> int:
        size = _size_of(ref, values, pos, end, tail)
        if size < 0:
            raise Unfit("bad-size", prefix + name, str(size))
        if pos + size > end:
            raise short(prefix + name, pos + size - end)
        chunk = data[pos:pos + size]
        # (a fixed-size C string pads with NULs: they are not part of the text)
        value = hex_text(chunk) if kind == "bytes" else chunk.rstrip(b"\0").decode(encoding, "backslashreplace")
        out.append(DecodedField(prefix + name, value, pos, size, kind))
        return pos + size

    return step


def _cstring(f: FieldSpec, _referenced: frozenset[str], _tail: int) -> Step:
    name, encoding = f.name, f.encoding

    def step(data: bytes, pos: int, end: int, values: dict[str, int], out: list[DecodedField], prefix: str) -> int:
        nul = data.find(b"\0", pos, end)
        if nul < 0:
            raise Unfit("no-nul", prefix + name) if pos < end else short(prefix + name, 1)
        out.append(DecodedField(prefix + name, data[pos:nul].decode(encoding, "backslashreplace"), pos,
                                nul + 1 - pos, "cstring"))
        return nul + 1

    return step


def _bits(f: FieldSpec, referenced: frozenset[str], _tail: int) -> Step:
    size, endian, name = f.size, f.endian, f.name
    assert isinstance(size, int)
    parts = []
    shift = size * 8
    for b in f.bits:
        shift -= b.width
        parts.append((b.name, shift, (1 << b.width) - 1, b.enum, b.name in referenced))

    def step(data: bytes, pos: int, end: int, values: dict[str, int], out: list[DecodedField], prefix: str) -> int:
        if pos + size > end:
            raise short(prefix + (parts[0][0] if len(parts) == 1 else name), pos + size - end)
        n = int.from_bytes(data[pos:pos + size], endian)
        for bit_name, at, mask, enum, keep in parts:
            v = (n >> at) & mask
            out.append(DecodedField(prefix + bit_name, v, pos, size, "bits", enum.get(v) if enum else None))
            if keep:
                values[bit_name] = v
        return pos + size

    return step


def _checksum(f: FieldSpec, _referenced: frozenset[str], _tail: int) -> Step:
    algo = CHECKSUMS[f.algorithm]
    width, endian, name, over = algo.width, f.endian, f.name, f.over

    def step(data: bytes, pos: int, end: int, values: dict[str, int], out: list[DecodedField], prefix: str) -> int:
        if pos + width > end:
            raise short(prefix + name, pos + width - end)
        read = int.from_bytes(data[pos:pos + width], endian)
        covered = data[:pos] if over is None else data[over[0]:over[1]]
        expected = algo.compute(covered)
        out.append(DecodedField(prefix + name, read, pos, width, "checksum", None, read == expected, expected))
        return pos + width

    return step


def _array(f: FieldSpec, referenced: frozenset[str], tail: int) -> Step:
    name, count_ref, size_ref = f.name, f.count, f.size
    element = f.element_size
    if f.of is not None:
        inner = _compile((f.of,), referenced)
        struct_element = False
    else:
        inner = _compile(f.fields, referenced)
        struct_element = True

    def one(data: bytes, pos: int, end: int, values: dict[str, int], out: list[DecodedField], label: str) -> int:
        if struct_element:
            values = dict(values)  # (an element's own names shadow the message's only inside the element)
            label += "."
        for s in inner:
            pos = s(data, pos, end, values, out, label)
        return pos

    def step(data: bytes, pos: int, end: int, values: dict[str, int], out: list[DecodedField], prefix: str) -> int:
        full = prefix + name
        if count_ref is not None:
            count = values[count_ref] if isinstance(count_ref, str) else count_ref
            if element is not None and pos + count * element > end:
                whole = max(0, (end - pos) // element)
                for i in range(whole):
                    pos = one(data, pos, end, values, out, f"{full}[{i}]")
                raise short(full, (count - whole) * element - (end - pos))
            for i in range(count):
                if len(out) > MAX_FIELDS:
                    raise Unfit("too-many-fields", full, f"{MAX_FIELDS:,}")
                before, made = pos, len(out)
                pos = one(data, pos, end, values, out, f"{full}[{i}]")
                if pos == before and len(out) == made:
                    break  # (an element with nothing in it: the rest would be as empty)
            return pos
        stop = pos + _size_of(size_ref, values, pos, end, tail)
        if stop > end:
            raise short(full, stop - end)
        i = 0
        while pos < stop:
            if len(out) > MAX_FIELDS:
                raise Unfit("too-many-fields", full, f"{MAX_FIELDS:,}")
            if element is not None and pos + element > stop:
                raise Unfit("part-element", f"{stop - pos:,}", full, f"{element:,}")
            before = pos
            pos = one(data, pos, stop, values, out, f"{full}[{i}]")
            if pos == before:
                raise Unfit("empty-element", str(i), full)
            i += 1
        return pos

    return step


_STEPS: dict[str, Callable[[FieldSpec, frozenset[str], int], Step]] = {
    "bytes": _bytes, "string": _bytes, "cstring": _cstring, "bits": _bits, "checksum": _checksum, "array": _array,
}
