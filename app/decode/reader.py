"""FieldReader: what the built-in decoders read a message with — each read is a field with its offset and size."""

from __future__ import annotations

import struct

from app.decode.engine import Unfit, hex_text, short
from app.decode.layout import Endian
from app.decode.result import DecodedField, Words

_KINDS = {n: f"u{n * 8}" for n in range(1, 9)}


class FieldReader:
    """Reads fields from ``data`` in order, appending each to ``fields``; a read past ``end`` raises
    :class:`Unfit` in words (``"does not fit: 2 bytes short for registers"``)."""

    def __init__(self, data: bytes, end: int | None = None):
        self.data = data
        self.pos = 0
        self.end = len(data) if end is None else end
        self.fields: list[DecodedField] = []

    @property
    def left(self) -> int:
        return self.end - self.pos

    def need(self, name: str, size: int) -> None:
        if self.pos + size > self.end:
            raise short(name, self.pos + size - self.end)

    def number(self, name: str, size: int = 1, *, order: Endian = "big", enum: dict[int, str] | None = None,
               label: tuple[str, Words] | None = None, names: bool = False) -> int:
        """An unsigned integer of ``size`` bytes; ``label`` (its English and its words) or the enum's word for it
        shown after it. The window translates them (``label_code``), except an enum of the protocol's own
        ``names`` (TFTP's RRQ)."""
        pos = self.pos
        if pos + size > self.end:
            raise short(name, pos + size - self.end)
        value = int.from_bytes(self.data[pos:pos + size], order) if size > 1 else self.data[pos]
        words: Words | None = None
        text: str | None = None
        if label is not None:
            text, words = label
        elif enum is not None and (text := enum.get(value)) is not None and not names:
            words = ("word", (text,))
        self.fields.append(DecodedField(name, value, pos, size, _KINDS[size], text, label_code=words))
        self.pos = pos + size
        return value

    def words(self, name: str, n: int) -> None:
        """``n`` 16-bit numbers, most significant byte first (``name[0]`` …): one ``struct`` call for those that
        came, then what is short in words."""
        pos = self.pos
        whole = min(n, (self.end - pos) // 2)
        if whole:
            self.fields.extend([DecodedField(f"{name}[{i}]", v, pos + 2 * i, 2, "u16")
                                for i, v in enumerate(struct.unpack_from(f">{whole}H", self.data, pos))])
            self.pos = pos + 2 * whole
        if whole < n:
            raise short(name, self.pos + (n - whole) * 2 - self.end)

    def raw(self, name: str, size: int) -> bytes:
        """``size`` bytes, shown as hex."""
        self.need(name, size)
        pos = self.pos
        chunk = self.data[pos:pos + size]
        self.fields.append(DecodedField(name, hex_text(chunk), pos, size, "bytes"))
        self.pos = pos + size
        return chunk

    def cstring(self, name: str, encoding: str = "ascii") -> str:
        """Text up to a NUL (which it takes too)."""
        nul = self.data.find(b"\0", self.pos, self.end)
        if nul < 0:
            if self.pos >= self.end:
                raise short(name, 1)
            raise Unfit("no-nul", name)
        text = self.data[self.pos:nul].decode(encoding, "backslashreplace")
        self.fields.append(DecodedField(name, text, self.pos, nul + 1 - self.pos, "cstring"))
        self.pos = nul + 1
        return text

    def done(self, code: str, *args: str) -> None:
        """Everything up to ``end`` has been read, or the message is longer than it says: the error ``code``
        (``extra-…``, its first argument the bytes too many, then ``args``)."""
        if self.pos < self.end:
            raise Unfit(code, f"{self.end - self.pos:,}", *args)
