"""The view's filters: which messages a layout lets through."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.records import Address


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

    def pattern(self) -> re.Pattern[str] | None:
        """The text filter compiled (raises ``re.error`` for a bad regex)."""
        if not self.text:
            return None
        return re.compile(self.text if self.regex else re.escape(self.text))
