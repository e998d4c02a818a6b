"""The session core every kind shares: state, record store, counters, listeners and events; ``send`` for every
kind; and the small interfaces for what only some kinds can do (:class:`HasPeers`; the relays' in
:mod:`app.net.relay`), so the window and the CLI ask what a session can do, not which class it is."""

from __future__ import annotations

import enum
import logging
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from sys import getrefcount
from typing import ClassVar, Protocol, runtime_checkable

from app.core.errors import NetAssistError, NotOpen
from app.core.heap import trim
from app.core.records import (
    DEFAULT_STORE_BYTES,
    DIR_CODE,
    Address,
    Buffer,
    Counters,
    Counts,
    Direction,
    Notice,
    Record,
    RecordStore,
    StoredRecord,
)
from app.net.sockopts import Applied, SocketOptions
from app.net.sockopts import apply as apply_options

log = logging.getLogger(__name__)
#: The flag byte of a received record (its direction code, no flags).
RX_CODE = DIR_CODE[Direction.RX]

#: A peer's send queue is bounded: a peer that does not read cannot make memory grow.
DEFAULT_SEND_LIMIT = 4 * 1024 * 1024


class State(enum.Enum):
    """Where a session is in its life; the values are the window's ``state`` property."""

    CLOSED = "closed"
    OPENING = "opening"
    OPEN = "open"


class CloseReason(enum.Enum):
    """Why a connection ended."""

    CLOSED_BY_PEER = "closed-by-peer"
    RESET = "reset"
    KICKED = "kicked"
    SERVER_STOPPED = "server-stopped"
    CLOSED_LOCALLY = "closed-locally"
    ERROR = "error"

    @property
    def text(self) -> str:
        return _REASON_TEXT[self]


_REASON_TEXT = {
    CloseReason.CLOSED_BY_PEER: "closed by peer",
    CloseReason.RESET: "connection reset by peer",
    CloseReason.KICKED: "disconnected by user",
    CloseReason.SERVER_STOPPED: "server stopped",
    CloseReason.CLOSED_LOCALLY: "closed",
    CloseReason.ERROR: "error",
}


# ------------------------------------------------------------------------------------------ events

@dataclass(slots=True)
class RecordAdded:
    """A record entered the store (received, sent or a notice)."""

    record: Record


@dataclass(frozen=True, slots=True)
class StateChanged:
    """The session's state changed; ``error`` says why it closed or failed to open, if it did."""

    state: State
    error: NetAssistError | None = None
    #: The bound/local address once open.
    local: Address | None = None


@dataclass(frozen=True, slots=True)
class PeerConnected:
    """A peer connected (TCP server: a client; TCP client: the server)."""

    peer: Address


@dataclass(frozen=True, slots=True)
class PeerFinished:
    """A client finished sending (its FIN arrived); its connection stays open for replies."""

    peer: Address


@dataclass(frozen=True, slots=True)
class PeerDisconnected:
    """A peer's connection ended, and why."""

    peer: Address
    reason: CloseReason
    error: NetAssistError | None = None


@dataclass(frozen=True, slots=True)
class ErrorOccurred:
    """Something went wrong that does not close the session (ICMP unreachable, a rejected client …)."""

    error: NetAssistError


@dataclass(frozen=True, slots=True)
class CountersReset:
    """The counters were zeroed."""


@dataclass(frozen=True, slots=True)
class KernelDropped:
    """The kernel dropped datagrams at the session's sockets (a full receive buffer); now counted."""

    #: How many since the last look.
    count: int


@dataclass(frozen=True, slots=True)
class StoreCleared:
    """The record store was emptied."""


Event = (RecordAdded | StateChanged | PeerConnected | PeerFinished | PeerDisconnected | ErrorOccurred | CountersReset
         | KernelDropped | StoreCleared)
Listener = Callable[[Event], None]


class Session:
    """Owns one endpoint's records, counters and listeners. Subclasses supply ``open``/``close``/``send``.

    Listeners are called synchronously with each event and must not block: the window's bridge only
    marks itself dirty, a log writer only appends to a buffer.
    """

    kind: ClassVar[str] = ""
    #: Each record is one message whose ``FLAG_TEXT`` says text or binary (WebSocket; see
    #: ``app.view.render.ViewOptions.messages``).
    messages: ClassVar[bool] = False

    def __init__(self, *, store_limit: int = DEFAULT_STORE_BYTES, send_limit: int = DEFAULT_SEND_LIMIT):
        self.store = RecordStore(store_limit)
        #: Bytes a connection may have waiting to be sent; a send that would pass it is refused.
        self.send_limit = send_limit
        self.counters = Counters()
        self.state = State.CLOSED
        self.last_error: NetAssistError | None = None
        #: The address actually bound once open (port 0 resolved to the real port).
        self.local_address: Address | None = None
        #: Socket options applied to each socket as it opens (app.net.sockopts), and what the kernel last set.
        self.socket_options: SocketOptions | None = None
        self.socket_options_applied: Applied | None = None
        self._listeners: list[Listener] = []
        #: The listeners that get a RecordAdded for each record of a batch (the rest get one per batch).
        self._every_record: list[Listener] = []
        self._seq = 0

    def _apply_socket_options(self, sock: socket.socket | None) -> None:
        """Apply :attr:`socket_options` to a socket that just opened (a no-op when none were asked for)."""
        opts = self.socket_options
        if opts is not None and not opts.empty and sock is not None:
            self.socket_options_applied = apply_options(sock, opts)

    # ---------------------------------------------------------------------------- listeners
    def subscribe(self, listener: Listener, *, every_record: bool = True) -> Callable[[], None]:
        """Call ``listener(event)`` for every event from now on; returns a function that unsubscribes.

        ``every_record`` False: a listener that only needs to know that records came (the window's bridge marks
        itself dirty) gets one :class:`RecordAdded` for a batch of records received at once (the newest of
        them; see :meth:`_received_many`), not one per record."""
        self._listeners.append(listener)
        if every_record:
            self._every_record.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)
            if listener in self._every_record:
                self._every_record.remove(listener)

        return unsubscribe

    def _emit(self, event: Event) -> None:
        for listener in self._listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must not break the session
                log.exception("session listener failed on %r", event)

    # ------------------------------------------------------------------------------ records
    def _record(self, direction: Direction, peer: Address | None, data: bytes,
                notice: Notice | None = None, flags: int = 0) -> Record:
        seq = self._seq = self._seq + 1
        t = time.time_ns() // 1_000_000
        rec = Record(seq, t, direction, peer, data, notice, flags)
        self.store.add(seq, t, DIR_CODE[direction] | flags, peer, data, notice)
        event = RecordAdded(rec)
        for listener in self._listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must not break the session
                log.exception("session listener failed on %r", event)
        return rec

    def _count_rx(self, n: int, counts: Counts | None) -> None:
        """A read of ``n`` bytes, counted for the session and (``counts``) its peer."""
        total = self.counters.total
        total.rx_bytes += n
        total.rx_packets += 1
        if counts is not None:
            counts.rx_bytes += n
            counts.rx_packets += 1

    def _received(self, peer: Address | None, data: bytes, counts: Counts | None) -> None:
        """The receive hot path: one record, exact counts, one event. No decoding, no formatting."""
        self._count_rx(len(data), counts)
        self._record(Direction.RX, peer, data)

    def _received_many(self, peers: list[Address | None], buf: Buffer, lens: list[int], nbytes: int) -> None:
        """The receive hot path for a batch read at once (the UDP page's reader): record ``k`` came from
        ``peers[k]`` with the next ``lens[k]`` bytes of ``buf`` (``nbytes`` in all). Exact total counts (the
        caller counts per peer), one store append for them all, one time for them all (read within a
        fraction of a millisecond). Events: a listener subscribed with ``every_record`` gets a RecordAdded per
        record, in order; the others one, for the newest."""
        count = len(lens)
        total = self.counters.total
        total.rx_bytes += nbytes
        total.rx_packets += count
        seq = self._seq + 1
        self._seq += count
        t = time.time_ns() // 1_000_000
        self.store.add_received(seq, t, peers, buf, lens)
        every = self._every_record
        if every:
            start = 0
            for k, n in enumerate(lens):
                event = RecordAdded(Record(seq + k, t, Direction.RX, peers[k], bytes(buf[start:start + n])))
                start += n
                for listener in every:
                    try:
                        listener(event)
                    except Exception:  # a broken listener must not break the session
                        log.exception("session listener failed on %r", event)
            if len(every) == len(self._listeners):
                return
        else:
            n = lens[-1]
            event = RecordAdded(Record(seq + count - 1, t, Direction.RX, peers[-1], bytes(buf[nbytes - n:nbytes])))
        for listener in self._listeners:
            if listener in every:
                continue
            try:
                listener(event)
            except Exception:
                log.exception("session listener failed on %r", event)
    def _read_buffer(self) -> memoryview:
        """Where a stream's next read goes: the store's room for a record (see :meth:`_received_in_place`)."""
        return self.store.space()

    def _received_in_place(self, peer: Address | None, n: int, counts: Counts | None) -> Record:
        """As :meth:`_received`, for ``n`` bytes a read put straight into the store (``_read_buffer``)."""
        self._count_rx(n, counts)
        seq = self._seq = self._seq + 1
        t = time.time_ns() // 1_000_000
        store = self.store
        rec = StoredRecord(seq, t, peer, *store.locate(store.add_written(seq, t, RX_CODE, peer, n)))
        event = RecordAdded(rec)
        self._emit(event)  # (a read of up to an arena: one call more per read costs nothing here)
        # (references: ``rec``, ``event``, the event's, getrefcount's own) a listener that kept the record or
        # its event gets its bytes now: it no longer holds the chunk, whose arena is then reused as usual
        if getrefcount(rec) > 3 or getrefcount(event) > 2:
            rec.data  # noqa: B018
        return rec

    def _sent(self, peer: Address | None, data: bytes, counts: Counts | None, flags: int = 0) -> Record:
        n = len(data)
        total = self.counters.total
        total.tx_bytes += n
        total.tx_packets += 1
        if counts is not None:
            counts.tx_bytes += n
            counts.tx_packets += 1
        return self._record(Direction.TX, peer, data, flags=flags)

    def notice(self, kind: str, text: str, peer: Address | None = None, detail: str = "",
               args: tuple[str, ...] = ()) -> Record:
        """Add a notice record (shown in the view and the log between data)."""
        return self._record(Direction.NOTICE, peer, b"", Notice(kind, text, detail, args))

    # -------------------------------------------------------------------------------- state
    def _set_state(self, state: State, error: NetAssistError | None = None) -> None:
        self.state = state
        if error is not None:
            self.last_error = error
        elif state is State.OPEN:
            self.last_error = None
        self._emit(StateChanged(state, error, self.local_address))

    def _fail_open(self, error: NetAssistError) -> NetAssistError:
        """Record a failed open: back to closed, a notice, the event. Returns the error to raise."""
        self.notice("error", str(error), detail=error.code)
        self._set_state(State.CLOSED, error)
        return error

    def stalled(self, to: Address | None = None) -> bool:
        """Whether sends to ``to`` (None: the default target, or all peers) are not being drained."""
        return False

    def send(self, data: bytes, to: Address | None = None, *, flags: int = 0) -> Record | list[Record]:
        """Send ``data``: every kind takes it. ``to`` None means the session's own peer (a TCP or WebSocket
        client: the server it is connected to; UDP: its remote address) or all of them (a server, a relay, a
        load of connections: every connected peer, one record each); else one peer (a connected client's
        address; UDP: any address, an IP). Returns the TX record (one peer) or records (kinds with many peers).
        Raises NotOpen, NoTarget, PeerNotReading … (NetAssistError)."""
        raise NotImplementedError

    async def drain(self, to: Address | None = None) -> None:
        """Wait until what was sent to ``to`` (None: the default target, or all peers) has gone to the kernel;
        a kind without a send queue of its own has nothing to wait for."""

    def _require_open(self) -> None:
        if self.state is not State.OPEN:
            raise NotOpen("the session is not open")

    # ------------------------------------------------------------------------------ actions
    async def open(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    def reset_counters(self) -> None:
        self.counters.reset()
        self._emit(CountersReset())

    def clear_store(self) -> None:
        """Empty the store ("Clear display"); what it and the listeners held goes back to the system."""
        self.store.clear()
        self._emit(StoreCleared())
        trim()

    async def __aenter__(self) -> Session:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


# ------------------------------------------------------------------------------ what a kind can do

class Peer(Protocol):
    """One connected peer as a client list shows it: a TCP or WebSocket stream, a relay's pair side, a UDP
    relay's mapping."""

    @property
    def counts(self) -> Counts: ...

    @property
    def finished(self) -> bool: ...


@runtime_checkable
class HasPeers(Protocol):
    """A session with many peers at once (a server, a relay, a load of connections): who is connected, each one
    disconnected on the user's word, and sends to one (``to``) or to all, a periodic one skipping the peers that
    are not keeping up (``skip_stalled``)."""

    @property
    def peers(self) -> Mapping[Address, Peer]: ...

    def kick(self, peer: Address) -> None: ...

    def send(self, data: bytes, to: Address | None = None, *, flags: int = 0,
             skip_stalled: bool = False) -> list[Record]: ...
