"""The pcapng file format and synthetic Ethernet/IP/TCP/UDP headers for :mod:`app.export.pcap`: three block types
(section header, interface description, enhanced packet), fixed header layouts, Internet checksums."""

from __future__ import annotations

import ipaddress
import struct
from dataclasses import dataclass
from typing import BinaryIO

from app.core.records import Address

#: Session kinds (as a page's ``kind``), plus plain ``tcp`` for a TCP log of unknown kind.
#: (WebSocket kinds are exported as TCP: each message's payload as TCP payload; frames are not made up again)
KINDS = ("tcp-server", "tcp-client", "udp", "tcp-relay", "udp-relay", "tcp-clients", "ws-server", "ws-client", "tcp")
UDP_KINDS = frozenset({"udp", "udp-relay"})
#: The local port of a listening or bound side whose notices the log does not have.
LOCAL_PORT = 50000
#: The first local port of connections this side opened, where the log does not say which port they had.
EPHEMERAL_PORT = 50001
#: TCP payload per segment: fits an IPv4 packet (65,535 bytes with 40 bytes of headers) and an IPv6 one.
SEGMENT = 65000
#: At most this many notices ride on one packet as comments; more are counted as skipped.
MAX_COMMENTS = 64
#: A notice's comment is cut to this many bytes of UTF-8 (a pcapng option holds at most 65,535).
MAX_COMMENT_BYTES = 4096

MAC_LOCAL = bytes.fromhex("020000000001")
MAC_PEER = bytes.fromhex("020000000002")
PROTO_TCP, PROTO_UDP = 6, 17
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
#: Initial sequence numbers of the side that opens a connection and of the side that accepts it.
ISN_OPENER, ISN_ACCEPTER = 0x10000000, 0x20000000
#: SYN options: MSS, NOP, window scale 14 (a 1 GiB window: no "window full" on a one-way flood, since the
#: receiver's acknowledgements are only the ones its own data carries).
SYN_OPTIONS = struct.pack("!BBHBBBB", 2, 4, SEGMENT, 1, 3, 3, 14)
MAX_UDP = {False: 65535 - 20 - 8, True: 65535 - 8}


@dataclass(frozen=True, slots=True)
class End:
    """One end of a conversation: packed IP address, port, IPv6 or not."""

    ip: bytes
    port: int
    v6: bool


def parse_address(text: str) -> Address | None:
    """``host:port`` or ``[v6]:port`` as written by ``str(Address)``; None if it is not one."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        return None
    return Address(host.strip("[]"), int(port))


def ip_address_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address (IPv4-mapped IPv6 as IPv4, a scope dropped), or None for anything else."""
    try:
        ip = ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def local_ip_bytes(host: str | None, v6: bool) -> bytes:
    """The local side's address for a peer of the given family: ``host`` where it is a concrete address of
    that family (not a wildcard or a group), else loopback."""
    ip = ip_address_of(host) if host else None
    if (ip is None or (ip.version == 6) != v6 or ip.is_unspecified or ip.is_multicast
            or (isinstance(ip, ipaddress.IPv4Address) and ip == ipaddress.IPv4Address("255.255.255.255"))):
        ip = ipaddress.IPv6Address("::1") if v6 else ipaddress.IPv4Address("127.0.0.1")
    return ip.packed


def internet_checksum(header: bytes, payload: bytes = b"") -> int:
    """The Internet checksum (RFC 1071) over ``header`` (even length) then ``payload``.

    The ones' complement sum of 16-bit words is the big-endian number they spell modulo 0xFFFF (2**16 is 1
    modulo 0xFFFF), which ``int.from_bytes`` computes in C: a 64 KiB payload costs microseconds.
    """
    if len(payload) & 1:
        payload += b"\0"
    total = int.from_bytes(header, "big") + int.from_bytes(payload, "big")
    if total == 0:
        return 0xFFFF
    folded = total % 0xFFFF or 0xFFFF
    return 0xFFFF - folded


def _option(code: int, value: bytes) -> bytes:
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def _block(block_type: int, body: bytes) -> bytes:
    n = 12 + len(body)
    return struct.pack("<II", block_type, n) + body + struct.pack("<I", n)


class PcapNg:
    """A little-endian pcapng file with one Ethernet interface, microsecond timestamps."""

    def __init__(self, f: BinaryIO, comment: str):
        self.f = f
        self.packets = 0
        shb_opts = _option(1, comment.encode()) + _option(4, b"NetAssist") + _option(0, b"")
        self.f.write(_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + shb_opts))
        idb_opts = _option(2, b"netassist") + _option(0, b"")
        self.f.write(_block(1, struct.pack("<HHI", 1, 0, 0) + idb_opts))  # linktype 1: Ethernet; no snaplen

    def packet(self, ts_us: int, frame: bytes, inbound: bool, comments: list[str]) -> None:
        opts = _option(2, struct.pack("<I", 1 if inbound else 2))  # epb_flags: direction
        for text in comments:
            opts += _option(1, text.encode("utf-8")[:MAX_COMMENT_BYTES].decode("utf-8", "ignore").encode())
        opts += _option(0, b"")
        n = len(frame)
        body = struct.pack("<IIIII", 0, (ts_us >> 32) & 0xFFFFFFFF, ts_us & 0xFFFFFFFF, n, n)
        self.f.write(_block(6, body + frame + b"\0" * (-n % 4) + opts))
        self.packets += 1
