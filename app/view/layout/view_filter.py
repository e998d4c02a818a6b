"""The view's filters: which messages a layout lets through."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.core.records import Address
from app.core.safe_regex import linear_pattern


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """Which messages the view shows: one peer or all, a direction, and text (or a regex) they match."""

    #: ``None``: every peer. Notices without a peer (listening, closed) are always shown.
    peer: Address | None = None
    #: ``all``, ``rx``, ``tx`` or ``notice``.
    direction: str = "all"
    #: Show only messages whose text (as shown, header included) contains this, or matches it as a regex.
    text: str = ""
    regex: bool = False
    #: Show the messages that do *not* match the text instead.
    invert: bool = False

    @property
    def active(self) -> bool:
        return self.peer is not None or self.direction != "all" or bool(self.text)

    def pattern(self) -> Any:
        """The text filter compiled: a literal, or a regex on RE2 (linear in the text it meets: no received data
        can make it backtrack for ever). Raises ValueError in words for a regex that does not compile or that
        only backtracking can run."""
        if not self.text:
            return None
        if not self.regex:
            return re.compile(re.escape(self.text))
        return linear_pattern(self.text, what="the filter")
