"""Payload macros: ``{{counter}}``, ``{{time:%H:%M:%S}}``, ``{{unix}}``, ``{{unix_ms}}``, ``{{random:N}}``,
and in auto-reply replies the match's groups (``{{1}}``, ``{{name}}``); ``{{{{`` writes a literal ``{{``.

A macro is expanded in the payload's text before it is encoded (or, in hex mode, before the hex is read):
in hex mode ``{{counter}}`` gives hex bytes and ``{{random:N}}`` N random bytes; in text mode digits.
Checksums are computed after expansion (they are applied to the bytes). An unknown macro, or a ``{{`` that
opens none, is an error that names it and its position. Every macro's output is bounded (a counter's width up
to :data:`MAX_WIDTH`, a random run up to :data:`MAX_RANDOM`) and so is the whole expansion
(:data:`MAX_OUTPUT`): sizes are counted before anything is made, so a payload that asks for a gigabyte is
refused in words, not allocated. A check (``dry``) makes nothing random at all, so checking a saved sequence
costs the length of its text, not of what it would send.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Mapping, Sequence

from app.core.codec import encode_text, format_hex
from app.core.errors import InputError, NetAssistError
from app.core.safe_regex import Found

#: A literal ``{{{{``, a macro, or a ``{{`` that opens no macro (refused: it would go out as it is, unsaid).
_TOKEN = re.compile(r"\{\{\{\{|\{\{([^{}]*)\}\}|\{\{")
#: Widest ``{{counter:WIDTH}}``: digits in text, bytes in hex.
MAX_WIDTH = 64
#: Most random digits (or bytes, in hex) one ``{{random:N}}`` makes.
MAX_RANDOM = 64 * 1024
#: Most characters a whole expansion may make (the session's send bound): checked before anything is made.
MAX_OUTPUT = 4 * 1024 * 1024
#: Bytes whose value is below 250 give a decimal digit each (250 = 25 × 10: no digit more likely than another).
_DIGITS = bytes(48 + b % 10 for b in range(250)) + bytes(6)
_NOT_DIGITS = bytes(range(250, 256))


class UnknownMacro(InputError):
    code = "unknown-macro"


class MacroTooLarge(InputError):
    """What the macros would make is past :data:`MAX_OUTPUT`: refused before any of it is made."""

    code = "macro-too-large"


class Macros:
    """Expands macros; the counter starts at ``start`` and moves by ``step`` per expansion that commits."""

    def __init__(self, start: int = 0, step: int = 1, seed: int | None = None):
        self.start, self.step = start, step
        self.counter = start
        self._random = random.Random(seed)

    def expand(self, text: str, *, hex_mode: bool = False, groups: Sequence[str] | Mapping[str, str] = (),
               commit: bool = True, dry: bool = False) -> str:
        """``text`` with its macros replaced. ``commit=False`` (a preview) leaves the counter where it is;
        ``dry=True`` (a check) makes no random bytes (a zero for each run, whatever its size) and moves nothing.

        Every macro is read and sized first: an unknown one, a ``{{`` that opens none, a bad width or size
        raise UnknownMacro naming it and its position, and an output past :data:`MAX_OUTPUT` raises
        MacroTooLarge, before anything is made."""
        counter = self.counter
        used_counter = False
        pieces: list[str | int] = []  # text, or the size of a random run to make once all is checked
        at = 0
        for m in _TOKEN.finditer(text):
            pieces.append(text[at:m.start()])
            at = m.end()
            token = m.group(0)
            if token == "{{{{":
                pieces.append("{{")
                continue
            if m.group(1) is None:
                raise UnknownMacro(f"{{{{ at position {m.start() + 1} opens no macro (no }}}} closes it); write "
                                   "{{{{ for a literal {{", position=m.start())
            name, _, arg = m.group(1).strip().partition(":")
            if name == "random":
                n = _number(arg or "1", m, MAX_RANDOM)
                pieces.append(n)
                continue
            if name == "counter":
                used_counter = True
                piece = _counter(counter, arg, hex_mode, m.start())
            elif name == "time":
                piece = time.strftime(arg or "%H:%M:%S")
            elif name == "unix":
                piece = str(int(time.time()))
            elif name == "unix_ms":
                piece = str(time.time_ns() // 1_000_000)
            elif isinstance(groups, Mapping) and name in groups:
                piece = groups[name]
            elif not isinstance(groups, Mapping) and name.isdigit() and 0 <= int(name) < len(groups):
                piece = groups[int(name)]
            else:
                raise UnknownMacro(f"unknown macro {token} at position {m.start() + 1}", position=m.start())
            pieces.append(piece)
        pieces.append(text[at:])
        total = sum(len(p) if isinstance(p, str) else 3 * p - 1 if hex_mode and p else p for p in pieces)
        if total > MAX_OUTPUT:
            raise MacroTooLarge(f"the macros would make {total:,} characters (at most {MAX_OUTPUT:,}); nothing "
                                "was made")
        out = "".join(p if isinstance(p, str) else self._random_run(p, hex_mode, dry) for p in pieces)
        if commit and used_counter and not dry:
            self.counter = counter + self.step
        return out

    def check(self, text: str, *, hex_mode: bool = False, groups: Sequence[str] | Mapping[str, str] = ()) -> None:
        """Raise what :meth:`expand` would, making nothing random and moving nothing."""
        self.expand(text, hex_mode=hex_mode, groups=groups, commit=False, dry=True)

    def _random_run(self, n: int, hex_mode: bool, dry: bool) -> str:
        """``n`` random bytes as hex (hex mode) or ``n`` random decimal digits, made at C speed; a dry run
        (a check: only the syntax around it matters, its size was counted already) makes one zero."""
        if dry:
            n = min(n, 1)
        if hex_mode:
            return ("00 " * n)[:-1] if dry else self._random.randbytes(n).hex(" ").upper()
        if dry:
            return "0" * n
        out = b""
        while len(out) < n:  # (about 2 % of bytes are dropped to keep the digits even: one more pass at most, mostly)
            out += self._random.randbytes(n - len(out) + 16).translate(_DIGITS, _NOT_DIGITS)
        return out[:n].decode("ascii")


def _number(text: str, m: re.Match[str], most: int) -> int:
    try:
        n = int(text)
    except ValueError:
        raise UnknownMacro(f"{m.group(0)} at position {m.start() + 1}: {text!r} is not a number",
                           position=m.start()) from None
    if not 0 <= n <= most:
        raise UnknownMacro(f"{m.group(0)} at position {m.start() + 1}: {n} is out of range (0–{most:,})",
                           position=m.start())
    return n


def _counter(value: int, arg: str, hex_mode: bool, position: int) -> str:
    """``{{counter}}``, ``{{counter:WIDTH}}``, ``{{counter:WIDTH:x}}`` (hex digits in text mode). In hex
    mode: WIDTH bytes (default 1), big endian. WIDTH is 0–:data:`MAX_WIDTH`."""
    width_text, _, form = arg.partition(":")
    where = f"{{{{counter:{arg}}}}} at position {position + 1}"
    try:
        width = int(width_text) if width_text.strip() else 0
    except ValueError:
        raise UnknownMacro(f"{where}: the width is not a number", position=position) from None
    if not 0 <= width <= MAX_WIDTH:
        raise UnknownMacro(f"{where}: the width must be 0–{MAX_WIDTH}", position=position)
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
