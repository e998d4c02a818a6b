"""Which accepted connections a TLS listener lets handshake, which wait their turn, and which it closes: the
decisions alone, with no sockets (``app.net.stream.TlsAccept`` carries them out).

A connection that has not finished its handshake is not a client yet, but it holds a socket, and once its TLS
handshake starts asyncio gives it a 256 KiB buffer. Measured before these rules: 1,024 connections from one
address that never sent a ClientHello filled the listener's cap for the 10 s handshake timeout (every real
client was reset meanwhile) and held 300 MB. So:

- **Per source**: at most ``per_source`` handshakes are under way from one address (an IPv6 /64 counts as one
  address: a host is given a whole /64). More from it wait their turn, holding nothing but their socket (at
  most ``per_source_waiting`` of them, a quarter of the total, and each no longer than the handshake timeout);
  past that they are closed.
- **In total**: at most ``limit`` connections are held (under way or waiting). The last ``reserve`` of them
  go only to an address with nothing held, so one that holds its share cannot keep a new one out.
- **First byte**: a client speaks first in TLS; one that sends nothing within ``first_byte_s`` of its turn is
  closed. Its handshake starts only once something came (so an idle connection costs no TLS buffer).
- **Settling**: when the last handshake under way ends after a burst (``burst`` or more started since the
  last time), the driver is told to give the memory back (a collection and a heap trim).
"""

from __future__ import annotations

import ipaddress
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

#: Handshakes under way from one source address at most.
PER_SOURCE = 16
#: Share of the total one source may have waiting for their turn (beyond the PER_SOURCE under way): a burst of
#: a few hundred real clients from one host waits rather than being reset; each holds only its socket.
WAITING_SHARE = 0.25
#: Seconds a client has, from its turn, to send its first byte (a TLS client sends its ClientHello at once).
FIRST_BYTE_S = 3.0
#: Share of the total kept for sources that hold nothing.
RESERVE_SHARE = 0.10
#: Handshakes started since the last settling after which the end of a burst is worth a collection and trim.
BURST = 64

Conn = TypeVar("Conn", bound=Hashable)


class Verdict(Enum):
    """What happens to a connection that just arrived."""

    #: Its turn now: watch for its first byte (then start its handshake).
    START = "start"
    #: Its source has ``per_source`` under way: it waits (reading nothing) until one of them ends.
    WAIT = "wait"
    #: Closed at once: ``limit`` connections are held.
    FULL = "total"
    #: Closed at once: only the slots kept for new sources are left, and its source already holds some.
    RESERVED = "reserved"
    #: Closed at once: its source has ``per_source`` under way and ``per_source_waiting`` waiting.
    SOURCE = "source"


class Overdue(Enum):
    """Why a held connection is closed by the clock."""

    #: Nothing came from it within ``first_byte_s`` of its turn.
    NO_FIRST_BYTE = "first-byte"
    #: Its turn did not come within the handshake timeout (its source kept ``per_source`` under way).
    NO_TURN = "turn"


class Phase(Enum):
    WAITING = "waiting"        # for its turn
    FIRST_BYTE = "first-byte"  # its turn: for its first byte
    HANDSHAKE = "handshake"    # its TLS handshake is under way


@dataclass(slots=True)
class _Held:
    source: str
    phase: Phase
    #: When it arrived (its whole handshake is due within the timeout from then).
    arrived: float
    #: When the clock closes it (first byte, or its turn); none while its handshake is under way.
    deadline: float


@dataclass(slots=True)
class Changes(Generic[Conn]):
    """What the driver does after an event: close some, start (watch for the first byte of) others, settle."""

    #: Held connections to close now, and why.
    close: list[tuple[Conn, Overdue]] = field(default_factory=list)
    #: Waiting connections whose turn came: watch for their first byte.
    start: list[Conn] = field(default_factory=list)
    #: A burst of handshakes just ended: time to give memory back.
    settle: bool = False


def source_of(host: str) -> str:
    """The source a client's address counts against: the address itself (an IPv4-mapped IPv6 address as its
    IPv4 address), or for IPv6 its /64."""
    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return host
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class HandshakeAdmission(Generic[Conn]):
    """The rules above over connections the driver names (any hashable); times are the driver's clock in
    seconds. Events: ``arrive``, ``first_byte``, ``end``, ``overdue`` (call it at ``next_deadline()``)."""

    def __init__(self, limit: int, per_source: int = PER_SOURCE, per_source_waiting: int | None = None,
                 reserve: int | None = None, first_byte_s: float = FIRST_BYTE_S, turn_s: float = 10.0,
                 burst: int = BURST):
        self.limit = limit
        self.per_source = per_source
        self.per_source_waiting = int(limit * WAITING_SHARE) if per_source_waiting is None else per_source_waiting
        #: Slots of ``limit`` only for sources that hold nothing.
        self.reserve = round(limit * RESERVE_SHARE) if reserve is None else reserve
        self.first_byte_s = first_byte_s
        #: The longest a connection waits for its turn (the handshake timeout).
        self.turn_s = turn_s
        self.burst = burst
        self._reset()

    def _reset(self) -> None:
        self._held: dict[Conn, _Held] = {}
        #: Per source: connections under way (first byte or handshake) and waiting ones, oldest first.
        self._active: dict[str, int] = {}
        self._waiting: dict[str, OrderedDict[Conn, None]] = {}
        #: Deadlines in order (each kind's deadlines grow with the time they were set).
        self._first_byte: OrderedDict[Conn, None] = OrderedDict()
        self._turns: OrderedDict[Conn, None] = OrderedDict()
        self._handshaking = 0
        self._started = 0

    # ------------------------------------------------------------------------------------ state
    @property
    def held(self) -> int:
        """Connections held: waiting, waiting for a first byte, or handshaking."""
        return len(self._held)

    @property
    def handshaking(self) -> int:
        return self._handshaking

    def under_way(self, source: str) -> int:
        """Connections of ``source`` whose turn it is (first byte or handshake)."""
        return self._active.get(source, 0)

    def waiting(self, source: str) -> int:
        return len(self._waiting.get(source, ()))

    def phase(self, conn: Conn) -> Phase | None:
        held = self._held.get(conn)
        return None if held is None else held.phase

    def next_deadline(self) -> float | None:
        """When ``overdue`` has something to close next (None: nothing waits on the clock)."""
        times = [self._held[next(iter(q))].deadline for q in (self._first_byte, self._turns) if q]
        return min(times) if times else None

    # ----------------------------------------------------------------------------------- events
    def arrive(self, conn: Conn, source: str, now: float) -> Verdict:
        """A connection from ``source`` was accepted."""
        mine = self.under_way(source) + self.waiting(source)
        if self.held >= self.limit:
            return Verdict.FULL
        if mine and self.held >= self.limit - self.reserve:
            return Verdict.RESERVED
        if self.under_way(source) < self.per_source:
            self._held[conn] = _Held(source, Phase.FIRST_BYTE, now, now + self.first_byte_s)
            self._active[source] = self.under_way(source) + 1
            self._first_byte[conn] = None
            return Verdict.START
        if self.waiting(source) >= self.per_source_waiting:
            return Verdict.SOURCE
        self._held[conn] = _Held(source, Phase.WAITING, now, now + self.turn_s)
        self._waiting.setdefault(source, OrderedDict())[conn] = None
        self._turns[conn] = None
        return Verdict.WAIT

    def first_byte(self, conn: Conn) -> None:
        """Something came from ``conn`` in its turn: its handshake starts (the clock leaves it to the handshake's
        own timeout)."""
        held = self._held.get(conn)
        if held is None or held.phase is not Phase.FIRST_BYTE:
            return
        held.phase = Phase.HANDSHAKE
        del self._first_byte[conn]
        self._handshaking += 1
        self._started += 1

    def end(self, conn: Conn, now: float) -> Changes[Conn]:
        """``conn`` is gone from the listener's hands, whatever the way (its handshake done or failed, it
        closed, the driver closed it)."""
        changes: Changes[Conn] = Changes()
        self._drop(conn, now, changes)
        return changes

    def overdue(self, now: float) -> Changes[Conn]:
        """Close what the clock says (and start what that frees)."""
        changes: Changes[Conn] = Changes()
        for queue, why in ((self._first_byte, Overdue.NO_FIRST_BYTE), (self._turns, Overdue.NO_TURN)):
            while queue:
                conn = next(iter(queue))
                if self._held[conn].deadline > now:
                    break
                changes.close.append((conn, why))
                self._drop(conn, now, changes)
        return changes

    def _drop(self, conn: Conn, now: float, changes: Changes[Conn]) -> None:
        held = self._held.pop(conn, None)
        if held is None:
            return
        source = held.source
        if held.phase is Phase.WAITING:
            del self._turns[conn]
            queue = self._waiting[source]
            del queue[conn]
            if not queue:
                del self._waiting[source]
            return
        if held.phase is Phase.FIRST_BYTE:
            del self._first_byte[conn]
        else:
            self._handshaking -= 1
            if not self._handshaking and self._started >= self.burst:
                self._started = 0
                changes.settle = True
        self._active[source] -= 1
        waiting = self._waiting.get(source)
        if waiting:  # the oldest waiting one of this source takes the turn
            nxt, _ = waiting.popitem(last=False)
            if not waiting:
                del self._waiting[source]
            del self._turns[nxt]
            self._active[source] += 1
            turn = self._held[nxt]
            turn.phase, turn.deadline = Phase.FIRST_BYTE, now + self.first_byte_s
            self._first_byte[nxt] = None
            changes.start.append(nxt)
        elif not self._active[source]:
            del self._active[source]

    def clear(self) -> list[Conn]:
        """The listener stops: every held connection, forgotten (the driver closes them)."""
        conns = list(self._held)
        self._reset()
        return conns
