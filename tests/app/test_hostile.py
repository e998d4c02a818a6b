"""Hostile peers: patterns that would backtrack forever, thousands of sources with frames that never end,
a half-close, ports out of range. Real sockets and peer processes."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import time
from pathlib import Path

import pytest

from app.automation.autoreply import MAX_PARTIAL_BYTES, AutoReply, Rule
from app.core.errors import InvalidAddress
from app.core.framing import FramingSpec
from app.core.records import Address, Direction
from app.net.sessions import tcp_server
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession
from tests.app.helpers import Watch, read_exactly

SENDERS = Path(__file__).parent.parent / "perf" / "senders.py"


class Lateness:
    """How late a 10 ms call_later chain runs while something else happens on the loop."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()
        self._handle = asyncio.get_running_loop().call_later(0.01, self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self._last) * 1000 - 10)
        self._last = now
        self._handle = asyncio.get_running_loop().call_later(0.01, self._tick)

    def stop(self) -> float:
        self._handle.cancel()
        return self.worst


async def test_catastrophic_patterns_do_not_hold_the_loop() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    auto = AutoReply(server, [Rule(r"(.*),(.*),(.*);", "regex", "three"), Rule(r"^(a+)+$", "regex", "aaa"),
                              Rule(r"^(a+)+\1b$", "regex", "backref")])
    assert not auto.rules[0].needs_worker and not auto.rules[1].needs_worker  # RE2: linear time
    assert auto.rules[2].needs_worker  # a backreference: Python's re, in the worker, on a budget
    reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    late = Lateness()
    started = time.perf_counter()
    writer.write(b"," * 800 + b";")  # 186 s on the loop with Python's re
    await writer.drain()
    assert await read_exactly(reader, 5) == b"three"
    writer.write(b"a" * 5000)  # doubles per character with Python's re
    await writer.drain()
    assert await read_exactly(reader, 3) == b"aaa"
    auto.rules[0].enabled = auto.rules[1].enabled = False
    writer.write(b"a" * 40 + b"c")  # exponential in the worker: abandoned, the rule turned off
    await writer.drain()
    await w.until(lambda: not auto.rules[2].enabled, timeout=10)
    assert "longer than" in auto.rules[2].error
    assert any(r"^(a+)+\1b$" in r.notice.args for r in w.records(Direction.NOTICE))
    assert time.perf_counter() - started < 5
    assert late.stop() < 100  # the loop kept answering all along
    writer.close()
    auto.close()
    await server.close()


async def test_thousands_of_sources_with_endless_frames_stay_bounded() -> None:
    udp = UdpSession("127.0.0.1", 0)
    w = Watch(udp)
    await udp.open()
    auto = AutoReply(udp, [Rule("never", "contains", "x")], framing=FramingSpec("delimiter", delimiter=b"\n"))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(SENDERS), "sources", "127.0.0.1", str(udp.local_address.port), "3000", "4000",
        stdout=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(proc.communicate(), 30)
    assert json.loads(out)["sent"] == 3000
    # a last datagram behind them in the socket's queue: once it is in, everything that arrived is counted
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as marker:
        marker.bind(("127.0.0.1", 0))
        marker.sendto(b"END", ("127.0.0.1", udp.local_address.port))
        await w.until(lambda: udp.last_sender == Address(*marker.getsockname()), timeout=10)
    # (a loaded machine drops some of the 12 MB of datagrams: what matters is that well over the bound came)
    assert udp.counters.total.rx_bytes > MAX_PARTIAL_BYTES + 2**20
    # frames that never end: what is held for matching stays under its bound
    assert auto.partial_bytes <= MAX_PARTIAL_BYTES
    assert len(udp.counters.peers) <= 4096 and len(udp._sources) <= 4096
    udp.clear_store()
    assert auto.partial_bytes == 0  # "Clear display" frees it
    auto.close()
    await udp.close()


async def test_a_half_close_keeps_the_connection_writable() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    auto = AutoReply(server, [Rule("REQ", "contains", "ANSWER")])
    sock = socket.create_connection(("127.0.0.1", server.local_address.port))
    sock.sendall(b"REQ")
    sock.shutdown(socket.SHUT_WR)  # the course client: send the request, then "I am done sending"
    await w.until(lambda: "peer-finished" in w.notices())
    loop = asyncio.get_running_loop()
    sock.setblocking(False)
    assert await asyncio.wait_for(loop.sock_recv(sock, 100), 5) == b"ANSWER"
    peer = next(iter(server.peers))
    server.send(b" and more", peer)  # the user can still reply
    assert await asyncio.wait_for(loop.sock_recv(sock, 100), 5) == b" and more"
    server.kick(peer)
    assert await asyncio.wait_for(loop.sock_recv(sock, 100), 5) == b""
    await w.until(lambda: not server.peers)
    sock.close()
    auto.close()
    await server.close()


async def test_ports_out_of_range_are_errors_in_words() -> None:
    udp = UdpSession("127.0.0.1", 0)
    await udp.open()
    for port in (65536, -1, 10**10):
        with pytest.raises(InvalidAddress) as err:
            udp.send(b"x", Address("127.0.0.1", port))
        assert "port" in str(err.value) and "1" in str(err.value)
    with pytest.raises(InvalidAddress):
        udp.send(b"x", Address("127.0.0.1", 0))
    await udp.close()


async def test_a_half_closed_request_without_its_delimiter_is_answered() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    auto = AutoReply(server, [Rule("LAST", "exact", "BYE")], framing=FramingSpec("delimiter", delimiter=b"\n"))
    reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    writer.write(b"LAST")  # no delimiter: the FIN ends the message
    writer.write_eof()
    assert await read_exactly(reader, 3) == b"BYE"
    assert auto.partial_bytes == 0
    assert "peer-finished" in w.notices() and "peer-disconnected" not in w.notices()
    writer.close()
    auto.close()
    await server.close()


async def test_half_closed_peers_kept_open_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tcp_server, "MAX_FINISHED", 2)
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    conns = []
    for k in range(3):
        reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
        writer.write_eof()
        conns.append((reader, writer))
        await w.until(lambda k=k: w.notices().count("peer-finished") == k + 1)
    # the oldest half-closed peer was closed; the two newest stay open for replies
    assert await asyncio.wait_for(conns[0][0].read(), 5) == b""
    await w.until(lambda: len(server.peers) == 2)
    for _reader, writer in conns:
        writer.close()
    await server.close()
