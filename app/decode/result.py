"""What a decoder makes of one message: named fields (with where their bytes are), or why the bytes do not fit."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field

#: A message yields at most this many fields (an array counted from the data, a JSON line): past it, an error.
MAX_FIELDS = 100_000

Value = int | float | str | bool | None

#: Words the engine says on a decoded line, as a code and its arguments (strings as the English words show them),
#: as notices carry theirs: the CLI says them in English (:func:`english`), the window in its language.
Words = tuple[str, tuple[str, ...]]
#: Something that says :data:`Words` as text: ``say(code, args)``. ``None`` where one is asked for: English.
Say = Callable[[str, tuple[str, ...]], str]

#: The English of every code: a template (``%1``, ``%2`` … its arguments), or a pair (one, many) chosen by whether
#: the first argument is ``1``. ui/texts.py marks the same words for translation (a test holds the two together).
ENGLISH: dict[str, str | tuple[str, str]] = {
    # the decoded line's own words
    "expected": "(expected %1)",
    "more-fields": "… %1 more fields",
    "leftover": "(+%1 bytes not decoded)",
    # a built-in decoder's label: a word of its tables (%1), Modbus function names (%1 the code, %2 the name)
    "word": "%1",
    "modbus-function": "%2",
    "modbus-request": "%2 request",
    "modbus-response": "%2 response",
    "modbus-exception": "%2 exception",
    # why a message does not fit (the fields before the trouble are kept)
    "short": ("does not fit: %1 byte short for %2", "does not fit: %1 bytes short for %2"),
    "bad-size": "does not fit: %1 has a size of %2",
    "no-nul": "does not fit: no NUL ends %1",
    "too-many-fields": "does not fit: %1 makes more than %2 fields",
    "part-element": "does not fit: %1 bytes left over in %2, less than an element (%3 bytes)",
    "empty-element": "does not fit: element %1 of %2 takes no bytes, so the rest would never end",
    "extra-exception": ("does not fit: %1 byte more than an exception response has",
                        "does not fit: %1 bytes more than an exception response has"),
    "extra-count": ("does not fit: %1 byte more than the byte count says",
                    "does not fit: %1 bytes more than the byte count says"),
    "extra-function": ("does not fit: %1 byte more than a %3 has", "does not fit: %1 bytes more than a %3 has"),
    "extra-ack": ("does not fit: %1 byte more than an ACK has", "does not fit: %1 bytes more than an ACK has"),
    "extra-error": ("does not fit: %1 byte more than an ERROR has",
                    "does not fit: %1 bytes more than an ERROR has"),
    "odd-count": "does not fit: a byte count of %1 is odd, but registers take 2 bytes each",
    "rtu-short": ("does not fit: %1 byte short for a Modbus RTU frame (address, function and a 2-byte CRC at least)",
                  "does not fit: %1 bytes short for a Modbus RTU frame (address, function and a 2-byte CRC at "
                  "least)"),
    "tcp-length": "does not fit: a length of %1 leaves no room for the unit and a function code",
    "tcp-short": ("does not fit: %1 byte short for the PDU (the length says %2)",
                  "does not fit: %1 bytes short for the PDU (the length says %2)"),
    "option-nul": "does not fit: no NUL ends an option's name",
    "tftp-opcode": "does not fit: opcode %1 is not a TFTP opcode (1 to 6)",
    "nmea-start": "does not fit: an NMEA sentence starts with $ or !",
    "nmea-checksum": "does not fit: the checksum %1 is not two hex digits",
    "not-utf8": "not UTF-8 text at byte %1",
    "not-json": "not JSON: %1 at character %2",
    "not-json-line": "not JSON: %1 at character %2 (line %3)",
    "json-empty": "not JSON: an empty message",
    "json-deep": "not JSON this program can read: nested too deeply",
    "json-many": "more than %1 values",
    "json-nested": "nested too deeply",
}


def fill(template: str, args: tuple[str, ...]) -> str:
    """Replace %1, %2 … in a template (Qt's placeholders, as the window's translated templates have them)."""
    for i in range(len(args), 0, -1):  # %10 before %1
        template = template.replace(f"%{i}", args[i - 1])
    return template


def english(code: str, args: tuple[str, ...]) -> str:
    """:data:`Words` in English (an unknown code: the code and its arguments)."""
    template = ENGLISH.get(code)
    if template is None:
        return " ".join((code, *args))
    if isinstance(template, tuple):
        template = template[0] if args and args[0] == "1" else template[1]
    return fill(template, args)


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
    #: A built-in decoder's label as :data:`Words` (``label`` is their English), so the window can say it in its
    #: language; None for the labels of a user's layout, shown as written.
    label_code: Words | None = None

    def label_text(self, say: Say | None = None) -> str | None:
        """The label, said by ``say`` when the decoder gave it as words (else as it is)."""
        if say is not None and self.label_code is not None:
            return say(*self.label_code)
        return self.label

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
    #: The error as :data:`Words` (``error`` is their English), for the window to say in its language.
    error_code: Words | None = None

    @classmethod
    def unfit(cls, decoder: str, fields: list[DecodedField], code: str, *args: str) -> Decoded:
        """A message that does not fit, the reason given as :data:`Words`."""
        return cls(decoder, fields, english(code, args), 0, (code, args))

    @property
    def ok(self) -> bool:
        return self.error is None

    def error_text(self, say: Say | None = None) -> str | None:
        """The error, said by ``say`` (the English ``error`` when it has no words or no ``say``)."""
        if say is not None and self.error_code is not None:
            return say(*self.error_code)
        return self.error

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


def _shown(f: DecodedField, say: Say | None = None) -> str:
    value = f.value
    if f.type in ("checksum", "text-checksum") and isinstance(value, int):
        # (a binary checksum shows all its bytes; NMEA's is as many hex digits as the sentence has)
        digits = (f.size or 1) * (2 if f.type == "checksum" else 1)
        text = f"0x{value:0{digits}X}"
        if f.valid:
            return text + " ✓"
        if f.expected is None:
            return text + " ✗"
        expected = f"0x{f.expected:0{digits}X}"
        return f"{text} ✗ " + (f"(expected {expected})" if say is None else say("expected", (expected,)))
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
    if f.label is None:
        return text
    return f"{text} ({f.label if say is None or f.label_code is None else say(*f.label_code)})"


_CHECKSUMS = frozenset(("checksum", "text-checksum"))


def format_line(decoded: Decoded, limit: int = 4096, say: Say | None = None) -> str:
    """The decoded line the view shows under a message: ``name=value`` pairs (an enum's label after its number,
    a checksum's ✓ or ✗), then the error in words. At most ``limit`` characters (then ``… N more fields``).

    ``say`` says the engine's words (a built-in's labels, the verdicts, the error) in the window's language;
    without it, English. Field names and values are never translated: find and the filter match them."""
    parts: list[str] = []
    used = 0
    fields = decoded.fields
    for i, f in enumerate(fields):
        value = f.value
        if type(value) is int and f.type not in _CHECKSUMS:  # (the usual field, a number: shown as it is)
            if f.label is None:
                part = f"{f.name}={value}"
            else:
                part = f"{f.name}={value} ({f.label if say is None or f.label_code is None else say(*f.label_code)})"
        else:
            part = f"{f.name}={_shown(f, say)}"
        if used + len(part) > limit:
            parts.append((say or english)("more-fields", (f"{len(fields) - i:,}",)))
            break
        parts.append(part)
        used += len(part) + 1
    if decoded.leftover and decoded.error is None:
        parts.append((say or english)("leftover", (f"{decoded.leftover:,}",)))
    if decoded.error is not None:
        parts.append(f"⚠ {decoded.error_text(say)}")
    return " ".join(parts)


def unshown_facts(decoded: Decoded, line: str, say: Say | None = None) -> list[tuple[str, int, int]]:
    """What the decoded ``line`` (``format_line(decoded)``, perhaps after a mark) says without printing it, for
    find and the text filter: each checksum's verdict as ``name.valid=true|false`` (a ✓ or ✗ on the line), with
    where the line shows that field (start, end). So ``valid=false`` finds the messages whose checksum fails.
    ``say``: as the line was made with (:func:`format_line`); the facts themselves are never translated."""
    out: list[tuple[str, int, int]] = []
    at = 0
    for f in decoded.fields:
        if f.valid is None:
            continue
        part = f"{f.name}={_shown(f, say)}"
        start = line.find(part, at)
        if start < 0:  # (cut off the line, past its limit, or shown with escapes)
            continue
        at = start + len(part)
        out.append((f"{f.name}.valid={'true' if f.valid else 'false'}", start, at))
    return out
