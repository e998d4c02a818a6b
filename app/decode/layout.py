"""Layout files: a user's JSON description of a message, read and checked whole before use (never run as code).

The format (docs/architecture.md, "Decoding")::

    {"name": "course RRQ", "endian": "big", "fields": [
        {"name": "opcode", "type": "u16", "enum": {"1": "RRQ", "2": "WRQ"}},
        {"name": "filename", "type": "cstring"},
        {"name": "mode", "type": "cstring", "encoding": "ascii"}]}

A mistake is a :class:`LayoutError` naming the field (by name and place) and saying why.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.core.checksum import ALGORITHMS
from app.core.errors import ConfigError

NUMBER_SIZES = {"u8": 1, "u16": 2, "u32": 4, "u64": 8, "i8": 1, "i16": 2, "i32": 4, "i64": 8, "f32": 4, "f64": 8}
INTEGER_TYPES = frozenset(t for t in NUMBER_SIZES if t[0] in "ui")
TYPES = (*NUMBER_SIZES, "bytes", "string", "cstring", "bits", "array", "checksum")
CHECKSUMS = {a.name: a for a in ALGORITHMS if a.name != "none"}

#: A layout file larger than this is refused before it is read (a layout is a page of JSON, not megabytes).
MAX_FILE_BYTES = 1024 * 1024
#: Arrays of structs inside arrays …: deeper than this is refused.
MAX_DEPTH = 8
#: Fields in one layout, counted through every struct and bit list.
MAX_LAYOUT_FIELDS = 10_000

#: A number's byte order, as ``int.from_bytes`` takes it.
Endian = Literal["big", "little"]

_KEYS: dict[str, frozenset[str]] = {
    **{t: frozenset({"name", "type", "endian", "enum"}) for t in NUMBER_SIZES},
    "bytes": frozenset({"name", "type", "size"}),
    "string": frozenset({"name", "type", "size", "encoding"}),
    "cstring": frozenset({"name", "type", "encoding"}),
    "bits": frozenset({"name", "type", "size", "bits", "endian"}),
    "array": frozenset({"name", "type", "count", "size", "of", "fields"}),
    "checksum": frozenset({"name", "type", "algorithm", "over", "endian"}),
}


class LayoutError(ConfigError, ValueError):
    """A layout that cannot be used: not JSON, or a field whose type, size, count, enum … is wrong (named)."""

    code = "layout"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        #: The field at fault (its name, or its place such as ``fields[2]`` when it has no usable name).
        self.field = field


@dataclass(frozen=True, slots=True)
class BitSpec:
    """One named run of bits inside a ``bits`` field, most significant first."""

    name: str
    width: int
    enum: dict[int, str] | None = None


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a layout, checked: every reference resolved to an earlier field, every number in range."""

    name: str
    type: str
    #: ``"big"`` or ``"little"`` (the layout's unless the field says otherwise).
    endian: Endian = "big"
    enum: dict[int, str] | None = None
    #: bytes/string/array: a byte count, an earlier field's name, or None for the rest; bits: its byte count.
    size: int | str | None = None
    #: array: an element count, an earlier field's name, or None.
    count: int | str | None = None
    encoding: str = "utf-8"
    bits: tuple[BitSpec, ...] = ()
    #: array: the element (a field without a name) …
    of: FieldSpec | None = None
    #: … or a struct per element.
    fields: tuple[FieldSpec, ...] = ()
    algorithm: str = ""
    #: checksum: [start, end) byte offsets, negative from the end; None = up to the checksum's own offset.
    over: tuple[int, int | None] | None = None

    @property
    def fixed_size(self) -> int | None:
        """The bytes it always takes, or None when that depends on the data."""
        if self.type in NUMBER_SIZES:
            return NUMBER_SIZES[self.type]
        if isinstance(self.size, int) and self.type in ("bits", "bytes", "string"):  # (a bits field's is always)
            return self.size
        if self.type == "checksum":
            return CHECKSUMS[self.algorithm].width
        if self.type == "array" and isinstance(self.count, int):
            element = self.element_size
            return None if element is None else element * self.count
        if self.type == "array" and isinstance(self.size, int):
            return self.size
        return None

    @property
    def takes_rest(self) -> bool:
        """Bytes, a string or an array with neither size nor count: it takes what the fields after it leave."""
        return self.type in ("bytes", "string", "array") and self.size is None and self.count is None

    @property
    def element_size(self) -> int | None:
        """An array element's fixed size (None: it depends on the data)."""
        if self.of is not None:
            return self.of.fixed_size
        total = 0
        for f in self.fields:
            size = f.fixed_size
            if size is None:
                return None
            total += size
        return total


@dataclass(frozen=True, slots=True)
class Layout:
    """A whole layout, checked."""

    name: str
    endian: Endian
    fields: tuple[FieldSpec, ...]


# ------------------------------------------------------------------------------------------ reading


def load_layout(path: str | Path) -> Layout:
    """Read and check the layout file at ``path``; a problem is a :class:`LayoutError` that names the file."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise LayoutError(f"{p.name}: larger than {MAX_FILE_BYTES // 1024:,} KiB: not a layout")
        text = p.read_text(encoding="utf-8-sig")
    except LayoutError:
        raise
    except UnicodeDecodeError:
        raise LayoutError(f"{p.name}: not UTF-8 text") from None
    except OSError as exc:
        raise LayoutError(f"{p.name}: cannot be read ({exc.strerror or exc})") from None
    try:
        return parse_layout(text, default_name=p.stem)
    except LayoutError as exc:
        raise LayoutError(f"{p.name}: {exc.message}", field=exc.field) from None


def parse_layout(source: str | dict[str, Any], *, default_name: str = "layout") -> Layout:
    """Check a layout given as JSON text (or already loaded) and return it; :class:`LayoutError` otherwise."""
    if isinstance(source, str):
        try:
            source = json.loads(source)
        except json.JSONDecodeError as exc:
            raise LayoutError(f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
        except RecursionError:
            raise LayoutError("not JSON this program can read: nested too deeply") from None
    if not isinstance(source, dict):
        raise LayoutError("a layout is a JSON object with \"fields\"")
    unknown = sorted(set(source) - {"name", "endian", "fields", "description"})
    if unknown:
        raise LayoutError(f"unknown key {unknown[0]!r} in the layout (it has name, endian, fields)")
    name = source.get("name", default_name)
    if not isinstance(name, str) or not name:
        raise LayoutError("the layout's name must be text")
    endian = _endian(source.get("endian", "big"), "the layout's endian")
    fields = source.get("fields")
    if not isinstance(fields, list) or not fields:
        raise LayoutError("the layout needs \"fields\": a list of at least one field")
    checker = _Checker()
    return Layout(name, endian, checker.fields(fields, "fields", endian, (), 0))


def _endian(value: object, what: str) -> Endian:
    if value not in ("big", "little"):
        raise LayoutError(f"{what} must be \"big\" or \"little\", not {value!r}")
    return value


class _Checker:
    """Walks a layout's JSON once, field by field, with the names earlier fields gave (what a size may name)."""

    def __init__(self) -> None:
        self.count = 0

    def fields(self, items: list[Any], path: str, endian: Endian, outer: tuple[set[str], ...],
               depth: int) -> tuple[FieldSpec, ...]:
        if depth > MAX_DEPTH:
            raise LayoutError(f"{path}: structs nested deeper than {MAX_DEPTH}", field=path)
        numbers: set[str] = set()  # earlier integer fields of this struct: what a size or count may name
        seen: set[str] = set()
        out = []
        for i, item in enumerate(items):
            spec = self.field(item, f"{path}[{i}]", endian, (numbers, *outer), depth, named=True)
            names = [b.name for b in spec.bits] if spec.type == "bits" else [spec.name]
            for n in names:
                if n in seen:
                    raise LayoutError(f"field {n!r} ({path}[{i}]): a second field of that name", field=n)
                seen.add(n)
            if spec.type in INTEGER_TYPES:
                numbers.add(spec.name)
            elif spec.type == "bits":
                numbers.update(names)
            out.append(spec)
        rest = next((f for f in out if f.takes_rest), None)
        if rest is not None:
            after = out[out.index(rest) + 1:]
            loose = next((f for f in after if f.fixed_size is None), None)
            if loose is not None:
                raise LayoutError(f"field {rest.name!r}: it takes the rest of the message, so the fields after it "
                                  f"need fixed sizes ({loose.name!r} has none)", field=rest.name)
        return tuple(out)

    def field(self, item: object, place: str, endian: Endian, scopes: tuple[set[str], ...], depth: int,
              *, named: bool) -> FieldSpec:
        self.count += 1
        if self.count > MAX_LAYOUT_FIELDS:
            raise LayoutError(f"more than {MAX_LAYOUT_FIELDS:,} fields", field=place)
        if not isinstance(item, dict):
            raise LayoutError(f"{place}: a field is a JSON object with \"name\" and \"type\"", field=place)
        name = item.get("name", "")
        if named:
            if not isinstance(name, str) or not name.strip():
                raise LayoutError(f"{place}: a field needs a \"name\" (text)", field=place)
            if any(c in name for c in "[]=") or name != name.strip():
                raise LayoutError(f"field {name!r} ({place}): a name may not hold [ ] = or start or end with "
                                  "a space", field=name)
            who = f"field {name!r} ({place})"
        else:
            if "name" in item:
                raise LayoutError(f"{place}: an array's \"of\" element has no name (the array names it)",
                                  field=place)
            who = place
        key = name if named else place
        kind = item.get("type")
        if kind not in _KEYS:
            raise LayoutError(f"{who}: type {kind!r} is not one of {', '.join(TYPES)}", field=key)
        extra = sorted(set(item) - _KEYS[kind])
        if extra:
            raise LayoutError(f"{who}: {kind} has no {extra[0]!r} (it takes {', '.join(sorted(_KEYS[kind]))})",
                              field=key)

        def problem(words: str) -> LayoutError:
            return LayoutError(f"{who}: {words}", field=key)

        def reference(what: str, value: object) -> int | str | None:
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise problem(f"{what} must be a number or an earlier field's name, not {value!r}")
            if isinstance(value, int):
                if value < 0:
                    raise problem(f"{what} {value} is negative")
                return value
            if not any(value in scope for scope in scopes):
                raise problem(f"{what} {value!r} is not the name of an earlier integer field")
            return value

        if "endian" in item and item["endian"] not in ("big", "little"):
            raise problem(f"endian must be \"big\" or \"little\", not {item['endian']!r}")
        field_endian = item.get("endian", endian)
        if kind in NUMBER_SIZES:
            enum = self.enum(item.get("enum"), problem) if "enum" in item else None
            if enum is not None and kind not in INTEGER_TYPES:
                raise problem("a float cannot have an enum")
            return FieldSpec(name, kind, field_endian, enum)
        if kind in ("bytes", "string"):
            encoding = self.encoding(item.get("encoding", "utf-8"), problem)
            return FieldSpec(name, kind, endian, size=reference("size", item.get("size")), encoding=encoding)
        if kind == "cstring":
            return FieldSpec(name, kind, endian, encoding=self.encoding(item.get("encoding", "utf-8"), problem))
        if kind == "bits":
            size = item.get("size")
            if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 8:
                raise problem(f"bits needs \"size\": its byte count, 1 to 8 (not {size!r})")
            bits = self.bits(item.get("bits"), size, problem)
            return FieldSpec(name, kind, field_endian, size=size, bits=bits)
        if kind == "array":
            if "count" in item and "size" in item:
                raise problem("an array has a count or a size, not both")
            if ("of" in item) == ("fields" in item):
                raise problem("an array needs \"of\" (one element) or \"fields\" (a struct per element), one of them")
            count = reference("count", item.get("count"))
            size = reference("size", item.get("size"))
            if "of" in item:
                of = self.field(item["of"], f"{place}.of", endian, scopes, depth + 1, named=False)
                if of.type in ("array", "checksum", "bits"):
                    raise problem(f"an array's element cannot be {of.type} (use \"fields\" for a struct)")
                spec = FieldSpec(name, kind, endian, count=count, size=size, of=of)
            else:
                items = item["fields"]
                if not isinstance(items, list) or not items:
                    raise problem("\"fields\" must be a list of at least one field")
                inner = self.fields(items, f"{place}.fields", endian, scopes, depth + 1)
                if any(f.type == "checksum" for f in inner):
                    raise problem("a checksum belongs to the message, not to an array's element")
                spec = FieldSpec(name, kind, endian, count=count, size=size, fields=inner)
            if spec.element_size == 0:
                raise problem("its elements take no bytes")
            return spec
        # checksum
        algorithm = item.get("algorithm")
        if algorithm not in CHECKSUMS:
            raise problem(f"algorithm {algorithm!r} is not one of {', '.join(CHECKSUMS)}")
        over = item.get("over")
        if over is not None:
            def offset(v: object) -> bool:
                return isinstance(v, int) and not isinstance(v, bool)

            if not isinstance(over, list) or len(over) != 2 or not offset(over[0]) or not (
                    over[1] is None or offset(over[1])):
                raise problem(f"\"over\" must be [start, end]: two byte offsets (negative from the end), not {over!r}")
            over = (over[0], over[1])
        order = item.get("endian", CHECKSUMS[algorithm].default_order)
        return FieldSpec(name, kind, order, algorithm=algorithm, over=over)

    @staticmethod
    def enum(value: object, problem: Any) -> dict[int, str]:
        if not isinstance(value, dict) or not value:
            raise problem("\"enum\" must be an object of number → word, such as {\"1\": \"RRQ\"}")
        out = {}
        for k, v in value.items():
            try:
                number = int(k, 0)
            except (TypeError, ValueError):
                raise problem(f"enum key {k!r} is not a number") from None
            if not isinstance(v, str):
                raise problem(f"enum {k!r} must name a word, not {v!r}")
            out[number] = v
        return out

    @staticmethod
    def encoding(value: object, problem: Any) -> str:
        if not isinstance(value, str):
            raise problem(f"encoding {value!r} is not text")
        try:
            return codecs.lookup(value).name
        except LookupError:
            raise problem(f"encoding {value!r} is not one Python knows") from None

    def bits(self, value: object, size: int, problem: Any) -> tuple[BitSpec, ...]:
        if not isinstance(value, list) or not value:
            raise problem("bits needs \"bits\": a list of {\"name\", \"width\"}, most significant first")
        out = []
        total = 0
        for i, b in enumerate(value):
            self.count += 1
            if not isinstance(b, dict) or set(b) - {"name", "width", "enum"}:
                raise problem(f"bits[{i}] must be {{\"name\", \"width\"}} (and an optional \"enum\")")
            name, width = b.get("name"), b.get("width")
            if not isinstance(name, str) or not name.strip() or any(c in name for c in "[]="):
                raise problem(f"bits[{i}] needs a name (text without [ ] =)")
            if isinstance(width, bool) or not isinstance(width, int) or width < 1:
                raise problem(f"bits[{i}] {name!r}: width must be 1 or more, not {width!r}")
            total += width
            enum = self.enum(b["enum"], problem) if "enum" in b else None
            out.append(BitSpec(name, width, enum))
        if total > size * 8:
            raise problem(f"its bits add up to {total}, more than its {size * 8} ({size} bytes)")
        return tuple(out)
