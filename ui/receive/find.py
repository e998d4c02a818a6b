"""Find in the receive view: a search over the whole layout in slices, stepping through its matches."""

from __future__ import annotations

import time

from app.view.search import Finder
from ui.receive.updates import SLICE_GAP_MS, SLICE_S


class Finding:
    """The part of :class:`~ui.receive.view.ReceiveView` that runs find (an :class:`app.view.search.Finder`) and
    goes to its matches."""

    def start_find(self, query: object) -> None:
        """Search the whole layout for ``query`` (an app.view.search.Query), from the rows on screen on.
        Raises InvalidPattern. Items laid out later (the pass still running, new data) are searched as
        they come."""
        start = self._top_item()[0] if not self._tail else self.layout.items.first
        self.finder = Finder(self.layout, query, start_item=start)  # type: ignore[arg-type]
        self.current_match = -1
        self._search_slice()

    def _search_slice(self) -> None:
        finder = self.finder
        if finder is None:
            return
        done = finder.advance(time.perf_counter() + SLICE_S * 3)
        if self.current_match < 0 and finder.matches:
            self._go_to(0 if done else len(finder.matches) - 1, first=True)
        if not done:
            self._searching.start(SLICE_GAP_MS)
        elif self.current_match >= 0:
            # the list is sorted now: the current match keeps its place
            self.current_match = finder.matches.index(self._current) if self._current in finder.matches else 0
        self.findProgress.emit(self.current_match, len(finder.matches), done)
        self.viewport().update()

    def find_next(self, backward: bool = False) -> bool:
        finder = self.finder
        if finder is None or not finder.matches:
            return False
        if not finder.done:  # a slice more, never the rest at once (a decoder makes each item cost more)
            finder.advance(time.perf_counter() + SLICE_S)
            finder.matches.sort(key=lambda m: (m.item, m.start))  # (sorted for the steps below; the search goes on)
        cur = self._current if self.current_match >= 0 else None
        if cur is None:
            item = self._top_item()[0]
            k = finder.index_before(item, 0) if backward else finder.index_after(item, -1)
        else:
            k = finder.index_before(cur.item, cur.start) if backward else finder.index_after(cur.item, cur.start)
        self._go_to(k)
        self.findProgress.emit(self.current_match, len(finder.matches), finder.done)
        return True

    def _go_to(self, k: int, first: bool = False) -> None:
        finder = self.finder
        assert finder is not None
        self.current_match = k
        m = finder.matches[k]
        self._current = m
        self.selection.set((m.item, m.start), (m.item, m.end))
        row, _col = self.layout.text_position(m.item, m.start)
        self.scroll_to_row(row)
        self.viewport().update()

    def stop_find(self) -> None:
        self.finder = None
        self.current_match = -1
        self._searching.stop()
        self.viewport().update()
