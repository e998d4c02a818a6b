"""What a decoder makes of one message: named fields (with where their bytes are), or why the bytes do not fit."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

#: A message yields at most this many fields (an array counted from the data, a JSON line): past it, an error.
MAX_FIELDS = 100_000

Value = int | float | str | bool | None


@dataclass(slots=True)
class DecodedField:
    """One field of a decoded message."""

    #: ``name``, ``name[i]`` for an array element, ``name[i].field`` inside a struct element, ``a.b[0]`` in JSON.
    name: str
    #: Numbers as numbers, strings as strings, bytes as hex text (``"00 2A"``).
    value: Value
    #: Where its bytes start in the message (None where a decoder cannot tell: JSON).
    offset: int | None
    #: How many bytes it takes (None where a decoder cannot tell).
    size: int | None
    #: What the field is: a layout type (``u16``, ``bytes``, ``checksum`` …), ``text-checksum`` (NMEA's hex
    #: digits), or for JSON ``number``/``string``/``bool``/``null``/``json`` (an empty object or list).
    type: str = "u8"
    #: An enum's word for the number.
    label: str | None = None
    #: A checksum's verdict: does the value read match the one computed?
    valid: bool | None = None
    #: A checksum's computed value (what the message should have carried).
    expected: int | None = None

    def to_json(self) -> dict[str, object]:
        """The contract's form: ``name``, ``value``, ``offset``, ``size`` and ``label`` or ``valid`` when set."""
        value = self.value
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)  # (JSON has no NaN or infinity)
        out: dict[str, object] = {"name": self.name, "value": value, "offset": self.offset, "size": self.size}
        if self.label is not None:
            out["label"] = self.label
        if self.valid is not None:
            out["valid"] = self.valid
        return out


@dataclass(slots=True)
class Decoded:
    """One message decoded: its fields, in message order, and the reason it does not fit (None when it does)."""

    #: The decoder's name (a built-in's, or the layout's ``name``).
    decoder: str
    fields: list[DecodedField] = field(default_factory=list)
    #: In words: ``"does not fit: 3 bytes short for registers"``. The fields before the trouble are kept.
    error: str | None = None
    #: Bytes after the last field that no field took (not an error: a layout may describe a header only).
    leftover: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None

    def get(self, name: str) -> DecodedField | None:
        """The field called ``name`` (the first, if a name repeats)."""
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def to_json(self) -> dict[str, object]:
        """``{"decoder", "fields": [...], "error"}``, as ``netassist-cli decode`` prints it."""
        return {"decoder": self.decoder, "fields": [f.to_json() for f in self.fields], "error": self.error}


# ------------------------------------------------------------------------------------------ one line

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:/-+_#@%")
#: A value longer than this is cut (with …) on the decoded line; the fields keep it whole.
VALUE_CHARS = 96


def _shown(f: DecodedField) -> str:
    value = f.value
    if f.type in ("checksum", "text-checksum") and isinstance(value, int):
        # (a binary checksum shows all its bytes; NMEA's is as many hex digits as the sentence has)
        digits = (f.size or 1) * (2 if f.type == "checksum" else 1)
        text = f"0x{value:0{digits}X}"
        if f.valid:
            return text + " ✓"
        return text + (f" ✗ (expected 0x{f.expected:0{digits}X})" if f.expected is not None else " ✗")
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        text = format(value, ".7g") if f.type == "f32" else repr(value)
    elif isinstance(value, int):
        text = str(value)
    elif f.type == "bytes":
        text = f"[{value}]" if len(value) <= VALUE_CHARS else f"[{value[:VALUE_CHARS]}…]"
    else:
        cut = value if len(value) <= VALUE_CHARS else value[:VALUE_CHARS] + "…"
        text = cut if cut and all(c in _PLAIN for c in cut) else json.dumps(cut, ensure_ascii=False)
    return f"{text} ({f.label})" if f.label is not None else text


_CHECKSUMS = frozenset(("checksum", "text-checksum"))


def format_line(decoded: Decoded, limit: int = 4096) -> str:
    """The decoded line the view shows under a message: ``name=value`` pairs (an enum's label after its number,
    a checksum's ✓ or ✗), then the error in words. At most ``limit`` characters (then ``… N more fields``)."""
    parts: list[str] = []
    used = 0
    fields = decoded.fields
    for i, f in enumerate(fields):
        value = f.value
        if type(value) is int and f.type not in _CHECKSUMS:  # (the usual field, a number: shown as it is)
            part = f"{f.name}={value}" if f.label is None else f"{f.name}={value} ({f.label})"
        else:
            part = f"{f.name}={_shown(f)}"
        if used + len(part) > limit:
            parts.append(f"… {len(fields) - i:,} more fields")
            break
        parts.append(part)
        used += len(part) + 1
    if decoded.leftover and decoded.error is None:
        parts.append(f"(+{decoded.leftover:,} bytes not decoded)")
    if decoded.error is not None:
        parts.append(f"⚠ {decoded.error}")
    return " ".join(parts)


def unshown_facts(decoded: Decoded, line: str) -> list[tuple[str, int, int]]:
    """What the decoded ``line`` (``format_line(decoded)``, perhaps after a mark) says without printing it, for
    find and the text filter: each checksum's verdict as ``name.valid=true|false`` (a ✓ or ✗ on the line), with
    where the line shows that field (start, end). So ``valid=false`` finds the messages whose checksum fails."""
    out: list[tuple[str, int, int]] = []
    at = 0
    for f in decoded.fields:
        if f.valid is None:
            continue
        part = f"{f.name}={_shown(f)}"
        start = line.find(part, at)
        if start < 0:  # (cut off the line, past its limit, or shown with escapes)
            continue
        at = start + len(part)
        out.append((f"{f.name}.valid={'true' if f.valid else 'false'}", start, at))
    return out
