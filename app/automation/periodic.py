"""Periodic send (循环周期): a payload every N ms on absolute deadlines, without drift or a spinning core."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from app.core.errors import PeerNotReading

#: Shortest timer ever armed. qasync turns a sub-millisecond delay into a 0 ms timer, which would spin.
MIN_TIMER_S = 0.001
#: Most sends made in one wake-up when the loop fell behind; beyond that, ticks are skipped and counted.
MAX_CATCH_UP = 20


@dataclass(slots=True)
class PeriodicStats:
    """How a periodic run is going."""

    sent: int = 0
    #: Ticks dropped because the loop fell too far behind (never sent late in a burst).
    skipped: int = 0
    #: Why it stopped, if it stopped on its own (count reached, an error).
    stopped_because: str = ""
    #: Ticks are being skipped now because the peer is not reading.
    waiting: bool = False


class PeriodicSender:
    """Calls ``send()`` every ``period_ms`` ms, ``count`` times or until stopped.

    While ``ready()`` says the peer is not draining (or ``send`` raises PeerNotReading), ticks are skipped
    and counted: a peer that stops reading makes no memory grow.

    Deadlines are absolute (start + k * period), so the period does not drift; when the loop is late,
    up to :data:`MAX_CATCH_UP` sends are made at once and older ticks are skipped. ``send`` raising
    stops the run (the error is kept in ``error``).
    """

    def __init__(self, send: Callable[[], object], period_ms: float, count: int | None = None,
                 on_progress: Callable[[PeriodicStats], None] | None = None,
                 ready: Callable[[], bool] | None = None):
        if period_ms < 1:
            raise ValueError("the period must be at least 1 ms")
        self._send = send
        self.period = period_ms / 1000.0
        self.count = count
        self.stats = PeriodicStats()
        self.error: BaseException | None = None
        self._on_progress = on_progress
        #: Asked before each tick: False (the peer is not draining what was sent) skips the tick.
        self._ready = ready
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> asyncio.Task[None]:
        if self.running:
            assert self._task is not None
            return self._task
        self._task = asyncio.get_running_loop().create_task(self._run(), name="periodic-send")
        return self._task

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def wait(self) -> None:
        """Return once the run has ended, however it ended (see ``stats`` and ``error``).

        Cancelling the caller cancels only the caller: the run goes on until :meth:`stop`.
        """
        if self._task is not None:
            await asyncio.wait([self._task])

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        tick = 0  # index of the next deadline
        stats = self.stats
        try:
            while self.count is None or stats.sent < self.count:
                now = loop.time()
                due = int((now - start) / self.period) + 1 - tick  # deadlines passed since the last wake
                if due > MAX_CATCH_UP:
                    stats.skipped += due - MAX_CATCH_UP
                    tick += due - MAX_CATCH_UP
                    due = MAX_CATCH_UP
                for _ in range(max(due, 0)):
                    if self.count is not None and stats.sent >= self.count:
                        break
                    tick += 1
                    if self._ready is not None and not self._ready():
                        stats.skipped += 1  # the peer is not reading: nothing piles up for it
                        stats.waiting = True
                        continue
                    try:
                        self._send()
                    except PeerNotReading:
                        stats.skipped += 1
                        stats.waiting = True
                        continue
                    stats.waiting = False
                    stats.sent += 1
                if self._on_progress is not None and due > 0:
                    self._on_progress(stats)
                next_deadline = start + tick * self.period
                await asyncio.sleep(max(MIN_TIMER_S, next_deadline - loop.time()))
            stats.stopped_because = "count reached"
        except asyncio.CancelledError:
            stats.stopped_because = "stopped"
            raise
        except Exception as exc:  # the send failed: stop, keep the reason
            self.error = exc
            stats.stopped_because = str(exc)
        finally:
            if self._on_progress is not None:
                self._on_progress(stats)
