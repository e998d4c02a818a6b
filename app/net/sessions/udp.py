"""UDP session: bind, send to a default or explicit target, reply to the last sender, broadcast, multicast."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct

from app.core.addresses import bound_socket, check_port, family_of, is_ip, resolve
from app.core.errors import (
    DatagramTooLarge,
    InvalidAddress,
    NetAssistError,
    NoTarget,
    PortUnreachable,
    from_os_error,
)
from app.core.records import DEFAULT_STORE_BYTES, Address, Record
from app.core.system import BUFFER_REPORT_FACTOR, SO_RCVBUFFORCE, read_by_hand
from app.net.datagram import drain_error_queue, queued_bytes, read_size_64k, send_now, set_up
from app.net.limits import raise_fd_limit
from app.net.session import DEFAULT_SEND_LIMIT, ErrorOccurred, Session, State
from app.net.sessions.udp_sources import MAX_SOURCES as MAX_EXTRA
from app.net.sessions.udp_sources import ExtraSources
from app.net.sockopts import apply as apply_options
from app.net.sockopts import read as read_options
from app.net.udp_drops import KernelDrops

#: The largest UDP payload over IPv4 (65,535 - 20 IP header - 8 UDP header).
MAX_DATAGRAM = 65507
#: The receive buffer a UDP socket asks for: at 10,000 small datagrams a second the kernel's default
#: (212,992 bytes, about 25 ms of them) overflows during any pause of the window; 4 MiB holds seconds.
DEFAULT_RECV_BUFFER = 4 * 1024 * 1024
#: Sources whose address objects are remembered (older ones are made again when they send again).
MAX_SOURCES = 4096
#: Datagrams read per call of the session's reader at most (where it reads by hand: see ``_read``), all kept
#: with one store append and announced with one event: bounded, so that the window's timers and input still
#: get their turn under a flood (256 small ones take a few hundred microseconds).
READ_BATCH = 256
#: A read never asks for less than this (no datagram is larger: none is cut short).
READ_SIZE = 65536
#: What a batch is read into: room for the largest datagram after any number of small ones.
READ_BUFFER = 4 * READ_SIZE


def request_recv_buffer(sock: socket.socket, size: int) -> int:
    """Ask for a receive buffer of ``size`` bytes (0: keep the kernel's default); past net.core.rmem_max only
    with CAP_NET_ADMIN (SO_RCVBUFFORCE). Returns what the kernel granted for data."""
    if size > 0:
        try:
            if SO_RCVBUFFORCE is None:
                raise OSError("no SO_RCVBUFFORCE here")
            sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, size)
        except OSError:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)
    # Linux reports twice what it keeps for data (the other half is bookkeeping)
    return sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) // BUFFER_REPORT_FACTOR


def _release(sock: socket.socket | None, transport: asyncio.BaseTransport | None,
             extra: ExtraSources | None) -> None:
    """Let go of what an open that did not finish had opened."""
    if extra is not None:
        extra.close()
    if transport is not None:
        transport.close()  # (and its socket with it)
    elif sock is not None:
        sock.close()


class _Datagrams(asyncio.DatagramProtocol):
    def __init__(self, owner: UdpSession):
        self.owner = owner
        self.transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        self.owner._datagram(data, addr)

    def error_received(self, exc: Exception) -> None:
        self.owner._error_received(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.owner._transport is self.transport:  # (not a socket an abandoned open let go of)
            self.owner._lost(exc)


class UdpSession(Session):
    """A bound UDP socket. Every datagram is one record carrying its source (RX) or target (TX)."""

    kind = "udp"

    def __init__(self, host: str = "0.0.0.0", port: int = 0, *, remote: Address | None = None,
                 broadcast: bool = False, multicast_ttl: int = 1, multicast_loop: bool = True,
                 recv_buffer: int = DEFAULT_RECV_BUFFER, store_limit: int = DEFAULT_STORE_BYTES,
                 send_limit: int = DEFAULT_SEND_LIMIT, sources: int = 1):
        super().__init__(store_limit=store_limit, send_limit=send_limit)
        #: Sockets that send (1: the session's own; more: app.net.sessions.udp_sources opens the others at open()).
        self.sources = sources
        self.extra: ExtraSources | None = None
        #: The receive buffer asked for (0: the kernel's default), and what the kernel granted once open.
        self.recv_buffer = recv_buffer
        self.recv_buffer_granted = 0
        self.host = host
        self.port = port
        #: Where :meth:`send` goes without an explicit target.
        self.remote = remote
        self.broadcast = broadcast
        self.multicast_ttl = multicast_ttl
        self.multicast_loop = multicast_loop
        #: Source of the last datagram received, for "reply to sender".
        self.last_sender: Address | None = None
        self._last_target: Address | None = None
        self.groups: set[tuple[str, str]] = set()
        self._sock: socket.socket | None = None
        self._transport: asyncio.DatagramTransport | None = None
        self._sources: dict[tuple, Address] = {}
        #: Where the reader reads a batch into (None: asyncio's transport reads, a datagram per call).
        self._batch_buffer: memoryview | None = None
        #: The open under way (None once it ended, or once close() abandoned it).
        self._attempt: object | None = None
        #: The code of the extra sources' refusal last said ("" once all of them send again): said once per run.
        self._extra_failing = ""
        #: What the kernel dropped at this session's sockets (counted in ``counters.kernel_dropped``).
        self.kernel_drops = KernelDrops(self, self._sockets, lambda: self.recv_buffer_granted)

    # ---------------------------------------------------------------------------- lifecycle
    async def open(self) -> None:
        """Bind, and open the extra sources if asked for. Whatever ends it early (an error, a cancel, close()
        meanwhile) lets go of every socket it opened and leaves the session CLOSED."""
        if self.state is not State.CLOSED:
            return
        self._set_state(State.OPENING)
        attempt = self._attempt = object()

        def abandoned() -> bool:  # close() was asked meanwhile (and already ended the session CLOSED)
            return self._attempt is not attempt

        where = f"bind {self.host or '0.0.0.0'}:{self.port}"
        sock: socket.socket | None = None
        transport: asyncio.DatagramTransport | None = None
        extra: ExtraSources | None = None
        try:
            sock = await bound_socket(self.host, self.port, socket.SOCK_DGRAM)
            if not abandoned():
                self._apply_options(sock)
                self._apply_socket_options(sock)
                self.recv_buffer_granted = request_recv_buffer(sock, self.recv_buffer)
                if self.socket_options_applied is not None:  # what the kernel has now, receive buffer included
                    self.socket_options_applied.values = read_options(sock)
                transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
                    lambda: _Datagrams(self), sock=sock)
                read_size_64k(transport)
            if self.sources > 1 and not abandoned():
                raise_fd_limit()  # (a file per source: the usual 1,024 would not hold a thousand)
                extra = await ExtraSources.open(self._datagram, self._prepare_extra, sock.getsockname(), sock.family,
                                                min(self.sources, MAX_EXTRA) - 1, abandoned)
        except BaseException as exc:
            _release(sock, transport, extra)
            if abandoned():
                if isinstance(exc, OSError | NetAssistError):
                    return  # (the user closed it meanwhile: nothing more to say)
                raise
            self._attempt = None
            if isinstance(exc, OSError | NetAssistError):
                raise self._fail_open(from_os_error(exc, where)) from None
            self._set_state(State.CLOSED)  # cancelled
            raise
        if abandoned():
            _release(sock, transport, extra)
            return
        self._attempt = None
        self._sock, self._transport, self.extra = sock, transport, extra
        self._extra_failing = ""
        # read in batches where the loop lets the socket be read by hand (not Windows' proactor loop)
        self._batch_buffer = memoryview(bytearray(READ_BUFFER))
        if not read_by_hand(asyncio.get_running_loop(), sock.fileno(), self._read):
            self._batch_buffer = None
        self.kernel_drops.start()
        self.local_address = Address.from_sockaddr(sock.getsockname())
        self.notice("bound", f"bound to {self.local_address}", args=(str(self.local_address),))
        if self.extra is not None:
            first, last = self.extra.addresses[0], self.extra.addresses[-1]
            self.notice("sources", f"sending from {len(self.extra.addresses) + 1} sources (also {first} … {last})",
                        args=(f"{len(self.extra.addresses) + 1:,}", str(first), str(last)))
        self._set_state(State.OPEN)

    def _apply_options(self, sock: socket.socket) -> None:
        """The page's settings on one of this session's sockets (its own, or an extra source)."""
        set_up(sock, broadcast=self.broadcast, multicast_ttl=self.multicast_ttl, multicast_loop=self.multicast_loop)

    def _prepare_extra(self, sock: socket.socket) -> None:
        """An extra source's socket gets the page's settings as the session's own."""
        self._apply_options(sock)
        self._apply_socket_options_to(sock)

    def _apply_socket_options_to(self, sock: socket.socket) -> None:
        """The Advanced socket options on an extra source (what the kernel set is read from the session's own)."""
        opts = self.socket_options
        if opts is not None and not opts.empty:
            apply_options(sock, opts)

    def _sockets(self) -> list[socket.socket]:
        """Every socket this session sends from: its own, then the extra sources'."""
        own = [self._sock] if self._sock is not None else []
        return own + (self.extra.sockets if self.extra is not None else [])

    async def close(self) -> None:
        if self.state is State.OPENING and self._attempt is not None:  # still opening: open() lets go of it all
            self._attempt = None
            self.notice("closed", "closed")
            self._set_state(State.CLOSED)
            return
        transport = self._transport
        if transport is None:
            return
        self.kernel_drops.stop()
        self._transport = None
        transport.close()  # (and the reader with it)
        self._sock = None
        self._batch_buffer = None
        if self.extra is not None:
            self.extra.close()
            self.extra = None
        self.groups.clear()
        self.notice("closed", "closed")
        self._set_state(State.CLOSED)

    def _lost(self, exc: Exception | None) -> None:
        if self._transport is not None:  # closed underneath us
            self.kernel_drops.stop()
            self._transport = None
            self._sock = None
            self._batch_buffer = None
            if self.extra is not None:
                self.extra.close()
                self.extra = None
            error = from_os_error(exc) if exc else None
            self._set_state(State.CLOSED, error)

    # ------------------------------------------------------------------------------ receive
    def _source(self, addr: tuple) -> Address:
        """One Address per source, shared by all its records (memory, and the collector)."""
        peer = self._sources.get(addr)
        if peer is None:
            if len(self._sources) >= MAX_SOURCES:
                del self._sources[next(iter(self._sources))]
            peer = self._sources[addr] = Address.from_sockaddr(addr)
        return peer

    def _datagram(self, data: bytes, addr: tuple) -> None:
        """A datagram from asyncio's transport (Windows' proactor loop) or an extra source's."""
        peer = self._source(addr)
        self.last_sender = peer
        self._received(peer, data, self.counters.peer(peer))

    def _read(self) -> None:
        """The socket is readable: read what waits, up to :data:`READ_BATCH` datagrams, each straight into the
        read buffer (no bytes object, no Python call per datagram beyond the read itself), and keep them with
        one store append and one event. Profiled at 50,000 datagrams a second, a datagram per call (asyncio's
        transport: a trip through the loop, a 64 KiB bytes object, the protocol, the session) cost more CPU
        than the plain asyncio receiver it is compared with."""
        buf, sock = self._batch_buffer, self._sock
        if buf is None or sock is None:
            return
        recv = sock.recvfrom_into
        lens: list[int] = []
        addrs: list[tuple] = []
        pos = 0
        high = len(buf) - READ_SIZE
        error: OSError | None = None
        for _ in range(READ_BATCH):
            try:
                n, addr = recv(buf[pos:])
            except (BlockingIOError, InterruptedError):
                break
            except OSError as exc:  # an ICMP error (port unreachable …) queued on the socket: after the batch
                error = exc
                break
            lens.append(n)
            addrs.append(addr)
            pos += n
            if pos > high:
                break
        if lens:
            self._received_batch(buf, pos, lens, addrs)
        if error is not None:
            self._error_received(error)

    def _received_batch(self, buf: memoryview, nbytes: int, lens: list[int], addrs: list[tuple]) -> None:
        counters = self.counters
        first = addrs[0]
        if addrs.count(first) == len(addrs):  # the usual flood: one source
            peer = self._source(first)
            counts = counters.peer(peer)
            counts.rx_bytes += nbytes
            counts.rx_packets += len(lens)
            peers: list[Address | None] = [peer] * len(lens)
        else:
            peers = []
            for addr, n in zip(addrs, lens, strict=True):
                peer = self._source(addr)
                counts = counters.peer(peer)
                counts.rx_bytes += n
                counts.rx_packets += 1
                peers.append(peer)
        self.last_sender = peers[-1]
        self._received_many(peers, buf, lens, nbytes)

    def _error_received(self, exc: Exception) -> None:
        targets = (drain_error_queue(self._sock) if self._sock is not None else []) or [self._last_target]
        for target in dict.fromkeys(targets):
            if isinstance(exc, ConnectionRefusedError):
                where = f" {target}" if target else ""
                error: NetAssistError = PortUnreachable(
                    f"port unreachable:{where} has nothing listening (ICMP)", os_error=exc)
            else:
                error = from_os_error(exc, f"send to {target}" if target else "")
            self.notice(error.code, str(error), target, error.code, args=(str(target) if target else "",))
            self._emit(ErrorOccurred(error))

    # ------------------------------------------------------------------------------- actions
    def send(self, data: bytes, to: Address | None = None, *, flags: int = 0) -> Record:
        """Send one datagram to ``to`` or to :attr:`remote`. Hosts must be IP addresses (see ``resolve``)."""
        self._require_open()
        if len(data) > MAX_DATAGRAM:
            raise DatagramTooLarge(
                f"datagram of {len(data):,} bytes is larger than the UDP maximum of {MAX_DATAGRAM:,}; "
                "nothing was sent")
        target = to or self.remote
        if target is None:
            raise NoTarget("no remote address to send to")
        check_port(target.port)
        if not is_ip(target.host):
            raise InvalidAddress(f"{target.host} is not an IP address (resolve it first)")
        assert self._sock is not None and self._transport is not None
        if family_of(target.host) != self._sock.family:
            fam = "IPv6" if self._sock.family == socket.AF_INET6 else "IPv4"
            raise InvalidAddress(f"cannot send to {target} from an {fam} socket")
        self._last_target = target
        self._sendto(data, (target.host, target.port))
        counts = self.counters.peer(target)
        record = self._sent(target, data, counts, flags)  # it went: recorded whatever the other sources do
        if self.extra is not None:  # and from every other source: a TX record for each datagram that went
            for _ in range(self.extra.send(data, (target.host, target.port), self.send_limit)):
                self._sent(target, data, counts, flags)
            self._say_extra_failures(target)
        return record

    def _say_extra_failures(self, target: Address) -> None:
        """Say once per run of them that extra sources did not send (each refusal is counted in their errors)."""
        extra = self.extra
        assert extra is not None
        failure = extra.failure if extra.failed else None
        code = failure.code if failure is not None else ""
        if failure is not None and code != self._extra_failing:
            self.notice("error", f"{extra.failed:,} of {len(extra.sources):,} extra sources did not send: {failure} "
                        "(said once until they all send again)", target, failure.code)
            self._emit(ErrorOccurred(failure))
        self._extra_failing = code

    def _sendto(self, data: bytes, addr: tuple) -> None:
        assert self._sock is not None and self._transport is not None
        # Sent directly so that errors (no broadcast permission, no route …) raise here, in words, instead of
        # arriving later through error_received; queued in order behind what the transport already holds.
        refused = send_now(self._sock, self._transport, data, addr, self.send_limit, Address.from_sockaddr(addr),
                           full="the socket's send queue is full ({waiting:,} bytes waiting); nothing was sent")
        if refused is not None:  # a pending ICMP error from an earlier datagram: reported (this one went)
            self._error_received(refused)

    def stalled(self, to: Address | None = None) -> bool:
        return self._transport is not None and queued_bytes(self._transport) > 64 * 1024

    def reply(self, data: bytes) -> Record:
        """Send to the source of the last datagram received."""
        if self.last_sender is None:
            raise NoTarget("no datagram has been received yet, so there is no sender to reply to")
        return self.send(data, self.last_sender)

    async def resolve_target(self, host: str, port: int) -> Address:
        """Resolve a host name to an address of this socket's family."""
        family = self._sock.family if self._sock is not None else None
        for fam, sockaddr in await resolve(host, port, socket.SOCK_DGRAM):
            if family is None or fam == family:
                return Address.from_sockaddr(sockaddr)
        raise InvalidAddress(f"{host} has no address of this socket's family")

    def set_broadcast(self, on: bool) -> None:
        """Allow sending to broadcast addresses (or not), from every source."""
        self.broadcast = on
        for sock in self._sockets():
            self._apply_options(sock)

    def join(self, group: str, interface: str = "0.0.0.0") -> None:
        """Join multicast ``group`` on the interface with address ``interface`` (IPv4) or name/index (IPv6)."""
        self._require_open()
        self._membership(group, interface, join=True)
        self.groups.add((group, interface))
        self.notice("multicast-joined", f"joined multicast group {group} on {interface}", args=(group, interface))

    def leave(self, group: str, interface: str = "0.0.0.0") -> None:
        self._require_open()
        self._membership(group, interface, join=False)
        self.groups.discard((group, interface))
        self.notice("multicast-left", f"left multicast group {group} on {interface}", args=(group, interface))

    def _membership(self, group: str, interface: str, *, join: bool) -> None:
        sock = self._sock
        assert sock is not None
        try:
            if sock.family == socket.AF_INET:
                if ":" in group:
                    raise InvalidAddress("an IPv6 group needs a socket bound to an IPv6 address")
                mreq = struct.pack("4s4s", socket.inet_aton(group), socket.inet_aton(interface or "0.0.0.0"))
                opt = socket.IP_ADD_MEMBERSHIP if join else socket.IP_DROP_MEMBERSHIP
                sock.setsockopt(socket.IPPROTO_IP, opt, mreq)
                if join and interface and interface != "0.0.0.0":
                    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(interface))
            else:
                index = 0
                if interface and interface not in ("::", "0"):
                    index = int(interface) if interface.isdigit() else socket.if_nametoindex(interface)
                mreq = socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", index)
                opt = socket.IPV6_JOIN_GROUP if join else socket.IPV6_LEAVE_GROUP
                sock.setsockopt(socket.IPPROTO_IPV6, opt, mreq)
        except OSError as exc:
            verb = "join" if join else "leave"
            raise from_os_error(exc, f"{verb} multicast group {group}") from None

    def set_multicast_interface(self, interface: str) -> None:
        """Send multicast datagrams out of the interface with this IPv4 address (from every source)."""
        self._require_open()
        try:
            for sock in self._sockets():
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(interface))
        except OSError as exc:
            raise from_os_error(exc, f"multicast interface {interface}") from None
