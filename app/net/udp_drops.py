"""The datagrams the kernel dropped at a session's UDP sockets because their receive buffer was full.

A UDP socket cannot pause its sender: when the program reads too slowly, the kernel throws datagrams away and
tells no one who does not ask (Linux counts them per socket, the count SO_RXQ_OVFL reports). A session asks
once a second while open (:func:`app.core.system.kernel_drops`), adds what each of its sockets dropped since the
last look into its counters (``Counters.kernel_dropped``), and says in words when a run of drops starts — once,
and again only after a quiet spell, never a notice a second.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from app.core.system import kernel_drops
from app.net.session import KernelDropped

if TYPE_CHECKING:
    from app.net.session import Session

#: Seconds between two looks at the sockets' drop counters.
POLL_S = 1.0
#: A run of drops is said at most once per this many seconds (drops in every look are one run).
QUIET_S = 10.0


class KernelDrops:
    """Reads the kernel's drop counters of ``sockets()`` (the session's UDP sockets, which may come and go)
    every :data:`POLL_S` while started; adds the new drops to ``session.counters.kernel_dropped`` (None: this
    system does not say)."""

    def __init__(self, session: Session, sockets: Callable[[], Iterable[socket.socket]],
                 buffer: Callable[[], int] = lambda: 0):
        self.session, self.sockets, self.buffer = session, sockets, buffer
        #: What each socket's counter said at the last look (a socket gone is forgotten; a new one starts at 0).
        self._seen: dict[socket.socket, int] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._dropping = False  # the last look found new drops
        self._said_at = -QUIET_S  # (loop time) when a run of drops was last said

    def start(self) -> None:
        """Begin looking (the sockets are open); the count says "unknown" (None) where the system cannot say."""
        self._seen.clear()
        self._dropping = False
        self.session.counters.kernel_dropped = 0 if self.poll() is not None else None
        self._arm()

    def stop(self) -> None:
        """One last look (drops up to the close are counted), then no more."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
            self.poll()
        self._seen.clear()

    def _arm(self) -> None:
        self._timer = asyncio.get_running_loop().call_later(POLL_S, self._tick)

    def _tick(self) -> None:
        self.poll()
        self._arm()

    def poll(self) -> int | None:
        """Look now: returns the datagrams dropped since the last look (None: this system does not say)."""
        seen, now = self._seen, {}
        new, known = 0, False
        for sock in self.sockets():
            count = kernel_drops(sock)
            if count is None:
                continue
            known = True
            before = seen.get(sock, 0)
            new += count - before if count >= before else count  # (smaller: another socket on a reused number)
            now[sock] = count
        self._seen = now
        if not known:
            return None
        counters = self.session.counters
        if new:
            counters.kernel_dropped = (counters.kernel_dropped or 0) + new
            self._say(new)
            self.session._emit(KernelDropped(new))
        self._dropping = bool(new)
        return new

    def _say(self, new: int) -> None:
        """A run of drops starts: say it (at most once per :data:`QUIET_S`)."""
        loop_time = asyncio.get_running_loop().time()
        if self._dropping or loop_time - self._said_at < QUIET_S:
            return
        self._said_at = loop_time
        buffer = self.buffer()
        self.session.notice(
            "kernel-dropped", f"the kernel dropped {new:,} datagrams: the receive buffer ({buffer:,} bytes) was full "
            "(this program read too slowly); they are counted as kernel dropped (said again after a quiet spell)",
            args=(f"{new:,}", f"{buffer:,}"))


__all__ = ["POLL_S", "QUIET_S", "KernelDrops"]
