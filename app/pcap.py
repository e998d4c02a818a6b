"""pcapng export of a session's ``.jsonl`` log, so Wireshark and tshark dissect what NetAssist saw.

A log keeps bytes, times, directions and the peer, not packets: the export makes the packets up around them.
Each data record becomes one UDP datagram, or one TCP segment (several past :data:`SEGMENT` bytes), between
the peer and a *local* address the log does not keep: it is taken from the session's ``listening`` /
``bound`` / ``connected`` notices where they name a concrete address, else the loopback address of the
peer's family, with port :data:`LOCAL_PORT` (a listening or bound side) or :data:`EPHEMERAL_PORT` upwards
(connections this side opened). Times are the records' own; RX and TX are marked inbound and outbound.

A TCP stream starts with a synthetic three-way handshake (at its connect notice, or at its first record),
counts every byte both ways in its sequence and acknowledgement numbers, and ends with a FIN exchange (an RST
for a reset) where the log says the peer finished or the connection closed, so ``tshark -z follow,tcp,raw,N``
gives back the logged bytes exactly. A stream still open at the end of the log is left open (the log may
have been cut). Checksums are right. A notice has no packet of its own: it is written as a comment on the
next packet (``frame.comment``); notices after the last packet are counted as skipped.

Limits the log imposes: a relay logs what each side sent it, not the copy it forwarded, so each leg here
shows what its far end sent (and bytes the user injected); its connections to the target all carry the
target's address, so those that overlap in time are one stream here. A datagram too large for an IP
packet (only a hand-made log has one) and a data record without a peer are skipped and counted.

Why the blocks and headers are written here with ``struct`` and not through a library: pcapng needs three
block types (section header, interface description, enhanced packet), and the headers are fixed layouts,
each one ``struct.pack`` plus an Internet checksum. Measured here: scapy (maintained; ``PcapNgWriter``) built
~1,200 Ether/IP/TCP packets a second, so a 100,000-record log would take a minute and a half, and it takes
over a second to import; dpkt (last release 2022) built ~33,000 a second but leaves the IPv6 payload length to
the caller and sends a UDP-over-IPv6 checksum of 0 (meaning "none", which IPv6 forbids) where it must send
0xFFFF; python-pcapng (last release 2022) writes the blocks only, so the headers would be ours anyway.
The tests read every exported file back with tshark, with checksum validation on.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from app.errors import FileProblem
from app.logs import load_jsonl, record_from_json
from app.records import Address, Direction, Notice, Record
from app.render import format_time

#: Session kinds (as a page's ``kind``), plus plain ``tcp`` for a TCP log of unknown kind.
KINDS = ("tcp-server", "tcp-client", "udp", "tcp-relay", "udp-relay", "tcp-clients", "tcp")
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

_MAC_LOCAL = bytes.fromhex("020000000001")
_MAC_PEER = bytes.fromhex("020000000002")
_TCP, _UDP = 6, 17
_FIN, _SYN, _RST, _PSH, _ACK = 0x01, 0x02, 0x04, 0x08, 0x10
#: Initial sequence numbers of the side that opens a connection and of the side that accepts it.
_ISN_OPENER, _ISN_ACCEPTER = 0x10000000, 0x20000000
#: SYN options: MSS, NOP, window scale 14 (a 1 GiB window: no "window full" on a one-way flood, since the
#: receiver's acknowledgements are only the ones its own data carries).
_SYN_OPTIONS = struct.pack("!BBHBBBB", 2, 4, SEGMENT, 1, 3, 3, 14)
_MAX_UDP = {False: 65535 - 20 - 8, True: 65535 - 8}


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote."""

    #: The session kind used (given, from the log's header line, or inferred from its notices).
    kind: str
    #: Packets written, synthetic ones (handshakes, FINs) included.
    packets: int
    #: TCP connections, or UDP conversations (distinct local/remote address pairs).
    streams: int
    #: Payload bytes written (the data records' bytes).
    bytes: int
    #: Data records written.
    records: int
    #: Notices written as packet comments.
    notices: int
    #: Notices not written (no packet came after them, or too many on one packet).
    skipped_notices: int
    #: Data records not written (no peer, or a datagram too large for an IP packet).
    skipped_records: int


@dataclass(frozen=True, slots=True)
class _End:
    """One end of a conversation: packed IP address, port, IPv6 or not."""

    ip: bytes
    port: int
    v6: bool


@dataclass(slots=True)
class _Tcp:
    """A synthetic TCP connection: the next sequence number each side sends, and who sent a FIN."""

    #: The address the log names it by (the peer; for tcp-clients the local end).
    key: Address
    local: _End
    remote: _End
    next_local: int
    next_remote: int
    fin_local: bool = False
    fin_remote: bool = False


@dataclass(slots=True)
class _Scan:
    """What a first, cheap pass over the log's notices tells (before any data record needs it)."""

    header_kind: str | None = None
    notice_kinds: set[str] = field(default_factory=set)
    relaying: bool = False
    relaying_udp: bool = False
    local: Address | None = None
    clients_target: Address | None = None
    relay_targets: set[Address] = field(default_factory=set)


# ------------------------------------------------------------------------------------------------ helpers
def _parse_address(text: str) -> Address | None:
    """``host:port`` or ``[v6]:port`` as written by ``str(Address)``; None if it is not one."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        return None
    return Address(host.strip("[]"), int(port))


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address (IPv4-mapped IPv6 as IPv4, a scope dropped), or None for anything else."""
    try:
        ip = ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _local_ip(host: str | None, v6: bool) -> bytes:
    """The local side's address for a peer of the given family: ``host`` where it is a concrete address of
    that family (not a wildcard or a group), else loopback."""
    ip = _ip(host) if host else None
    if (ip is None or (ip.version == 6) != v6 or ip.is_unspecified or ip.is_multicast
            or (isinstance(ip, ipaddress.IPv4Address) and ip == ipaddress.IPv4Address("255.255.255.255"))):
        ip = ipaddress.IPv6Address("::1") if v6 else ipaddress.IPv4Address("127.0.0.1")
    return ip.packed


def _checksum(header: bytes, payload: bytes = b"") -> int:
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


class _PcapNg:
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


# ------------------------------------------------------------------------------------------- first pass
def _scan(path: Path) -> _Scan:
    """Read the header line (if any) and every notice; data lines (the bulk) are not parsed."""
    scan = _Scan()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f):
            if not line.endswith("\n"):
                break  # a torn last line, as load_jsonl skips it
            if number == 0 and '"seq"' not in line:
                with contextlib.suppress(ValueError, RecursionError):
                    obj = json.loads(line)
                    if isinstance(obj, dict) and obj.get("kind") in KINDS:
                        scan.header_kind = obj["kind"]
                continue
            if '"notice":' not in line:  # a data line: hex and an address never spell this key
                continue
            try:
                notice = record_from_json(line).notice
            except (ValueError, KeyError, TypeError, RecursionError):
                continue
            if notice is None:
                continue
            scan.notice_kinds.add(notice.kind)
            args = notice.args
            if notice.kind in ("listening", "bound") and args:
                if notice.kind == "listening" and notice.text.startswith("relaying"):
                    scan.relaying = True
                    scan.relaying_udp = notice.text.startswith("relaying UDP")
                if scan.local is None:
                    scan.local = _parse_address(args[0])
            elif notice.kind == "connecting" and len(args) >= 2 and scan.clients_target is None:
                scan.clients_target = _parse_address(args[1])
            elif notice.kind == "relay-open" and len(args) >= 2 and (target := _parse_address(args[1])):
                scan.relay_targets.add(target)
    return scan


def _infer_kind(scan: _Scan) -> str:
    """The session kind from a header line, else from the notices only some kinds write; plain ``tcp``."""
    if scan.header_kind is not None:
        return scan.header_kind
    kinds = scan.notice_kinds
    if scan.relaying_udp or kinds & {"mapping-evicted", "mapping-expired", "mapping-closed", "held-full"}:
        return "udp-relay"
    if kinds & {"bound", "multicast-joined", "multicast-left"}:
        return "udp"
    if kinds & {"connecting", "connected-all"}:
        return "tcp-clients"
    if "relay-open" in kinds or scan.relaying:
        return "tcp-relay"
    if kinds & {"listening", "peer-connected", "peer-finished", "client-rejected"}:
        return "tcp-server"
    if kinds & {"connected", "reconnecting", "eof"}:
        return "tcp-client"
    return "tcp"


# ------------------------------------------------------------------------------------------ second pass
class _Exporter:
    """Turns records, in log order, into packets."""

    def __init__(self, out: _PcapNg, kind: str, scan: _Scan):
        self.out = out
        self.kind = kind
        self.udp = kind in UDP_KINDS
        #: The listening/bound address (updated by each such notice, first one known from the scan).
        self.local = scan.local
        self.clients_target = scan.clients_target
        self.relay_targets = set(scan.relay_targets)
        #: Open TCP connections by the record's peer (for tcp-clients: by its local end, as logged).
        self.live: dict[Address, _Tcp] = {}
        self.conversations: set[tuple[_End, _End]] = set()
        #: UDP ends by (peer, local address): None for a peer that is not an IP address.
        self.udp_ends: dict[tuple[Address, Address | None], tuple[_End, _End] | None] = {}
        self.ephemeral = EPHEMERAL_PORT
        self.pending: list[str] = []
        self.ident = 0
        self.streams = self.bytes = self.records = self.notices = 0
        self.skipped_notices = self.skipped_records = 0

    # ------------------------------------------------------------------------------------- records
    def record(self, rec: Record) -> None:
        if rec.direction is Direction.NOTICE:
            if rec.notice is not None:
                self._notice(rec, rec.notice)
            return
        if rec.peer is None:
            self.skipped_records += 1
            return
        if self.udp:
            self._datagram(rec, rec.peer)
            return
        conn = self.live.get(rec.peer) or self._open(rec.peer, rec.time_ms)
        if conn is None:
            self.skipped_records += 1
            return
        outbound = rec.direction is Direction.TX
        data = rec.data
        for i in range(0, len(data), SEGMENT):
            self._segment(conn, outbound, _PSH | _ACK, rec.time_ms, data[i:i + SEGMENT])
        self.records += 1
        self.bytes += len(data)

    def _datagram(self, rec: Record, peer: Address) -> None:
        key = (peer, self.local)
        if key not in self.udp_ends:
            self.udp_ends[key] = self._udp_ends(peer)
        ends = self.udp_ends[key]
        if ends is None or len(rec.data) > _MAX_UDP[ends[0].v6]:
            self.skipped_records += 1
            return
        local, remote = ends
        outbound = rec.direction is Direction.TX
        src, dst = (local, remote) if outbound else (remote, local)
        header = struct.pack("!HHHH", src.port, dst.port, 8 + len(rec.data), 0)
        self._write(rec.time_ms, src, dst, outbound, _UDP, header, 6, rec.data)
        self.records += 1
        self.bytes += len(rec.data)

    def _udp_ends(self, peer: Address) -> tuple[_End, _End] | None:
        """The local and remote ends of datagrams to or from ``peer`` (a new conversation counted)."""
        ip = _ip(peer.host)
        if ip is None:
            return None
        v6 = ip.version == 6
        local_port = self.local.port if self.local else LOCAL_PORT
        local = _End(_local_ip(self.local.host if self.local else None, v6), local_port, v6)
        remote = _End(ip.packed, peer.port, v6)
        if (local, remote) not in self.conversations:
            self.conversations.add((local, remote))
            self.streams += 1
        return local, remote

    # ------------------------------------------------------------------------------------- notices
    def _notice(self, rec: Record, notice: Notice) -> None:
        if len(self.pending) < MAX_COMMENTS:
            detail = f" ({notice.detail})" if notice.detail and notice.detail not in notice.text else ""
            self.pending.append(f"NetAssist {format_time(rec.time_ms)} {notice.kind}: {notice.text}{detail}")
        else:
            self.skipped_notices += 1
        kind, args, peer, t = notice.kind, notice.args, rec.peer, rec.time_ms
        if kind in ("listening", "bound") and args:
            self.local = _parse_address(args[0]) or self.local
        elif kind == "connecting" and len(args) >= 2:
            self.clients_target = _parse_address(args[1]) or self.clients_target
        elif kind == "relay-open" and len(args) >= 2 and (target := _parse_address(args[1])):
            self.relay_targets.add(target)
            if not self.udp and target not in self.live:  # the relay connected to its target
                self._open(target, t)
        if self.udp:
            return
        if kind in ("connected", "peer-connected") and peer is not None:
            hint = _parse_address(args[1]) if kind == "connected" and len(args) >= 2 else None
            self._open(peer, t, hint)
        elif kind in ("peer-finished", "eof") and peer in self.live:
            self._fin(self.live[peer], t, from_local=False)
        elif kind == "peer-disconnected" and peer in self.live:
            self._close(self.live[peer], t, notice.detail)
            if self.kind == "tcp-relay" and not any(p not in self.relay_targets for p in self.live):
                for target in [p for p in self.live if p in self.relay_targets]:  # no client left
                    self._close(self.live[target], t, "")
        elif kind == "closed":
            for conn in list(self.live.values()):
                self._close(conn, t, "")

    # --------------------------------------------------------------------------------- connections
    def _next_ephemeral(self) -> int:
        port = self.ephemeral
        self.ephemeral = EPHEMERAL_PORT if port >= 65535 else port + 1
        return port

    def _open(self, key: Address, t: int, hint: Address | None = None) -> _Tcp | None:
        """A new connection for ``key`` with its handshake; None if its address is not an IP address.
        A connection still open under the same key ended without the log saying so: it is closed first."""
        if key in self.live:
            self._close(self.live[key], t, "")
        if self.kind == "tcp-clients":  # logged by the local end; the remote end is the target
            target = self.clients_target
            remote_ip = _ip(target.host) if target else None
            local_ip = _ip(key.host)
            if local_ip is None:
                return None
            v6 = local_ip.version == 6
            if remote_ip is None or (remote_ip.version == 6) != v6:
                remote_ip = ipaddress.IPv6Address("::1") if v6 else ipaddress.IPv4Address("127.0.0.1")
            remote = _End(remote_ip.packed, target.port if target else LOCAL_PORT, v6)
            local = _End(_local_ip(key.host, v6), key.port, v6)
            opener_is_local = True
        else:
            ip = _ip(key.host)
            if ip is None:
                return None
            v6 = ip.version == 6
            remote = _End(ip.packed, key.port, v6)
            opener_is_local = hint is not None or self.kind == "tcp-client" or key in self.relay_targets
            if hint is not None:
                local_addr = hint
            elif opener_is_local:
                local_addr = Address(self.local.host if self.local else "", self._next_ephemeral())
            else:
                local_addr = self.local or Address("", LOCAL_PORT)
            local = _End(_local_ip(local_addr.host, v6), local_addr.port, v6)
        if (local.ip, local.port) == (remote.ip, remote.port):  # cannot be both ends
            local = _End(local.ip, self._next_ephemeral(), v6)
        isn_local, isn_remote = (_ISN_OPENER, _ISN_ACCEPTER) if opener_is_local else (_ISN_ACCEPTER, _ISN_OPENER)
        conn = _Tcp(key, local, remote, isn_local, isn_remote)
        self.live[key] = conn
        self.streams += 1
        self._segment(conn, opener_is_local, _SYN, t, b"", ack=False, options=_SYN_OPTIONS)
        self._segment(conn, not opener_is_local, _SYN | _ACK, t, b"", options=_SYN_OPTIONS)
        self._segment(conn, opener_is_local, _ACK, t, b"")
        return conn

    def _fin(self, conn: _Tcp, t: int, *, from_local: bool) -> None:
        """One side finishes sending: its FIN, and the other side's acknowledgement."""
        if (conn.fin_local if from_local else conn.fin_remote):
            return
        self._segment(conn, from_local, _FIN | _ACK, t, b"")
        if from_local:
            conn.fin_local = True
        else:
            conn.fin_remote = True
        self._segment(conn, not from_local, _ACK, t, b"")

    def _close(self, conn: _Tcp, t: int, reason: str) -> None:
        """The connection ends: an RST from the peer for a reset, else both FINs (the closer's first)."""
        if self.live.get(conn.key) is conn:
            del self.live[conn.key]
        if reason in ("reset", "error"):
            self._segment(conn, False, _RST | _ACK, t, b"")
            return
        local_first = reason != "closed-by-peer"
        self._fin(conn, t, from_local=local_first)
        self._fin(conn, t, from_local=not local_first)

    def _segment(self, conn: _Tcp, from_local: bool, flags: int, t: int, payload: bytes, *, ack: bool = True,
                 options: bytes = b"") -> None:
        if from_local:
            src, dst, seq, ackno = conn.local, conn.remote, conn.next_local, conn.next_remote
        else:
            src, dst, seq, ackno = conn.remote, conn.local, conn.next_remote, conn.next_local
        advance = len(payload) + (1 if flags & (_SYN | _FIN) else 0)
        if from_local:
            conn.next_local = (seq + advance) & 0xFFFFFFFF
        else:
            conn.next_remote = (seq + advance) & 0xFFFFFFFF
        offset = (20 + len(options)) // 4
        header = struct.pack("!HHIIBBHHH", src.port, dst.port, seq, ackno if ack else 0, offset << 4, flags,
                             0xFFFF, 0, 0) + options
        self._write(t, src, dst, from_local, _TCP, header, 16, payload)

    # -------------------------------------------------------------------------------------- frames
    def _write(self, t: int, src: _End, dst: _End, outbound: bool, proto: int, header: bytes, at: int,
               payload: bytes) -> None:
        """An Ethernet frame around an IP packet around ``header`` + ``payload``; the transport checksum
        (at byte ``at`` of ``header``) is filled in over the pseudo-header."""
        length = len(header) + len(payload)
        if src.v6:
            pseudo = src.ip + dst.ip + struct.pack("!I3xB", length, proto)
            ip_header = struct.pack("!IHBB", 0x60000000, length, proto, 64) + src.ip + dst.ip
            ethertype = 0x86DD
        else:
            pseudo = src.ip + dst.ip + struct.pack("!xBH", proto, length)
            self.ident = (self.ident + 1) & 0xFFFF
            ip_header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + length, self.ident, 0x4000, 64, proto, 0,
                                    src.ip, dst.ip)
            ip_header = ip_header[:10] + struct.pack("!H", _checksum(ip_header)) + ip_header[12:]
            ethertype = 0x0800
        csum = _checksum(pseudo + header, payload)
        if proto == _UDP and csum == 0:
            csum = 0xFFFF
        header = header[:at] + struct.pack("!H", csum) + header[at + 2:]
        macs = _MAC_PEER + _MAC_LOCAL if outbound else _MAC_LOCAL + _MAC_PEER
        frame = b"".join((macs, struct.pack("!H", ethertype), ip_header, header, payload))
        comments = self.pending
        if comments:
            self.notices += len(comments)
            self.pending = []
        self.out.packet(t * 1000, frame, not outbound, comments)


# ----------------------------------------------------------------------------------------------------- api
def export_pcapng(src: str | Path, dst: str | Path, *, kind: str | None = None) -> ExportSummary:
    """Write the ``.jsonl`` session log ``src`` as the pcapng file ``dst`` (see the module docstring).

    ``kind`` is the session kind (``tcp-server``, ``tcp-client``, ``udp``, ``tcp-relay``, ``udp-relay``,
    ``tcp-clients``, or plain ``tcp``); None takes it from the log's header line (a first line that is an
    object with ``"kind"`` and no ``"seq"``) or infers it from the notices (``bound`` is UDP, and so on).
    ``dst`` is written whole or not at all (through a ``.part`` file renamed at the end). Raises
    :class:`FileProblem` in words when a file cannot be read or written, ``ValueError`` for an unknown kind.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown session kind {kind!r}: one of {', '.join(KINDS)}")
    src, dst = Path(src), Path(dst)
    try:
        scan = _scan(src)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FileProblem(f"cannot read {src}: {reason}") from None
    kind = kind or _infer_kind(scan)
    part = dst.with_name(dst.name + ".part")
    try:
        with open(part, "wb", buffering=1 << 20) as f:
            out = _PcapNg(f, f"Exported by NetAssist from {src.name} ({kind}). The Ethernet, IP and TCP/UDP "
                             "headers are synthetic (the log keeps the bytes, times and peers); the local "
                             "address is the session's where its notices say it, else loopback.")
            exporter = _Exporter(out, kind, scan)
            for rec in load_jsonl(src):
                exporter.record(rec)
        os.replace(part, dst)
    except (OSError, UnicodeDecodeError) as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FileProblem(f"exporting {src} to {dst} failed: {reason}") from None
    return ExportSummary(kind=kind, packets=out.packets, streams=exporter.streams, bytes=exporter.bytes,
                         records=exporter.records, notices=exporter.notices,
                         skipped_notices=exporter.skipped_notices + len(exporter.pending),
                         skipped_records=exporter.skipped_records)


__all__ = ["KINDS", "ExportSummary", "export_pcapng"]
