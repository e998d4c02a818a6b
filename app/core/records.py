"""Records (what went over the wire), the bounded store that keeps them, and exact counters.

The store is columnar: records live in chunks of parallel arrays (times, flags, peers, sequence numbers)
with payloads copied into one byte arena per chunk. A million small datagrams are a few dozen arrays and
arenas, not a million objects: the memory a record costs is close to what it is charged.

An arena is an anonymous memory map of :data:`ARENA_BYTES`, not a heap object: its pages become memory as
they are written, and freeing the chunk unmaps them. Payloads kept as ``bytes`` of every size from 16 KiB
up (a TCP read is up to 256 KiB) were freed oldest first while new ones came: glibc's heap filled with
holes it could neither reuse nor return (a ten-minute mixed soak grew ~13 MB in its last five minutes
with 105 MB free inside the heap). Only payloads larger than :data:`BIG_PAYLOAD` keep their own object.
"""

from __future__ import annotations

import enum
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate, islice, repeat
from operator import add, rshift
from typing import NamedTuple

from app.core.arenas import ARENA_BYTES, new_arena, recycle, seal

DEFAULT_STORE_BYTES = 32 * 1024 * 1024
#: What a data record costs beyond its payload: its slots in the chunk's columns (sequence, time, flags,
#: peer reference, arena offset) plus the chunk's share of array growth; on top, ``len // 8`` covers the
#: arena's pages written only in part and the room a chunk leaves when it closes. Measured by
#: tests/app/core/test_store_memory.py, which holds the store to its bound for every kind of record.
RECORD_OVERHEAD = 48
#: A payload added larger than this keeps its own ``bytes`` object (a big send, a file block); it costs the
#: object's header and a dict slot on top. Everything up to it is copied into an arena. (A TCP read goes
#: into an arena whatever its size, up to the arena's: :meth:`RecordStore.space`; charged as ``data_cost``.)
BIG_PAYLOAD = 256 * 1024
BIG_OVERHEAD = 160
#: A notice record: its Notice object and strings, measured the same way (text length is charged on top).
NOTICE_OVERHEAD = 320
#: A chunk is closed after this many records, or when its arena has no room for the next payload.
CHUNK_RECORDS = 4096
#: What a batch of payloads is read into (a bytearray, a memoryview, a memory map).
Buffer = bytes | bytearray | memoryview
#: A read into the store (:meth:`RecordStore.space`) is offered at least this much of an arena: a chunk with less
#: left is closed first (its tail stays: ``seal``), so a read is rarely cut short by an arena's end.
SPACE_MIN = 64 * 1024


class Direction(enum.Enum):
    """Which way a record went."""

    RX = "rx"
    TX = "tx"
    NOTICE = "notice"


#: Direction in the low two bits of a record's flag byte.
DIR_CODE = {Direction.RX: 0, Direction.TX: 1, Direction.NOTICE: 2}
DIRECTIONS = (Direction.RX, Direction.TX, Direction.NOTICE, Direction.NOTICE)
DIR_MASK = 0x03
#: Flag: a TX record that is part of a file transfer (the view summarises consecutive ones as one line).
FLAG_TRANSFER = 0x04
#: Flag: bytes a relay injected (sent by the user into a forwarded stream), not forwarded ones.
FLAG_INJECTED = 0x08
#: Flag: the first record of a file transfer.
FLAG_TRANSFER_START = 0x10
#: Flag: a WebSocket message that was a text frame (UTF-8); without it a WebSocket message was binary.
FLAG_TEXT = 0x20


class Address(NamedTuple):
    """A socket address; ``str()`` is ``host:port`` (``[host]:port`` for IPv6)."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def __repr__(self) -> str:
        return f"Address({self.host!r}, {self.port})"

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
    #: ``eof``, ``peer-finished`` (a client's half-close), ``client-rejected``, ``port-unreachable``.
    kind: str
    #: The plain-words English rendering (logs, shells, tests).
    text: str
    #: Extra detail, e.g. a close reason code or an error code.
    detail: str = ""
    #: The values a translated template needs (addresses, groups …), in order.
    args: tuple[str, ...] = ()


# Records and events are built on the receive hot path: plain slotted dataclasses, because a frozen one
# costs ~4x as much to construct. Treat them as immutable all the same.
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
    #: ``FLAG_TRANSFER`` / ``FLAG_INJECTED`` / ``FLAG_TEXT`` bits.
    flags: int = 0


class StoredRecord(Record):
    """A received record whose payload is only in its store's arena (a read that went straight there: see
    :meth:`RecordStore.space`): ``data`` makes the bytes the first time it is asked for. A flood's reads are
    seen by the window's bridge, which looks at no payload: no bytes object is made for them at all. The
    session makes the bytes at once for a record a listener kept (its arena may be reused once the chunk is
    evicted; while this holds the chunk it is not). Equal to a :class:`Record` with the same fields."""

    __slots__ = ("_chunk", "_index", "_payload")

    def __init__(self, seq: int, time_ms: int, peer: Address | None, chunk: Chunk, index: int):
        self.seq = seq
        self.time_ms = time_ms
        self.direction = Direction.RX
        self.peer = peer
        self.notice = None
        self.flags = 0
        self._chunk: Chunk | None = chunk
        self._index = index
        self._payload: bytes | None = None

    @property
    def data(self) -> bytes:  # type: ignore[override]  # (the base's field, read-only here: made when asked)
        payload = self._payload
        if payload is None:
            assert self._chunk is not None
            payload = self._payload = self._chunk.data(self._index)
            self._chunk = None
        return payload

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return (self.seq, self.time_ms, self.direction, self.peer, self.data, self.notice, self.flags) == (
            other.seq, other.time_ms, other.direction, other.peer, other.data, other.notice, other.flags)

    __hash__ = None  # type: ignore[assignment]  # (as a Record's: mutable, compared by value)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def data_cost(n: int) -> int:
    """What a data record of ``n`` payload bytes is charged against the store's bound."""
    return n + BIG_OVERHEAD if n > BIG_PAYLOAD else n + (n >> 3) + RECORD_OVERHEAD


def notice_cost(notice: Notice) -> int:
    return NOTICE_OVERHEAD + len(notice.text) + len(notice.detail) + sum(len(a) for a in notice.args)


class Chunk:
    """Up to :data:`CHUNK_RECORDS` consecutive records as parallel columns (see the module docstring)."""

    __slots__ = ("arena", "bigs", "flags", "n", "notices", "offs", "peers", "seqs", "start", "times")

    def __init__(self, start: int):
        #: Store position of the first record.
        self.start = start
        self.n = 0
        self.seqs = array("q")
        self.times = array("q")
        #: Direction (low two bits) and flags, one byte per record.
        self.flags = bytearray()
        self.peers: list[Address | None] = []
        #: Arena offsets: record i's payload is ``arena[offs[i]:offs[i + 1]]`` (unless it is in ``bigs``).
        self.offs = array("Q", [0])
        self.arena = new_arena()
        #: Large payloads by index (kept as they arrived).
        self.bigs: dict[int, bytes] = {}
        self.notices: dict[int, Notice] = {}

    def data(self, i: int) -> bytes:
        big = self.bigs.get(i)
        if big is not None:
            return big
        return self.arena[self.offs[i]:self.offs[i + 1]]

    def size_of(self, i: int) -> int:
        big = self.bigs.get(i)
        return len(big) if big is not None else self.offs[i + 1] - self.offs[i]

    def record(self, i: int) -> Record:
        f = self.flags[i]
        return Record(self.seqs[i], self.times[i], DIRECTIONS[f & DIR_MASK], self.peers[i], self.data(i),
                      self.notices.get(i), f & ~DIR_MASK)


class RecordStore:
    """Records kept in arrival order, bounded by what they cost; the oldest are evicted first.

    Records are addressed by *position*: a counter that starts at 0 and grows by one per record, never
    reused (not even by :meth:`clear`), so a position held by a view stays meaningful or is plainly gone.
    ``store[i]`` indexes the retained records from the oldest (negative from the newest).
    """

    __slots__ = ("_chunks", "_starts", "_view", "evicted_bytes", "evicted_records", "head", "limit", "size", "tail")

    def __init__(self, limit: int = DEFAULT_STORE_BYTES):
        self.limit = limit
        #: Bytes currently charged (payloads plus their overheads).
        self.size = 0
        #: Payload bytes evicted since the last clear.
        self.evicted_bytes = 0
        self.evicted_records = 0
        #: Position of the oldest retained record, and one past the newest.
        self.head = 0
        self.tail = 0
        self._chunks: list[Chunk] = []
        self._starts: list[int] = []
        #: A view of the newest chunk's arena (what :meth:`space` hands out slices of).
        self._view: memoryview | None = None

    # ----------------------------------------------------------------------------- adding
    def append(self, record: Record) -> int:
        """Keep ``record``; returns its position."""
        return self.add(record.seq, record.time_ms, DIR_CODE[record.direction] | record.flags, record.peer,
                        record.data, record.notice)

    def add(self, seq: int, time_ms: int, flags: int, peer: Address | None, data: bytes,
            notice: Notice | None = None) -> int:
        """The receive path's append (no Record object needed). ``flags`` holds the direction code."""
        chunks = self._chunks
        n = len(data)
        if chunks:
            c = chunks[-1]
            used = c.offs[-1]
            if c.n >= CHUNK_RECORDS or (n <= BIG_PAYLOAD and used + n > ARENA_BYTES):
                seal(c)
                c = self._new_chunk()
                used = 0
        else:
            c = self._new_chunk()
            used = 0
        i = c.n
        c.seqs.append(seq)
        c.times.append(time_ms)
        c.flags.append(flags)
        c.peers.append(peer)
        if n > BIG_PAYLOAD:
            c.bigs[i] = data
            cost = n + BIG_OVERHEAD
        else:
            c.arena[used:used + n] = data
            used += n
            cost = n + (n >> 3) + RECORD_OVERHEAD
        c.offs.append(used)
        if notice is not None:
            c.notices[i] = notice
            cost += notice_cost(notice)
        c.n = i + 1
        pos = self.tail
        self.tail = pos + 1
        self.size += cost
        if self.size > self.limit:
            self._evict()
        return pos

    def add_received(self, seq: int, time_ms: int, peers: list[Address | None], buf: Buffer,
                     lens: list[int]) -> int:
        """Keep a batch of received records at once (the UDP page's reader): record ``k`` has sequence number
        ``seq + k``, the peer ``peers[k]`` and the next ``lens[k]`` bytes of ``buf`` as its payload (each at
        most :data:`BIG_PAYLOAD`). One arena copy and one extend of each column per chunk the batch spans,
        not a call per record; the same records, chunks and evictions as :meth:`add` one at a time. Returns
        the position of the first."""
        first = self.tail
        count = len(lens)
        ends = list(accumulate(lens, initial=0))  # (each record's end in ``buf``; ends[k] is its start)
        chunks = self._chunks
        k = 0
        while k < count:
            c = chunks[-1] if chunks else self._new_chunk()
            used = c.offs[-1]
            # as many as the chunk has slots for and its arena room for, from record k on
            take = min(count - k, CHUNK_RECORDS - c.n)
            j = min(k + take, bisect_right(ends, ends[k] + ARENA_BYTES - used, k) - 1)
            if j == k:  # full: the next record starts a new chunk (as add() would)
                seal(c)
                self._new_chunk()
                continue
            a, b = ends[k], ends[j]
            c.arena[used:used + b - a] = buf[a:b]
            c.offs.extend(map(add, islice(ends, k + 1, j + 1), repeat(used - a, j - k)))
            c.seqs.extend(range(seq + k, seq + j))
            c.times.extend(repeat(time_ms, j - k))
            c.flags += bytes(j - k)  # (received: direction code 0, no flags)
            c.peers += peers[k:j]
            c.n += j - k
            k = j
            self.tail = first + k  # (where a chunk started next begins)
        nbytes = ends[-1]
        self.size += nbytes + sum(map(rshift, lens, repeat(3, count))) + RECORD_OVERHEAD * count
        if self.size > self.limit:
            self._evict()
        return first
    def space(self) -> memoryview:
        """Room for the next record's payload: the rest of the newest chunk's arena (at least SPACE_MIN: a chunk
        with less left is closed and a new one started). A socket read lands there and :meth:`add_written` keeps
        it as a record: no bytes object is made and copied per read (a TCP stream's reads; see
        ``app.net.stream.RecordingStream``). A read may so be up to an arena (1 MiB) where asyncio reads 256 KiB
        at most: under a flood a quarter of the reads, and of the work each costs."""
        chunks = self._chunks
        if chunks:
            c = chunks[-1]
            used = c.offs[-1]
            if c.n >= CHUNK_RECORDS or ARENA_BYTES - used < SPACE_MIN:
                seal(c)
                c = self._new_chunk()
                used = 0
        else:
            c = self._new_chunk()
            used = 0
        view = self._view
        if view is None or view.obj is not c.arena:
            view = self._view = memoryview(c.arena)
        return view[used:]

    def add_written(self, seq: int, time_ms: int, flags: int, peer: Address | None, n: int) -> int:
        """Keep as a record the ``n`` bytes just written at the start of the last :meth:`space` (nothing may
        be added in between: a read and this are one step); returns its position."""
        c = self._chunks[-1]
        i = c.n
        c.seqs.append(seq)
        c.times.append(time_ms)
        c.flags.append(flags)
        c.peers.append(peer)
        c.offs.append(c.offs[-1] + n)
        c.n = i + 1
        pos = self.tail
        self.tail = pos + 1
        self.size += n + BIG_OVERHEAD if n > BIG_PAYLOAD else n + (n >> 3) + RECORD_OVERHEAD  # (data_cost)
        if self.size > self.limit:
            self._evict()
        return pos

    def _new_chunk(self) -> Chunk:
        c = Chunk(self.tail)
        self._chunks.append(c)
        self._starts.append(self.tail)
        return c

    def _cost(self, c: Chunk, i: int) -> int:
        cost = data_cost(c.size_of(i))
        notice = c.notices.get(i)
        return cost + notice_cost(notice) if notice is not None else cost

    def _evict(self) -> None:
        chunks = self._chunks
        while self.size > self.limit and self.tail - self.head > 1:
            c = chunks[0]
            i = self.head - c.start
            self.size -= self._cost(c, i)
            self.evicted_bytes += c.size_of(i)
            self.evicted_records += 1
            c.bigs.pop(i, None)  # a large payload is freed at once; small ones go with their chunk
            self.head += 1
            if self.head - c.start >= c.n:
                del chunks[0]
                del self._starts[0]
                recycle(c, 1)  # (held by ``c`` only)

    def clear(self) -> None:
        self._view = None
        while self._chunks:
            recycle(self._chunks.pop(), 1)
        self._starts.clear()
        self.head = self.tail
        self.size = 0
        self.evicted_bytes = 0
        self.evicted_records = 0

    def __del__(self) -> None:  # a session's store that goes leaves its warm arenas to the next one
        while self._chunks:
            recycle(self._chunks.pop(), 1)

    # ---------------------------------------------------------------------------- reading
    def __len__(self) -> int:
        return self.tail - self.head

    def locate(self, pos: int) -> tuple[Chunk, int]:
        """The chunk holding position ``pos`` and the index in it. Raises IndexError if not retained."""
        if not self.head <= pos < self.tail:
            raise IndexError(f"position {pos} is not retained ({self.head}..{self.tail - 1})")
        chunks = self._chunks
        last = chunks[-1]
        if pos >= last.start:
            return last, pos - last.start
        c = chunks[bisect_right(self._starts, pos) - 1]
        return c, pos - c.start

    def chunks(self, start: int = 0) -> Iterator[tuple[Chunk, int, int]]:
        """``(chunk, first index, end index)`` over the retained records from position ``start`` on.

        For synchronous loops: do not hold the iterator across an ``await`` (records may be evicted).
        """
        start = max(start, self.head)
        if start >= self.tail:
            return
        chunks = self._chunks
        k = bisect_right(self._starts, start) - 1
        c = chunks[k]
        yield c, start - c.start, c.n
        for c in chunks[k + 1:]:
            yield c, 0, c.n

    def size_at(self, pos: int) -> int:
        """Payload bytes of the record at ``pos``."""
        c, i = self.locate(pos)
        return c.size_of(i)

    def bytes_from(self, pos: int) -> int:
        """Payload bytes of the retained records from position ``pos`` on (one step per chunk)."""
        total = 0
        for c, i, end in self.chunks(pos):
            total += c.offs[end] - c.offs[i]
            if c.bigs:
                total += sum(len(b) for k, b in c.bigs.items() if k >= i)
        return total

    def record_at(self, pos: int) -> Record:
        c, i = self.locate(pos)
        return c.record(i)

    def data_at(self, pos: int) -> bytes:
        c, i = self.locate(pos)
        return c.data(i)

    def __getitem__(self, index: int) -> Record:
        n = self.tail - self.head
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("record index out of range")
        return self.record_at(self.head + index)

    def __iter__(self) -> Iterator[Record]:
        """A snapshot of the retained records, oldest first."""
        out: list[Record] = []
        for c, i, end in self.chunks(self.head):
            out.extend(c.record(j) for j in range(i, end))
        return iter(out)

    def find_seq(self, seq: int) -> int | None:
        """The position of the record with sequence number ``seq``, if retained."""
        for c, i, end in self.chunks(self.head):
            if c.seqs[end - 1] < seq:
                continue
            j = bisect_left(c.seqs, seq, i, end)
            return c.start + j if j < end and c.seqs[j] == seq else None
        return None


@dataclass(slots=True)
class Counts:
    """Byte and packet counts in each direction."""

    rx_bytes: int = 0
    tx_bytes: int = 0
    rx_packets: int = 0
    tx_packets: int = 0


#: Peers whose counts are kept at most (UDP sources: the least recently seen are forgotten first).
MAX_PEER_COUNTS = 4096


@dataclass(slots=True)
class Counters:
    """Exact per-session and per-peer counts, independent of what the store evicts.

    ``peers`` holds the peers that are connected now (TCP) or recently active (UDP, at most
    MAX_PEER_COUNTS); a peer's counts leave with it while ``total`` keeps them.
    """

    total: Counts = field(default_factory=Counts)
    peers: dict[Address, Counts] = field(default_factory=dict)
    #: UDP: datagrams the kernel dropped at the session's sockets for a full receive buffer (app/udp_drops.py);
    #: None where nothing is counted (not UDP, or a system that does not say).
    kernel_dropped: int | None = None

    def peer(self, address: Address) -> Counts:
        peers = self.peers
        c = peers.get(address)
        if c is None:
            if len(peers) >= MAX_PEER_COUNTS:
                del peers[next(iter(peers))]  # the longest known
            c = peers[address] = Counts()
        return c

    def reset(self) -> None:
        """Zero every count (the per-peer objects are kept so live connections go on counting)."""
        for c in (self.total, *self.peers.values()):
            c.rx_bytes = c.tx_bytes = c.rx_packets = c.tx_packets = 0
        if self.kernel_dropped is not None:
            self.kernel_dropped = 0
