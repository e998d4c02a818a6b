"""The sockets a UDP session sends from: their set-up (:func:`set_up`), and more sources: N−1 extra sockets
beside the session's own, on ephemeral ports of the same local address, so one page can load a UDP server as
many clients would (each its own source port). Each extra socket gets the page's settings as the session's own
does (broadcast, multicast TTL and loop, ICMP errors, the Advanced socket options). A send goes out from every
source, a TX record for each datagram that went; what comes back to any of them is received like the session's
own datagrams. Errors on an extra source (a refused send, an ICMP "port unreachable") are counted, not announced
per socket: the session says a failing run once, and its own socket already says an ICMP error once."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.core.errors import NetAssistError, PeerNotReading, from_os_error
from app.core.records import Address
from app.core.system import IP_RECVERR, IPV6_RECVERR, MSG_ERRQUEUE, keep_udp_receiving

if TYPE_CHECKING:
    from app.net.sessions.udp import UdpSession

#: Most sources a UDP page opens.
MAX_SOURCES = 1000
# Linux drops ICMP errors for unconnected UDP sockets unless IP_RECVERR is on; with it on, each error also
# waits in the socket's error queue (keeping it readable) until read with MSG_ERRQUEUE.
_IP_RECVERR = IP_RECVERR if IP_RECVERR is not None else 11
_IPV6_RECVERR = IPV6_RECVERR if IPV6_RECVERR is not None else 25
_MSG_ERRQUEUE = MSG_ERRQUEUE


def set_up(sock: socket.socket, *, broadcast: bool, multicast_ttl: int, multicast_loop: bool) -> None:
    """A UDP page's settings on one of its sockets: ICMP errors reported, broadcast allowed or not, multicast
    TTL (IPv6: hops) and loop. Raises OSError."""
    if _MSG_ERRQUEUE:
        if sock.family == socket.AF_INET:
            sock.setsockopt(socket.IPPROTO_IP, _IP_RECVERR, 1)
        else:
            sock.setsockopt(socket.IPPROTO_IPV6, _IPV6_RECVERR, 1)
    if sock.family == socket.AF_INET:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1 if broadcast else 0)
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, multicast_ttl)
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1 if multicast_loop else 0)
    else:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, multicast_ttl)
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 1 if multicast_loop else 0)


def drain_error_queue(sock: socket.socket) -> list[Address | None]:
    """Read every ICMP error queued on ``sock``; returns the destinations of the datagrams that bounced."""
    out: list[Address | None] = []
    if not _MSG_ERRQUEUE:
        return out
    for _ in range(1024):
        try:
            _data, _anc, _flags, addr = sock.recvmsg(1, 512, _MSG_ERRQUEUE)
        except OSError:
            break
        out.append(Address.from_sockaddr(addr) if addr else None)
    return out


class _Source(asyncio.DatagramProtocol):
    def __init__(self, owner: UdpSession, sock: socket.socket):
        self.owner = owner
        self.sock = sock
        self.transport: asyncio.DatagramTransport | None = None
        self.errors = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # (asyncio's own is no DatagramTransport)

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        self.owner._datagram(data, addr)

    def error_received(self, exc: Exception) -> None:
        self.errors += 1
        # (with IP_RECVERR the error also waits in the error queue, keeping the socket readable: read it out)
        drain_error_queue(self.sock)

    def send(self, data: bytes, addr: tuple, limit: int) -> NetAssistError | None:
        """Send one datagram now, so that an error comes back here (None: it went, or is queued in order
        behind what the transport holds). ``limit`` bounds the transport's queue, as the session's own."""
        t = self.transport
        if t is None or t.is_closing():
            return PeerNotReading("the source's socket is closing")
        if waiting := t.get_write_buffer_size():
            if waiting + len(data) > limit:
                return PeerNotReading(f"the send queue is full ({waiting:,} bytes waiting)")
            t.sendto(data, addr)
            return None
        error: NetAssistError | None = None
        for _attempt in range(2):
            try:
                self.sock.sendto(data, addr)
                return None
            except (BlockingIOError, InterruptedError):
                t.sendto(data, addr)
                return None
            except ConnectionRefusedError as exc:  # an earlier datagram's ICMP error, pending: counted, sent again
                self.error_received(exc)
                error = from_os_error(exc, f"send to {Address.from_sockaddr(addr)}")
            except OSError as exc:
                return from_os_error(exc, f"send to {Address.from_sockaddr(addr)}")
        return error


class ExtraSources:
    """The extra sockets; ``addresses`` says where each is bound."""

    def __init__(self) -> None:
        self.sources: list[_Source] = []
        self.addresses: list[Address] = []
        #: Sends refused (an error, a full queue) over the sources' life; the last send's refusals and the
        #: last reason.
        self.refused = 0
        self.failed = 0
        self.failure: NetAssistError | None = None

    @classmethod
    async def open(cls, owner: UdpSession, local: tuple, family: socket.AddressFamily, count: int,
                   abandoned: Callable[[], bool] = lambda: False) -> ExtraSources:
        """``count`` sockets on the host of ``local`` (the session's own sockname; ephemeral ports), each set up
        as the session's own. Raises NetAssistError in words when the machine runs out of sockets, and closes
        what it opened whatever ends it (an error, a cancel). Stops early, returning what it opened, once
        ``abandoned()`` (the user closed the session meanwhile)."""
        out = cls()
        loop = asyncio.get_running_loop()
        try:
            for _ in range(count):
                if abandoned():
                    break
                sock = socket.socket(family, socket.SOCK_DGRAM)
                try:
                    sock.setblocking(False)
                    if family == socket.AF_INET6:
                        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                    sock.bind((local[0], 0, *local[2:]))
                    keep_udp_receiving(sock)
                    owner._apply_options(sock)
                    owner._apply_socket_options_to(sock)
                    source = _Source(owner, sock)
                    transport, _ = await loop.create_datagram_endpoint(lambda s=source: s, sock=sock)
                except BaseException:
                    sock.close()
                    raise
                transport.max_size = 65536  # type: ignore[attr-defined]  # (asyncio reads into 256 KiB otherwise)
                source.transport = transport  # type: ignore[assignment]  # (connection_made comes a turn later)
                out.sources.append(source)
                out.addresses.append(Address.from_sockaddr(sock.getsockname()))
        except BaseException as exc:
            which = len(out.sources) + 2  # (the session's own socket is source 1)
            out.close()
            if isinstance(exc, OSError):
                raise from_os_error(exc, f"open source {which:,} of {count + 1:,}") from None
            raise
        return out

    @property
    def errors(self) -> int:
        """Errors on the extra sources: ICMP errors reported to them, and sends refused."""
        return sum(s.errors for s in self.sources) + self.refused

    @property
    def sockets(self) -> list[socket.socket]:
        return [s.sock for s in self.sources if s.sock.fileno() != -1]

    def send(self, data: bytes, addr: tuple, limit: int) -> int:
        """Send from every source; returns how many went. Never raises: a source whose send fails or whose
        queue is full is skipped (``failed`` and ``failure`` say how many this time, and why)."""
        sent = failed = 0
        failure = None
        for s in self.sources:
            error = s.send(data, addr, limit)
            if error is None:
                sent += 1
            else:
                failed += 1
                failure = error
        self.failed, self.failure = failed, failure
        self.refused += failed
        return sent

    def close(self) -> None:
        for s in self.sources:
            if s.transport is not None:
                s.transport.close()
        self.sources.clear()
        self.addresses.clear()


__all__ = ["MAX_SOURCES", "ExtraSources", "drain_error_queue", "set_up"]
