"""The window's event loop: qasync's, with socket reads run straight from Qt's socket notifier.

qasync turns every "socket readable" into a ``call_soon``, which it implements as a zero-interval Qt timer:
per read a Python-level handle, a timer started and killed, and a second trip through Qt's event dispatch
before ``recv`` even runs. Under a flood that bookkeeping cost over half as much as the reads themselves.
Here the notifier's slot runs the reader's handle directly (what asyncio's own selector loop does with a
ready key), several times per wake-up while more is waiting. Writers, timers and the rest stay qasync's.
"""

from __future__ import annotations

import asyncio
import select
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import qasync
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication

T = TypeVar("T")

#: Under a flood a socket is readable again as soon as a read returns: run its reader up to this many times
#: per wake-up while a zero-timeout poll says there is more (one syscall, against a trip through Qt's
#: dispatcher per read). Bounded so that timers and other sockets still get their turn.
READS_PER_WAKEUP = 8


def _fileno(fd: Any) -> int:
    return fd if isinstance(fd, int) else int(fd.fileno())


class EventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """A qasync loop whose socket reads do not go through a timer."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._reading: set[int] = set()
        self._paused_notifiers: set[int] = set()

    def _add_reader(self, fd: Any, callback: Callable[..., object], *args: object) -> None:
        self._check_closed()
        fd = _fileno(fd)
        existing = self._read_notifiers.pop(fd, None)
        if existing is not None:
            existing.setEnabled(False)
            existing.activated["int"].disconnect()
        notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read)
        handle = asyncio.Handle(callback, args, self)
        readable = select.poll()
        readable.register(fd, select.POLLIN)
        notifier.activated["int"].connect(lambda *_: self._reader_ready(fd, notifier, handle, readable))
        self._read_notifiers[fd] = notifier
        notifier.setEnabled(True)

    def _remove_reader(self, fd: Any) -> bool:
        return bool(super()._remove_reader(_fileno(fd)))

    def _reader_ready(self, fd: int, notifier: QSocketNotifier, handle: asyncio.Handle,
                      readable: select.poll) -> None:
        notifiers = self._read_notifiers
        if notifiers is None or notifiers.get(fd) is not notifier:
            notifier.setEnabled(False)  # removed or replaced since Qt queued this activation
            return
        if fd in self._reading:
            # A reader that runs a nested event loop (a modal dialog) would be entered again while the data
            # it is about to read is still waiting: switch the notifier off until the outer call returns.
            # Readers never do that here, so the notifier is not toggled around every read (two epoll_ctl
            # calls each; measured: the largest single cost with 1,000 clients sending).
            notifier.setEnabled(False)
            self._paused_notifiers.add(fd)
            return
        self._reading.add(fd)
        # a listening socket accepts a batch per call: one call per wake-up, so that a burst of connections
        # takes turns with timers and input instead of being accepted all at once
        repeats = 1 if getattr(handle._callback, "__name__", "") == "_accept_connection" else READS_PER_WAKEUP
        try:
            for _ in range(repeats):
                handle._run()  # exceptions go to the loop's exception handler, as asyncio does it
                if notifiers.get(fd) is not notifier or handle.cancelled() or not readable.poll(0):
                    break
        finally:
            self._reading.discard(fd)
            if fd in self._paused_notifiers:
                self._paused_notifiers.discard(fd)
                if self._read_notifiers is notifiers and notifiers.get(fd) is notifier:
                    notifier.setEnabled(True)


def new_loop() -> EventLoop:
    return EventLoop(QApplication.instance() or QApplication(sys.argv))


class _Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        return new_loop()


def run(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(main)`` on an :class:`EventLoop` (Python 3.11 has no ``loop_factory`` argument)."""
    if sys.version_info >= (3, 12):
        return asyncio.run(main, loop_factory=new_loop)
    old = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(_Policy())
    try:
        return asyncio.run(main)
    finally:
        asyncio.set_event_loop_policy(old)
