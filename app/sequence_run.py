"""Running a sequence (:mod:`app.sequence`) on a session: steps in order, expect steps matched against what
arrives, a result per step and a summary notice in the view and the log."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from app.codec import StreamDecoder, format_hex, visible
from app.errors import NetAssistError, PeerNotReading
from app.macros import Macros
from app.periodic import MIN_TIMER_S
from app.records import Address, Direction, Record
from app.safe_regex import MAX_TEXT, SafeRegex
from app.sequence import BUFFER_BYTES, Sequence, Step, pattern_of
from app.session import Event, RecordAdded, Session

Outcome = Literal["sent", "waited", "matched", "timed-out", "failed", "stopped"]


@dataclass(slots=True)
class StepResult:
    index: int  # 0-based
    outcome: Outcome
    ms: float = 0.0
    #: What was sent, or what matched.
    data: bytes = b""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome in ("sent", "waited", "matched")


@dataclass(slots=True)
class RunResult:
    passed: bool = False
    steps: list[StepResult] = field(default_factory=list)
    ms: float = 0.0
    failed_step: int | None = None  # 0-based
    reason: str = ""

    def summary(self, name: str) -> str:
        ok = sum(1 for r in self.steps if r.ok)
        if self.passed:
            return f"sequence “{name}” passed: {ok} steps in {self.ms:,.0f} ms"
        return f"sequence “{name}” failed at step {(self.failed_step or 0) + 1}: {self.reason} ({self.ms:,.0f} ms)"


class _Inbox:
    """What arrived since the run began (or since the last match), chunk by chunk, with its peer. Each expect
    step decodes it in its own encoding, as the view shows it (undecodable bytes as ``\\xNN``)."""

    def __init__(self) -> None:
        self.chunks: list[tuple[Address | None, bytes]] = []
        self.size = 0
        self.arrived = asyncio.Event()

    def add(self, rec: Record) -> None:
        self.chunks.append((rec.peer, rec.data))
        self.size += len(rec.data)
        while self.size > BUFFER_BYTES and len(self.chunks) > 1:
            self.size -= len(self.chunks.pop(0)[1])
        self.arrived.set()

    def find(self, pattern: SafeRegex | bytes | str, peer: str, encoding_name: str) -> tuple[bytes, str] | None:
        """Look for the pattern in what ``peer`` (empty: anyone) sent; on a match, consume up to its end and
        return (the bytes that matched, in text modes their text)."""
        mine = [i for i, c in enumerate(self.chunks) if not peer or str(c[0]) == peer]
        if not mine:
            return None
        joined = b"".join(self.chunks[i][1] for i in mine)
        if isinstance(pattern, bytes):
            at = joined.find(pattern)
            if at < 0:
                return None
            self._consume(mine, at + len(pattern))
            return pattern, ""
        offset = max(0, len(joined) - MAX_TEXT)
        window = joined[offset:]

        def shown(n: int) -> str:  # the first n bytes as text (an incomplete last character waits)
            return visible(StreamDecoder(encoding_name).decode(window[:n]))

        text = shown(len(window))
        if isinstance(pattern, str):
            at = text.find(pattern)
            span = (at, at + len(pattern)) if at >= 0 else None
        else:
            found = pattern.search(text)
            span = (found.start, found.end) if found is not None else None
        if span is None:
            return None
        start, end = (_bytes_for(shown, len(window), span[0]), _bytes_for(shown, len(window), span[1]))
        self._consume(mine, offset + end)
        return window[start:end], text[span[0]:span[1]]

    def _consume(self, mine: list[int], upto: int) -> None:
        """Drop ``upto`` bytes of ``mine``'s concatenation, and what others sent before the match ended; the
        chunk the match ends in keeps its rest."""
        last = -1
        for i in mine:
            peer, data = self.chunks[i]
            if upto < len(data):
                self.chunks[i] = (peer, data[upto:])
                last = i - 1
                break
            upto -= len(data)
            last = i
        del self.chunks[:last + 1]
        self.size = sum(len(c[1]) for c in self.chunks)


def _bytes_for(shown: Callable[[int], str], size: int, chars: int) -> int:
    """The fewest bytes whose text has ``chars`` characters (a binary search; the text grows with the bytes)."""
    lo, hi = 0, size
    while lo < hi:
        mid = (lo + hi) // 2
        if len(shown(mid)) >= chars:
            hi = mid
        else:
            lo = mid + 1
    return lo


Sender = Callable[[bytes, str], object]
Progress = Callable[[int, StepResult | None], None]


def session_sender(session: Session) -> Sender:
    """Sends as the engine does: to ``peer`` (``host:port``) or the session's default (its one peer, its
    remote target, every client)."""

    def send(data: bytes, peer: str) -> object:
        to = _address(peer) if peer else None
        if to is None:
            return session.send(data)  # type: ignore[attr-defined]
        return session.send(data, to)  # type: ignore[attr-defined]

    return send


def _address(text: str) -> Address:
    host, _, port = text.rpartition(":")
    return Address(host.strip("[]"), int(port))


class SequenceRunner:
    """Runs one sequence on a session. ``on_progress(index, result)`` is told when a step starts (result
    None) and when it ends. The run's summary is a ``sequence`` notice in the session (so in the view and the
    log); a failed step is an ``error``-detail notice of the same kind."""

    def __init__(self, session: Session, sequence: Sequence, *, send: Sender | None = None,
                 macros: Macros | None = None, on_progress: Progress | None = None):
        self.session = session
        self.sequence = sequence
        self._send = send or session_sender(session)
        self.macros = macros or Macros()
        self.on_progress = on_progress
        self.inbox = _Inbox()
        self.result = RunResult()
        self.current = -1
        self.started = 0.0
        self._task: asyncio.Task[RunResult] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> asyncio.Task[RunResult]:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self.run(), name="sequence")
        return self._task

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def run(self) -> RunResult:
        loop = asyncio.get_running_loop()
        self.started = loop.time()
        unsubscribe = self.session.subscribe(self._on_event)
        result = self.result
        try:
            await self._steps(loop)
            result.passed = result.failed_step is None
        except asyncio.CancelledError:
            result.passed = False
            if result.failed_step is None:
                result.failed_step, result.reason = max(self.current, 0), "stopped"
            self._finish(loop)
            raise
        finally:
            unsubscribe()
        self._finish(loop)
        return result

    def _finish(self, loop: asyncio.AbstractEventLoop) -> None:
        result = self.result
        result.ms = (loop.time() - self.started) * 1000
        ok = sum(1 for r in result.steps if r.ok)
        failed = "" if result.failed_step is None else str(result.failed_step + 1)
        self.session.notice("sequence", result.summary(self.sequence.name),
                            detail="pass" if result.passed else "fail",
                            args=(self.sequence.name, str(ok), f"{result.ms:,.0f}", failed, result.reason))

    def _on_event(self, event: Event) -> None:
        if type(event) is RecordAdded and event.record.direction is Direction.RX:  # type: ignore[attr-defined]
            self.inbox.add(event.record)  # type: ignore[attr-defined]

    async def _steps(self, loop: asyncio.AbstractEventLoop) -> None:
        steps = self.sequence.steps
        done_times = [0] * len(steps)  # per repeat step: the block's runs so far
        deadline = loop.time()
        i = 0
        quiet_since_yield = 0
        while i < len(steps):
            step = steps[i]
            self.current = i
            if self.on_progress is not None:
                self.on_progress(i, None)
            t0 = loop.time()
            if step.action == "repeat":
                done_times[i] += 1
                if step.times == 0 or done_times[i] < step.times:
                    for j in range(step.start - 1, i):  # inner blocks start afresh
                        done_times[j] = 0
                    i = step.start - 1
                    quiet_since_yield += 1
                    if quiet_since_yield >= 64:  # a block without waits still lets the loop breathe
                        quiet_since_yield = 0
                        await asyncio.sleep(0)
                    continue
                done_times[i] = 0
                i += 1
                continue
            if step.action == "send":
                res = await self._do_send(i, step, loop, t0)
            elif step.action == "wait":
                # absolute deadlines: a loop of send + wait keeps its period; a late loop catches up a little
                deadline = max(deadline, t0 - 0.5) + step.ms / 1000
                while (left := deadline - loop.time()) > 0:
                    await asyncio.sleep(max(MIN_TIMER_S, left))
                quiet_since_yield = 0
                res = StepResult(i, "waited", (loop.time() - t0) * 1000)
            else:
                res = await self._do_expect(i, step, loop, t0)
                deadline = loop.time()
                quiet_since_yield = 0
            self.result.steps.append(res)
            if self.on_progress is not None:
                self.on_progress(i, res)
            if not res.ok:
                if self.result.failed_step is None:
                    self.result.failed_step, self.result.reason = i, res.detail
                self.session.notice("sequence", f"step {i + 1} ({step.describe()}): {res.detail}",
                                    detail="step-failed", args=(str(i + 1), res.detail))
                if step.action != "expect" or step.on_fail == "stop":
                    return
            i += 1

    async def _do_send(self, i: int, step: Step, loop: asyncio.AbstractEventLoop, t0: float) -> StepResult:
        try:
            data = step.payload(self.macros)
        except NetAssistError as exc:
            return StepResult(i, "failed", 0.0, b"", str(exc))
        while True:
            try:
                self._send(data, step.peer)
                break
            except PeerNotReading:  # wait until it reads: nothing piles up for a peer that does not
                await asyncio.sleep(0.01)
            except NetAssistError as exc:
                return StepResult(i, "failed", (loop.time() - t0) * 1000, data, str(exc))
        return StepResult(i, "sent", (loop.time() - t0) * 1000, data)

    async def _do_expect(self, i: int, step: Step, loop: asyncio.AbstractEventLoop, t0: float) -> StepResult:
        try:
            pattern = pattern_of(step)
        except (NetAssistError, ValueError) as exc:
            return StepResult(i, "failed", 0.0, b"", str(exc))
        end = t0 + step.ms / 1000
        while True:
            self.inbox.arrived.clear()
            found = self.inbox.find(pattern, step.peer, step.encoding)
            if found is not None:
                data, text = found
                shown = format_hex(data) if isinstance(pattern, bytes) else text
                return StepResult(i, "matched", (loop.time() - t0) * 1000, data, shown)
            left = end - loop.time()
            if left <= 0:
                who = f" from {step.peer}" if step.peer else ""
                return StepResult(i, "timed-out", (loop.time() - t0) * 1000, b"",
                                  f"nothing matching {step.text!r}{who} within {step.ms:,} ms")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.inbox.arrived.wait(), max(MIN_TIMER_S, left))



__all__ = ["RunResult", "SequenceRunner", "StepResult", "session_sender"]
