"""The receive view's selection as a plain object (no Qt): two ``(item, offset)`` ends and what a press, a
drag and a release do to them. ``ui.receive.view`` turns mouse and key events into these calls, as
qtconsole's ``QtKillRing`` drives its ``KillRing``."""

from __future__ import annotations

from collections.abc import Callable

#: A place in the laid-out text: (item, offset within the item's text).
Position = tuple[int, int]


class Selection:
    """Where the selection was anchored and where it ends now (in either order), and the press under way."""

    def __init__(self) -> None:
        #: (anchor, end), or None: nothing selected.
        self.ends: tuple[Position, Position] | None = None
        #: Where the mouse went down, while it is down.
        self.pressed: Position | None = None

    @property
    def active(self) -> bool:
        return self.ends is not None

    def clear(self) -> None:
        self.ends = None

    def set(self, start: Position, end: Position) -> None:
        self.ends = (start, end)

    def press(self, at: Position, extend: bool = False) -> None:
        """The mouse went down at ``at``: a new selection there, or (``extend``: Shift) the end moved there."""
        self.ends = (self.ends[0], at) if extend and self.ends is not None else (at, at)
        self.pressed = at

    def drag(self, at: Position) -> bool:
        """The mouse moved to ``at`` while down: the end follows. False when no press is under way."""
        if self.pressed is None or self.ends is None:
            return False
        self.ends = (self.ends[0], at)
        return True

    def extend_to(self, at: Position) -> None:
        """The end moves to ``at`` (Shift and a key); with nothing selected the anchor is ``at`` too."""
        self.ends = (at if self.ends is None else self.ends[0], at)

    def release(self) -> tuple[bool, Position | None]:
        """The mouse went up: (whether a press was under way, the place clicked if it did not move)."""
        pressed, self.pressed = self.pressed, None
        if pressed is None or self.ends is None:
            return False, None
        return True, (pressed if self.ends[0] == self.ends[1] else None)

    def span(self) -> tuple[Position, Position] | None:
        """The ends in text order, or None."""
        if self.ends is None:
            return None
        a, b = sorted(self.ends)
        return a, b

    def items(self, first: int, end: int) -> range:
        """The items the selection touches among those laid out (``first`` up to, not including, ``end``)."""
        span = self.span()
        if span is None:
            return range(0)
        (ia, _oa), (ib, _ob) = span
        return range(max(ia, first), min(ib, end - 1) + 1)

    def text(self, item_text: Callable[[int], str], continues: Callable[[int], bool], first: int, end: int) -> str:
        """The selected text as shown: items joined by line breaks, except an item that ``continues`` the row
        before it (a wrapped line's pieces are joined)."""
        span = self.span()
        if span is None:
            return ""
        (ia, oa), (ib, ob) = span
        parts: list[str] = []
        for item in self.items(first, end):
            text = item_text(item)
            a = oa if item == ia else 0
            b = ob if item == ib else len(text)
            if parts and not continues(item):
                parts.append("\n")
            parts.append(text[a:b])
        return "".join(parts)
