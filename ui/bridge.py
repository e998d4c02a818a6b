"""Adapts one session's engine events to Qt signals; data updates are coalesced to at most 30 a second, and
so are peers coming and going (a relay under a flood of new sources has thousands a second: one Qt signal
each was a measured part of what made it fall behind).

A session is a plain Python object that can outlive the bridge's Qt object (a page deleted with its window
while the session is still closing): the bridge unsubscribes when its Qt object is destroyed, and an event
that still reaches it after that is ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from app.net.session import (
    CountersReset,
    ErrorOccurred,
    Event,
    KernelDropped,
    PeerConnected,
    PeerDisconnected,
    PeerFinished,
    RecordAdded,
    Session,
    StateChanged,
    StoreCleared,
)

#: Repaints a second at most, however fast data arrives.
MAX_HZ = 30
#: The pause after a repaint is at least this many times what the repaint took (qtconsole's trick): a
#: costly repaint under a flood leaves the loop most of its time for reading.
PAUSE_FACTOR = 3
MAX_INTERVAL_MS = 250


class SessionBridge(QObject):
    """Listens to a session; ``tick`` fires at most :data:`MAX_HZ` times a second while data flows."""

    #: New records and counts are ready to be shown (coalesced).
    tick = Signal()
    stateChanged = Signal(object)  # StateChanged
    #: Peers that came, finished sending and went since the last tick, in order (PeerConnected / PeerFinished /
    #: PeerDisconnected), just before it. (10,000 clients that all close at once were 10,000 signals, and a
    #: row repainted each, in one turn of the loop.)
    peersChanged = Signal(object)  # list[PeerConnected | PeerFinished | PeerDisconnected]
    errorOccurred = Signal(object)  # NetAssistError
    storeCleared = Signal()

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._dirty = False
        self._peer_events: list[PeerConnected | PeerFinished | PeerDisconnected] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(1000 // MAX_HZ)
        self._timer.timeout.connect(self._flush)
        #: True once detached (or the Qt object is gone): events are ignored from then on.
        self._detached = False
        unsubscribe = self._unsubscribe = session.subscribe(self._on_event, every_record=False)
        # The handler must not touch ``self`` (its C++ side is being destroyed): it only unsubscribes.
        self.destroyed.connect(lambda *_args: unsubscribe())

    def _on_event(self, event: Event) -> None:
        # Called by the engine for every event, on the loop's (Qt's) thread: keep RecordAdded cheap.
        if type(event) is RecordAdded:
            if not self._dirty and not self._detached:
                self._dirty = True
                self._start_timer()
            return
        if self._detached:
            return
        try:
            if isinstance(event, StateChanged):
                self.stateChanged.emit(event)
            elif isinstance(event, PeerConnected | PeerFinished | PeerDisconnected):
                self._peer_events.append(event)
                self._mark()
            elif isinstance(event, ErrorOccurred):
                self.errorOccurred.emit(event.error)
            elif isinstance(event, StoreCleared):
                self.storeCleared.emit()
            elif isinstance(event, CountersReset | KernelDropped):
                self._mark()
        except RuntimeError:  # "Signal source has been deleted"
            if not self._lost():
                raise

    def _start_timer(self) -> None:
        try:
            self._timer.start()
        except RuntimeError:  # "Internal C++ object … already deleted"
            if not self._lost():
                raise

    def _lost(self) -> bool:
        """After a failed Qt call: True (and stop listening) if the Qt object is gone; False if it is a bug."""
        if shiboken6.isValid(self) and shiboken6.isValid(self._timer):
            return False
        self._gone()
        return True

    def _mark(self) -> None:
        if not self._dirty:
            self._dirty = True
            self._start_timer()

    def again(self) -> None:
        """Another tick after this one (something shown was put off for a moment)."""
        if not self._detached:
            self._mark()

    def _flush(self) -> None:
        self._dirty = False
        started = time.perf_counter()
        if self._peer_events:
            events, self._peer_events = self._peer_events, []
            self.peersChanged.emit(events)
        self.tick.emit()
        took_ms = (time.perf_counter() - started) * 1000
        self._timer.setInterval(int(min(MAX_INTERVAL_MS, max(1000 // MAX_HZ, took_ms * PAUSE_FACTOR))))

    def flush_now(self) -> None:
        """Deliver pending updates at once (used before reading the view in tests and on close)."""
        if self._dirty:
            self._timer.stop()
            self._flush()

    def detach(self) -> None:
        """Stop listening to the session; safe to call twice, and after the Qt object was deleted."""
        self._detached = True
        self._unsubscribe()
        if shiboken6.isValid(self._timer):
            self._timer.stop()

    def _gone(self) -> None:
        self._detached = True
        # the session is iterating over its listeners right now: removing one would skip the next
        unsubscribe: Callable[[], None] = self._unsubscribe
        # (no loop to do it later: it stays subscribed but inert, ``_detached`` ignores every event)
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_soon(unsubscribe)
