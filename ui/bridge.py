"""Adapts one session's engine events to Qt signals; data updates are coalesced to at most 30 a second."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from app.session import (
    CountersReset,
    ErrorOccurred,
    Event,
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
    peerConnected = Signal(object)  # Address
    peerDisconnected = Signal(object)  # PeerDisconnected
    peerFinished = Signal(object)  # Address
    errorOccurred = Signal(object)  # NetAssistError
    storeCleared = Signal()

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(1000 // MAX_HZ)
        self._timer.timeout.connect(self._flush)
        self._unsubscribe = session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        # Called by the engine for every event, on the loop's (Qt's) thread: keep RecordAdded cheap.
        if type(event) is RecordAdded:
            if not self._dirty:
                self._dirty = True
                self._timer.start()
            return
        if isinstance(event, StateChanged):
            self.stateChanged.emit(event)
        elif isinstance(event, PeerConnected):
            self.peerConnected.emit(event.peer)
        elif isinstance(event, PeerDisconnected):
            self.peerDisconnected.emit(event)
        elif isinstance(event, PeerFinished):
            self.peerFinished.emit(event.peer)
        elif isinstance(event, ErrorOccurred):
            self.errorOccurred.emit(event.error)
        elif isinstance(event, StoreCleared):
            self.storeCleared.emit()
        elif isinstance(event, CountersReset):
            self._mark()

    def _mark(self) -> None:
        if not self._dirty:
            self._dirty = True
            self._timer.start()

    def _flush(self) -> None:
        self._dirty = False
        started = time.perf_counter()
        self.tick.emit()
        took_ms = (time.perf_counter() - started) * 1000
        self._timer.setInterval(int(min(MAX_INTERVAL_MS, max(1000 // MAX_HZ, took_ms * PAUSE_FACTOR))))

    def flush_now(self) -> None:
        """Deliver pending updates at once (used before reading the view in tests and on close)."""
        if self._dirty:
            self._timer.stop()
            self._flush()

    def detach(self) -> None:
        self._unsubscribe()
        self._timer.stop()
