"""Decoding: messages into named fields — layouts users write (JSON files) and built-in decoders for the
protocols devices and courses speak. Engine only (no Qt); the window, the CLI and sequences use it.

``decoder_for("modbus-rtu")`` or ``decoder_for("/path/layout.json")`` gives an object with ``name`` and
``decode(data) -> Decoded``; ``format_line(decoded)`` is the ``name=value`` line the view shows under a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.decode import jsonlines, modbus, nmea, tftp
from app.decode.engine import LayoutDecoder
from app.decode.layout import Layout, LayoutError, load_layout, parse_layout
from app.decode.result import ENGLISH, Decoded, DecodedField, Say, Words, english, format_line, unshown_facts

__all__ = ["BUILTINS", "ENGLISH", "BuiltinDecoder", "Decoded", "DecodedField", "Decoder", "Layout", "LayoutDecoder",
           "LayoutError", "Say", "Words", "decoder_for", "english", "format_line", "load_layout", "parse_layout",
           "unshown_facts"]


class Decoder(Protocol):
    """Anything that decodes a message: a built-in or a :class:`LayoutDecoder`."""

    @property
    def name(self) -> str: ...

    def decode(self, data: bytes) -> Decoded: ...


@dataclass(frozen=True, slots=True)
class BuiltinDecoder:
    """A decoder written in Python for one protocol."""

    name: str
    #: What it reads, in a few words (the window's decoderBox shows it).
    label: str
    decode: Callable[[bytes], Decoded]
    #: ``format_line(decode(data))`` made directly for the usual messages (None for the others), where that is
    #: much cheaper: the view asks it of every message it lays out.
    line: Callable[[bytes], str | None] | None = None


BUILTINS: dict[str, BuiltinDecoder] = {d.name: d for d in (
    BuiltinDecoder("modbus-rtu", "Modbus RTU", modbus.decode_rtu, modbus.line_rtu),
    BuiltinDecoder("modbus-tcp", "Modbus TCP", modbus.decode_tcp),
    BuiltinDecoder("tftp", "TFTP", tftp.decode),
    BuiltinDecoder("nmea", "NMEA 0183", nmea.decode),
    BuiltinDecoder("json", "JSON lines", jsonlines.decode),
)}


def decoder_for(spec: str | Path) -> Decoder:
    """The decoder a ``decoderBox`` item (or ``--decode``) names: a built-in's name or a layout file's path.
    A layout that cannot be used is a :class:`LayoutError` naming the field; an unknown name one in words."""
    if isinstance(spec, str) and spec in BUILTINS:
        return BUILTINS[spec]
    path = Path(spec)
    if path.suffix.lower() != ".json" and not path.exists():
        raise LayoutError(f"{spec!s}: not a decoder ({', '.join(BUILTINS)}) nor a layout file (.json)")
    return LayoutDecoder.from_file(path)
