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
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import FileProblem, InvalidLog
from app.core.records import Address, Direction, Notice, Record
from app.export.logs import SkippedLines, load_jsonl
from app.export.pcap_format import (
    ACK,
    EPHEMERAL_PORT,
    FIN,
    ISN_ACCEPTER,
    ISN_OPENER,
    KINDS,
    LOCAL_PORT,
    MAC_LOCAL,
    MAC_PEER,
    MAX_COMMENTS,
    MAX_UDP,
    PROTO_TCP,
    PROTO_UDP,
    PSH,
    RST,
    SEGMENT,
    SYN,
    SYN_OPTIONS,
    UDP_KINDS,
    End,
    PcapNg,
    internet_checksum,
    ip_address_of,
    local_ip_bytes,
    parse_address,
)
from app.export.pcap_scan import Scan, infer_kind, scan_log
from app.view.render import format_time


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


@dataclass(slots=True)
class _Tcp:
    """A synthetic TCP connection: the next sequence number each side sends, and who sent a FIN."""

    #: The address the log names it by (the peer; for tcp-clients the local end).
    key: Address
    local: End
    remote: End
    next_local: int
    next_remote: int
    fin_local: bool = False
    fin_remote: bool = False


# ------------------------------------------------------------------------------------------ second pass
class _Exporter:
    """Turns records, in log order, into packets."""

    def __init__(self, out: PcapNg, kind: str, scan: Scan):
        self.out = out
        self.kind = kind
        self.udp = kind in UDP_KINDS
        #: The listening/bound address (updated by each such notice, first one known from the scan).
        self.local = scan.local
        self.clients_target = scan.clients_target
        self.relay_targets = set(scan.relay_targets)
        #: Open TCP connections by the record's peer (for tcp-clients: by its local end, as logged).
        self.live: dict[Address, _Tcp] = {}
        self.conversations: set[tuple[End, End]] = set()
        #: UDP ends by (peer, local address): None for a peer that is not an IP address.
        self.udp_ends: dict[tuple[Address, Address | None], tuple[End, End] | None] = {}
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
            self._segment(conn, outbound, PSH | ACK, rec.time_ms, data[i:i + SEGMENT])
        self.records += 1
        self.bytes += len(data)

    def _datagram(self, rec: Record, peer: Address) -> None:
        key = (peer, self.local)
        if key not in self.udp_ends:
            self.udp_ends[key] = self._udp_ends(peer)
        ends = self.udp_ends[key]
        if ends is None or len(rec.data) > MAX_UDP[ends[0].v6]:
            self.skipped_records += 1
            return
        local, remote = ends
        outbound = rec.direction is Direction.TX
        src, dst = (local, remote) if outbound else (remote, local)
        header = struct.pack("!HHHH", src.port, dst.port, 8 + len(rec.data), 0)
        self._write(rec.time_ms, src, dst, outbound, PROTO_UDP, header, 6, rec.data)
        self.records += 1
        self.bytes += len(rec.data)

    def _udp_ends(self, peer: Address) -> tuple[End, End] | None:
        """The local and remote ends of datagrams to or from ``peer`` (a new conversation counted)."""
        ip = ip_address_of(peer.host)
        if ip is None:
            return None
        v6 = ip.version == 6
        local_port = self.local.port if self.local else LOCAL_PORT
        local = End(local_ip_bytes(self.local.host if self.local else None, v6), local_port, v6)
        remote = End(ip.packed, peer.port, v6)
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
            self.local = parse_address(args[0]) or self.local
        elif kind == "connecting" and len(args) >= 2:
            self.clients_target = parse_address(args[1]) or self.clients_target
        elif kind == "relay-open" and len(args) >= 2 and (target := parse_address(args[1])):
            self.relay_targets.add(target)
            if not self.udp and target not in self.live:  # the relay connected to its target
                self._open(target, t)
        if self.udp:
            return
        if kind in ("connected", "peer-connected") and peer is not None:
            hint = parse_address(args[1]) if kind == "connected" and len(args) >= 2 else None
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
            remote_ip = ip_address_of(target.host) if target else None
            local_ip = ip_address_of(key.host)
            if local_ip is None:
                return None
            v6 = local_ip.version == 6
            if remote_ip is None or (remote_ip.version == 6) != v6:
                remote_ip = ipaddress.IPv6Address("::1") if v6 else ipaddress.IPv4Address("127.0.0.1")
            remote = End(remote_ip.packed, target.port if target else LOCAL_PORT, v6)
            local = End(local_ip_bytes(key.host, v6), key.port, v6)
            opener_is_local = True
        else:
            ip = ip_address_of(key.host)
            if ip is None:
                return None
            v6 = ip.version == 6
            remote = End(ip.packed, key.port, v6)
            opener_is_local = (hint is not None or self.kind in ("tcp-client", "ws-client")
                               or key in self.relay_targets)
            if hint is not None:
                local_addr = hint
            elif opener_is_local:
                local_addr = Address(self.local.host if self.local else "", self._next_ephemeral())
            else:
                local_addr = self.local or Address("", LOCAL_PORT)
            local = End(local_ip_bytes(local_addr.host, v6), local_addr.port, v6)
        if (local.ip, local.port) == (remote.ip, remote.port):  # cannot be both ends
            local = End(local.ip, self._next_ephemeral(), v6)
        isn_local, isn_remote = (ISN_OPENER, ISN_ACCEPTER) if opener_is_local else (ISN_ACCEPTER, ISN_OPENER)
        conn = _Tcp(key, local, remote, isn_local, isn_remote)
        self.live[key] = conn
        self.streams += 1
        self._segment(conn, opener_is_local, SYN, t, b"", ack=False, options=SYN_OPTIONS)
        self._segment(conn, not opener_is_local, SYN | ACK, t, b"", options=SYN_OPTIONS)
        self._segment(conn, opener_is_local, ACK, t, b"")
        return conn

    def _fin(self, conn: _Tcp, t: int, *, from_local: bool) -> None:
        """One side finishes sending: its FIN, and the other side's acknowledgement."""
        if (conn.fin_local if from_local else conn.fin_remote):
            return
        self._segment(conn, from_local, FIN | ACK, t, b"")
        if from_local:
            conn.fin_local = True
        else:
            conn.fin_remote = True
        self._segment(conn, not from_local, ACK, t, b"")

    def _close(self, conn: _Tcp, t: int, reason: str) -> None:
        """The connection ends: an RST from the peer for a reset, else both FINs (the closer's first)."""
        if self.live.get(conn.key) is conn:
            del self.live[conn.key]
        if reason in ("reset", "error"):
            self._segment(conn, False, RST | ACK, t, b"")
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
        advance = len(payload) + (1 if flags & (SYN | FIN) else 0)
        if from_local:
            conn.next_local = (seq + advance) & 0xFFFFFFFF
        else:
            conn.next_remote = (seq + advance) & 0xFFFFFFFF
        offset = (20 + len(options)) // 4
        header = struct.pack("!HHIIBBHHH", src.port, dst.port, seq, ackno if ack else 0, offset << 4, flags,
                             0xFFFF, 0, 0) + options
        self._write(t, src, dst, from_local, PROTO_TCP, header, 16, payload)

    # -------------------------------------------------------------------------------------- frames
    def _write(self, t: int, src: End, dst: End, outbound: bool, proto: int, header: bytes, at: int,
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
            ip_header = ip_header[:10] + struct.pack("!H", internet_checksum(ip_header)) + ip_header[12:]
            ethertype = 0x0800
        csum = internet_checksum(pseudo + header, payload)
        if proto == PROTO_UDP and csum == 0:
            csum = 0xFFFF
        header = header[:at] + struct.pack("!H", csum) + header[at + 2:]
        macs = MAC_PEER + MAC_LOCAL if outbound else MAC_LOCAL + MAC_PEER
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
    :class:`FileProblem` in words when a file cannot be read or written (or is not a regular file),
    :class:`InvalidLog` naming a line that is not a record, ``ValueError`` for an unknown kind.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown session kind {kind!r}: one of {', '.join(KINDS)}")
    src, dst = Path(src), Path(dst)
    try:
        scan = scan_log(src)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FileProblem(f"cannot read {src}: {reason}") from None
    kind = kind or infer_kind(scan)
    part = dst.with_name(dst.name + ".part")
    try:
        with open(part, "wb", buffering=1 << 20) as f:
            out = PcapNg(f, f"Exported by NetAssist from {src.name} ({kind}). The Ethernet, IP and TCP/UDP "
                             "headers are synthetic (the log keeps the bytes, times and peers); the local "
                             "address is the session's where its notices say it, else loopback.")
            exporter = _Exporter(out, kind, scan)
            skipped = SkippedLines()
            for rec in load_jsonl(src, skipped):
                if skipped:
                    break
                exporter.record(rec)
            if skipped:  # a line that is not a record: named, and nothing is exported (no silent hole)
                raise InvalidLog(f"{src}: {skipped.words()}; nothing was exported")
        os.replace(part, dst)
    except InvalidLog:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FileProblem(f"exporting {src} to {dst} failed: {reason}") from None
    return ExportSummary(kind=kind, packets=out.packets, streams=exporter.streams, bytes=exporter.bytes,
                         records=exporter.records, notices=exporter.notices,
                         skipped_notices=exporter.skipped_notices + len(exporter.pending),
                         skipped_records=exporter.skipped_records)


__all__ = ["KINDS", "ExportSummary", "export_pcapng"]
