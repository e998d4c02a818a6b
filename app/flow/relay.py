"""The TCP relay's rules for one pair (a client and its connection to the target), without a socket: events
go in (bytes or an end of data from a side, the user's hold, release and drop, a side's writing paused, the
relay-wide hold bound), commands come out (write bytes or an end of data to a side, pause or resume reading a
side, count held bytes as dropped, close a side with a FIN or a reset). ``app.net.sessions.tcp_relay`` reads
and writes the sockets and carries the commands out, in order.

The rules:

- **Hold**: a held direction queues what its source sends. Its source stops reading at ``hold_limit`` bytes
  held (the pair's bound), and when the pairs together hold the relay's bound (:class:`HoldBudget`): then
  every held direction's source stops reading, said once, until held bytes are let go or dropped. Nothing is
  dropped for want of room (a hole in a TCP stream would corrupt what the other side gets).
- **Half-close**: a side that finishes sending is passed on as a half-close (``WriteEof``) and both stay open
  for what still comes the other way; a held direction passes its end on only after its held bytes, when
  released (so nothing is ever written after the end). When both ways have ended, or the other side cannot
  take a half-close (TLS), or it is gone, the side that finished is closed instead.
- **Close**: a side that goes closes the other with the same reason (a reset passed on as a reset); what the
  pair held can go nowhere and is counted as dropped.
- **Backpressure**: a side whose writing is paused (its peer does not read) pauses reading the other side.

Reading is paused for reasons (``stops``): a side reads again only when no reason is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Side = Literal["client", "target"]
SIDES: tuple[Side, ...] = ("client", "target")
Way = Literal["to-target", "to-client"]
WAYS: tuple[Way, ...] = ("to-target", "to-client")
#: Bytes a held direction queues before it stops reading its source (memory stays bounded).
HOLD_LIMIT = 4 * 1024 * 1024
#: Bytes all the pairs together hold before every held direction stops reading its source: 100 pairs on hold
#: held 413 MB with only the per-pair bound. Past it nothing is dropped (a hole in a TCP stream would corrupt
#: what the target gets): the sources wait in the kernel, as one pair does at HOLD_LIMIT.
HOLD_TOTAL_LIMIT = 64 * 1024 * 1024

#: Why a side is closed: the values of ``app.net.session.CloseReason`` (the flow sits below the sessions).
FINISHED = "closed-by-peer"
RESET = "reset"
KICKED = "kicked"
ERROR = "error"

#: Why a side's reading is paused.
Stop = Literal["connecting", "drain", "held", "relay-full"]


def way_from(side: Side) -> Way:
    """The direction a side's bytes travel."""
    return "to-target" if side == "client" else "to-client"


def ends(way: Way) -> tuple[Side, Side]:
    """A direction's source and destination."""
    return ("client", "target") if way == "to-target" else ("target", "client")


def other(side: Side) -> Side:
    """The side across the pair."""
    return "target" if side == "client" else "client"


def back(way: Way) -> Way:
    """The opposite direction."""
    return "to-client" if way == "to-target" else "to-target"


# ------------------------------------------------------------------------------------------- events

@dataclass(frozen=True)
class Connected:
    """A side's connection is made (the client's when accepted, the target's when it answered)."""

    side: Side
    #: It can be sent a half-close (not TLS: asyncio closes a TLS connection at its peer's end of data).
    half_close: bool = True


@dataclass(frozen=True)
class ConnectFailed:
    """The target refused, or could not be reached: the client is closed (the driver says why)."""


@dataclass(frozen=True)
class Data:
    """Bytes arrived from a side."""

    side: Side
    data: bytes


@dataclass(frozen=True)
class Eof:
    """A side finished sending (its FIN, or a TLS close)."""

    side: Side


@dataclass(frozen=True)
class Lost:
    """A side's connection is gone."""

    side: Side
    #: Why (a ``CloseReason`` value): ``RESET`` is passed on as a reset.
    reason: str


@dataclass(frozen=True)
class Hold:
    """The user holds a direction, or lets it flow again (what it queued goes on)."""

    way: Way
    on: bool


@dataclass(frozen=True)
class Release:
    """The user lets a held direction's queue go on (the direction stays held)."""

    way: Way


@dataclass(frozen=True)
class DropHeld:
    """The user discards what a held direction queued."""

    way: Way


@dataclass(frozen=True)
class Drop:
    """The user closes the pair."""


@dataclass(frozen=True)
class WritingPaused:
    """A side's writing is paused (its peer does not read what is sent to it), or resumed."""

    side: Side
    paused: bool


@dataclass(frozen=True)
class HoldBound:
    """The pairs together reached the relay's hold bound (``reached``), or have room again."""

    reached: bool


Event = Connected | ConnectFailed | Data | Eof | Lost | Hold | Release | DropHeld | Drop | WritingPaused | HoldBound


# ----------------------------------------------------------------------------------------- commands

@dataclass(frozen=True)
class Write:
    """Write bytes to a side."""

    side: Side
    data: bytes


@dataclass(frozen=True)
class WriteEof:
    """Send a side the end of data (a half-close): nothing more is written to it."""

    side: Side


@dataclass(frozen=True)
class PauseReading:
    """Stop reading a side (its bytes wait in the kernel)."""

    side: Side


@dataclass(frozen=True)
class ResumeReading:
    """Read a side again."""

    side: Side


@dataclass(frozen=True)
class Close:
    """Close a side: after what is waiting to be written (a FIN), or with a reset."""

    side: Side
    #: Why (a ``CloseReason`` value), for the side's own disconnect notice.
    reason: str
    #: A reset (SO_LINGER 0), not a FIN.
    reset: bool = False


@dataclass(frozen=True)
class Dropped:
    """Held bytes that will never go on: count them and say so."""

    way: Way
    n: int


@dataclass(frozen=True)
class BoundReached:
    """The relay's hold bound was reached (said once): every pair is told ``HoldBound(reached=True)``."""


@dataclass(frozen=True)
class BoundFreed:
    """The relay's held bytes are below its bound again: every pair is told ``HoldBound(reached=False)``."""


Command = Write | WriteEof | PauseReading | ResumeReading | Close | Dropped | BoundReached | BoundFreed


# ------------------------------------------------------------------------------------------- budget

@dataclass
class HoldBudget:
    """What all the pairs of one relay hold together, against the relay's bound."""

    #: Bytes held by every pair together at most (then held directions stop reading).
    limit: int = HOLD_TOTAL_LIMIT
    #: Bytes held now.
    total: int = 0
    #: The bound was reached and said; cleared once held bytes are below it.
    full: bool = False


# --------------------------------------------------------------------------------------------- flow

@dataclass(eq=False)
class PairFlow:
    """One pair's state and rules: :meth:`handle` an event, carry out the commands it returns, in order."""

    #: The relay's shared count of held bytes.
    budget: HoldBudget = field(default_factory=HoldBudget)
    #: Bytes one direction holds before its source stops reading.
    hold_limit: int = HOLD_LIMIT
    #: Directions held, what each holds, and its size.
    holding: dict[Way, bool] = field(default_factory=lambda: dict.fromkeys(WAYS, False))
    held: dict[Way, list[bytes]] = field(default_factory=lambda: {w: [] for w in WAYS})
    held_bytes: dict[Way, int] = field(default_factory=lambda: dict.fromkeys(WAYS, 0))
    #: Reasons a side's reading is paused (it reads when none is left).
    stops: dict[Side, set[Stop]] = field(default_factory=lambda: {s: set() for s in SIDES})
    #: What the client sent before the target was connected (a TLS client's first bytes can come with its
    #: handshake, before reading could be paused): forwarded once the target answers, even if the client left.
    early: list[bytes] = field(default_factory=list)
    #: A direction's source finished sending while it held: its end is passed on after the held bytes.
    eof: dict[Way, bool] = field(default_factory=lambda: dict.fromkeys(WAYS, False))
    #: A direction's end was passed on (a half-close): nothing more can be written that way.
    shut: dict[Way, bool] = field(default_factory=lambda: dict.fromkeys(WAYS, False))
    #: The target reset its connection (the client is reset too, and told why).
    target_reset: bool = False
    #: Sides connected, closing (closed by the flow, or gone), and able to take a half-close.
    connected: dict[Side, bool] = field(default_factory=lambda: dict.fromkeys(SIDES, False))
    closing: dict[Side, bool] = field(default_factory=lambda: dict.fromkeys(SIDES, False))
    half_close: dict[Side, bool] = field(default_factory=lambda: dict.fromkeys(SIDES, True))

    def writable(self, side: Side) -> bool:
        """Whether bytes can be written to a side now."""
        return self.connected[side] and not self.closing[side]

    def handle(self, event: Event) -> list[Command]:
        """The commands that carry an event out."""
        out: list[Command] = []
        match event:
            case Data(side, data):
                self._data(side, data, out)
            case Eof(side):
                self._eof(side, out)
            case Hold(way, on):
                self.holding[way] = on
                if not on:
                    self._release(way, out)
            case Release(way):
                self._release(way, out)
            case DropHeld(way):
                self._dropped(way, self._take(way, out), out)
            case WritingPaused(side, paused):
                self._reading(other(side), not paused, "drain", out)
            case HoldBound(True):
                for way in WAYS:
                    if self.holding[way]:
                        self._reading(ends(way)[0], False, "relay-full", out)
            case HoldBound(False):
                for side in SIDES:
                    self._reading(side, True, "relay-full", out)
            case Connected(side, half_close):
                self._connected(side, half_close, out)
            case ConnectFailed():
                self._close("client", ERROR, out)
            case Lost(side, reason):
                self._lost(side, reason, out)
            case Drop():
                for side in SIDES:
                    self._close(side, KICKED, out)
        return out

    # ------------------------------------------------------------------------------------- rules
    def _connected(self, side: Side, half_close: bool, out: list[Command]) -> None:
        self.connected[side], self.half_close[side] = True, half_close
        if side == "client":
            self._reading("client", False, "connecting", out)  # nothing is read before the target answers
            return
        early, self.early = self.early, []
        if early:
            out.append(Write("target", b"".join(early)))
        if self.closing["client"]:  # the client left meanwhile: what it sent went on, then its end
            self._close("target", FINISHED, out)
            return
        self._reading("client", True, "connecting", out)

    def _data(self, side: Side, data: bytes, out: list[Command]) -> None:
        """Forward or hold a chunk."""
        way = way_from(side)
        if self.holding[way]:
            self.held[way].append(data)
            self.held_bytes[way] += len(data)
            self.budget.total += len(data)
            if self.held_bytes[way] >= self.hold_limit:
                self._reading(side, False, "held", out)
            if self.budget.total >= self.budget.limit:
                # the source that just added stops; the first time, every held direction's does (BoundReached)
                self._reading(side, False, "relay-full", out)
                if not self.budget.full:
                    self.budget.full = True
                    out.append(BoundReached())
            return
        dest = other(side)
        if self.writable(dest):
            out.append(Write(dest, data))
        elif not self.connected[dest] and side == "client":
            self.early.append(data)

    def _eof(self, side: Side, out: list[Command]) -> None:
        """Pass the end on (or keep it behind held bytes); the side closes when it cannot stay half-open."""
        way = way_from(side)
        if not self.writable(other(side)):
            keep = False
        elif self.holding[way] or self.held[way]:
            self.eof[way] = True
            keep = True
        else:
            keep = self._pass_eof(way, out)
        if not keep or not self.half_close[side]:
            self._close(side, FINISHED, out)

    def _pass_eof(self, way: Way, out: list[Command]) -> bool:
        """Pass a direction's end on (a half-close); returns whether its source stays open. False (close the
        source, and so the pair) when both ways have ended or the destination cannot take a half-close."""
        self.eof[way] = False
        dest = ends(way)[1]
        if not self.writable(dest) or not self.half_close[dest] or self.shut[back(way)]:
            return False
        out.append(WriteEof(dest))
        self.shut[way] = True
        return True

    def _release(self, way: Way, out: list[Command]) -> None:
        """Forward what a held direction queued, then its source's end if it came."""
        queued = self.held[way]
        n = self._take(way, out)
        source, dest = ends(way)
        if not self.connected[dest] and way == "to-target":  # (the target is not connected yet: they go when it is)
            self.early.extend(queued)
        elif not self.writable(dest) or self.shut[way]:
            self._dropped(way, n, out)  # (they cannot go: dropped, not released)
        else:
            out.extend(Write(dest, chunk) for chunk in queued)
        if self.eof[way] and not self._pass_eof(way, out) and self.connected[source]:
            self._close(source, FINISHED, out)

    def _lost(self, side: Side, reason: str, out: list[Command]) -> None:
        """What a direction still held cannot go anywhere now; the other side closes the same way."""
        self.closing[side] = True
        for way in WAYS:
            self._dropped(way, self._take(way, out), out)
        if side == "target" and reason == RESET:
            self.target_reset = True
        # a reset goes on as a reset (a FIN would read "closed by peer"); an error is an end to the other side
        self._close(other(side), FINISHED if reason == ERROR else reason, out, reset=reason == RESET)

    # ---------------------------------------------------------------------------------- helpers
    def _take(self, way: Way, out: list[Command]) -> int:
        """Empty a direction's queue (its source reads again); with room again in the relay, every source
        reads again (BoundFreed). Returns the bytes taken."""
        n = self.held_bytes[way]
        self.held[way], self.held_bytes[way] = [], 0
        self._reading(ends(way)[0], True, "held", out)
        self.budget.total -= n
        if self.budget.full and self.budget.total < self.budget.limit:
            self.budget.full = False
            out.append(BoundFreed())
        return n

    def _dropped(self, way: Way, n: int, out: list[Command]) -> None:
        if n:
            out.append(Dropped(way, n))

    def _close(self, side: Side, reason: str, out: list[Command], *, reset: bool = False) -> None:
        if self.writable(side):
            self.closing[side] = True
            out.append(Close(side, reason, reset))

    def _reading(self, side: Side, on: bool, why: Stop, out: list[Command]) -> None:
        """Pause or resume reading a side for a reason (it reads when no reason is left)."""
        if not self.writable(side):
            return
        stops = self.stops[side]
        was = bool(stops)
        (stops.discard if on else stops.add)(why)
        if bool(stops) != was:
            out.append(PauseReading(side) if stops else ResumeReading(side))


__all__ = [
    "ERROR", "FINISHED", "HOLD_LIMIT", "HOLD_TOTAL_LIMIT", "KICKED", "RESET", "SIDES", "WAYS", "BoundFreed",
    "BoundReached", "Close", "Command", "ConnectFailed", "Connected", "Data", "Drop", "DropHeld", "Dropped", "Eof",
    "Event", "Hold", "HoldBound", "HoldBudget", "Lost", "PairFlow", "PauseReading", "Release", "ResumeReading",
    "Side", "Stop", "Way", "Write", "WriteEof", "WritingPaused", "back", "ends", "other", "way_from",
]
