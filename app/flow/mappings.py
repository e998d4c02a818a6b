"""The UDP relay's table of mappings (a source and its own socket towards the target), without a socket: which
mapping a new source evicts, which ones the idle sweep closes (the clock passed in), and what a held direction
does with a datagram. ``app.net.sessions.udp_relay`` opens and closes the sockets and sends, as told.

The rules:

- **A bounded table, least recently used first**: a datagram either way makes its mapping the most recently
  used. A new source at a full table evicts the least recently used mapping *holding nothing*; only when every
  one holds does the least recently used go, its held datagrams dropped (counted, and said). Sources leave
  without a word, so a full table is mostly stale entries: evicting keeps newcomers in, as behind a NAT.
- **Out of files**: the driver can ask for room at once, among the mappings whose file it can give back now.
- **Idle expiry**: a mapping idle either way for ``idle_s`` closes at the next sweep, unless it holds
  datagrams (they wait for the user's word).
- **Hold**: a held direction queues its datagrams, bounded for the whole relay by count and bytes (UDP cannot
  pause one source: past the bound they drop, counted, said once per direction until released or dropped).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.flow.relay import WAYS, Way

DEFAULT_SOURCE_LIMIT = 1024
DEFAULT_IDLE_S = 60.0
#: What held datagrams may take, for the whole relay.
HOLD_LIMIT = 4 * 1024 * 1024
HOLD_DATAGRAMS = 16384

Source = TypeVar("Source", bound=Hashable)


# ----------------------------------------------------------------------------------------- commands

@dataclass(frozen=True, slots=True)
class Forward:
    """Send a datagram on, one way."""

    way: Way
    data: bytes


@dataclass(frozen=True, slots=True)
class Dropped:
    """Datagrams that will never go on: count them."""

    bytes: int
    datagrams: int = 1


@dataclass(frozen=True, slots=True)
class HoldFull:
    """A direction's datagram found the relay's hold queue full (said once until released or dropped)."""

    way: Way


@dataclass(frozen=True, slots=True)
class HeldDropped:
    """The user dropped what a direction held: say how much."""

    way: Way
    bytes: int
    datagrams: int


@dataclass(frozen=True, slots=True)
class Evicted(Generic[Source]):
    """A mapping left the table to make room: close its socket and say so (what it held is in a Dropped)."""

    source: Source
    #: The new source it made room for.
    newcomer: Source
    #: Datagrams it held (dropped with it).
    held: int


@dataclass(frozen=True, slots=True)
class Expired(Generic[Source]):
    """A mapping idle either way for ``idle_s`` left the table: close its socket and say so."""

    source: Source


Command = Forward | Dropped | HoldFull | HeldDropped | Evicted[Source] | Expired[Source]


# --------------------------------------------------------------------------------------------- table

@dataclass(eq=False, slots=True)
class Entry:
    """One mapping's row: when it was last used, and what it holds."""

    #: When a datagram last went either way (the driver's clock, in seconds).
    last: float
    holding: dict[Way, bool]
    held: dict[Way, list[bytes]] = field(default_factory=lambda: {w: [] for w in WAYS})
    held_bytes: dict[Way, int] = field(default_factory=lambda: dict.fromkeys(WAYS, 0))
    #: Directions whose datagrams found the hold queue full (said once until released or dropped).
    full: set[Way] = field(default_factory=set)

    @property
    def holds(self) -> int:
        """Datagrams held, both ways."""
        return len(self.held["to-target"]) + len(self.held["to-client"])


class MappingTable(Generic[Source]):
    """The rules above over sources the driver names (any hashable). Times are the driver's clock in seconds."""

    def __init__(self, limit: int = DEFAULT_SOURCE_LIMIT, idle_s: float = DEFAULT_IDLE_S,
                 hold_limit: int = HOLD_LIMIT, hold_datagrams: int = HOLD_DATAGRAMS):
        #: Mappings at once at most; seconds idle either way after which one closes (0: never).
        self.limit, self.idle_s = max(1, limit), idle_s
        #: Bytes and datagrams every mapping together holds at most.
        self.hold_limit, self.hold_datagrams = hold_limit, hold_datagrams
        #: Directions held for every mapping (new ones start so).
        self.holding: dict[Way, bool] = dict.fromkeys(WAYS, False)
        #: Bytes and datagrams held now, by every mapping.
        self.held_total_bytes = self.held_total_datagrams = 0
        self._rows: OrderedDict[Source, Entry] = OrderedDict()

    # ------------------------------------------------------------------------------------ state
    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, source: object) -> bool:
        return source in self._rows

    def get(self, source: Source) -> Entry | None:
        return self._rows.get(source)

    def sources(self) -> list[Source]:
        """Every source, least recently used first."""
        return list(self._rows)

    # ----------------------------------------------------------------------------------- events
    def make_room(self, newcomer: Source) -> list[Command]:
        """A new source is about to be added: at a full table, one mapping goes (see :meth:`evict`)."""
        return self.evict(newcomer) if len(self._rows) >= self.limit else []

    def evict(self, newcomer: Source, releasable: Callable[[Source], bool] | None = None) -> list[Command]:
        """Take one mapping out to make room for ``newcomer``: the least recently used holding nothing, else the
        least recently used (what it held dropped). ``releasable``: only among those it says yes to (those whose
        file can be given back at once). Nothing when there is none."""
        chosen = None
        for source, row in self._rows.items():
            if releasable is not None and not releasable(source):
                continue
            if not row.holds:
                chosen = source
                break
            chosen = source if chosen is None else chosen
        if chosen is None:
            return []
        held = self._rows[chosen].holds
        return [Evicted(chosen, newcomer, held), *self.forget(chosen)]

    def add(self, source: Source, now: float) -> Entry:
        """A new source's mapping opened: it is the most recently used, and holds as the relay does."""
        row = self._rows[source] = Entry(now, dict(self.holding))
        return row

    def forget(self, source: Source) -> list[Command]:
        """A mapping leaves the table (evicted, expired, closed by the user or underneath): what it held is
        dropped."""
        row = self._rows.pop(source, None)
        if row is None:
            return []
        out: list[Command] = []
        for way in WAYS:
            queued, n = self._take(row, way)
            if queued:
                out.append(Dropped(n, len(queued)))
        return out

    def clear(self) -> list[Source]:
        """The relay stops: every source, forgotten (what they held is no longer counted)."""
        sources = list(self._rows)
        self._rows.clear()
        self.held_total_bytes = self.held_total_datagrams = 0
        return sources

    def touch(self, source: Source, now: float) -> None:
        """A datagram went either way: the mapping is the most recently used."""
        self._rows.move_to_end(source)
        self._rows[source].last = now

    def pass_on(self, source: Source, way: Way, data: bytes, now: float) -> list[Command]:
        """A datagram for one direction of a mapping: forward it, or queue it while its direction is held (past
        the relay's bound it drops, counted, and said once)."""
        self.touch(source, now)
        row = self._rows[source]
        if not row.holding[way]:
            return [Forward(way, data)]
        n = len(data)
        if self.held_total_datagrams < self.hold_datagrams and self.held_total_bytes + n <= self.hold_limit:
            row.held[way].append(data)
            row.held_bytes[way] += n
            self.held_total_bytes += n
            self.held_total_datagrams += 1
            return []
        if way in row.full:
            return [Dropped(n)]
        row.full.add(way)
        return [Dropped(n), HoldFull(way)]

    def hold(self, source: Source, way: Way, on: bool) -> list[Command]:
        """Hold a direction of a mapping, or let it flow (what it queued goes on)."""
        self._rows[source].holding[way] = on
        return [] if on else self.release(source, way)

    def release(self, source: Source, way: Way) -> list[Command]:
        """What a held direction queued, forwarded in order (the direction stays held)."""
        queued, _n = self._take(self._rows[source], way)
        return [Forward(way, data) for data in queued]

    def drop_held(self, source: Source, way: Way) -> list[Command]:
        """Discard what a held direction queued: counted, and said."""
        queued, n = self._take(self._rows[source], way)
        return [Dropped(n, len(queued)), HeldDropped(way, n, len(queued))] if queued else []

    def sweep(self, now: float) -> list[Command]:
        """Take out the mappings idle for ``idle_s`` (none when it is 0). The table is in order of last use, so
        this reads only the idle ones and the first busy one. One holding datagrams waits for the user."""
        if self.idle_s <= 0:
            return []
        cutoff, idle = now - self.idle_s, []
        for source, row in self._rows.items():
            if row.last > cutoff:
                break
            if not row.holds:
                idle.append(source)
        for source in idle:
            del self._rows[source]
        return [Expired(source) for source in idle]

    # ---------------------------------------------------------------------------------- helpers
    def _take(self, row: Entry, way: Way) -> tuple[list[bytes], int]:
        """Empty a direction's queue: its datagrams and their bytes."""
        queued, n = row.held[way], row.held_bytes[way]
        row.held[way], row.held_bytes[way] = [], 0
        row.full.discard(way)
        self.held_total_bytes -= n
        self.held_total_datagrams -= len(queued)
        return queued, n


__all__ = [
    "DEFAULT_IDLE_S", "DEFAULT_SOURCE_LIMIT", "HOLD_DATAGRAMS", "HOLD_LIMIT", "Command", "Dropped", "Entry",
    "Evicted", "Expired", "Forward", "HeldDropped", "HoldFull", "MappingTable",
]
