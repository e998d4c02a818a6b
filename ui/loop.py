"""The window's event loop: qasync's, with socket reads run straight from one Qt notifier over an epoll set.

qasync turns every "socket readable" into a ``call_soon``, which it implements as a zero-interval Qt timer:
per read a Python-level handle, a timer started and killed, and a second trip through Qt's event dispatch
before ``recv`` even runs. Under a flood that bookkeeping cost over half as much as the reads themselves.
Here the readers' descriptors share one epoll set behind one notifier, whose slot runs the ready readers'
handles directly (what asyncio's own selector loop does with ready keys), in rounds while more is waiting.
``call_soon`` itself goes to one ready queue run in rounds from one zero-interval Qt timer (asyncio's
``_ready``), not to a Qt timer started and killed per callback. Writers, delayed timers and the rest stay
qasync's.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import sys
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import qasync
from PySide6.QtCore import QObject, QSocketNotifier, QTimer, QTimerEvent
from PySide6.QtWidgets import QApplication

from app.core.system import HAS_EPOLL, readable

T = TypeVar("T")

#: Under a flood a socket is readable again as soon as a read returns: run its reader up to this many times
#: per wake-up while a zero-timeout poll says there is more (one syscall, against a trip through Qt's
#: dispatcher per read). Bounded so that timers and other sockets still get their turn.
READS_PER_WAKEUP = 8
#: Seconds of callbacks (reads, or ``call_soon`` handles) one wake-up runs at most before Qt gets its turn: the
#: rest wait for the next wake-up (a level-triggered epoll set says they are still ready; the ready queue keeps
#: them first in line). Counted in callbacks alone, a wake-up with 10,000 clients ready was 8,000 reads, or
#: 10,000 connections closing: a third of a second to over a second in which no timer or repaint ran.
WAKEUP_BUDGET_S = 0.012


def _fileno(fd: Any) -> int:
    return fd if isinstance(fd, int) else int(fd.fileno())


class ReadyQueue(QObject):
    """The loop's ``call_soon`` callbacks, run in order in rounds from one zero-interval Qt timer.

    qasync makes every ``call_soon`` a Qt timer of its own (started, dispatched, killed: measured ~30 µs each,
    and a UDP relay's new source costs seven of them — a task, a transport's ``connection_made`` and reader,
    its ``connection_lost``). Here a round runs the callbacks queued before it began (those they queue wait
    for the next round, as in asyncio), and Qt's own events (input, painting) come between rounds.
    """

    def __init__(self) -> None:
        super().__init__()
        self.handles: deque[asyncio.Handle] = deque()
        self._timer = 0
        self.stopped = False

    def add(self, handle: asyncio.Handle) -> asyncio.Handle:
        self.handles.append(handle)
        if not self._timer and not self.stopped:
            self._timer = self.startTimer(0)
        return handle

    def timerEvent(self, event: QTimerEvent) -> None:
        handles = self.handles
        clock = time.perf_counter
        until = clock() + WAKEUP_BUDGET_S
        for k in range(len(handles)):
            handle = handles.popleft()
            if not handle._cancelled:
                handle._run()  # exceptions go to the loop's exception handler, as asyncio does it
            if not k & 15 and clock() > until:  # (the rest of this round goes first in the next one)
                break
        if (not handles or self.stopped) and self._timer:
            self.killTimer(self._timer)
            self._timer = 0

    def stop(self) -> None:
        self.stopped = True
        self.handles.clear()
        if self._timer:
            self.killTimer(self._timer)
            self._timer = 0


class _ReadyLoop(qasync.QEventLoop):
    """A qasync loop whose ``call_soon`` goes to a :class:`ReadyQueue`."""

    def __init__(self, *args: Any, **kwargs: Any):
        self._ready_queue = ReadyQueue()  # (before qasync's set-up, which may already call soon)
        super().__init__(*args, **kwargs)

    def call_soon(self, callback: Callable[..., object], *args: object, context: Any = None) -> asyncio.Handle:
        if self._debug:
            self._check_callback(callback, "call_soon")
        return self._ready_queue.add(asyncio.Handle(callback, args, self, context=context))

    def close(self) -> None:
        self._ready_queue.stop()
        super().close()


class EpollLoop(_ReadyLoop):
    """A qasync loop whose socket reads do not go through a timer, nor through a notifier per socket.

    Every reader's descriptor is registered in one ``epoll`` set (where the platform has it); a single Qt
    notifier watches that set. When it fires, one ``poll(0)`` says which sockets are readable and their
    handles run at once, in rounds while more is waiting (a thousand clients cost one Qt activation per
    wake-up, not one each: measured, Qt's dispatch of per-socket notifiers was most of the window's CPU).
    """

    def __init__(self, *args: Any, **kwargs: Any):
        # (before qasync's own set-up, which already adds a reader)
        self._handles: dict[int, asyncio.Handle] = {}
        self._running: set[int] = set()  # descriptors whose reader is running (a nested loop may re-enter)
        self._epoll = select.epoll()
        super().__init__(*args, **kwargs)
        self._mux = QSocketNotifier(self._epoll.fileno(), QSocketNotifier.Type.Read)
        self._mux.activated["int"].connect(  # type: ignore[index]  # (PySide6's stub: no overload indexing)
            lambda *_: self._readers_ready())
        self._mux.setEnabled(True)

    def _add_reader(self, fd: Any, callback: Callable[..., object], *args: object) -> None:
        self._check_closed()
        fd = _fileno(fd)
        old = self._handles.get(fd)
        if old is not None:
            old.cancel()
        self._handles[fd] = asyncio.Handle(callback, args, self)
        try:
            self._epoll.register(fd, select.EPOLLIN)
        except FileExistsError:
            self._epoll.modify(fd, select.EPOLLIN)

    def _remove_reader(self, fd: Any) -> bool:
        fd = _fileno(fd)
        handle = self._handles.pop(fd, None)
        if handle is None:
            return False
        handle.cancel()
        with contextlib.suppress(OSError, ValueError):  # (closed already: epoll forgot it by itself)
            self._epoll.unregister(fd)
        return True

    def _readers_ready(self) -> None:
        handles = self._handles
        accepted: set[int] = set()
        clock = time.perf_counter
        until = clock() + WAKEUP_BUDGET_S
        for _ in range(READS_PER_WAKEUP):
            try:
                events = self._epoll.poll(0)
            except (OSError, ValueError):  # closed
                return
            ran = False
            for fd, _mask in events:
                handle = handles.get(fd)
                if handle is None or fd in self._running or fd in accepted:
                    continue
                # a listening socket accepts a batch per call: once per wake-up, so that a burst of
                # connections takes turns with timers and input instead of being accepted all at once
                if getattr(getattr(handle, "_callback", None), "__name__", "") == "_accept_connection":
                    accepted.add(fd)
                self._running.add(fd)
                try:
                    handle._run()  # exceptions go to the loop's exception handler, as asyncio does it
                finally:
                    self._running.discard(fd)
                ran = True
                if clock() > until:  # the others are still ready at the next wake-up (level-triggered)
                    return
            if not ran:
                return

    def close(self) -> None:
        mux = self.__dict__.get("_mux")
        if mux is not None:
            mux.setEnabled(False)
        super().close()
        if mux is not None:
            self._handles.clear()
            self._epoll.close()


class NotifierLoop(_ReadyLoop):
    """Where there is no epoll (Windows, macOS): one Qt notifier per reader, its handle run directly
    (several times per wake-up while a zero-timeout poll says more is waiting)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._reading: set[int] = set()
        self._paused_notifiers: set[int] = set()
        # Qt runs every ready notifier of a wake-up in one pass before any timer: with hundreds of sockets
        # ready that pass is as long as all their reads. A burst (the reads since Qt last ran a timer) is
        # bounded by WAKEUP_BUDGET_S as the epoll path's wake-up is: past it, a ready notifier is switched off
        # and put back by a zero-interval timer, which runs only once Qt has given timers (and input) a turn;
        # its socket, still readable, fires again then.
        self._burst_start: float | None = None
        self._deferred: dict[int, QSocketNotifier] = {}

    def _add_reader(self, fd: Any, callback: Callable[..., object], *args: object) -> None:
        self._check_closed()
        fd = _fileno(fd)
        existing = self._read_notifiers.pop(fd, None)
        if existing is not None:
            existing.setEnabled(False)
            existing.activated["int"].disconnect()
        notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read)
        handle = asyncio.Handle(callback, args, self)
        notifier.activated["int"].connect(  # type: ignore[index]  # (PySide6's stub: no overload indexing)
            lambda *_: self._reader_ready(fd, notifier, handle))
        self._read_notifiers[fd] = notifier
        notifier.setEnabled(True)

    def _remove_reader(self, fd: Any) -> bool:
        self._deferred.pop(_fileno(fd), None)
        return bool(super()._remove_reader(_fileno(fd)))

    def _burst_over(self) -> None:
        """Qt ran a timer since the burst began: the notifiers put off fire again (their sockets still ready)."""
        self._burst_start = None
        deferred, self._deferred = self._deferred, {}
        notifiers = self._read_notifiers
        for fd, notifier in deferred.items():
            if notifiers is not None and notifiers.get(fd) is notifier:
                notifier.setEnabled(True)

    def _reader_ready(self, fd: int, notifier: QSocketNotifier, handle: asyncio.Handle) -> None:
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
        now = time.perf_counter()
        if self._burst_start is None:
            self._burst_start = now
            QTimer.singleShot(0, self._burst_over)
        elif now - self._burst_start > WAKEUP_BUDGET_S:
            notifier.setEnabled(False)
            self._deferred[fd] = notifier
            return
        self._reading.add(fd)
        # a listening socket accepts a batch per call: one call per wake-up, so that a burst of connections
        # takes turns with timers and input instead of being accepted all at once
        accepts = getattr(getattr(handle, "_callback", None), "__name__", "") == "_accept_connection"
        repeats = 1 if accepts else READS_PER_WAKEUP
        try:
            for _ in range(repeats):
                handle._run()  # exceptions go to the loop's exception handler, as asyncio does it
                if notifiers.get(fd) is not notifier or handle.cancelled() or not readable(fd):
                    break
        finally:
            self._reading.discard(fd)
            if fd in self._paused_notifiers:
                self._paused_notifiers.discard(fd)
                if self._read_notifiers is notifiers and notifiers.get(fd) is notifier:
                    notifier.setEnabled(True)


#: The window's loop: one epoll set for every reader where the system has it.
EventLoop: type[qasync.QEventLoop] = EpollLoop if HAS_EPOLL else NotifierLoop


def new_loop() -> qasync.QEventLoop:
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
