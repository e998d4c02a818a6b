"""Find in the receive view as a plain object (no Qt): the search running (an :class:`app.view.search.Finder`
over the layout, for a query — text, regex or hex bytes, case), the current match, the progress "k of n", and
stepping to the next or previous match (wrapping past either end). ``ui.receive.view`` runs it in slices and
shows the match, as qtconsole's ``QtKillRing`` drives its ``KillRing``."""

from __future__ import annotations

import time

from app.view.layout import Layout
from app.view.search import Finder, Match, Query

#: How long a step to the next match searches on before it goes to the best match found so far (as a slice).
SLICE_S = 0.005


class FindState:
    """The search under way, if any, and which of its matches is current."""

    def __init__(self) -> None:
        self.finder: Finder | None = None
        #: Index of the current match in the finder's list, -1: none yet.
        self.index = -1
        #: The current match itself (its index changes while the list is sorted).
        self.current: Match | None = None

    def start(self, layout: Layout, query: Query, start_item: int) -> None:
        """Search ``layout`` for ``query``, from ``start_item`` on (round to it). Raises InvalidPattern."""
        self.finder = Finder(layout, query, start_item=start_item)
        self.index = -1

    def restart(self, layout: Layout, start_item: int) -> None:
        """The store was laid out again: the same search over the new ``layout``."""
        if self.finder is not None:
            query = self.finder.query
            self.stop()
            self.start(layout, query, start_item)

    def stop(self) -> None:
        self.finder = None
        self.index = -1

    def advance(self, deadline: float) -> Match | None:
        """Search on until ``deadline``; the match to go to first, if this slice found it (the first of all
        once the search is complete, else the last found so far). Once complete the current match keeps its
        place in the sorted list."""
        finder = self.finder
        assert finder is not None
        done = finder.advance(deadline)
        if self.index < 0 and finder.matches:
            return self.go(0 if done else len(finder.matches) - 1)
        if done and self.index >= 0:
            self.index = finder.matches.index(self.current) if self.current in finder.matches else 0
        return None

    def extend(self) -> bool:
        """Items were laid out: search them too. Whether there is searching to do."""
        if self.finder is None:
            return False
        self.finder.extend()
        return not self.finder.done

    def go(self, k: int) -> Match:
        """Make match ``k`` the current one."""
        assert self.finder is not None
        self.index = k
        self.current = self.finder.matches[k]
        return self.current

    def step(self, backward: bool, top_item: int) -> Match | None:
        """The next (``backward``: previous) match after the current one, or after ``top_item`` (the item at
        the top of the view) when none is; past the last comes the first. None: nothing found."""
        finder = self.finder
        if finder is None or not finder.matches:
            return None
        if not finder.done:  # a slice more, never the rest at once (a decoder makes each item cost more)
            finder.advance(time.perf_counter() + SLICE_S)
            finder.matches.sort(key=lambda m: (m.item, m.start))  # (sorted for the steps below; the search goes on)
        cur = self.current if self.index >= 0 else None
        if cur is None:
            k = finder.index_before(top_item, 0) if backward else finder.index_after(top_item, -1)
        else:
            k = finder.index_before(cur.item, cur.start) if backward else finder.index_after(cur.item, cur.start)
        return self.go(k)

    def progress(self) -> tuple[int, int, bool]:
        """(index of the current match or -1, matches so far, search complete: every item searched, and the view
        has laid out all that arrived — items laid out later are searched as they come)."""
        f = self.finder
        return (self.index, len(f.matches), f.done and f.layout.done) if f is not None else (-1, 0, True)

    def current_match(self) -> Match | None:
        """The current match, while a search runs."""
        return self.current if self.finder is not None and self.index >= 0 else None

    def is_current(self, m: Match) -> bool:
        f = self.finder
        return f is not None and 0 <= self.index < len(f.matches) and f.matches[self.index] == m

    def matches_between(self, first: int, last: int) -> list[Match]:
        """The matches in items ``first - 1`` to ``last`` (those on screen)."""
        if self.finder is None:
            return []
        return [m for m in self.finder.matches if first - 1 <= m.item <= last]
