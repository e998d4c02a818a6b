"""Records (what went over the wire), the bounded store that keeps them, and exact counters."""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

DEFAULT_STORE_BYTES = 32 * 1024 * 1024
#: What a record costs beyond its payload (object headers, deque slot), charged against the bound so
#: that a flood of 1-byte datagrams cannot grow memory past it.
RECORD_OVERHEAD = 128


class Direction(enum.Enum):
    """Which way a record went."""

    RX = "rx"
    TX = "tx"
    NOTICE = "notice"


# Records, addresses and events are built on the receive hot path: plain slotted dataclasses, because a
# frozen one costs ~4x as much to construct. Treat them as immutable all the same.
@dataclass(slots=True, unsafe_hash=True)
class Address:
    """A socket address; ``str()`` is ``host:port`` (``[host]:port`` for IPv6)."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    @classmethod
    def from_sockaddr(cls, sockaddr: tuple) -> Address:
        host = sockaddr[0]
        if host.startswith("::ffff:") and "." in host:  # IPv4-mapped, shown as the IPv4 it is
            host = host[7:]
        return cls(host, int(sockaddr[1]))


@dataclass(frozen=True, slots=True)
class Notice:
    """What a notice record says: a stable ``kind`` the window translates, plus English ``text``."""

    #: e.g. ``listening``, ``connected``, ``peer-connected``, ``peer-disconnected``, ``closed``, ``error``,
    #: ``eof``, ``client-rejected``, ``port-unreachable``.
    kind: str
    #: The plain-words English rendering (logs, shells, tests).
    text: str
    #: Extra detail, e.g. a close reason code or an error code.
    detail: str = ""
    #: The values a translated template needs (addresses, groups …), in order.
    args: tuple[str, ...] = ()


@dataclass(slots=True)
class Record:
    """One chunk or datagram sent or received, or a notice."""

    #: Sequence number, increasing by one per record in a session.
    seq: int
    #: Wall-clock time in milliseconds since the epoch.
    time_ms: int
    direction: Direction
    #: The remote end, where there is one.
    peer: Address | None
    #: The bytes exactly as they went over the wire (empty for notices).
    data: bytes
    notice: Notice | None = None


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class RecordStore:
    """Records kept in arrival order, bounded by total bytes; the oldest are evicted first."""

    __slots__ = ("_records", "evicted_bytes", "evicted_records", "limit", "size")

    def __init__(self, limit: int = DEFAULT_STORE_BYTES):
        self._records: deque[Record] = deque()
        self.limit = limit
        #: Bytes currently charged (payloads plus :data:`RECORD_OVERHEAD` each).
        self.size = 0
        #: Payload bytes evicted since the last clear.
        self.evicted_bytes = 0
        self.evicted_records = 0

    def append(self, record: Record) -> None:
        self._records.append(record)
        self.size += len(record.data) + RECORD_OVERHEAD
        if self.size > self.limit:
            self._evict()

    def _evict(self) -> None:
        records = self._records
        while self.size > self.limit and len(records) > 1:
            old = records.popleft()
            self.size -= len(old.data) + RECORD_OVERHEAD
            self.evicted_bytes += len(old.data)
            self.evicted_records += 1

    def clear(self) -> None:
        self._records.clear()
        self.size = 0
        self.evicted_bytes = 0
        self.evicted_records = 0

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Record]:
        return iter(list(self._records))

    def __getitem__(self, index: int) -> Record:
        return self._records[index]


@dataclass(slots=True)
class Counts:
    """Byte and packet counts in each direction."""

    rx_bytes: int = 0
    tx_bytes: int = 0
    rx_packets: int = 0
    tx_packets: int = 0


@dataclass(slots=True)
class Counters:
    """Exact per-session and per-peer counts, independent of what the store evicts."""

    total: Counts = field(default_factory=Counts)
    peers: dict[Address, Counts] = field(default_factory=dict)

    def peer(self, address: Address) -> Counts:
        c = self.peers.get(address)
        if c is None:
            c = self.peers[address] = Counts()
        return c

    def reset(self) -> None:
        """Zero every count (the per-peer objects are kept so live connections go on counting)."""
        for c in (self.total, *self.peers.values()):
            c.rx_bytes = c.tx_bytes = c.rx_packets = c.tx_packets = 0
