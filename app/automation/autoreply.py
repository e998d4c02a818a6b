"""Auto-reply: rules that answer received data, an echo mode, and a per-source UDP rate limit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from app.core.codec import decode_all, encode_text, format_hex, parse_hex, visible
from app.core.errors import NetAssistError
from app.core.framing import Framer, FramingSpec
from app.core.macros import Groups, HexGroups, Macros, literal_groups, match_groups
from app.core.records import FLAG_TEXT, Address, Direction, Record
from app.core.safe_regex import MAX_TEXT, SafeRegex
from app.net.session import Event, PeerDisconnected, RecordAdded, Session, StoreCleared
from app.net.ws.connection import text_frame

MatchKind = Literal["exact", "contains", "starts", "ends", "regex", "hex"]
MATCH_KINDS: tuple[MatchKind, ...] = ("exact", "contains", "starts", "ends", "regex", "hex")
#: Replies per second a single UDP source can trigger (a spoofed flood must not be amplified).
UDP_REPLIES_PER_SECOND = 100
#: Sources (peers) whose framing and rate state is kept: the least recently heard is forgotten first.
MAX_SOURCES = 4096
#: Bytes of frames in progress kept for matching, across all sources; past it the oldest partial frames go.
MAX_PARTIAL_BYTES = 4 * 1024 * 1024
#: Replies waiting for their delay (or their loop turn), per peer and in all: each costs a timer and its
#: bytes (~1.5 KB for a short reply), and a peer sending matching lines under a 10 s delay would keep 100,000
#: of them. Past a bound a reply is dropped, counted in ``dropped`` and said once (in a notice).
MAX_PENDING_PER_PEER = 2_000
MAX_PENDING_BYTES_PER_PEER = 1024 * 1024
MAX_PENDING = 10_000
MAX_PENDING_BYTES = 8 * 1024 * 1024


@dataclass
class Rule:
    """When a received message matches, send a reply."""

    pattern: str
    kind: MatchKind = "contains"
    reply: str = ""
    reply_hex: bool = False
    delay_ms: int = 0
    enabled: bool = True
    #: Expand ``{{…}}`` macros in the reply, with the regex match's groups as ``{{0}}``, ``{{1}}``, ``{{name}}``.
    macros: bool = False
    #: How many times it fired.
    hits: int = 0
    #: Why it was disabled, if it failed.
    error: str = ""
    _compiled: SafeRegex | bytes | None = field(default=None, repr=False, compare=False)

    def compile(self) -> None:
        """Check the rule now; raises ValueError/NetAssistError with the reason."""
        if self.kind not in MATCH_KINDS:
            raise ValueError(f"unknown match kind {self.kind!r}")
        if self.kind == "regex":
            self._compiled = SafeRegex(self.pattern)
        elif self.kind == "hex":
            self._compiled = parse_hex(self.pattern)
        if self.macros:  # a macro the reply cannot have is refused now, naming it, not at the first match
            names: dict[str, str] = {"0": ""}
            if isinstance(self._compiled, SafeRegex):
                py = self._compiled._py
                names.update((str(i), "") for i in range(1, py.groups + 1))
                names.update((name, "") for name in py.groupindex)
            Macros().check(self.reply, hex_mode=self.reply_hex, groups=names)

    @property
    def needs_worker(self) -> bool:
        """A regex RE2 cannot run: it is matched in the worker process, within a time budget."""
        if self._compiled is None and self.kind == "regex":
            self.compile()
        return isinstance(self._compiled, SafeRegex) and not self._compiled.linear

    def matches(self, data: bytes, text: str) -> bool:
        """For every kind but a regex that needs the worker (see :meth:`matches_async`)."""
        return self.match(data, text) is not None

    def match(self, data: bytes, text: str) -> Groups | None:
        """The match's groups (``"0"`` the whole match, ``"1"``…, and named ones; for a regex), or None."""
        if self._compiled is None and self.kind in ("regex", "hex"):
            self.compile()
        k = self.kind
        if k == "hex":
            assert isinstance(self._compiled, bytes)
            return HexGroups({"0": format_hex(self._compiled)}) if self._compiled in data[:MAX_TEXT] else None
        if k == "regex":
            assert isinstance(self._compiled, SafeRegex)
            return match_groups(self._compiled.search(text), text)
        if not self._plain(text):
            return None
        return {"0": text.rstrip("\r\n") if k == "exact" else self.pattern}

    def _plain(self, text: str) -> bool:
        k = self.kind
        text = text[:MAX_TEXT]
        stripped = text.rstrip("\r\n")
        if k == "exact":
            return stripped == self.pattern or text == self.pattern
        if k == "contains":
            return self.pattern in text
        if k == "starts":
            return text.startswith(self.pattern)
        return stripped.endswith(self.pattern) or text.endswith(self.pattern)

    async def matches_async(self, data: bytes, text: str) -> bool:
        return await self.match_async(data, text) is not None

    async def match_async(self, data: bytes, text: str) -> Groups | None:
        if self.needs_worker:
            assert isinstance(self._compiled, SafeRegex)
            return match_groups(await self._compiled.search_async(text), text)
        return self.match(data, text)

    def reply_bytes(self, encoding: str, macros: Macros | None = None, groups: Groups | None = None) -> bytes:
        """The reply; with ``macros`` on, expanded first (counter, time … and the match's groups)."""
        reply = self.reply
        if self.macros:
            reply = (macros or Macros()).expand(reply, hex_mode=self.reply_hex,
                                                groups=literal_groups(groups or {}, encoding, self.reply_hex))
        return parse_hex(reply) if self.reply_hex else encode_text(reply, encoding, escapes=True)

    def to_dict(self) -> dict[str, object]:
        return {"pattern": self.pattern, "kind": self.kind, "reply": self.reply, "reply_hex": self.reply_hex,
                "delay_ms": self.delay_ms, "enabled": self.enabled, "macros": self.macros}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rule:
        """A rule from its JSON object (saved settings: each value is converted, the kind checked by compile)."""
        return cls(str(d.get("pattern", "")), d.get("kind", "contains"), str(d.get("reply", "")),
                   bool(d.get("reply_hex", False)), int(d.get("delay_ms", 0)), bool(d.get("enabled", True)),
                   bool(d.get("macros", False)))


class _Bucket:
    __slots__ = ("stamp", "tokens")

    def __init__(self, tokens: float, stamp: float):
        self.tokens = tokens
        self.stamp = stamp


class AutoReply:
    """Answers a session's received messages by the first matching enabled rule (or echoes them)."""

    def __init__(self, session: Session, rules: list[Rule] | None = None, *, encoding: str = "utf-8",
                 framing: FramingSpec | None = None, echo: bool = False,
                 udp_limit: int = UDP_REPLIES_PER_SECOND,
                 on_error: Callable[[Rule, BaseException], None] | None = None):
        self.session = session
        self.rules = list(rules or [])
        self.encoding = encoding
        self.framing = framing or FramingSpec()
        self.echo = echo
        self.udp_limit = udp_limit
        #: Expands the replies of rules that ask for macros (the page passes its own, so the counter is shared).
        self.macros = Macros()
        #: Replies dropped by the UDP rate limit.
        self.limited = 0
        #: Replies dropped because too many were waiting (see MAX_PENDING…).
        self.dropped = 0
        self.on_error = on_error
        self._framers: dict[Address | None, Framer] = {}  # least recently heard first
        self._held = 0  # their bytes of frames in progress
        self._buckets: dict[Address, _Bucket] = {}
        #: Messages waiting for the worker (a rule needs it); answered in order by one task.
        self._queue: asyncio.Queue[tuple[Record, bytes]] | None = None
        self._worker_task: asyncio.Task[None] | None = None
        self._pending: dict[int, tuple[asyncio.TimerHandle, Address | None, int]] = {}
        self._pending_bytes = 0
        self._per_peer: dict[Address | None, list[int]] = {}  # peer: [replies, bytes] waiting
        self._said_full = False  # the drops of this overflow were said (again once all waiting went)
        self._next_key = 0
        self._unsubscribe: Callable[[], None] | None = None
        self.enabled = True
        for rule in self.rules:
            self._check(rule)

    @property
    def enabled(self) -> bool:
        return self._unsubscribe is not None

    @enabled.setter
    def enabled(self, on: bool) -> None:
        # listening only while on: a disabled auto-reply costs the receive path nothing
        if on and self._unsubscribe is None:
            self._unsubscribe = self.session.subscribe(self._on_event)
        elif not on and self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
            self._framers.clear()
            self._held = 0
            self._buckets.clear()

    def _check(self, rule: Rule) -> None:
        try:
            rule.compile()
        except (ValueError, NetAssistError) as exc:
            self._fail(rule, exc)

    def add(self, rule: Rule) -> None:
        self.rules.append(rule)
        self._check(rule)

    def set_framing(self, spec: FramingSpec) -> None:
        self.framing = spec
        self._framers.clear()
        self._held = 0

    def close(self) -> None:
        self.enabled = False
        for handle, _peer, _n in self._pending.values():
            handle.cancel()
        self._pending.clear()
        self._per_peer.clear()
        self._pending_bytes = 0
        if self._worker_task is not None:
            self._worker_task.cancel()
            self._worker_task = None

    @property
    def partial_bytes(self) -> int:
        """Bytes of frames in progress held for matching (bounded by MAX_PARTIAL_BYTES)."""
        return self._held

    # ------------------------------------------------------------------------------ events
    def _on_event(self, event: Event) -> None:
        if type(event) is not RecordAdded:
            if isinstance(event, PeerDisconnected):  # a peer's state leaves with it
                self._drop(event.peer)
            elif isinstance(event, StoreCleared):  # "Clear display" frees what is held for matching too
                self._framers.clear()
                self._held = 0
            return
        rec = event.record
        if rec.direction is not Direction.RX:
            if rec.direction is Direction.NOTICE and rec.notice is not None and rec.notice.kind == "peer-finished":
                self._finished(rec)
            return
        if not (self.echo or any(r.enabled for r in self.rules)):
            return
        if self.framing.active:
            framer = self._framer(rec.peer)
            before = framer.pending
            messages = framer.feed(rec.data, rec.time_ms)
            self._held += framer.pending - before
            if self._held > MAX_PARTIAL_BYTES:
                self._shed()
        else:
            messages = [rec.data]
        self._handle(rec, messages)

    def _finished(self, rec: Record) -> None:
        """The peer finished sending: what it sent after its last delimiter is its last message."""
        framer = self._framers.pop(rec.peer, None)
        if framer is not None and framer.pending:
            self._held -= framer.pending
            self._handle(rec, [framer.flush()])

    def _handle(self, rec: Record, messages: list[bytes]) -> None:
        for message in messages:
            if self._queue is not None or (not self.echo and any(r.enabled and r.needs_worker for r in self.rules)):
                self._enqueue(rec, message)
            else:
                self._answer(rec, message)

    def _framer(self, peer: Address | None) -> Framer:
        framers = self._framers
        framer = framers.pop(peer, None)  # taken out and put back: the least recently heard stay first
        if framer is None:
            if len(framers) >= MAX_SOURCES:
                self._drop(next(iter(framers)))
            framer = Framer(self.framing)
        framers[peer] = framer
        return framer

    def _drop(self, peer: Address | None) -> None:
        framer = self._framers.pop(peer, None)
        if framer is not None:
            self._held -= framer.pending

    def _shed(self) -> None:
        """Too many bytes of frames in progress: let the least recently heard sources' go."""
        while self._framers and self._held > MAX_PARTIAL_BYTES // 2:
            self._drop(next(iter(self._framers)))

    def _answer(self, rec: Record, message: bytes) -> None:
        if self.echo:  # (a message echoed as it came: text or binary)
            self._reply(rec, message, 0, bool(rec.flags & FLAG_TEXT) if self.session.messages else None)
            return
        text = visible(decode_all(message[:MAX_TEXT], self.encoding))
        for rule in self.rules:
            if not rule.enabled:
                continue
            groups = self._try(rule, message, text)
            if groups is not None and self._hit(rule, rec, groups):
                return

    def _try(self, rule: Rule, message: bytes, text: str) -> Groups | None:
        try:
            return rule.match(message, text)
        except (ValueError, NetAssistError) as exc:
            self._fail(rule, exc)
            return None

    def _hit(self, rule: Rule, rec: Record, groups: Groups | None = None) -> bool:
        """``rule`` matched ``rec``'s message: send its reply. False when its reply cannot be made."""
        try:
            reply = rule.reply_bytes(self.encoding, self.macros, groups)
        except (ValueError, NetAssistError) as exc:
            self._fail(rule, exc)
            return False
        rule.hits += 1
        text = text_frame(reply, rule.reply_hex, self.encoding) if self.session.messages else None
        self._reply(rec, reply, rule.delay_ms, text)
        return True

    def _reply(self, rec: Record, reply: bytes | None, delay: int, text: bool | None = None) -> None:
        """Send ``reply`` to ``rec``'s peer after ``delay`` ms; ``text``: the frame kind on a session of messages
        (WebSocket: the reply's own format decides, not the page's send mode), None elsewhere."""
        if reply is None:
            return
        if self.session.kind == "udp" and rec.peer is not None and not self._allow(rec.peer):
            self.limited += 1
            return
        peer, n = rec.peer, len(reply)
        waiting = self._per_peer.get(peer)
        if self._pending and (len(self._pending) >= MAX_PENDING or self._pending_bytes + n > MAX_PENDING_BYTES or (
                waiting is not None and (waiting[0] >= MAX_PENDING_PER_PEER
                                         or waiting[1] + n > MAX_PENDING_BYTES_PER_PEER))):
            self._overflow(peer, delay)
            return
        # never send from inside the receive callback: the reply goes out on a later loop turn
        self._next_key += 1
        key = self._next_key
        handle = asyncio.get_running_loop().call_later(delay / 1000, self._send, key, peer, reply, text)
        self._pending[key] = (handle, peer, n)
        self._pending_bytes += n
        if waiting is None:
            self._per_peer[peer] = [1, n]
        else:
            waiting[0] += 1
            waiting[1] += n

    @property
    def pending(self) -> int:
        """Replies waiting to go (bounded: see MAX_PENDING…)."""
        return len(self._pending)

    def _overflow(self, peer: Address | None, delay: int) -> None:
        """Too many replies are waiting: this one is dropped and counted; the first drop is said."""
        self.dropped += 1
        if self._said_full:
            return
        self._said_full = True
        waiting = self._per_peer.get(peer, [0, 0])
        self.session.notice("auto-reply-full", f"auto-reply: too many replies waiting ({len(self._pending):,} in all, "
                            f"{waiting[0]:,} for {peer}, delay {delay:,} ms): more are dropped and counted until "
                            f"they have gone", peer, args=(f"{len(self._pending):,}", str(peer), f"{delay:,}"))

    # ---------------------------------------------------- rules that need the worker (no RE2)
    def _enqueue(self, rec: Record, message: bytes) -> None:
        if self._queue is None:
            self._queue = asyncio.Queue(maxsize=1000)
        if self._queue.full():  # matching cannot keep up: these messages get no reply, and it is counted
            self.limited += 1
            return
        self._queue.put_nowait((rec, message))
        if self._worker_task is None or self._worker_task.done():
            self._worker_task = asyncio.get_running_loop().create_task(self._work(), name="auto-reply-match")

    async def _work(self) -> None:
        """Answer queued messages in order; a rule whose match overruns its budget is turned off."""
        queue = self._queue
        assert queue is not None
        while not queue.empty():
            rec, message = queue.get_nowait()
            text = visible(decode_all(message[:MAX_TEXT], self.encoding))
            for rule in self.rules:
                if not rule.enabled:
                    continue
                try:
                    groups = await rule.match_async(message, text)
                except (ValueError, NetAssistError) as exc:  # PatternTimeout: the rule is turned off
                    self._fail(rule, exc)
                    continue
                if groups is not None and self._hit(rule, rec, groups):
                    break
        if not any(r.enabled and r.needs_worker for r in self.rules):
            self._queue = None

    def _send(self, key: int, peer: Address | None, data: bytes, text: bool | None = None) -> None:
        entry = self._pending.pop(key, None)
        if entry is not None:
            self._pending_bytes -= entry[2]
            waiting = self._per_peer.get(peer)
            if waiting is not None:
                waiting[0] -= 1
                waiting[1] -= entry[2]
                if waiting[0] <= 0:
                    del self._per_peer[peer]
            if not self._pending:
                self._said_full = False
        s = self.session
        try:
            if text is not None:
                s.send(data, peer, text=text)  # type: ignore[call-arg]  # (text: a WebSocket session's frame kind)
            elif s.kind == "tcp-client":
                s.send(data)
            else:
                s.send(data, peer)
        except NetAssistError as exc:  # the peer left, the session closed …: reported, nothing crashes
            s.notice("error", f"auto-reply not sent: {exc}", peer, exc.code)

    def _allow(self, source: Address) -> bool:
        """Token bucket per source: ``udp_limit`` replies a second, bursts up to the same number."""
        now = time.monotonic()
        bucket = self._buckets.get(source)
        if bucket is None:
            if len(self._buckets) >= MAX_SOURCES:  # the longest known is forgotten (it starts full again)
                del self._buckets[next(iter(self._buckets))]
            bucket = self._buckets[source] = _Bucket(float(self.udp_limit), now)
        bucket.tokens = min(float(self.udp_limit), bucket.tokens + (now - bucket.stamp) * self.udp_limit)
        bucket.stamp = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def _fail(self, rule: Rule, exc: BaseException) -> None:
        rule.enabled = False
        rule.error = str(exc)
        self.session.notice("error", f'auto-reply rule "{rule.pattern}" disabled: {exc}',
                            args=(rule.pattern, str(exc)))
        if self.on_error is not None:
            self.on_error(rule, exc)
