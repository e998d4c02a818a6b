"""pcapng export: real loopback sessions logged to ``.jsonl``, exported, and read back with Debian's tshark.

What tshark must see: every packet readable with checksum validation on and no expert warning, the TCP stream
followed (``-z follow,tcp,raw``) giving back exactly the logged bytes each way (binary, non-ASCII, a chunk past
64 KiB), the records' own times, and UDP payloads equal to the logged datagrams.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.addresses import has_ipv6_loopback
from app.core.errors import FileProblem
from app.core.records import Direction, Record
from app.export.logs import SessionLogger, load_jsonl
from app.export.pcap import SEGMENT, export_pcapng
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession
from tests.app.helpers import Watch, read_exactly, start_echo_server

TSHARK = shutil.which("tshark")
needs_tshark = pytest.mark.skipif(TSHARK is None,
                                  reason="tshark is not installed (tools/bootstrap.sh test installs it)")
HOSTS = ["127.0.0.1"] + (["::1"] if has_ipv6_loopback() else [])
#: Checksums validated; anything Wireshark's expert info rates a warning or an error (severity >= warning).
BAD = "_ws.expert.severity >= 6291456 || _ws.malformed || tcp.checksum.status == 0 || udp.checksum.status == 0"


def tshark(path: Path, *args: str) -> str:
    """Run tshark on ``path`` with checksum validation on, a config folder of its own, numeric addresses."""
    assert TSHARK is not None
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(path.parent / "wireshark-config"))
    checks = ("-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE")
    done = subprocess.run([TSHARK, "-n", "-r", str(path), *checks, *args], capture_output=True, text=True,
                          timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def assert_clean(path: Path) -> None:
    """tshark reads every packet, with no bad checksum, malformed packet or expert warning."""
    assert tshark(path).count("\n") > 0
    assert tshark(path, "-Y", BAD) == ""


def follow(path: Path, stream: int = 0) -> tuple[str, str, bytes, bytes]:
    """``-z follow,tcp,raw``: both nodes' addresses and what each sent (node 0 opened the connection)."""
    out = tshark(path, "-q", "-z", f"follow,tcp,raw,{stream}")
    nodes: list[str] = []
    sent = [bytearray(), bytearray()]
    for line in out.splitlines():
        if line.startswith("Node "):
            nodes.append(line.split(": ", 1)[1])
        elif len(nodes) == 2 and line.strip() and not line.startswith("="):
            sent[1 if line.startswith("\t") else 0] += bytes.fromhex(line.strip())
    assert len(nodes) == 2, out
    return nodes[0], nodes[1], bytes(sent[0]), bytes(sent[1])


def logged(path: Path, direction: Direction) -> list[Record]:
    return [r for r in load_jsonl(path) if r.direction is direction]


@needs_tshark
@pytest.mark.parametrize("host", HOSTS)
async def test_tcp_server_log_follows_back_byte_exact(tmp_path: Path, host: str) -> None:
    log, pcap = tmp_path / "server.jsonl", tmp_path / "server.pcapng"
    server = TcpServerSession(host, 0)
    w = Watch(server)
    logger = SessionLogger(server, jsonl_path=log)
    await server.open()
    reader, writer = await asyncio.open_connection(host, server.local_address.port)
    client_port = writer.get_extra_info("sockname")[1]
    await w.until(lambda: len(server.peers) == 1)
    up = "你好，世界".encode() + "数据".encode("gbk") + bytes(range(256)) + b"\r\n\x00"
    writer.write(up)
    await w.until_rx(len(up))
    down = random.Random(7).randbytes(150_000)  # one record, three segments
    server.send(down)
    assert await read_exactly(reader, len(down)) == down
    tail = b"\xff\xfe\x00 tail"
    writer.write(tail)
    await w.until_rx(len(up) + len(tail))
    writer.close()
    await w.until(lambda: "peer-finished" in w.notices())
    await server.close()
    logger.close()

    summary = export_pcapng(log, pcap)
    assert summary.kind == "tcp-server"  # inferred from the notices
    assert (summary.streams, summary.bytes, summary.skipped_records) == (1, len(up) + len(tail) + len(down), 0)
    assert summary.notices >= 3  # listening, peer-connected, peer-finished … ride on packets as comments
    assert_clean(pcap)

    node0, node1, from0, from1 = follow(pcap)
    assert node0.endswith(f":{client_port}") and node1.endswith(f":{server.local_address.port}")
    assert from0 == b"".join(r.data for r in logged(log, Direction.RX)) == up + tail
    assert from1 == b"".join(r.data for r in logged(log, Direction.TX)) == down

    # each data segment carries its record's time, inbound when the client sent it
    rows = [line.split("\t") for line in tshark(pcap, "-Y", "tcp.len > 0", "-T", "fields", "-e", "frame.time_epoch",
                                                   "-e", "tcp.srcport", "-e", "frame.packet_flags_direction",
                                                   "-e", "tcp.len").splitlines()]
    expected = []
    for rec in logged(log, Direction.RX) + logged(log, Direction.TX):
        n = len(rec.data)
        for i in range(0, n, SEGMENT):
            expected.append((rec.seq, rec.time_ms, rec.direction, min(SEGMENT, n - i)))
    expected.sort(key=lambda e: e[0])
    assert [(round(float(t) * 1000), int(port), int(flags, 16), int(n)) for t, port, flags, n in rows] == [
        (t, client_port if d is Direction.RX else server.local_address.port, 1 if d is Direction.RX else 2, n)
        for _, t, d, n in expected]

    comments = tshark(pcap, "-Y", "frame.comment", "-T", "fields", "-e", "frame.comment")
    assert "listening" in comments and "peer-connected" in comments and "peer-finished" in comments


@needs_tshark
async def test_tcp_client_log_keeps_the_clients_port(tmp_path: Path) -> None:
    log, pcap = tmp_path / "client.jsonl", tmp_path / "client.pcapng"
    echo, port = await start_echo_server()
    client = TcpClientSession("127.0.0.1", port)
    w = Watch(client)
    logger = SessionLogger(client, jsonl_path=log)
    await client.open()
    payload = "你好".encode() + bytes(range(255, -1, -1)) + random.Random(3).randbytes(70_000)
    client.send(payload)
    await w.until_rx(len(payload))
    await client.close()
    logger.close()
    echo.close()

    summary = export_pcapng(log, pcap)
    assert (summary.kind, summary.streams, summary.bytes) == ("tcp-client", 1, 2 * len(payload))
    assert_clean(pcap)
    node0, node1, from0, from1 = follow(pcap)
    # the client opened the connection, from the port its "connected" notice names
    assert node0 == f"127.0.0.1:{client.local_address.port}" and node1 == f"127.0.0.1:{port}"
    assert from0 == payload == from1


@needs_tshark
@pytest.mark.parametrize("host", HOSTS)
async def test_udp_log_gives_back_every_datagram(tmp_path: Path, host: str) -> None:
    log, pcap = tmp_path / "udp.jsonl", tmp_path / "udp.pcapng"
    a, b = UdpSession(host, 0), UdpSession(host, 0)
    wa, wb = Watch(a), Watch(b)
    logger = SessionLogger(a, jsonl_path=log)
    await a.open()
    await b.open()
    out = [b"\x00\x01\xff", "数据 ok".encode("gb18030"), random.Random(5).randbytes(60_000)]
    back = [b"pong\x80\x00", "回复".encode()]
    for d in out:
        a.send(d, b.local_address)
    await wb.until(lambda: b.counters.total.rx_packets == len(out))
    for d in back:
        b.send(d, a.local_address)
    await wa.until(lambda: a.counters.total.rx_packets == len(back))
    await a.close()
    await b.close()
    logger.close()

    summary = export_pcapng(log, pcap)
    assert (summary.kind, summary.streams, summary.records) == ("udp", 1, len(out) + len(back))
    assert_clean(pcap)
    rows = [line.split("\t") for line in tshark(pcap, "-Y", "udp", "-T", "fields", "-e", "udp.srcport",
                                                   "-e", "udp.dstport", "-e", "udp.payload").splitlines()]
    got = [(int(src), int(dst), bytes.fromhex(p.replace(":", ""))) for src, dst, p in rows]
    pa, pb = a.local_address.port, b.local_address.port
    records = [r for r in load_jsonl(log) if r.direction is not Direction.NOTICE]
    assert got == [(pa, pb, r.data) if r.direction is Direction.TX else (pb, pa, r.data) for r in records]
    assert [r.data for r in records] == out + back


def test_kind_from_header_line_or_notices_and_errors(tmp_path: Path) -> None:
    """No tshark needed: which kind a log is, and failures in words."""
    data = {"seq": 1, "t": 1_700_000_000_000, "dir": "rx", "peer": "10.0.0.2:7", "hex": "00ff"}
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps(data) + "\n")
    assert export_pcapng(plain, tmp_path / "p.pcapng").kind == "tcp"
    headed = tmp_path / "headed.jsonl"
    headed.write_text(json.dumps({"kind": "udp"}) + "\n" + json.dumps(data) + "\n")
    s = export_pcapng(headed, tmp_path / "h.pcapng")
    assert (s.kind, s.packets, s.bytes) == ("udp", 1, 2)
    assert export_pcapng(headed, tmp_path / "t.pcapng", kind="tcp-server").packets == 4  # handshake + data

    with pytest.raises(ValueError, match="unknown session kind"):
        export_pcapng(plain, tmp_path / "x.pcapng", kind="sctp")
    with pytest.raises(FileProblem, match="cannot read"):
        export_pcapng(tmp_path / "missing.jsonl", tmp_path / "x.pcapng")
    with pytest.raises(FileProblem, match="failed"):
        export_pcapng(plain, tmp_path / "no-such-folder" / "x.pcapng")
    assert not list(tmp_path.glob("**/*.part"))
