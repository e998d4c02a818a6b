"""Many TCP clients at once (多连接): open N connections to a target at a chosen rate, each a stream of its
own (labelled by its local address), counted connected / failed / closed, with connect-time percentiles;
send to all or one; close all. For loading a server, or watching one that serves a client at a time."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

from app.core.addresses import check_port
from app.core.errors import NetAssistError, NoTarget, PeerNotReading, from_os_error
from app.core.records import DEFAULT_STORE_BYTES, Address, Record
from app.net.session import DEFAULT_SEND_LIMIT, CloseReason, PeerConnected, PeerDisconnected, Session, State
from app.net.stream import Stream, close_all

MAX_CONNECTIONS = 10_000
CONNECT_TIMEOUT = 5.0


class ClientStream(Stream):
    """A connection labelled by its local end (all of them share the same remote one)."""

    #: Its place in connect order (1, 2, 3 …: ``{{conn}}`` in a payload); 0 until it connects.
    number = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.peer = Address.from_sockaddr(transport.get_extra_info("sockname"))
        self.owner._apply_socket_options(transport.get_extra_info("socket"))
        self.owner._stream_made(self)


class TcpClientsSession(Session):
    """``count`` connections to ``host:port``, ``rate`` new ones a second."""

    kind = "tcp-clients"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, count: int = 10, rate: float = 100.0,
                 local_host: str = "", store_limit: int = DEFAULT_STORE_BYTES, send_limit: int = DEFAULT_SEND_LIMIT,
                 connect_timeout: float = CONNECT_TIMEOUT):
        super().__init__(store_limit=store_limit, send_limit=send_limit)
        self.host, self.port = host, port
        self.count, self.rate = count, rate
        self.local_host = local_host
        self.connect_timeout = connect_timeout
        #: Open connections by their local address.
        self.peers: dict[Address, Stream] = {}
        self.connected = self.failed = self.closed = 0
        #: How long each successful connect took, in ms.
        self.connect_ms: list[float] = []
        self.skipped = 0
        self._ramp: asyncio.Task[None] | None = None
        self._attempts: set[asyncio.Task[None]] = set()

    # ---------------------------------------------------------------------------- lifecycle
    async def open(self) -> None:
        if self.state is not State.CLOSED:
            return
        if not 1 <= self.count <= MAX_CONNECTIONS:
            raise ValueError(f"connections must be 1–{MAX_CONNECTIONS:,}")
        try:
            check_port(self.port)
        except NetAssistError as exc:
            raise self._fail_open(exc) from None
        self.connected = self.failed = self.closed = 0
        self.connect_ms = []
        self._set_state(State.OPENING)
        self.notice("connecting", f"opening {self.count:,} connections to {self.host}:{self.port} at "
                    f"{self.rate:g}/s", args=(f"{self.count:,}", f"{self.host}:{self.port}", f"{self.rate:g}"))
        self._ramp = asyncio.get_running_loop().create_task(self._open_all(), name="tcp-clients:ramp")
        self._set_state(State.OPEN)

    async def _open_all(self) -> None:
        """Start the connections on absolute deadlines (no drift), ``rate`` a second."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        interval = 1.0 / max(self.rate, 0.001)
        for i in range(self.count):
            delay = start + i * interval - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            task = loop.create_task(self._connect_one(), name="tcp-clients:connect")
            self._attempts.add(task)
            task.add_done_callback(self._attempts.discard)
        if self._attempts:
            await asyncio.gather(*self._attempts, return_exceptions=True)
        self.notice("connected-all", f"{self.connected:,} connected, {self.failed:,} failed",
                    args=(f"{self.connected:,}", f"{self.failed:,}"))

    async def _connect_one(self) -> None:
        loop = asyncio.get_running_loop()
        t0 = time.perf_counter()
        local = (self.local_host, 0) if self.local_host else None
        try:
            await asyncio.wait_for(loop.create_connection(lambda: ClientStream(self), self.host, self.port,
                                                          local_addr=local), self.connect_timeout)
        except (OSError, TimeoutError) as exc:
            self.failed += 1
            if self.failed <= 3 or self.failed % 100 == 0:  # say it, without a line per failure
                error = from_os_error(exc if isinstance(exc, OSError) else TimeoutError("timed out"),
                                      f"connect to {self.host}:{self.port}")
                self.notice("error", f"{error} ({self.failed:,} failed so far)", detail=error.code)
            return
        self.connect_ms.append((time.perf_counter() - t0) * 1000)

    async def close(self) -> None:
        if self.state is State.CLOSED:
            return
        if self._ramp is not None:
            self._ramp.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._ramp
            self._ramp = None
        for task in list(self._attempts):
            task.cancel()
        await close_all(list(self.peers.values()), CloseReason.CLOSED_LOCALLY)
        self.notice("closed", "all connections closed")
        self._set_state(State.CLOSED)

    # ------------------------------------------------------------------------------ streams
    def _stream_made(self, stream: Stream) -> None:
        assert isinstance(stream, ClientStream)  # (the only streams this session makes)
        self.connected += 1
        stream.number = self.connected  # ({{conn}}: 1, 2, 3 … in connect order)
        self.peers[stream.peer] = stream
        self.counters.peers[stream.peer] = stream.counts
        self._emit(PeerConnected(stream.peer))

    def _stream_eof(self, stream: Stream) -> bool:
        return False  # the server finished with this connection: it closes

    def _stream_lost(self, stream: Stream, reason: CloseReason, error: NetAssistError | None) -> None:
        if self.peers.get(stream.peer) is not stream:
            return
        del self.peers[stream.peer]
        self.closed += 1
        if self.counters.peers.get(stream.peer) is stream.counts:
            del self.counters.peers[stream.peer]
        self._emit(PeerDisconnected(stream.peer, reason, error))

    # ------------------------------------------------------------------------------- actions
    def percentile(self, p: float) -> float | None:
        """Connect time at percentile ``p`` (0–100), in ms; None before any connection."""
        times = sorted(self.connect_ms)
        if not times:
            return None
        return times[min(len(times) - 1, int(len(times) * p / 100))]

    def send(self, data: bytes | Callable[[int], bytes], to: Address | None = None, *, flags: int = 0,
             skip_stalled: bool = False) -> list[Record]:
        """Send to one connection, or to all; one TX record per connection written. ``data`` may be a function
        of the connection's number (1 for the first connected …): each connection gets its own bytes."""
        self._require_open()
        if to is not None and to not in self.peers:
            raise NoTarget(f"connection {to} is not open")
        streams = [self.peers[to]] if to is not None else [s for s in self.peers.values() if not s.is_closing]
        records, refused = [], 0
        for stream in streams:
            if skip_stalled and stream.stalled:
                self.skipped += 1
                continue
            payload = data(getattr(stream, "number", 0)) if callable(data) else data
            try:
                stream.write(payload)
            except PeerNotReading:
                refused += 1
                continue
            records.append(self._sent(stream.peer, payload, stream.counts, flags))
        if refused and not records:
            raise PeerNotReading(f"{refused:,} connections are not reading; nothing was sent")
        return records

    def stalled(self, to: Address | None = None) -> bool:
        streams = list(self.peers.values()) if to is None else [self.peers[to]] if to in self.peers else []
        return bool(streams) and all(s.stalled for s in streams)

    def kick(self, peer: Address) -> None:
        stream = self.peers.get(peer)
        if stream is None:
            raise NoTarget(f"connection {peer} is not open")
        stream.close(CloseReason.KICKED)


__all__ = ["MAX_CONNECTIONS", "TcpClientsSession"]
