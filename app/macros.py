"""Payload macros: ``{{counter}}``, ``{{time:%H:%M:%S}}``, ``{{unix}}``, ``{{unix_ms}}``, ``{{random:N}}``,
and in auto-reply replies the match's groups (``{{1}}``, ``{{name}}``); ``{{{{`` writes a literal ``{{``.

A macro is expanded in the payload's text before it is encoded (or, in hex mode, before the hex is read):
in hex mode ``{{counter}}`` gives hex bytes and ``{{random:N}}`` N random bytes; in text mode digits.
Checksums are computed after expansion (they are applied to the bytes). An unknown macro is an error that
names it and its position.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Mapping, Sequence

from app.codec import encode_text, format_hex
from app.errors import NetAssistError
from app.safe_regex import Found

_MACRO = re.compile(r"\{\{\{\{|\{\{([^{}]*)\}\}")


class UnknownMacro(NetAssistError):
    code = "unknown-macro"


class Macros:
    """Expands macros; the counter starts at ``start`` and moves by ``step`` per expansion that commits."""

    def __init__(self, start: int = 0, step: int = 1, seed: int | None = None):
        self.start, self.step = start, step
        self.counter = start
        self._random = random.Random(seed)

    def expand(self, text: str, *, hex_mode: bool = False, groups: Sequence[str] | Mapping[str, str] = (),
               commit: bool = True) -> str:
        """``text`` with its macros replaced. ``commit=False`` (a preview) leaves the counter where it is.
        Raises UnknownMacro naming the macro and its position."""
        counter = self.counter
        used_counter = False

        def one(m: re.Match[str]) -> str:
            nonlocal used_counter
            if m.group(0) == "{{{{":
                return "{{"
            name, _, arg = m.group(1).strip().partition(":")
            if name == "counter":
                used_counter = True
                return _counter(counter, arg, hex_mode, m.start())
            if name == "time":
                return time.strftime(arg or "%H:%M:%S")
            if name == "unix":
                return str(int(time.time()))
            if name == "unix_ms":
                return str(time.time_ns() // 1_000_000)
            if name == "random":
                n = _number(arg or "1", m)
                if hex_mode:
                    return " ".join(f"{self._random.randrange(256):02X}" for _ in range(n))
                return "".join(str(self._random.randrange(10)) for _ in range(n))
            if isinstance(groups, Mapping):
                if name in groups:
                    return groups[name]
            elif name.isdigit() and 0 <= int(name) < len(groups):
                return groups[int(name)]
            raise UnknownMacro(f"unknown macro {m.group(0)} at position {m.start() + 1}", position=m.start())

        out = _MACRO.sub(one, text)
        if commit and used_counter:
            self.counter = counter + self.step
        return out


def _number(text: str, m: re.Match[str]) -> int:
    try:
        n = int(text)
    except ValueError:
        raise UnknownMacro(f"{m.group(0)} at position {m.start() + 1}: {text!r} is not a number",
                           position=m.start()) from None
    if not 0 <= n <= 65536:
        raise UnknownMacro(f"{m.group(0)} at position {m.start() + 1}: {n} is out of range (0–65536)",
                           position=m.start())
    return n


def _counter(value: int, arg: str, hex_mode: bool, position: int) -> str:
    """``{{counter}}``, ``{{counter:WIDTH}}``, ``{{counter:WIDTH:x}}`` (hex digits in text mode). In hex
    mode: WIDTH bytes (default 1), big endian."""
    width_text, _, form = arg.partition(":")
    try:
        width = int(width_text) if width_text else 0
    except ValueError:
        raise UnknownMacro(f"{{{{counter:{arg}}}}} at position {position + 1}: the width is not a number",
                           position=position) from None
    if hex_mode:
        size = width or 1
        return " ".join(f"{b:02X}" for b in (value % (1 << (8 * size))).to_bytes(size, "big"))
    if form in ("x", "hex"):
        return f"{value:0{width}X}"
    return f"{value:0{width}d}"


# ------------------------------------------------------------------ groups of an auto-reply's match
Groups = dict[str, str]


class HexGroups(dict[str, str]):
    """A hex match's groups: already hex digits (a hex reply takes them as they are)."""


def literal_groups(groups: Groups, encoding: str, hex_mode: bool) -> Groups:
    """A peer's text put into a reply stays what it was: in a text reply its backslashes are escaped (the
    reply's escapes are read after expansion), in a hex reply it becomes the hex of its bytes."""
    if isinstance(groups, HexGroups):
        return groups
    if hex_mode:
        out = {}
        for k, v in groups.items():
            try:
                out[k] = format_hex(encode_text(v, encoding))
            except NetAssistError:
                out[k] = format_hex(v.encode("utf-8", errors="surrogateescape"))
        return out
    return {k: v.replace("\\", "\\\\") for k, v in groups.items()}


def match_groups(found: Found | None, text: str) -> Groups | None:
    """A regex match as macro groups: ``0`` the whole match, ``1``… numbered, and the named ones."""
    if found is None:
        return None
    out = {"0": text[found.start:found.end]}
    out.update((str(i), g or "") for i, g in enumerate(found.groups, 1))
    out.update((k, v or "") for k, v in found.named.items())
    return out
