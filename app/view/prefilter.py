"""What a record's bytes must hold for find or the text filter to match in its text as shown.

Rendering a record's text costs microseconds; looking for bytes in a chunk's arena runs at memory speed. So a
search first asks which records *could* match: those whose bytes hold a string every match contains (a plain
needle, or the literal a regex cannot match without, see :func:`app.core.safe_regex.required_literal`), encoded
as the view decodes it. Only those are rendered to confirm. The bytes say it for sure only where each character
of the string is shown as itself: escapes (``\\x00``), line breaks and log mode's escaped ``[`` exist only in the
rendering. A string that could run into an escape's tail (it starts with a hex digit, ``x`` or ``u``), or that
compared without case could be a non-ASCII letter (``K``, the Kelvin sign, is ``k``), also takes every record
that holds a byte beyond plain ASCII as a candidate.
"""

from __future__ import annotations

import mmap
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.codec import encoding as find_encoding
from app.core.records import Address
from app.core.safe_regex import required_literal
from app.view.render import Labels, ViewOptions, escape

#: Characters an escape (``\\xNN``, ``\\uNNNN``) shows after its backslash.
_ESCAPE_TAIL = frozenset("xu0123456789ABCDEF")
#: ASCII letters that, compared without case, match non-ASCII letters too (İ ı ſ K).
_FOLDS_WIDE = frozenset("iks")
#: Bytes always shown as themselves in an ASCII-compatible encoding.
_PLAIN = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_PLAIN_LOG = _PLAIN.replace(b"[", b"")  # (log mode escapes a "[" that starts a line)


@dataclass(frozen=True, slots=True)
class Needle:
    """Bytes a record holds if its text as shown can contain the string (and when that is not enough)."""

    #: The string's bytes in the view's encoding.
    data: bytes
    #: Finds them (without ASCII case where the string is compared so).
    search: re.Pattern[bytes]
    #: Records with a byte beyond plain ASCII (see :meth:`odd`) are candidates too.
    wide: bool
    #: The bytes shown as themselves (``wide``: the rest may be shown otherwise).
    plain: bytes
    #: Finds a byte that is not.
    odd_re: re.Pattern[bytes]

    def odd(self, data: bytes) -> bool:
        """Whether ``data`` holds a byte that may be shown otherwise than as itself (only asked when ``wide``)."""
        return bool(data.translate(None, self.plain))

    def may_show(self, data: bytes) -> bool:
        """Whether a record of these bytes may show the string (false: it surely does not)."""
        return self.search.search(data) is not None or (self.wide and self.odd(data))


def ascii_compatible(name: str) -> bool:
    """Whether the encoding shows each ASCII byte as that character (UTF-8, GBK, Latin-1 …; not UTF-16)."""
    try:
        return bytes(range(128)).decode(find_encoding(name).name) == "".join(map(chr, range(128)))
    except (UnicodeError, LookupError, ValueError):
        return False


def needle_for(text: str, fold: bool, encoding: str, log_mode: bool) -> Needle | None:
    """The needle for a string shown in a text view (``fold``: compared without case), or None when the bytes
    cannot tell (the string has escapes, line breaks or brackets, which exist only in the rendering)."""
    if not text or escape(text) != text or "\\" in text or "\n" in text or "\r" in text or "[" in text:
        return None
    if fold and not text.isascii() and text.lower() != text.upper():
        return None  # without case beyond ASCII: only the text can tell
    try:
        data = text.encode(find_encoding(encoding).encode_as)
    except (UnicodeError, LookupError):
        return None
    first = {text[0].upper(), text[0].lower()} if fold else {text[0]}
    wide = bool(first & _ESCAPE_TAIL) or (fold and bool(set(text.lower()) & _FOLDS_WIDE))
    if wide and not ascii_compatible(encoding):
        return None
    flags = re.IGNORECASE if fold and data.isascii() else 0
    plain = _PLAIN_LOG if log_mode else _PLAIN
    odd_re = re.compile(b"[^" + b"".join(re.escape(bytes([b])) for b in plain) + b"]")
    return Needle(data, re.compile(re.escape(data), flags), wide, plain, odd_re)


class FilterSkip:
    """Messages the text filter surely drops, told by their bytes: those that hold no needle, and whose header
    (log mode) cannot hold the string either. A message it does not drop is rendered and matched as before."""

    def __init__(self, needle: Needle, text: str, fold: bool, labels: Labels, log_mode: bool,
                 ascii_safe: bool = False):
        self.needle = needle
        self.log_mode = log_mode
        #: ASCII bytes leave the view's decoder as it was (an ASCII-compatible encoding): a message of them can
        #: be dropped without being decoded.
        self.ascii_safe = ascii_safe
        chars = set(text)
        self._chars = {c.lower() for c in chars} if fold else chars
        alphabet = set("0123456789-:.[] ") | set(labels.rx) | set(labels.tx)
        self._alphabet = {c.lower() for c in alphabet} if fold else alphabet
        self._fold = fold
        self._heads: dict[object, bool] = {}

    def drops(self, peer: Address | None, data: bytes) -> bool:
        if self.needle.may_show(data):
            return False
        return not self.log_mode or self.head_clear(peer)

    def head_clear(self, peer: Address | None) -> bool:
        """Whether a message's header (log mode) from ``peer`` surely cannot hold the string."""
        clear = self._heads.get(peer)
        if clear is None:
            peer_chars = set(str(peer)) if peer is not None else set()
            if self._fold:
                peer_chars = {c.lower() for c in peer_chars}
            clear = self._heads[peer] = not self._chars <= self._alphabet | peer_chars
        return clear

    def candidates(self, arena: bytes | bytearray | memoryview | mmap.mmap, offs: Sequence[int], i: int,
                   end: int) -> set[int]:
        """Of the records ``i`` … ``end - 1`` laid end to end in ``arena`` (record j is
        ``arena[offs[j]:offs[j + 1]]``), those whose bytes may show the string (:meth:`Needle.may_show`),
        found by searching the whole range at once rather than a record at a time."""
        found: set[int] = set()
        needle = self.needle
        stop = offs[end]
        for pattern, whole in ((needle.search, True), (needle.odd_re, False)) if needle.wide else (
                (needle.search, True),):
            pos = offs[i]
            search = pattern.search
            while True:
                m = search(arena, pos, stop)
                if m is None:
                    break
                r = bisect_right(offs, m.start(), i, end + 1) - 1  # the record the match starts in
                pos = offs[r + 1]
                # a match that runs into the next record is in neither (one that starts later in the same
                # record would run over too: the needle has one length); the next record is searched afresh
                if not whole or m.end() <= pos:
                    found.add(r)
        return found


def filter_skip(text: str, regex: bool, invert: bool, options: ViewOptions, labels: Labels) -> FilterSkip | None:
    """The skip for a text filter (``text``, a regex or not) in a text view without a decoder, if its bytes can
    tell (not inverted: there a message that cannot match is shown)."""
    if not text or invert or options.hex or options.decoder is not None:
        return None
    required = required_literal(text) if regex else (text, False)
    if required is None:
        return None
    literal, fold = required
    needle = needle_for(literal, fold, options.encoding, options.log_mode)
    if needle is None:
        return None
    return FilterSkip(needle, literal, fold, labels, options.log_mode, ascii_compatible(options.encoding))
