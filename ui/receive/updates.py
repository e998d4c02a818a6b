"""The receive view's updates: what arrived is laid out in slices between socket reads (a flood waits until
it is over), idle-gap frames end by time, and find follows the new items."""

from __future__ import annotations

import time

#: Layout work per slice, and the pause after one (the loop reads sockets in between).
SLICE_S = 0.005
SLICE_GAP_MS = 5
#: More new bytes than this between two updates is a flood: the view then paints a provisional tail of
#: the newest FLOOD_TAIL_BYTES while the layout catches up in slices.
FLOOD_BYTES = 128 * 1024
FLOOD_TAIL_BYTES = 12 * 1024
FLOOD_HZ = 10


class LayoutUpdates:
    """The part of :class:`~ui.receive.view.ReceiveView` that extends its layout: on the bridge's tick, in
    slices while the pass catches up, and when an idle-gap frame is due."""

    def update_from_store(self, complete: bool = False) -> None:
        """Lay out what arrived (the bridge's tick) and repaint; ``complete`` finishes the layout now."""
        if self.hidden_display:
            self.viewport().update()
            return
        arrived = 0
        store = self.store
        if store.tail > self._seen_tail:
            for pos in range(max(self._seen_tail, store.head, store.tail - 64), store.tail):
                arrived += store.size_at(pos)
        self._seen_tail = store.tail
        if arrived > FLOOD_BYTES and not complete:
            # a flood: reading it comes first. The layout waits until it is over (what it does not reach in
            # time leaves the store before it is laid out); the tail is painted provisionally meanwhile.
            self._flooding = True
            self._settle.start()
            self._work.stop()
        elif not self._flooding or complete:
            self.layout.advance(None if complete else time.perf_counter() + SLICE_S)
            if not self.layout.done and not self._work.isActive():
                self._work.start(SLICE_GAP_MS)
        if self.finder is not None:
            self.finder.extend()
            if not self._searching.isActive() and not self.finder.done:
                self._searching.start(0)
        self._schedule_idle()
        self._refresh()

    def flush(self) -> None:
        """Lay out and show everything now (tests, screenshots)."""
        self._flooding = False
        self._resized.stop()
        if self.wrap and self._wrap_cols() != self._cols:
            self._width_changed()
        self.update_from_store(complete=True)
        self.layout.expire(time.time_ns() // 1_000_000)
        self._refresh()

    def _continue(self) -> None:
        started = time.perf_counter()
        self.layout.advance(started + SLICE_S)
        if not self.layout.done:
            took = (time.perf_counter() - started) * 1000
            self._work.start(int(max(SLICE_GAP_MS, took)))
        if self.finder is not None:
            self.finder.extend()
            if not self.finder.done and not self._searching.isActive():
                self._searching.start(SLICE_GAP_MS)
        self._refresh()

    def _settled(self) -> None:
        self._flooding = False
        if not self.layout.done and not self._work.isActive():
            self._work.start(SLICE_GAP_MS)
        self._refresh()

    def _schedule_idle(self) -> None:
        due = self.layout.next_deadline()
        if due is not None:
            wait = max(1, due - time.time_ns() // 1_000_000)
            if not self._idle.isActive() or self._idle.remainingTime() > wait:
                self._idle.start(int(wait))

    def _idle_due(self) -> None:
        self.layout.expire(time.time_ns() // 1_000_000)
        self._schedule_idle()
        self._refresh()
