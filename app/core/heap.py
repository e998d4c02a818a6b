"""Giving freed memory back to the system, and collecting cyclic garbage on time.

glibc keeps the memory of freed mid-sized objects (below its 128 KiB mmap threshold) in its heap for
reuse; after a store of many such payloads is cleared, the process would keep the memory it no longer uses.
``trim()`` asks glibc to return what is free (``malloc_trim``); elsewhere it does nothing.
"""

from __future__ import annotations

import asyncio
import gc
import time

from app.core.system import trim_heap


def trim() -> bool:
    """Return free heap memory to the system; True when something was returned."""
    return trim_heap()


class Collector:
    """A full garbage collection every ``interval`` seconds on the running loop.

    asyncio's socket transports hold themselves in a cycle (a bound method kept as their read callback), so
    every closed connection is cyclic garbage. CPython collects the oldest generation only when it has grown by
    a quarter since the last full collection; after ``gc.freeze()`` (the app's settled heap) that is rare, and
    under connection churn closed transports piled up (about 1 MB a minute at 3 reconnects a second). A full
    collection over what is not frozen takes a few milliseconds; ``longest_ms`` keeps the longest seen.
    """

    def __init__(self, interval: float = 30.0) -> None:
        self.interval = interval
        self.collections = 0
        self.longest_ms = 0.0
        self._handle: asyncio.TimerHandle | None = None

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        loop = loop or asyncio.get_event_loop()
        self._handle = loop.call_later(self.interval, self._run, loop)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        started = time.perf_counter()
        gc.collect()
        self.collections += 1
        self.longest_ms = max(self.longest_ms, (time.perf_counter() - started) * 1000)
        self._handle = loop.call_later(self.interval, self._run, loop)


def give_back() -> bool:
    """A full collection (closed connections are cyclic garbage), then the freed heap back to the system: a few
    milliseconds, worth it after a burst. True when something was returned."""
    gc.collect()
    return trim()
