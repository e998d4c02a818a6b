"""Auto-reply: rules that answer received data, an echo mode, and a per-source UDP rate limit."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from app.codec import decode_all, encode_text, parse_hex, visible
from app.errors import NetAssistError
from app.framing import Framer, FramingSpec
from app.records import Address, Direction, Record
from app.session import Event, RecordAdded, Session

MatchKind = Literal["exact", "contains", "starts", "ends", "regex", "hex"]
MATCH_KINDS: tuple[MatchKind, ...] = ("exact", "contains", "starts", "ends", "regex", "hex")
#: Replies per second a single UDP source can trigger (a spoofed flood must not be amplified).
UDP_REPLIES_PER_SECOND = 100
_MAX_TRACKED_SOURCES = 4096


@dataclass
class Rule:
    """When a received message matches, send a reply."""

    pattern: str
    kind: MatchKind = "contains"
    reply: str = ""
    reply_hex: bool = False
    delay_ms: int = 0
    enabled: bool = True
    #: How many times it fired.
    hits: int = 0
    #: Why it was disabled, if it failed.
    error: str = ""
    _compiled: re.Pattern[str] | bytes | None = field(default=None, repr=False, compare=False)

    def compile(self) -> None:
        """Check the rule now; raises ValueError/NetAssistError with the reason."""
        if self.kind not in MATCH_KINDS:
            raise ValueError(f"unknown match kind {self.kind!r}")
        if self.kind == "regex":
            try:
                self._compiled = re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        elif self.kind == "hex":
            self._compiled = parse_hex(self.pattern)

    def matches(self, data: bytes, text: str) -> bool:
        if self._compiled is None and self.kind in ("regex", "hex"):
            self.compile()
        k = self.kind
        if k == "hex":
            assert isinstance(self._compiled, bytes)
            return self._compiled in data
        if k == "regex":
            assert isinstance(self._compiled, re.Pattern)
            return self._compiled.search(text) is not None
        stripped = text.rstrip("\r\n")
        if k == "exact":
            return stripped == self.pattern or text == self.pattern
        if k == "contains":
            return self.pattern in text
        if k == "starts":
            return text.startswith(self.pattern)
        return stripped.endswith(self.pattern) or text.endswith(self.pattern)

    def reply_bytes(self, encoding: str) -> bytes:
        return parse_hex(self.reply) if self.reply_hex else encode_text(self.reply, encoding, escapes=True)

    def to_dict(self) -> dict[str, object]:
        return {"pattern": self.pattern, "kind": self.kind, "reply": self.reply, "reply_hex": self.reply_hex,
                "delay_ms": self.delay_ms, "enabled": self.enabled}

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Rule:
        return cls(str(d.get("pattern", "")), d.get("kind", "contains"), str(d.get("reply", "")),  # type: ignore[arg-type]
                   bool(d.get("reply_hex", False)), int(d.get("delay_ms", 0)), bool(d.get("enabled", True)))


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
        #: Replies dropped by the UDP rate limit.
        self.limited = 0
        self.on_error = on_error
        self._framers: dict[Address | None, Framer] = {}
        self._buckets: dict[Address, _Bucket] = {}
        self._pending: dict[int, asyncio.TimerHandle] = {}
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

    def close(self) -> None:
        self.enabled = False
        for handle in self._pending.values():
            handle.cancel()
        self._pending.clear()

    # ------------------------------------------------------------------------------ events
    def _on_event(self, event: Event) -> None:
        if type(event) is not RecordAdded:
            return
        rec = event.record
        if rec.direction is not Direction.RX or not (self.echo or any(r.enabled for r in self.rules)):
            return
        if self.framing.active:
            framer = self._framers.get(rec.peer)
            if framer is None:
                framer = self._framers[rec.peer] = Framer(self.framing)
            messages = framer.feed(rec.data, rec.time_ms)
        else:
            messages = [rec.data]
        for message in messages:
            self._answer(rec, message)

    def _answer(self, rec: Record, message: bytes) -> None:
        reply: bytes | None = None
        delay = 0
        if self.echo:
            reply = message
        else:
            text = visible(decode_all(message, self.encoding))
            for rule in self.rules:
                if not rule.enabled:
                    continue
                try:
                    if not rule.matches(message, text):
                        continue
                    reply = rule.reply_bytes(self.encoding)
                except (ValueError, NetAssistError) as exc:
                    self._fail(rule, exc)
                    continue
                rule.hits += 1
                delay = rule.delay_ms
                break
        if reply is None:
            return
        if self.session.kind == "udp" and rec.peer is not None and not self._allow(rec.peer):
            self.limited += 1
            return
        # never send from inside the receive callback: the reply goes out on a later loop turn
        self._next_key += 1
        key = self._next_key
        self._pending[key] = asyncio.get_running_loop().call_later(delay / 1000, self._send, key, rec.peer, reply)

    def _send(self, key: int, peer: Address | None, data: bytes) -> None:
        self._pending.pop(key, None)
        s = self.session
        try:
            if s.kind == "tcp-client":
                s.send(data)  # type: ignore[attr-defined]
            else:
                s.send(data, peer)  # type: ignore[attr-defined]
        except NetAssistError as exc:  # the peer left, the session closed …: reported, nothing crashes
            s.notice("error", f"auto-reply not sent: {exc}", peer, exc.code)

    def _allow(self, source: Address) -> bool:
        """Token bucket per source: ``udp_limit`` replies a second, bursts up to the same number."""
        now = time.monotonic()
        bucket = self._buckets.get(source)
        if bucket is None:
            if len(self._buckets) >= _MAX_TRACKED_SOURCES:
                self._buckets.clear()
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
        self.session.notice("error", f"auto-reply rule {rule.pattern!r} disabled: {exc}")
        if self.on_error is not None:
            self.on_error(rule, exc)
