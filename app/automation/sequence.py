"""Sequences: a named list of steps — send, wait, expect, repeat — run against a session.

An *expect* step is what no tool in the field offers: it waits for what arrives next to match a text, a
regex or hex bytes (from one peer or any) within a timeout, and fails the run with a reason when it does not.
With ``"match": "field"`` its text is a condition on a decoded message's fields (``registers[0] > 30``,
``crc.valid``, ``function == 3``: :mod:`app.decode.condition`, parsed, never run as code), met by the first
record that arrives (one read, or one datagram, is one message) whose fields satisfy it; the decoder is the
step's ``decoder`` (a built-in's name or a layout file) or the run's (the page's ``decoderBox``, ``run
--decode``). So "poll a Modbus register until it reads above 30" needs no hex typed in the expect step.
What arrives is kept from the start of the run in a bounded buffer, and a match consumes the buffer up to its
end, so a reply that came during a preceding ``wait`` still counts, and two answers in one read satisfy two
expect steps in turn.

Timing follows the periodic sender: every ``wait`` moves an absolute deadline (no drift over a thousand
repeats) and no timer is armed under :data:`app.automation.periodic.MIN_TIMER_S` (no spinning core).

A *repeat* step closes a block: the steps from ``start`` (1-based) up to it run ``times`` times in all
(0: until the run is stopped). Blocks nest like loops do.

The engine knows no window: :class:`app.automation.sequence_run.SequenceRunner` takes a session and, optionally, the
function that sends (the window passes its own, so sends go through the same path as the Send button).
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import asdict, dataclass, field
from typing import Literal

from app.core.checksum import ChecksumSpec, algorithm
from app.core.codec import StreamDecoder, encode_text, encoding, parse_hex, visible
from app.core.errors import InvalidCommands, NetAssistError
from app.core.macros import Macros
from app.core.records import Address
from app.core.safe_regex import SafeRegex
from app.decode import decoder_for
from app.decode.condition import Condition, parse_condition

Action = Literal["send", "wait", "expect", "repeat"]
ACTIONS: tuple[Action, ...] = ("send", "wait", "expect", "repeat")
ExpectKind = Literal["contains", "regex", "hex", "field"]
EXPECT_KINDS: tuple[ExpectKind, ...] = ("contains", "regex", "hex", "field")
#: What an expect step's buffer keeps at most (the oldest bytes go first).
BUFFER_BYTES = 256 * 1024
MAX_STEPS = 1000
#: Longest payload or pattern a step holds, and most sequences a file may hold.
MAX_TEXT_CHARS = 64 * 1024
MAX_SEQUENCES = 1000
DEFAULT_TIMEOUT_MS = 2000


class InvalidSequence(InvalidCommands):
    code = "invalid-sequence"


@dataclass(slots=True)
class Step:
    """One step. Which fields matter depends on ``action``:

    - send: ``text`` (``hex``, ``encoding``, ``escapes``, ``checksum``, ``macros``), ``peer`` (a target
      ``ip:port`` where the kind has several; empty: the page's target, or all);
    - wait: ``ms``;
    - expect: ``text`` as a pattern of ``match`` kind, ``peer`` (empty: any), ``ms`` the timeout,
      ``on_fail`` ``stop`` or ``continue``; ``match`` ``field``: ``text`` a condition on the decoded fields,
      ``decoder`` the decoder (empty: the run's);
    - repeat: ``start`` (1-based first step of the block), ``times`` (0: until stopped).

    An empty ``encoding`` is the run's (the page's encoding in the window, ``--encoding`` on the command line),
    so one sequence serves a UTF-8 page and a GB2312 one alike.
    """

    action: Action = "send"
    text: str = ""
    hex: bool = False
    encoding: str = ""
    escapes: bool = True
    checksum: str = "none"
    macros: bool = False
    peer: str = ""
    ms: int = 0
    match: ExpectKind = "contains"
    on_fail: Literal["stop", "continue"] = "stop"
    start: int = 1
    times: int = 1
    #: An expect step of ``match`` ``field``: a built-in decoder's name or a layout file (empty: the run's).
    decoder: str = ""

    def describe(self) -> str:
        """The step in a few words (the editor's and the notices' summary)."""
        if self.action == "send":
            return f"send {self.text!r}" + (f" to {self.peer}" if self.peer else "")
        if self.action == "wait":
            return f"wait {self.ms} ms"
        if self.action == "expect":
            via = f" ({self.decoder})" if self.match == "field" and self.decoder else ""
            return f"expect {self.match} {self.text!r}{via} within {self.ms} ms"
        return f"repeat steps {self.start}– {'until stopped' if self.times == 0 else f'{self.times}×'}"

    def payload(self, macros: Macros | None = None, default_encoding: str = "utf-8", *,
                commit: bool = True, dry: bool = False) -> bytes:
        """What a send step sends (macros expanded first, the checksum computed after); NetAssistError in words.
        ``dry``: only checked (random runs are not made; see :meth:`Macros.expand`)."""
        text = self.text
        if self.macros:
            text = (macros or Macros()).expand(text, hex_mode=self.hex, commit=commit, dry=dry)
        enc = self.encoding or default_encoding
        data = parse_hex(text) if self.hex else encode_text(text, enc, escapes=self.escapes)
        return ChecksumSpec(self.checksum).apply(data)

    def to_dict(self) -> dict[str, object]:
        """Only what the action uses (a readable JSON file)."""
        d = asdict(self)
        keep = {"send": ("text", "hex", "encoding", "escapes", "checksum", "macros", "peer"), "wait": ("ms",),
                "expect": ("text", "match", "encoding", "peer", "ms", "on_fail"),
                "repeat": ("start", "times")}[self.action]
        out = {"action": self.action, **{k: d[k] for k in keep}}
        if self.action == "expect" and self.decoder:
            out["decoder"] = self.decoder
        return out


@dataclass(slots=True)
class Sequence:
    name: str
    steps: list[Step] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "steps": [s.to_dict() for s in self.steps]}

    def check(self) -> None:
        """Raises InvalidSequence naming the step and what is wrong with it (before anything is sent)."""
        if not self.steps:
            raise InvalidSequence(f"{self.name}: the sequence has no steps")
        if len(self.steps) > MAX_STEPS:
            raise InvalidSequence(f"{self.name}: {len(self.steps):,} steps (at most {MAX_STEPS:,})")
        for i, s in enumerate(self.steps, 1):
            where = f"{self.name}, step {i}"
            if s.action not in ACTIONS:
                raise InvalidSequence(f"{where}: unknown action {s.action!r}")
            if s.action == "repeat" and i == 1:
                raise InvalidSequence(f"{where}: a repeat cannot be the first step (it repeats steps before it)")
            if s.action == "repeat" and not 1 <= s.start <= i - 1:
                raise InvalidSequence(f"{where}: a repeat must start at an earlier step (1–{i - 1})")
            if s.action == "repeat" and s.times < 0:
                raise InvalidSequence(f"{where}: repeat times must be 0 (until stopped) or more")
            if s.action in ("wait", "expect") and not 0 <= s.ms <= 86_400_000:
                raise InvalidSequence(f"{where}: {s.ms} ms is out of range")
            if s.action == "expect" and s.match not in EXPECT_KINDS:
                raise InvalidSequence(f"{where}: unknown match kind {s.match!r}")
            if s.action == "expect" and s.on_fail not in ("stop", "continue"):
                raise InvalidSequence(f"{where}: on_fail must be \"stop\" or \"continue\", not {s.on_fail!r}")
            if len(s.text) > MAX_TEXT_CHARS:
                raise InvalidSequence(f"{where}: {len(s.text):,} characters (at most {MAX_TEXT_CHARS:,})")
            try:
                if s.encoding:
                    encoding(s.encoding)
                algorithm(s.checksum)
                if s.peer:
                    s.peer = str(peer_address(s.peer))
                if s.action == "expect":
                    pattern_of(s)
                    if s.match == "field" and s.decoder:
                        decoder_for(s.decoder)  # (a layout that cannot be used is named before the run)
                elif s.action == "send":
                    s.payload(commit=False, dry=True)  # (a macro it cannot have is named now; nothing is made)
            except (NetAssistError, ValueError) as exc:
                raise InvalidSequence(f"{where}: {exc}") from None


def peer_address(text: str) -> Address:
    """A step's peer: an IP address and a port (``[v6]:port`` for IPv6), as records name peers."""
    host, sep, port = text.strip().rpartition(":")
    host = host.strip("[]")
    try:
        ipaddress.ip_address(host)
        number = int(port)
    except ValueError:
        raise ValueError(f"peer {text!r} is not an IP address and port (e.g. 192.168.1.20:502, [::1]:7788)") \
            from None
    if not sep or not 1 <= number <= 65535:
        raise ValueError(f"peer {text!r}: the port must be 1–65535")
    return Address(host, number)


def step_from_dict(d: object, where: str = "") -> Step:
    if not isinstance(d, dict):
        raise InvalidSequence(f"{where}: a step is a JSON object")
    s = Step()
    for name, default in asdict(s).items():
        if name in d:
            value = d[name]
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool)
            else:
                ok = isinstance(value, str)
            if not ok:
                raise InvalidSequence(f"{where}: {name!r} should be {type(default).__name__}, not {value!r}")
            setattr(s, name, value)
    return s


def sequence_from_dict(d: object, where: str = "sequence") -> Sequence:
    if not isinstance(d, dict) or not isinstance(d.get("steps"), list):
        raise InvalidSequence(f"{where}: expected an object with a list of \"steps\"")
    name = str(d.get("name") or where)[:200]
    seq = Sequence(name, [step_from_dict(x, f"{name}, step {i}") for i, x in enumerate(d["steps"], 1)])
    seq.check()
    return seq


def sequences_from_json(text: str, *, commands: bool = True) -> list[Sequence]:
    """The sequences in a file: one sequence object, a list of them, or a quick-commands export whose
    entries with ``steps`` are sequences (plain commands are one-step sequences, or with ``commands=False``
    left out)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InvalidSequence(f"not valid JSON ({exc})") from None
    items = data if isinstance(data, list) else [data]
    if len(items) > MAX_SEQUENCES + 1000:  # (a quick-commands export may hold as many commands too)
        raise InvalidSequence(f"{len(items):,} entries: at most {MAX_SEQUENCES:,} sequences can be kept")
    out = []
    for i, item in enumerate(items, 1):
        if isinstance(item, dict) and "steps" not in item and isinstance(item.get("text"), str):
            if not commands:
                continue
            item = {"name": item.get("name") or item["text"][:20], "steps": [{
                "action": "send", **{k: item[k] for k in ("text", "hex", "encoding", "checksum", "macros")
                                     if k in item}}]}
        out.append(sequence_from_dict(item, f"sequence {i}"))
    return out


def pattern_of(step: Step, default_encoding: str = "utf-8") -> SafeRegex | bytes | str | Condition:
    """What an expect step looks for: bytes (hex), a regex, text as the view shows it, or a condition on the
    decoded fields."""
    if step.match == "field":
        return parse_condition(step.text)
    if step.match == "hex":
        pattern = parse_hex(step.text)
        if not pattern:
            raise ValueError("the hex pattern is empty")
        return pattern
    if step.match == "regex":
        regex = SafeRegex(step.text)
        if not regex.linear:
            raise ValueError("this pattern needs backtracking (a backreference or a lookaround), which expect "
                             "steps do not run; write it without")
        return regex
    if not step.text:
        raise ValueError("the text to expect is empty")
    enc = step.encoding or default_encoding
    # the text as the view would show those bytes (undecodable ones as \xNN), which is what it is matched in
    return visible(StreamDecoder(enc).decode(encode_text(step.text, enc, escapes=True), final=True))



__all__ = [
    "ACTIONS",
    "EXPECT_KINDS",
    "InvalidSequence",
    "Sequence",
    "Step",
    "pattern_of",
    "peer_address",
    "sequence_from_dict",
    "sequences_from_json",
]
