"""Datagram sockets, shared by the UDP page, its extra sources and the UDP relay: their set-up (ICMP errors
reported, broadcast, multicast), reading out queued ICMP errors, and the one way a datagram is sent — now, so
that an error comes back in words, or queued in order behind what the transport already holds, within the
send bound."""

from __future__ import annotations

import asyncio
import socket

from app.core.errors import PeerNotReading, from_os_error
from app.core.records import Address
from app.core.system import IP_RECVERR, IPV6_RECVERR, MSG_ERRQUEUE

# Linux drops ICMP errors for unconnected UDP sockets unless IP_RECVERR is on; with it on, each error also
# waits in the socket's error queue (keeping it readable) until read with MSG_ERRQUEUE.
_IP_RECVERR = IP_RECVERR if IP_RECVERR is not None else 11
_IPV6_RECVERR = IPV6_RECVERR if IPV6_RECVERR is not None else 25
_MSG_ERRQUEUE = MSG_ERRQUEUE


def read_size_64k(transport: asyncio.BaseTransport) -> None:
    """asyncio reads each datagram into a fresh 256 KiB buffer; no datagram is larger than 64 KiB."""
    transport.max_size = 65536  # type: ignore[attr-defined]  # (a private attribute of asyncio's datagram transports)


def queued_bytes(transport: asyncio.DatagramTransport) -> int:
    """Bytes the transport holds, not sent yet."""
    # every asyncio datagram transport (selector or proactor) has it; typeshed's DatagramTransport does not say so
    return transport.get_write_buffer_size()  # type: ignore[attr-defined]


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


def send_now(sock: socket.socket, transport: asyncio.DatagramTransport | None, data: bytes, addr: tuple | None,
              limit: int, dest: object, full: str = "") -> ConnectionRefusedError | None:
    """Send one datagram now, so that errors come here in words (or, in order, behind what the transport
    queued); raises NetAssistError (``full``: the words for a full queue, else "the send queue towards DEST
    is full"). ``addr`` None sends on a connected socket. Returns the ICMP error an earlier datagram left
    (this one went anyway): the caller reports it."""
    if transport is not None and (waiting := queued_bytes(transport)):
        if waiting + len(data) > limit:
            raise PeerNotReading(full.format(waiting=waiting) if full else
                                 f"the send queue towards {dest} is full ({waiting:,} bytes waiting)")
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
