"""More sources for a UDP session: N−1 extra sockets beside the session's own, on ephemeral ports of the same
local address, so one page can load a UDP server as many clients would (each its own source port). A send
goes out from every source (a TX record each); what comes back to any of them is received like the session's
own datagrams. Errors on an extra source (an ICMP "port unreachable") are counted, not announced per socket:
the session's own socket already says the same thing once."""

from __future__ import annotations

import asyncio
import socket
from typing import TYPE_CHECKING

from app.errors import PeerNotReading, from_os_error
from app.records import Address

if TYPE_CHECKING:
    from app.udp import UdpSession

#: Most sources a UDP page opens.
MAX_SOURCES = 1000


class _Source(asyncio.DatagramProtocol):
    def __init__(self, owner: UdpSession):
        self.owner = owner
        self.transport: asyncio.DatagramTransport | None = None
        self.errors = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # (asyncio's own is no DatagramTransport)

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        self.owner._datagram(data, addr)

    def error_received(self, exc: Exception) -> None:
        self.errors += 1


class ExtraSources:
    """The extra sockets; ``addresses`` says where each is bound."""

    def __init__(self) -> None:
        self.sources: list[_Source] = []
        self.addresses: list[Address] = []

    @classmethod
    async def open(cls, owner: UdpSession, host: str, family: socket.AddressFamily, count: int) -> ExtraSources:
        """``count`` sockets on ``host`` (ephemeral ports). Raises NetAssistError in words (closing what it
        opened) when the machine runs out of sockets."""
        out = cls()
        loop = asyncio.get_running_loop()
        try:
            for _ in range(count):
                transport, proto = await loop.create_datagram_endpoint(lambda: _Source(owner),
                                                                       local_addr=(host, 0), family=family)
                assert isinstance(proto, _Source)
                proto.transport = transport  # type: ignore[assignment]  # (connection_made comes a turn later)
                out.sources.append(proto)
                out.addresses.append(Address.from_sockaddr(transport.get_extra_info("sockname")))
        except OSError as exc:
            out.close()
            raise from_os_error(exc, f"open source {len(out.sources) + 2} of {count + 1}") from None
        return out

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.sources)

    def send(self, data: bytes, addr: tuple, limit: int) -> int:
        """Send from every source; returns how many went (a source whose queue is full is skipped)."""
        sent = 0
        for s in self.sources:
            t = s.transport
            if t is None or t.is_closing():
                continue
            if t.get_write_buffer_size() + len(data) > limit:
                continue
            try:
                t.sendto(data, addr)
            except OSError:
                s.errors += 1
                continue
            sent += 1
        if self.sources and not sent:
            raise PeerNotReading("no source could send: their send queues are full")
        return sent

    def close(self) -> None:
        for s in self.sources:
            if s.transport is not None:
                s.transport.close()
        self.sources.clear()
        self.addresses.clear()


__all__ = ["MAX_SOURCES", "ExtraSources"]
