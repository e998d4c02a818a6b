"""A C ``struct`` from firmware source as a layout: the common declarations read by a small tokenizer, never
compiled or run.

Read: ``struct [tag] { … } [name];`` (also after ``typedef``, or bare declarations without the braces), the
stdint types (``uint16_t`` …), ``char``/``short``/``int``/``long long``/``float``/``double`` with
``signed``/``unsigned``, ``bool``, the Linux kernel's ``u8``/``__le16``/``s32`` … and Windows'
``BYTE``/``WORD``/``DWORD``; ``char x[8]`` becomes a string, ``uint8_t x[8]`` bytes, other arrays arrays of
numbers (``x[2][3]``: six); bit fields of one type side by side become one ``bits`` field (a little-endian
target fills a unit from its least significant bit, so their order is turned around: a layout's bits are most
significant first). ``const``, ``volatile``, ``__attribute__((…))`` and ``#`` lines are ignored. The struct is
read *packed* (no padding), as a message on the wire is; ``long`` is 32 bits (as on the microcontrollers that
send such structs). Anything else — a pointer, a nested struct or union, an unknown type — is a
:class:`LayoutError` naming the field.
"""

from __future__ import annotations

import re
from typing import Any

from app.decode.layout import MAX_LAYOUT_FIELDS, NUMBER_SIZES, LayoutError

#: A pasted struct larger than this is refused (a struct is a page of text).
MAX_TEXT = 256 * 1024

_TOKEN = re.compile(r"0[xX][0-9a-fA-F]+|\d+|[A-Za-z_]\w*|[\[\]{}:;,*()=]|\S")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?(?:\*/|\Z)", re.DOTALL)
_PREPROCESSOR = re.compile(r"^[ \t]*#[^\n]*", re.MULTILINE)

_IGNORED = frozenset({"const", "volatile", "static", "register", "extern", "__packed", "PACKED", "__PACKED",
                      "__extension__", "restrict", "__restrict"})
_STDINT = {f"{s}int{n}_t": f"{t}{n}" for s, t in (("u", "u"), ("", "i")) for n in (8, 16, 32, 64)}
_TYPES: dict[str, str] = {
    **_STDINT,
    "char": "i8", "signed char": "i8", "unsigned char": "u8",
    "short": "i16", "short int": "i16", "signed short": "i16", "signed short int": "i16",
    "unsigned short": "u16", "unsigned short int": "u16",
    "int": "i32", "signed": "i32", "signed int": "i32", "unsigned": "u32", "unsigned int": "u32",
    "long": "i32", "long int": "i32", "signed long": "i32", "signed long int": "i32",
    "unsigned long": "u32", "unsigned long int": "u32",
    "long long": "i64", "long long int": "i64", "signed long long": "i64", "signed long long int": "i64",
    "unsigned long long": "u64", "unsigned long long int": "u64",
    "float": "f32", "double": "f64", "bool": "u8", "_Bool": "u8",
    "BYTE": "u8", "WORD": "u16", "DWORD": "u32", "QWORD": "u64",
    "float32_t": "f32", "float64_t": "f64",
}
for _n in (8, 16, 32, 64):
    _TYPES[f"u{_n}"] = _TYPES[f"__u{_n}"] = f"u{_n}"
    _TYPES[f"s{_n}"] = _TYPES[f"__s{_n}"] = f"i{_n}"
    _TYPES[f"uint{_n}"] = f"u{_n}"
    _TYPES[f"int{_n}"] = f"i{_n}"
for _n in (16, 32, 64):
    for _order in ("le", "be"):
        _TYPES[f"__{_order}{_n}"] = f"u{_n}"
_ORDER_OF = {f"__{o}{n}": ("little" if o == "le" else "big") for o in ("le", "be") for n in (16, 32, 64)}


def layout_from_c(text: str, *, endian: str = "little") -> dict[str, Any]:
    """The layout JSON (``{"name", "endian", "fields"}``) of the first struct in ``text``; ``endian`` is the
    target's byte order (it also decides the order of bit fields)."""
    if len(text) > MAX_TEXT:
        raise LayoutError(f"the C text is larger than {MAX_TEXT // 1024} KiB: not one struct")
    text = _PREPROCESSOR.sub("", _COMMENT.sub(" ", text))
    tokens = _TOKEN.findall(text)
    name = "struct"
    if "{" in tokens:
        start = tokens.index("{")
        head = [t for t in tokens[:start] if t not in ("typedef", "struct", "union") and t not in _IGNORED]
        if "union" in tokens[:start]:
            raise LayoutError("a union is not a layout (its fields share bytes)")
        depth, end = 0, len(tokens)
        for i in range(start, len(tokens)):
            depth += {"{": 1, "}": -1}.get(tokens[i], 0)
            if depth == 0:
                end = i
                break
        body = tokens[start + 1:end]
        tail = [t for t in _skip_attributes(tokens[end + 1:]) if re.fullmatch(r"[A-Za-z_]\w*", t)]
        name = tail[0] if tail else (head[-1] if head and re.fullmatch(r"[A-Za-z_]\w*", head[-1]) else name)
    else:
        body = tokens
    fields = _Reader(_skip_attributes(body), endian).fields()
    if not fields:
        raise LayoutError("no field declarations found (such as uint16_t id;)")
    return {"name": name, "endian": endian, "fields": fields}


def _skip_attributes(tokens: list[str]) -> list[str]:
    """``tokens`` without ``__attribute__((…))`` / ``__declspec(…)`` / ``alignas(…)``."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in ("__attribute__", "__declspec", "alignas", "_Alignas") and i + 1 < len(tokens) \
                and tokens[i + 1] == "(":
            depth = 0
            i += 1
            while i < len(tokens):
                depth += {"(": 1, ")": -1}.get(tokens[i], 0)
                i += 1
                if depth == 0:
                    break
            continue
        out.append(tokens[i])
        i += 1
    return out


class _Reader:
    """Declarations in order: ``type name[dims] [: width], name2 …;``."""

    def __init__(self, tokens: list[str], endian: str):
        self.tokens = tokens
        self.endian = endian
        self.out: list[dict[str, Any]] = []
        #: Bit fields being gathered: (the unit's type, its runs in declaration order).
        self.unit: tuple[str, list[dict[str, Any]]] | None = None
        self.units = 0

    def fields(self) -> list[dict[str, Any]]:
        decl: list[str] = []
        for tok in self.tokens:
            if tok == ";":
                if decl:
                    self.declaration(decl)
                decl = []
            else:
                decl.append(tok)
            if len(self.out) > MAX_LAYOUT_FIELDS:
                raise LayoutError(f"more than {MAX_LAYOUT_FIELDS:,} fields")
        if [t for t in decl if t != "}"]:
            self.declaration(decl)
        self.close_unit()
        return self.out

    def declaration(self, tokens: list[str]) -> None:
        tokens = [t for t in tokens if t not in _IGNORED]
        words: list[str] = []
        i = 0
        while i < len(tokens) and re.fullmatch(r"[A-Za-z_]\w*", tokens[i]):
            words.append(tokens[i])
            i += 1
        if i < len(tokens) and tokens[i] == "*":
            name = next((t for t in reversed(tokens) if re.fullmatch(r"[A-Za-z_]\w*", t)), "?")
            raise LayoutError(f"field {name!r}: a pointer is not bytes on the wire", field=name)
        if len(words) < 2:
            raise LayoutError(f"{' '.join(tokens)[:60]!r}: not a declaration such as uint16_t id;")
        name = words.pop()
        rest = tokens[i:]
        if "struct" in words or "union" in words or "enum" in words or "{" in rest:
            raise LayoutError(f"field {name!r}: nested structs, unions and enums are not read; write them in the "
                              "layout table", field=name)
        type_words = " ".join(words)
        kind = _TYPES.get(type_words)
        if kind is None:
            raise LayoutError(f"field {name!r}: type {type_words!r} is not one this reader knows (uint16_t, char, "
                              "float …)", field=name)
        order = _ORDER_OF.get(type_words)
        # the first declarator, then ", name2 …" ones sharing the type
        declarators: list[tuple[str, list[str]]] = []
        current: list[str] = []
        for tok in rest:
            if tok == ",":
                declarators.append((name, current))
                current = []
                name = ""
            elif not name and re.fullmatch(r"[A-Za-z_]\w*", tok):
                name = tok
            else:
                current.append(tok)
        declarators.append((name, current))
        for n, tail in declarators:
            self.declarator(n, tail, type_words, kind, order)

    def declarator(self, name: str, tail: list[str], type_words: str, kind: str, order: str | None) -> None:
        if not name or "*" in tail or "(" in tail:
            raise LayoutError(f"field {name or '?'!r}: a pointer or a function is not bytes on the wire",
                              field=name or None)
        dims: list[int] = []
        width: int | None = None
        i = 0
        while i < len(tail):
            if tail[i] == "[" and i + 2 < len(tail) and tail[i + 2] == "]":
                dims.append(_number(tail[i + 1], name))
                i += 3
            elif tail[i] == ":" and i + 1 < len(tail):
                width = _number(tail[i + 1], name)
                i += 2
            else:
                raise LayoutError(f"field {name!r}: {' '.join(tail)!r} is not read (an array size must be a "
                                  "number)", field=name)
        if width is not None:
            if dims:
                raise LayoutError(f"field {name!r}: a bit field cannot be an array", field=name)
            self.bit_field(name, kind, width)
            return
        self.close_unit()
        field: dict[str, Any] = {"name": name}
        count = 1
        for d in dims:
            count *= d
        if not dims:
            field["type"] = kind
            if order is not None and order != self.endian:
                field["endian"] = order
        elif type_words in ("char", "signed char"):
            field.update(type="string", size=count)
        elif kind in ("u8", "i8"):
            field.update(type="bytes", size=count)
        else:
            of: dict[str, Any] = {"type": kind}
            if order is not None and order != self.endian:
                of["endian"] = order
            field.update(type="array", count=count, of=of)
        self.out.append(field)

    def bit_field(self, name: str, kind: str, width: int) -> None:
        if kind[0] == "f":
            raise LayoutError(f"field {name!r}: a float cannot be a bit field", field=name)
        bits = NUMBER_SIZES[kind] * 8
        if width > bits:
            raise LayoutError(f"field {name!r}: {width} bits do not fit in its {bits}-bit type", field=name)
        if self.unit is not None:
            unit_kind, runs = self.unit
            used = sum(r["width"] for r in runs)
            if unit_kind != kind or used + width > bits or width == 0:
                self.close_unit()
        if width == 0:  # (": 0" starts a new unit)
            return
        if self.unit is None:
            self.unit = (kind, [])
        self.unit[1].append({"name": name, "width": width})

    def close_unit(self) -> None:
        if self.unit is None:
            return
        kind, runs = self.unit
        self.unit = None
        self.units += 1
        size = NUMBER_SIZES[kind]
        used = sum(r["width"] for r in runs)
        if self.endian == "little":
            runs = runs[::-1]
            if used < size * 8:  # (the unused high bits come first, most significant first)
                runs = [{"name": f"_unused{self.units}", "width": size * 8 - used}, *runs]
        self.out.append({"name": f"bits{self.units}", "type": "bits", "size": size, "bits": runs})


def _number(token: str, name: str) -> int:
    try:
        return int(token, 0)
    except ValueError:
        raise LayoutError(f"field {name!r}: {token!r} is not a number (macros are not expanded)",
                          field=name) from None
