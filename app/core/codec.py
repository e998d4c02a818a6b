"""Bytes <-> what the user types and reads: hex, escapes, encodings, incremental decoding."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from app.core.errors import InvalidEscape, InvalidHex, UnencodableText, UnknownEncoding


@dataclass(frozen=True, slots=True)
class Encoding:
    """One choice in the encoding list."""

    #: Python codec name; what the window stores as item data and in settings.
    name: str
    #: What the list shows.
    label: str
    #: Codec used to decode: a superset where the named one lacks common characters.
    decode_as: str
    #: Codec used to encode what the user types.
    encode_as: str


ENCODINGS: tuple[Encoding, ...] = (
    Encoding("utf-8", "UTF-8", "utf-8", "utf-8"),
    # GB2312 lacks common characters (喆, 镕 …) that "GB2312" devices send anyway: read with GB18030,
    # write with GBK (identical bytes for every GB2312 character).
    Encoding("gb2312", "GB2312", "gb18030", "gbk"),
    Encoding("gbk", "GBK", "gb18030", "gbk"),
    Encoding("gb18030", "GB18030", "gb18030", "gb18030"),
    Encoding("big5", "Big5", "big5", "big5"),
    Encoding("shift_jis", "Shift_JIS", "shift_jis", "shift_jis"),
    Encoding("latin-1", "Latin-1 (ISO-8859-1)", "latin-1", "latin-1"),
    Encoding("ascii", "ASCII", "ascii", "ascii"),
    Encoding("utf-16-le", "UTF-16LE", "utf-16-le", "utf-16-le"),
    Encoding("utf-16-be", "UTF-16BE", "utf-16-be", "utf-16-be"),
)
_BY_NAME = {e.name: e for e in ENCODINGS}


def encoding(name: str) -> Encoding:
    """The :class:`Encoding` for a codec name (any Python spelling of one we list, or any Python codec)."""
    if name in _BY_NAME:
        return _BY_NAME[name]
    try:
        canonical = codecs.lookup(name).name
    except (LookupError, TypeError, ValueError):
        raise UnknownEncoding(f"unknown text encoding {name!r}") from None
    for e in ENCODINGS:
        if codecs.lookup(e.name).name == canonical:
            return e
    return Encoding(canonical, canonical, canonical, canonical)


# ---------------------------------------------------------------------------------------------- hex

_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_HEX_SEPARATORS = frozenset(" \t\r\n,;:-")


def _shown(text: str) -> str:
    """Characters the user typed, quoted for a message as they were typed: “\\” stays one backslash and a
    quote stays itself (``repr`` would double the one and escape the other). A character that would not be
    seen (a control character, a lone surrogate) is named by its code point instead."""
    if text.isprintable():
        return f"“{text}”"
    return " ".join(f"U+{ord(c):04X}" for c in text)


def parse_hex(text: str) -> bytes:
    """Parse ``48 65 6C``, ``48656c``, ``0x48,0x65`` (newlines, tabs, ``, ; : -`` as separators).

    A token is a run of hex digits between separators, optionally prefixed with ``0x``; it must have an
    even number of digits (a lone ``0x5`` is allowed and means ``05``). Raises :class:`InvalidHex`
    naming the 0-based position of the first problem.
    """
    if len(text) > 4096:  # a long payload: C speed when it is plain "48 65 6C" (the careful walk names errors)
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    out = bytearray()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _HEX_SEPARATORS:
            i += 1
            continue
        start = i
        prefixed = c == "0" and i + 1 < n and text[i + 1] in "xX"
        if prefixed:
            i += 2
        digits_start = i
        while i < n and text[i] in _HEX_DIGITS:
            i += 1
        if i < n and text[i] not in _HEX_SEPARATORS:
            raise InvalidHex(f"invalid hex digit {_shown(text[i])} at position {i + 1}", position=i)
        token = text[digits_start:i]
        if not token:
            raise InvalidHex(f"'0x' without digits at position {start + 1}", position=start)
        if len(token) % 2:
            if prefixed and len(token) == 1:
                token = "0" + token
            else:
                raise InvalidHex(
                    f"odd number of hex digits in {_shown(text[start:i])} at position {start + 1}", position=start
                )
        out += bytes.fromhex(token)
    return bytes(out)


def format_hex(data: bytes | bytearray | memoryview, *, sep: str = " ", upper: bool = True,
               per_line: int = 0) -> str:
    """Hex digits of ``data``, ``sep`` between bytes; ``per_line`` > 0 breaks lines every that many bytes."""
    if not per_line:
        s = bytes(data).hex(sep) if sep else bytes(data).hex()
        return s.upper() if upper else s
    lines = [format_hex(data[i:i + per_line], sep=sep, upper=upper) for i in range(0, len(data), per_line)]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ escapes

_SIMPLE_ESCAPES = {"r": "\r", "n": "\n", "t": "\t", "\\": "\\", "0": "\0"}


def encode_text(text: str, encoding_name: str = "utf-8", *, escapes: bool = False) -> bytes:
    """Encode what the user typed; with ``escapes`` honour ``\\r \\n \\t \\\\ \\0 \\xNN``.

    ``\\xNN`` is the raw byte NN whatever the encoding. Raises :class:`InvalidEscape` or
    :class:`UnencodableText`, each naming the 0-based position in ``text``.
    """
    chosen = encoding(encoding_name)
    codec, label = chosen.encode_as, chosen.label  # the message names the user's choice: GB2312, not gbk
    if not escapes:
        return _encode(text, codec, label, 0)
    out = bytearray()
    literal: list[str] = []
    literal_start = 0
    i, n = 0, len(text)

    def flush() -> None:
        if literal:
            out.extend(_encode("".join(literal), codec, label, literal_start))
            literal.clear()

    while i < n:
        c = text[i]
        if c != "\\":
            if not literal:
                literal_start = i
            literal.append(c)
            i += 1
            continue
        if i + 1 >= n:
            raise InvalidEscape(f"lone backslash at end (position {i + 1})", position=i)
        e = text[i + 1]
        if e in _SIMPLE_ESCAPES:
            if not literal:
                literal_start = i
            literal.append(_SIMPLE_ESCAPES[e])
            i += 2
        elif e == "x":
            digits = text[i + 2:i + 4]
            if len(digits) != 2 or any(d not in _HEX_DIGITS for d in digits):
                raise InvalidEscape(f"\\x needs two hex digits (position {i + 1})", position=i)
            flush()
            out.append(int(digits, 16))
            i += 4
        else:
            raise InvalidEscape(f"unknown escape '\\{e}' at position {i + 1}", position=i)
    flush()
    return bytes(out)


def _encode(text: str, codec: str, label: str, offset: int) -> bytes:
    try:
        return text.encode(codec)
    except UnicodeEncodeError as exc:
        pos = offset + exc.start
        ch = text[exc.start]
        quoted = f"{_shown(ch)} (U+{ord(ch):04X})" if ch.isprintable() else _shown(ch)
        raise UnencodableText(
            f"character {quoted} at position {pos + 1} cannot be encoded in {label}",
            position=pos,
        ) from None


# ----------------------------------------------------------------------------------------- decoding
#
# Undecodable bytes come out of the decoders as lone surrogates, byte b as chr(0xDC00 + b): that keeps
# them in the text at C speed (Python's "surrogateescape" handler) and lets a view find and colour them.
# :func:`visible` turns them into ``\\xNN``. No decoder produces lone surrogates from valid input.

_SURROGATE_BASE = 0xDC00


def _escape_all_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Like "surrogateescape", but for every byte of the bad range, including bytes below 0x80."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(_SURROGATE_BASE + b) for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("netassist.escape", _escape_all_bytes)

#: Maps an escaped byte to its ``\\xNN`` rendering.
VISIBLE_TABLE = {_SURROGATE_BASE + b: f"\\x{b:02X}" for b in range(256)}

# Python's own "surrogateescape" runs at C speed but cannot keep a byte below 0x80: where a codec reports
# such a byte in a bad range it is silently dropped (GB18030 reports b"\x80" + b"0" as one bad range and
# surrogateescape keeps only \x80; UTF-16 has odd trailing bytes). It is used only for codecs whose bad
# ranges hold bytes >= 0x80 alone.
_HIGH_BYTE_ERRORS_ONLY = frozenset({"utf-8", "ascii", "latin-1", "iso8859-1"})


def _errors_for(codec_name: str) -> str:
    return "surrogateescape" if codecs.lookup(codec_name).name in _HIGH_BYTE_ERRORS_ONLY else "netassist.escape"


def visible(text: str) -> str:
    """Decoded text with every undecodable byte shown as ``\\xNN``."""
    return text.translate(VISIBLE_TABLE)


class StreamDecoder:
    """Incremental decoder for one (peer, direction) stream.

    A multi-byte character split across reads comes out whole; undecodable bytes come out as escaped
    surrogates (see :func:`visible`), never dropped, never a crash.
    """

    __slots__ = ("_decoder", "encoding")

    def __init__(self, encoding_name: str = "utf-8"):
        self.encoding = encoding(encoding_name)
        codec = self.encoding.decode_as
        self._decoder = codecs.getincrementaldecoder(codec)(errors=_errors_for(codec))

    def decode(self, data: bytes, final: bool = False) -> str:
        return self._decoder.decode(data, final)

    def flush(self) -> str:
        """Whatever is pending (an incomplete character at the end), as escaped bytes."""
        return self._decoder.decode(b"", True)

    def pending(self) -> bytes:
        """The bytes of an incomplete character waiting for the rest of it (usually none)."""
        return bytes(self._decoder.getstate()[0])

    def reset(self) -> None:
        self._decoder.reset()


def decode_all(data: bytes, encoding_name: str = "utf-8") -> str:
    """Decode a whole byte string the same way :class:`StreamDecoder` would (escaped bytes included)."""
    codec = encoding(encoding_name).decode_as
    return data.decode(codec, errors=_errors_for(codec))
