"""Running a sequence (:mod:`app.automation.sequence`) on a session: steps in order, expect steps matched against what
arrives, a result per step and a summary notice in the view and the log."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from app.automation.periodic import MIN_TIMER_S
from app.automation.sequence import BUFFER_BYTES, Sequence, Step, pattern_of, peer_address
from app.core.codec import StreamDecoder, format_hex, visible
from app.core.errors import NetAssistError, NotOpen, PeerNotReading
from app.core.macros import Macros
from app.core.records import Address, Direction, Record
from app.core.safe_regex import MAX_TEXT, SafeRegex
from app.decode import Decoded, Decoder, decoder_for, format_line
from app.decode.condition import Condition
from app.net.session import Event, RecordAdded, Session, State, StateChanged
from app.net.ws.connection import text_frame

log = logging.getLogger(__name__)

Outcome = Literal["sent", "waited", "matched", "timed-out", "failed", "stopped"]
#: Results a run keeps (the newest; a loop "until stopped" must not grow without bound).
KEEP_RESULTS = 1000
#: How long a send step waits for a peer that does not read before it fails.
SEND_WAIT_S = 10.0


@dataclass(slots=True)
class StepResult:
    index: int  # 0-based
    outcome: Outcome
    ms: float = 0.0
    #: What was sent, or what matched.
    data: bytes = b""
    detail: str = ""
    #: The error's code when the step failed on an error (app.core.errors), e.g. "not-open", "refused".
    code: str = ""
    #: The error itself, when it was one of ours (its type says whose doing it was).
    error: NetAssistError | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in ("sent", "waited", "matched")


@dataclass(slots=True)
class RunResult:
    passed: bool = False
    #: The newest results (at most KEEP_RESULTS); ``done`` and ``ok`` count them all.
    steps: deque[StepResult] = field(default_factory=lambda: deque(maxlen=KEEP_RESULTS))
    done: int = 0
    ok: int = 0
    ms: float = 0.0
    failed_step: int | None = None  # 0-based
    reason: str = ""
    #: The failing step's error code, if it failed on an error.
    code: str = ""
    #: The failing step's error, if it failed on one of ours (the CLI tells network errors apart by its cause).
    error: NetAssistError | None = None

    def summary(self, name: str) -> str:
        if self.passed:
            return f"sequence “{name}” passed: {self.ok:,} steps in {self.ms:,.0f} ms"
        return f"sequence “{name}” failed at step {(self.failed_step or 0) + 1}: {self.reason} ({self.ms:,.0f} ms)"


class _Inbox:
    """What arrived since the run began (or since the last match), chunk by chunk, with its peer. Each expect
    step decodes it in its encoding, as the view shows it (undecodable bytes as ``\\xNN``). A match consumes
    what it matched in: the one peer's chunks up to its end, or (from any peer) everything up to its end."""

    def __init__(self) -> None:
        self.chunks: deque[tuple[Address | None, bytes]] = deque()
        self.size = 0
        self.arrived = asyncio.Event()

    def add(self, rec: Record) -> None:
        self.chunks.append((rec.peer, rec.data))
        self.size += len(rec.data)
        while self.size > BUFFER_BYTES and len(self.chunks) > 1:
            self.size -= len(self.chunks.popleft()[1])
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

    def find_fields(self, condition: Condition, peer: str, decoder: Decoder, tested: set[int]
                    ) -> tuple[bytes, Decoded | None]:
        """The first chunk (a read, a datagram) from ``peer`` (empty: anyone) whose decoded fields meet
        ``condition``: consumed with what came before it from the same sender(s); returns (its bytes, its
        fields), or (b"", the last message decoded) when none does. ``tested``: the chunks (their ids) already
        decoded for this step (each is decoded once, however often new data wakes the step)."""
        last: Decoded | None = None
        for i, (who, data) in enumerate(self.chunks):
            if (peer and str(who) != peer) or id(data) in tested:
                continue
            tested.add(id(data))
            decoded = decoder.decode(data)
            last = decoded
            if condition.test(decoded):
                mine = [k for k in range(i + 1) if not peer or str(self.chunks[k][0]) == peer]
                self._consume(mine, sum(len(self.chunks[k][1]) for k in mine))
                return data, decoded
        return b"", last

    def _consume(self, mine: list[int], upto: int) -> None:
        """Drop the first ``upto`` bytes of ``mine``'s chunks (in order); the chunk the match ends in keeps
        its rest, and chunks not in ``mine`` stay."""
        gone = []
        for i in mine:
            if upto <= 0:
                break
            peer, data = self.chunks[i]
            if upto < len(data):
                self.chunks[i] = (peer, data[upto:])
                break
            upto -= len(data)
            gone.append(i)
        for i in reversed(gone):
            del self.chunks[i]
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


#: ``send(data, peer, text)``: ``text`` is the WebSocket frame kind on a session of messages (the step's own
#: format decides: hex binary, UTF-8 text a text frame), None elsewhere.
Sender = Callable[[bytes, str, "bool | None"], object]
Progress = Callable[[int, StepResult | None], None]


def session_sender(session: Session) -> Sender:
    """Sends as the engine does: to ``peer`` (``ip:port``) or the session's default (its one peer, its
    remote target, every client)."""

    def send(data: bytes, peer: str, text: bool | None = None) -> object:
        to = peer_address(peer) if peer else None
        if text is None:
            return session.send(data, to)
        return session.send(data, to, text=text)  # type: ignore[call-arg]  # (text: a WebSocket session's frame kind)

    return send


class SequenceRunner:
    """Runs one sequence on a session. ``on_progress(index, result)`` is told when a step starts (result
    None) and when it ends. The run's summary is a ``sequence`` notice in the session (so in the view and the
    log); a failed step adds one (detail ``step-failed``). Steps without their own encoding use
    ``encoding``."""

    def __init__(self, session: Session, sequence: Sequence, *, send: Sender | None = None,
                 macros: Macros | None = None, on_progress: Progress | None = None, encoding: str = "utf-8",
                 decoder: Decoder | None = None):
        self.session = session
        #: What ``field`` expect steps decode with, unless a step names its own decoder.
        self.decoder = decoder
        self.sequence = sequence
        self._send = send or session_sender(session)
        self.macros = macros or Macros()
        self.on_progress = on_progress
        self.encoding = encoding
        self.inbox = _Inbox()
        self.result = RunResult()
        self.current = -1
        self.started = 0.0
        self._closed = False
        #: The loop was given a turn since the last repeat (a block that never waits is slowed, not spun).
        self._yielded = False
        self._unsubscribe: Callable[[], None] | None = None
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

    def listen(self) -> None:
        """Start keeping what arrives now, before the run (a session about to open: a greeting sent on
        connect is there for a first expect step). ``run`` listens anyway."""
        if self._unsubscribe is None:
            self._unsubscribe = self.session.subscribe(self._on_event)

    async def run(self) -> RunResult:
        loop = asyncio.get_running_loop()
        self.started = loop.time()
        self._closed = self.session.state is State.CLOSED
        self.listen()
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        result = self.result
        try:
            await self._steps(loop)
        except asyncio.CancelledError:
            if result.failed_step is None:
                result.failed_step, result.reason = max(self.current, 0), "stopped"
            self._finish(loop)
            raise
        except Exception as exc:  # a fault of ours must still end the run in words, in the view and the log
            log.exception("sequence %s", self.sequence.name)
            if result.failed_step is None:
                result.failed_step, result.reason = max(self.current, 0), f"unexpected error: {exc!r}"
        finally:
            assert unsubscribe is not None
            unsubscribe()
        result.passed = result.failed_step is None
        self._finish(loop)
        return result

    def _finish(self, loop: asyncio.AbstractEventLoop) -> None:
        result = self.result
        result.ms = (loop.time() - self.started) * 1000
        failed = "" if result.failed_step is None else str(result.failed_step + 1)
        self.session.notice("sequence", result.summary(self.sequence.name),
                            detail="pass" if result.passed else "fail",
                            args=(self.sequence.name, f"{result.ok:,}", f"{result.ms:,.0f}", failed, result.reason))

    def _on_event(self, event: Event) -> None:
        if type(event) is RecordAdded:
            if event.record.direction is Direction.RX:
                self.inbox.add(event.record)
        elif isinstance(event, StateChanged) and event.state is State.CLOSED:
            self._closed = True
            self.inbox.arrived.set()  # an expect waiting for it learns at once

    async def _pause(self, seconds: float) -> None:
        self._yielded = True
        await asyncio.sleep(seconds)

    async def _steps(self, loop: asyncio.AbstractEventLoop) -> None:
        steps = self.sequence.steps
        done_times = [0] * len(steps)  # per repeat step: the block's runs so far
        deadline = loop.time()
        i = 0
        result = self.result
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
                    # a block that gave the loop no turn (no wait, an expect already satisfied) takes at least
                    # one timer tick a pass: the window stays live, Stop works, no core spins
                    if self._yielded:
                        await asyncio.sleep(0)
                    else:
                        await asyncio.sleep(MIN_TIMER_S)
                    self._yielded = False
                    continue
                done_times[i] = 0
                i += 1
                continue
            if step.action == "send":
                res = await self._do_send(i, step, loop, t0)
            elif step.action == "wait":
                # absolute deadlines: a loop of send + wait keeps its period; a late loop catches up a little
                # (a send that had to wait for its peer shortens the next wait, as a late periodic tick would)
                deadline = max(deadline, t0 - 0.5) + step.ms / 1000
                while (left := deadline - loop.time()) > 0:
                    await self._pause(max(MIN_TIMER_S, left))
                res = StepResult(i, "waited", (loop.time() - t0) * 1000)
            else:
                res = await self._do_expect(i, step, loop, t0)
                deadline = loop.time()
            result.steps.append(res)
            result.done += 1
            result.ok += res.ok
            if self.on_progress is not None:
                self.on_progress(i, res)
            if not res.ok:
                if result.failed_step is None:
                    result.failed_step, result.reason, result.code, result.error = i, res.detail, res.code, res.error
                self.session.notice("sequence", f"step {i + 1} ({step.describe()}): {res.detail}",
                                    detail="step-failed", args=(str(i + 1), res.detail))
                if step.action != "expect" or step.on_fail == "stop" or res.code:
                    return
            i += 1

    async def _do_send(self, i: int, step: Step, loop: asyncio.AbstractEventLoop, t0: float) -> StepResult:
        try:
            data = step.payload(self.macros, self.encoding)
        except NetAssistError as exc:
            return StepResult(i, "failed", 0.0, b"", str(exc), exc.code, exc)
        text = text_frame(data, step.hex, step.encoding or self.encoding) if self.session.messages else None
        while True:
            try:
                self._send(data, step.peer, text)
                break
            except PeerNotReading as exc:  # wait until it reads: nothing piles up for a peer that does not
                if loop.time() - t0 > SEND_WAIT_S:
                    return StepResult(i, "failed", (loop.time() - t0) * 1000, data,
                                      f"{exc}; gave up after {SEND_WAIT_S:g} s", exc.code, exc)
                await self._pause(0.01)
            except NetAssistError as exc:
                return StepResult(i, "failed", (loop.time() - t0) * 1000, data, str(exc), exc.code, exc)
        return StepResult(i, "sent", (loop.time() - t0) * 1000, data)

    async def _do_expect(self, i: int, step: Step, loop: asyncio.AbstractEventLoop, t0: float) -> StepResult:
        enc = step.encoding or self.encoding
        try:
            pattern = pattern_of(step, enc)
        except (NetAssistError, ValueError) as exc:
            error = exc if isinstance(exc, NetAssistError) else None
            return StepResult(i, "failed", 0.0, b"", str(exc), getattr(exc, "code", ""), error)
        if isinstance(pattern, Condition):
            return await self._expect_fields(i, step, pattern, loop, t0)
        end = t0 + step.ms / 1000
        who = f" from {step.peer}" if step.peer else ""
        while True:
            self.inbox.arrived.clear()
            found = self.inbox.find(pattern, step.peer, enc)
            if found is not None:
                data, text = found
                shown = format_hex(data) if isinstance(pattern, bytes) else text
                return StepResult(i, "matched", (loop.time() - t0) * 1000, data, shown)
            if self._closed:
                closed = NotOpen(f"the connection closed; nothing matching {step.text!r}{who} came")
                return StepResult(i, "failed", (loop.time() - t0) * 1000, b"", str(closed), closed.code, closed)
            left = end - loop.time()
            if left <= 0:
                return StepResult(i, "timed-out", (loop.time() - t0) * 1000, b"",
                                  f"nothing matching {step.text!r}{who} within {step.ms:,} ms")
            self._yielded = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.inbox.arrived.wait(), max(MIN_TIMER_S, left))

    async def _expect_fields(self, i: int, step: Step, condition: Condition, loop: asyncio.AbstractEventLoop,
                             t0: float) -> StepResult:
        """An expect step on decoded fields: the first message whose fields meet the condition."""
        try:
            decoder = decoder_for(step.decoder) if step.decoder else self.decoder
        except NetAssistError as exc:
            return StepResult(i, "failed", 0.0, b"", str(exc), exc.code)
        if decoder is None:
            return StepResult(i, "failed", 0.0, b"", "an expect on decoded fields needs a decoder: choose one "
                              "(decoderBox, run --decode) or name it in the step", "no-decoder")
        end = t0 + step.ms / 1000
        who = f" from {step.peer}" if step.peer else ""
        tested: set[int] = set()
        last: Decoded | None = None
        while True:
            self.inbox.arrived.clear()
            data, decoded = self.inbox.find_fields(condition, step.peer, decoder, tested)
            if data:
                assert decoded is not None
                return StepResult(i, "matched", (loop.time() - t0) * 1000, data, format_line(decoded))
            last = decoded or last
            seen = f" (the last: {format_line(last)})" if last is not None else ""
            if self._closed:
                return StepResult(i, "failed", (loop.time() - t0) * 1000, b"",
                                  f"the connection closed; no message{who} with {step.text}{seen}", "not-open")
            left = end - loop.time()
            if left <= 0:
                return StepResult(i, "timed-out", (loop.time() - t0) * 1000, b"",
                                  f"no message{who} with {step.text} within {step.ms:,} ms{seen}")
            self._yielded = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.inbox.arrived.wait(), max(MIN_TIMER_S, left))


__all__ = ["RunResult", "SequenceRunner", "StepResult", "session_sender"]
