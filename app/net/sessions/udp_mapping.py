"""One source of a UDP relay (:mod:`app.net.sessions.udp_relay`): a socket of its own connected to the target,
so the kernel hands it only the target's replies to that source; its held datagrams; the relay's constants."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from app.core.errors import NetAssistError, NoTarget, PeerNotReading, PortUnreachable, from_os_error
from app.core.records import Address, Counts
from app.net.session import CloseReason, ErrorOccurred
from app.net.sessions.udp import request_recv_buffer

if TYPE_CHECKING:
    from app.net.sessions.udp_relay import UdpRelaySession

Way = Literal["to-target", "to-client"]
WAYS: tuple[Way, ...] = ("to-target", "to-client")
DEFAULT_SOURCE_LIMIT = 1024
DEFAULT_IDLE_S = 60.0
#: The idle sweep runs every ``idle_s / 4``, but never more often than this.
MIN_SWEEP_S = 1.0
#: What held datagrams may take, for the whole relay.
HOLD_LIMIT = 4 * 1024 * 1024
HOLD_DATAGRAMS = 16384
#: A per-source socket's receive buffer: one source's replies rarely need the listening socket's 4 MiB.
MAPPING_RECV_BUFFER = 1024 * 1024
STALLED = 64 * 1024
_clock = time.monotonic


def _send_now(sock: socket.socket, transport: asyncio.DatagramTransport | None, data: bytes, addr: tuple | None,
              limit: int, dest: object) -> ConnectionRefusedError | None:
    """Send one datagram now, so that errors come here in words (or, in order, behind what the transport
    queued); raises NetAssistError. Returns the ICMP error an earlier datagram left (this one went anyway)."""
    if transport is not None and (waiting := transport.get_write_buffer_size()):
        if waiting + len(data) > limit:
            raise PeerNotReading(f"the send queue towards {dest} is full ({waiting:,} bytes waiting)")
        transport.sendto(data, addr)
        return None
    refused = None
    for _attempt in range(2):
        try:
            sock.send(data) if addr is None else sock.sendto(data, addr)
            return refused
        except (BlockingIOError, InterruptedError):
            if transport is None:  # (a mapping's first moments: dropped, as by a full socket)
                raise PeerNotReading(f"the socket towards {dest} is full") from None
            transport.sendto(data, addr)
            return refused
        except ConnectionRefusedError as exc:  # pending from an earlier datagram: reported, this one sent again
            refused = exc
        except OSError as exc:
            raise from_os_error(exc, f"send to {dest}") from None
    return refused


def connected_socket(family: socket.AddressFamily, sockaddr: tuple) -> socket.socket:
    """A new source's socket: non-blocking, connected to the target. Raises OSError (out of files …)."""
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.setblocking(False)
        request_recv_buffer(sock, MAPPING_RECV_BUFFER)
        sock.connect(sockaddr)  # (a UDP connect only fixes the peer; it does not wait)
    except BaseException:
        sock.close()
        raise
    return sock


def eviction_candidate(mappings: Iterable[Mapping], at_once: bool = False) -> Mapping | None:
    """Which of ``mappings`` (least recently used first) makes room for a new source: the first holding
    nothing, else the first. ``at_once``: only one whose file can be given back now (:attr:`Mapping.releasable`)."""
    first = None
    for m in mappings:
        if at_once and not m.releasable:
            continue
        if not m.holds:
            return m
        first = first or m
    return first


class Mapping(asyncio.DatagramProtocol):
    """One source and its socket connected to the target, with what it holds: a row of the table and of the
    client list (it has ``peer``, ``counts`` and ``finished`` as a TCP stream has)."""

    finished = False  # (datagrams have no half-close)

    def __init__(self, relay: UdpRelaySession, source: Address, addr: tuple, sock: socket.socket):
        self.relay, self.source, self.peer, self.addr, self.sock = relay, source, source, addr, sock
        #: The socket's own address: where the target sees this source's datagrams come from.
        self.via = Address.from_sockaddr(sock.getsockname())
        self.transport: asyncio.DatagramTransport | None = None
        #: The source's counts (RX: what it sent; TX: what was injected to it), and the target side's.
        self.counts, self.target_counts = Counts(), Counts()
        self.last = _clock()
        self.holding: dict[str, bool] = dict(relay.holding)
        self.held: dict[str, list[bytes]] = {w: [] for w in WAYS}
        self.held_bytes: dict[str, int] = dict.fromkeys(WAYS, 0)
        #: Ways whose hold queue overflowed (said once until released or dropped).
        self.full: set[str] = set()
        #: The code of the forwarding error last noticed ("" once one goes through): one notice per run.
        self.failing = ""
        #: A port unreachable was noticed; said again only after the target has answered.
        self.unreachable = self.closing = False
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    @property
    def holds(self) -> int:
        """Datagrams held, both ways."""
        return len(self.held["to-target"]) + len(self.held["to-client"])

    @property
    def releasable(self) -> bool:
        """Whether :meth:`close` can give its file back at once (a transport made, with nothing waiting)."""
        return self.transport is not None and not self.transport.get_write_buffer_size()

    @property
    def stalled(self) -> bool:
        return self.transport is not None and self.transport.get_write_buffer_size() > STALLED

    def pass_on(self, way: Way, data: bytes) -> None:
        """Forward a datagram, or queue it if its direction is held (past the relay's bound: dropped, counted)."""
        relay = self.relay
        relay.mappings.move_to_end(self.source)
        self.last = _clock()
        if not self.holding[way]:
            self.forward(way, data)
            return
        n, held = len(data), relay._held
        if held[1] < relay.hold_datagrams and held[0] + n <= relay.hold_limit:
            self.held[way].append(data)
            self.held_bytes[way] += n
            held[0] += n
            held[1] += 1
            return
        relay._drop(n)
        if way not in self.full:
            self.full.add(way)
            relay.notice("held-full", f"{self.source}: the hold queue is full ({relay.hold_datagrams:,} datagrams, "
                         f"{relay.hold_limit:,} bytes): more are dropped ({way})", self.source,
                         args=(str(self.source), way))

    def unhold(self, way: Way) -> tuple[list[bytes], int]:
        """Take a direction's held datagrams out of its queue: them, and their bytes."""
        queued, n = self.held[way], self.held_bytes[way]
        self.held[way], self.held_bytes[way] = [], 0
        self.full.discard(way)
        self.relay._held[0] -= n
        self.relay._held[1] -= len(queued)
        return queued, n

    def forward(self, way: Way, data: bytes) -> None:
        """Send on a datagram; an error is said once per run of them (a flood is not a notice each)."""
        try:
            self.put(way, data)
        except NetAssistError as error:
            self.relay._drop(len(data))
            if self.failing != error.code:
                self.failing = error.code
                self.relay._error(error, self.source, f"{self.source}: {error}; datagram dropped ({way})")
            return
        self.failing = ""

    def put(self, way: Way, data: bytes) -> None:
        relay = self.relay
        if way == "to-target":
            refused = _send_now(self.sock, self.transport, data, None, relay.send_limit, relay.target_address)
        elif relay._sock is None:
            raise NoTarget("the relay is not listening")
        else:
            refused = _send_now(relay._sock, relay._transport, data, self.addr, relay.send_limit, self.source)
        if refused is not None:
            self.error_received(refused)

    def close(self, at_once: bool = False) -> None:
        """Close the socket: its transport lets go of it a turn later, after what waits to be sent. ``at_once``
        (for a process out of files) gives the file back now when :attr:`releasable`."""
        self.closing = True
        if self.transport is not None:
            releasable = self.releasable
            self.transport.close()  # (one still being made closes in connection_made)
            if at_once and releasable:  # (close() took it out of the selector; its own close is then a no-op)
                self.sock.close()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # (asyncio's is no DatagramTransport subclass)
        transport.max_size = 65536  # type: ignore[attr-defined]  # (asyncio reads into 256 KiB otherwise)
        if self.closing:
            transport.close()

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        self.relay._from_target(self, data)

    def error_received(self, exc: Exception) -> None:
        """Mostly an ICMP port unreachable: nobody listens at the target (yet); the mapping stays. (Linux says
        "refused", Windows "reset": on a UDP socket both mean that ICMP.)"""
        relay, target = self.relay, self.relay.target_address
        if not isinstance(exc, ConnectionRefusedError | ConnectionResetError):
            relay._error(from_os_error(exc, f"{self.source} ↔ {target}"), self.source)
        elif not self.unreachable:
            self.unreachable = True
            error = PortUnreachable(f"{self.source}: port unreachable: {target} has nothing listening (ICMP); "
                                    "the mapping stays open", os_error=exc)
            relay.notice(error.code, str(error), self.source, error.code, args=(str(target), str(self.source)))
            relay._emit(ErrorOccurred(error))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)
        if not self.closing and self.relay.mappings.get(self.source) is self:  # (closed underneath us)
            error = from_os_error(exc or OSError("its socket closed"), f"{self.source} ↔ {self.relay.target_address}")
            self.relay._error(error, self.source)
            self.relay._forget(self, CloseReason.ERROR, error)
