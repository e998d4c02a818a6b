"""The sockets a UDP session sends from: their set-up (:func:`set_up`), and more sources: N−1 extra sockets
beside the session's own, on ephemeral ports of the same local address, so one page can load a UDP server as
many clients would (each its own source port). Each extra socket gets the page's settings as the session's own
does (broadcast, multicast TTL and loop, ICMP errors, the Advanced socket options). A send goes out from every
source, a TX record for each datagram that went; what comes back to any of them is received like the session's
own datagrams. Errors on an extra source (a refused send, an ICMP "port unreachable") are counted, not announced
per socket: the session says a failing run once, and its own socket already says an ICMP error once."""

from __future__ import annotations

import asyncio
import functools
import socket
from collections.abc import Callable

from app.core.errors import NetAssistError, PeerNotReading, from_os_error
from app.core.records import Address
from app.core.system import keep_udp_receiving
from app.net.datagram import drain_error_queue, read_size_64k, send_now

#: Most sources a UDP page opens.
MAX_SOURCES = 1000
#: What an extra source hands on: a datagram and where it came from (the session's own receive path).
OnDatagram = Callable[[bytes, tuple], None]
class _Source(asyncio.DatagramProtocol):
    def __init__(self, on_datagram: OnDatagram, sock: socket.socket):
        self.on_datagram = on_datagram
        self.sock = sock
        self.transport: asyncio.DatagramTransport | None = None
        self.errors = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # (asyncio's selector one is no DatagramTransport subclass on 3.11)

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        self.on_datagram(data, addr)

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
        dest = Address.from_sockaddr(addr)
        try:
            refused = send_now(self.sock, t, data, addr, limit, dest,
                               full="the send queue is full ({waiting:,} bytes waiting)")
        except NetAssistError as exc:
            return exc
        if refused is not None:  # an earlier datagram's ICMP error, pending: counted (this one went)
            self.error_received(refused)
        return None


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
    async def open(cls, on_datagram: OnDatagram, prepare: Callable[[socket.socket], None], local: tuple,
                   family: socket.AddressFamily, count: int,
                   abandoned: Callable[[], bool] = lambda: False) -> ExtraSources:
        """``count`` sockets on the host of ``local`` (the session's own sockname; ephemeral ports), each set up
        by ``prepare`` as the session's own, each handing what it receives to ``on_datagram``. Raises
        NetAssistError in words when the machine runs out of sockets, and closes what it opened whatever ends
        it (an error, a cancel). Stops early, returning what it opened, once ``abandoned()`` (the user closed
        the session meanwhile)."""
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
                    prepare(sock)
                    transport, source = await loop.create_datagram_endpoint(
                        functools.partial(_Source, on_datagram, sock), sock=sock)
                except BaseException:
                    sock.close()
                    raise
                read_size_64k(transport)
                source.transport = transport  # (connection_made comes a turn later)
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


__all__ = ["MAX_SOURCES", "ExtraSources"]
