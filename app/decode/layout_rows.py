"""A layout as the editor's table shows it: one row of short text cells per top-level field, and back.

The table is a view of the layout file (the JSON of docs/architecture.md, "Layout files"): a row's cells are
text, so a user can type them, and :func:`layout_from_rows` turns them back into the JSON that
:func:`app.decode.parse_layout` checks (it names the field at fault; this module only reads the cells' own
syntax). Nothing a user types is ever run: numbers are read with ``int``, structured parts with ``json.loads``.

The cells (``COLUMNS``):

- ``name``, ``type`` (``u8`` … ``f64``, ``bytes``, ``string``, ``cstring``, ``bits``, ``array``, ``checksum``);
- ``size`` — bytes and strings: a byte count, an earlier field's name, or empty for the rest; bits: the byte
  count; arrays: the element count (a number or an earlier field's name), or ``8 bytes`` / ``length bytes`` for
  a size in bytes, or empty for the rest;
- ``endian`` — empty (the layout's), ``big`` or ``little`` (numbers, bits, checksums);
- ``enum`` — ``1=RRQ, 2=WRQ`` (integers);
- ``over`` — a checksum's byte range as a Python slice, ``0:-2`` (empty: every byte before the checksum);
- ``details`` — strings: the encoding; bits: ``flag:1, mode:3`` (most significant first); arrays: the element,
  a number type (``u16``, ``u16 little``) or JSON (``{"type": "string", "size": 4}`` for an element,
  ``[{"name": …}, …]`` for a struct per element); checksums: the algorithm (``crc16-modbus`` …).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from app.decode.layout import INTEGER_TYPES, NUMBER_SIZES, TYPES, LayoutError

COLUMNS = ("name", "type", "size", "endian", "enum", "over", "details")
ENDIANS = ("", "big", "little")

#: Which cells mean something for a type (the others are greyed out in the editor and ignored).
USED: dict[str, frozenset[str]] = {
    **{t: frozenset({"name", "type", "endian", "enum"} if t in INTEGER_TYPES else {"name", "type", "endian"})
       for t in NUMBER_SIZES},
    "bytes": frozenset({"name", "type", "size"}),
    "string": frozenset({"name", "type", "size", "details"}),
    "cstring": frozenset({"name", "type", "details"}),
    "bits": frozenset({"name", "type", "size", "endian", "details"}),
    "array": frozenset({"name", "type", "size", "details"}),
    "checksum": frozenset({"name", "type", "endian", "over", "details"}),
}


@dataclass(slots=True)
class LayoutRow:
    """One top-level field as text cells (see the module's docstring for what each holds)."""

    name: str = ""
    type: str = "u8"
    size: str = ""
    endian: str = ""
    enum: str = ""
    over: str = ""
    details: str = ""

    def cells(self) -> list[str]:
        return [getattr(self, c) for c in COLUMNS]

    @classmethod
    def from_cells(cls, cells: list[str]) -> LayoutRow:
        return cls(**{c: (v or "").strip() for c, v in zip(COLUMNS, cells, strict=True)})


assert tuple(f.name for f in fields(LayoutRow)) == COLUMNS

# ------------------------------------------------------------------------------------ layout → rows


def rows_from_layout(doc: dict[str, Any]) -> tuple[str, str, list[LayoutRow]]:
    """A layout's JSON (as loaded from a file, already checked by ``parse_layout``) as (name, endian, rows)."""
    return str(doc.get("name", "layout")), str(doc.get("endian", "big")), [row_from_field(f) for f in doc["fields"]]


def row_from_field(f: dict[str, Any]) -> LayoutRow:
    kind = str(f.get("type", ""))
    row = LayoutRow(name=str(f.get("name", "")), type=kind, endian=str(f.get("endian", "")))
    if "enum" in f:
        row.enum = ", ".join(f"{k}={v}" for k, v in f["enum"].items())
    if kind in ("bytes", "string", "bits") and f.get("size") is not None:
        row.size = str(f["size"])
    if kind in ("string", "cstring") and "encoding" in f:
        row.details = str(f["encoding"])
    if kind == "bits":
        bits = f.get("bits", [])
        if any(set(b) - {"name", "width"} for b in bits):
            row.details = json.dumps(bits, ensure_ascii=False)
        else:
            row.details = ", ".join(f"{b['name']}:{b['width']}" for b in bits)
    if kind == "array":
        if f.get("count") is not None:
            row.size = str(f["count"])
        elif f.get("size") is not None:
            row.size = f"{f['size']} bytes"
        row.details = _element_text(f)
    if kind == "checksum":
        row.details = str(f.get("algorithm", ""))
        over = f.get("over")
        if over is not None:
            row.over = f"{over[0]}:{'' if over[1] is None else over[1]}"
    return row


def _element_text(f: dict[str, Any]) -> str:
    if "fields" in f:
        return json.dumps(f["fields"], ensure_ascii=False)
    of = f.get("of") or {}
    if of.get("type") in NUMBER_SIZES and set(of) <= {"type", "endian"}:
        return f"{of['type']} {of['endian']}" if "endian" in of else str(of["type"])
    return json.dumps(of, ensure_ascii=False)


# ------------------------------------------------------------------------------------ rows → layout


def layout_from_rows(name: str, endian: str, rows: list[LayoutRow]) -> dict[str, Any]:
    """The layout's JSON from the table; a cell that cannot be read is a :class:`LayoutError` naming its row's
    field. What the JSON means (sizes naming earlier fields …) is ``parse_layout``'s to check."""
    doc: dict[str, Any] = {"name": name.strip() or "layout"}
    if endian in ("big", "little"):
        doc["endian"] = endian
    doc["fields"] = [field_from_row(row, i) for i, row in enumerate(rows)]
    return doc


def field_from_row(row: LayoutRow, index: int = 0) -> dict[str, Any]:
    """One row as a field of the layout's JSON (cells that do not apply to its type are left out)."""
    who = f"field {row.name!r} (fields[{index}])" if row.name else f"fields[{index}]"
    key = row.name or f"fields[{index}]"

    def problem(words: str) -> LayoutError:
        return LayoutError(f"{who}: {words}", field=key)

    kind = row.type.strip()
    if kind not in TYPES:
        raise problem(f"type {kind!r} is not one of {', '.join(TYPES)}")
    used = USED[kind]
    out: dict[str, Any] = {"name": row.name.strip(), "type": kind}
    if "endian" in used and row.endian:
        if row.endian not in ("big", "little"):
            raise problem(f"byte order must be big or little, not {row.endian!r}")
        out["endian"] = row.endian
    if "enum" in used and row.enum.strip():
        out["enum"] = _enum(row.enum, problem)
    size = row.size.strip()
    if kind in ("bytes", "string") and size:
        out["size"] = _reference(size)
    elif kind == "bits":
        if not size.isdigit():
            raise problem(f"bits needs its size in bytes (1 to 8), not {size!r}")
        out["size"] = int(size)
        out["bits"] = _bits(row.details, problem)
    elif kind == "array":
        if size.endswith("bytes"):
            out["size"] = _reference(size[:-5].strip())
        elif size:
            out["count"] = _reference(size)
        out.update(_element(row.details, problem))
    if kind in ("string", "cstring") and row.details.strip():
        out["encoding"] = row.details.strip()
    if kind == "checksum":
        if not row.details.strip():
            raise problem("a checksum needs its algorithm in Details (crc16-modbus, sum8 …)")
        out["algorithm"] = row.details.strip()
        if row.over.strip():
            out["over"] = _over(row.over, problem)
    return out


def _reference(text: str) -> int | str:
    """A size or count: a number (decimal or 0x…) or an earlier field's name."""
    try:
        return int(text, 0)
    except ValueError:
        return text


def _enum(text: str, problem: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        number, eq, word = part.partition("=")
        if not eq or not number.strip() or not word.strip():
            raise problem(f"enum {part.strip()!r} is not number=word (such as 1=RRQ)")
        out[number.strip()] = word.strip()
    return out


def _over(text: str, problem: Any) -> list[int | None]:
    start, colon, end = text.strip().partition(":")
    try:
        if not colon:
            raise ValueError
        return [int(start or "0", 0), None if not end.strip() else int(end, 0)]
    except ValueError:
        raise problem(f"checksum range {text.strip()!r} is not start:end (such as 0:-2)") from None


def _json(text: str, problem: Any) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise problem(f"details {text.strip()[:40]!r} is not JSON") from None


def _bits(text: str, problem: Any) -> list[dict[str, Any]]:
    text = text.strip()
    if text.startswith("["):
        return _json(text, problem)
    out = []
    for part in text.split(","):
        if not part.strip():
            continue
        name, colon, width = part.partition(":")
        if not colon or not width.strip().isdigit():
            raise problem(f"bits {part.strip()!r} is not name:width (such as flag:1)")
        out.append({"name": name.strip(), "width": int(width)})
    if not out:
        raise problem("bits needs its bit runs in Details: name:width, most significant first (flag:1, mode:3)")
    return out


def _element(text: str, problem: Any) -> dict[str, Any]:
    text = text.strip()
    if not text:
        raise problem("an array needs its element in Details: a number type (u16) or JSON")
    if text.startswith("["):
        return {"fields": _json(text, problem)}
    if text.startswith("{"):
        return {"of": _json(text, problem)}
    words = text.split()
    if words[0] not in NUMBER_SIZES or len(words) > 2 or (len(words) == 2 and words[1] not in ("big", "little")):
        raise problem(f"element {text!r} is not a number type (u16, u16 little …) nor JSON")
    of: dict[str, Any] = {"type": words[0]}
    if len(words) == 2:
        of["endian"] = words[1]
    return {"of": of}
