"""TCP server and client sessions against real loopback sockets and real peer processes."""

from __future__ import annotations

import asyncio
import socket
import struct
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from app.core.addresses import has_ipv6_loopback
from app.core.codec import StreamDecoder
from app.core.errors import AddressInUse, ConnectionRefused, HostNotFound, NoTarget, NotOpen, TimedOut
from app.core.records import Address, Direction, Record, StoredRecord
from app.net.session import (
    CloseReason,
    ErrorOccurred,
    PeerConnected,
    PeerDisconnected,
    PeerFinished,
    RecordAdded,
    State,
)
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import TcpServerSession
from app.net.stream import Stream
from tests.app.helpers import Watch, read_exactly, start_echo_server
from tests.conftest import need_tool

PEERS = Path(__file__).parents[3] / "peers"
HOSTS = ["127.0.0.1"] + (["::1"] if has_ipv6_loopback() else [])


@pytest.mark.parametrize("host", HOSTS)
async def test_server_echo_round_trip(host: str) -> None:
    server = TcpServerSession(host, 0)
    w = Watch(server)
    await server.open()
    assert server.state is State.OPEN and server.local_address.port > 0
    reader, writer = await asyncio.open_connection(host, server.local_address.port)
    await w.until(lambda: len(server.peers) == 1)
    writer.write(b"ping")
    await w.until_rx(4)
    peer = next(iter(server.peers))
    server.send(b"pong", peer)
    assert await read_exactly(reader, 4) == b"pong"
    assert server.counters.total.rx_bytes == 4 and server.counters.total.tx_bytes == 4
    assert server.counters.peers[peer].rx_packets == 1
    writer.close()
    # a FIN: the peer finished sending; its connection stays open for a reply until someone closes it
    await w.until(lambda: "peer-finished" in w.notices())
    assert peer in server.peers
    await server.close()
    assert w.of(PeerDisconnected)[0].reason is CloseReason.SERVER_STOPPED
    assert server.state is State.CLOSED
    assert w.notices() == ["listening", "peer-connected", "peer-finished", "peer-disconnected", "closed"]


@pytest.mark.parametrize("host", HOSTS)
async def test_client_echo_round_trip(host: str) -> None:
    echo, port = await start_echo_server(host)
    client = TcpClientSession(host, port)
    w = Watch(client)
    await client.open()
    assert client.state is State.OPEN and client.peer == Address(host, port)
    client.send("你好".encode())
    await w.until_rx(6)
    assert w.rx() == "你好".encode()
    await client.close()
    assert client.state is State.CLOSED
    assert w.of(PeerDisconnected)[0].reason is CloseReason.CLOSED_LOCALLY
    echo.close()


async def test_two_hundred_clients_send_to_all_and_kick_one() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    conns = [await asyncio.open_connection("127.0.0.1", server.local_address.port) for _ in range(200)]
    await w.until(lambda: len(server.peers) == 200)
    records = server.send(b"all!")
    assert len(records) == 200
    for reader, _ in conns:
        assert await read_exactly(reader, 4) == b"all!"
    assert server.counters.total.tx_bytes == 800
    # kick the client at index 7: it sees EOF, the others stay
    local = conns[7][1].get_extra_info("sockname")
    victim = Address(local[0], local[1])
    server.kick(victim)
    assert await asyncio.wait_for(conns[7][0].read(), 5) == b""
    await w.until(lambda: len(server.peers) == 199)
    gone = [e for e in w.of(PeerDisconnected) if e.peer == victim]
    assert gone and gone[0].reason is CloseReason.KICKED
    with pytest.raises(NoTarget):
        server.send(b"x", victim)
    server.send(b"one", Address(*conns[8][1].get_extra_info("sockname")[:2]))
    assert await read_exactly(conns[8][0], 3) == b"one"
    await server.close()
    # every remaining client sees the server stop
    for i, (reader, writer) in enumerate(conns):
        if i != 7:
            assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()
    reasons = {e.reason for e in w.of(PeerDisconnected)}
    assert reasons == {CloseReason.KICKED, CloseReason.SERVER_STOPPED}


async def test_peer_reset_is_reported_as_reset() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    sock = socket.create_connection(("127.0.0.1", server.local_address.port))
    await w.until(lambda: len(server.peers) == 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()  # RST
    await w.until(lambda: bool(w.of(PeerDisconnected)))
    assert w.of(PeerDisconnected)[0].reason is CloseReason.RESET
    assert server.state is State.OPEN
    await server.close()


async def test_client_sees_reset() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    client = TcpClientSession("127.0.0.1", listener.getsockname()[1])
    w = Watch(client)
    await client.open()
    conn, _ = listener.accept()
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()
    listener.close()
    await w.until(lambda: client.state is State.CLOSED)
    assert w.of(PeerDisconnected)[0].reason is CloseReason.RESET
    assert client.last_error is not None and client.last_error.code == "reset"


async def test_refused_port() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    client = TcpClientSession("127.0.0.1", port)
    with pytest.raises(ConnectionRefused, match="refused"):
        await client.open()
    assert client.state is State.CLOSED and client.last_error.code == "refused"
    with pytest.raises(NotOpen):
        client.send(b"x")


async def test_host_not_found() -> None:
    client = TcpClientSession("nonexistent.invalid", 80)
    with pytest.raises(HostNotFound, match="host not found"):
        await client.open()
    assert client.state is State.CLOSED


async def test_connect_timeout() -> None:
    # A listener that never accepts, its backlog already full: further SYNs are dropped.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        f = socket.socket()
        f.setblocking(False)
        f.connect_ex(("127.0.0.1", port))
        fillers.append(f)
    client = TcpClientSession("127.0.0.1", port, connect_timeout=0.5)
    with pytest.raises(TimedOut, match="timed out"):
        await client.open()
    for f in fillers:
        f.close()
    listener.close()


async def test_address_in_use() -> None:
    first = TcpServerSession("127.0.0.1", 0)
    await first.open()
    second = TcpServerSession("127.0.0.1", first.local_address.port)
    w = Watch(second)
    with pytest.raises(AddressInUse, match="address already in use"):
        await second.open()
    assert second.state is State.CLOSED and "error" in w.notices()
    await first.close()


async def test_client_limit_rejects_and_reports() -> None:
    server = TcpServerSession("127.0.0.1", 0, client_limit=2)
    w = Watch(server)
    await server.open()
    conns = [await asyncio.open_connection("127.0.0.1", server.local_address.port) for _ in range(3)]
    await w.until(lambda: bool(w.of(ErrorOccurred)) and len(server.peers) == 2)
    assert w.of(ErrorOccurred)[0].error.code == "client-limit"
    assert len(w.of(PeerConnected)) == 2
    # the third connection was closed at once
    assert await asyncio.wait_for(conns[2][0].read(), 5) == b""
    for _, writer in conns:
        writer.close()
    await server.close()


async def test_gb2312_peer_one_byte_at_a_time_decodes_whole() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    payload = "哈哈".encode("gb2312")
    _, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    writer.transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for i, b in enumerate(payload):
        writer.write(bytes([b]))
        await w.until_rx(i + 1)  # each byte arrives as its own read
    rx = w.records(Direction.RX)
    assert len(rx) == 4
    dec = StreamDecoder("gb2312")
    assert "".join(dec.decode(r.data) for r in rx) == "哈哈"
    writer.close()
    await server.close()


async def test_half_close_keeps_data_in_flight() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    client = TcpClientSession("127.0.0.1", listener.getsockname()[1])
    w = Watch(client)
    await client.open()
    conn, _ = listener.accept()
    conn.sendall(b"last words")
    conn.shutdown(socket.SHUT_WR)
    await w.until(lambda: client.state is State.CLOSED)
    assert w.rx() == b"last words"
    assert "eof" in w.notices()
    assert w.of(PeerDisconnected)[0].reason is CloseReason.CLOSED_BY_PEER
    conn.close()
    listener.close()


async def test_socat_echo_server_as_real_peer() -> None:
    socat = need_tool("socat")
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    proc = await asyncio.create_subprocess_exec(
        socat, "-d", "-d", f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr", "PIPE",
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        while b"listening on" not in await asyncio.wait_for(proc.stderr.readline(), 10):
            pass
        client = TcpClientSession("127.0.0.1", port)
        w = Watch(client)
        await client.open()
        data = bytes(range(256)) * 1024
        client.send(data)
        await w.until_rx(len(data), timeout=10)
        assert w.rx() == data
        await client.close()
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()


async def test_nc_client_against_server_session() -> None:
    nc = need_tool("nc")
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    proc = await asyncio.create_subprocess_exec(
        nc, "-N", "127.0.0.1", str(server.local_address.port),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    await w.until(lambda: len(server.peers) == 1)
    server.send("哈哈\n".encode("gb2312"))
    assert proc.stdin is not None and proc.stdout is not None
    assert await asyncio.wait_for(proc.stdout.readexactly(5), 5) == "哈哈\n".encode("gb2312")
    proc.stdin.write(b"from nc\n")
    await proc.stdin.drain()
    proc.stdin.close()  # nc -N shuts down its sending side and waits for the server to close
    await w.until(lambda: "peer-finished" in w.notices())
    assert w.rx() == b"from nc\n"
    server.send(b"last words\n")  # a half-closed peer still gets what the server sends
    assert await asyncio.wait_for(proc.stdout.readexactly(11), 5) == b"last words\n"
    server.kick(next(iter(server.peers)))
    await asyncio.wait_for(proc.wait(), 5)
    await w.until(lambda: not server.peers)
    await server.close()


async def test_python_peer_process_gb2312_server() -> None:
    """The course exercise: a server on a port that answers every message with 哈哈 in GB2312."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(PEERS / "gb2312_server.py"), stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        port = int((await asyncio.wait_for(proc.stdout.readline(), 10)).decode())
        client = TcpClientSession("127.0.0.1", port)
        w = Watch(client)
        await client.open()
        client.send(b"hi")
        await w.until_rx(4)
        assert w.rx().decode("gb2312") == "哈哈"
        await client.close()
    finally:
        proc.kill()
        await proc.wait()


async def test_wildcard_binds_and_a_fixed_local_port() -> None:
    for wildcard, target in (("0.0.0.0", "127.0.0.1"), ("::", "::1")):
        if ":" in target and not has_ipv6_loopback():
            continue
        server = TcpServerSession(wildcard, 0)
        w = Watch(server)
        await server.open()
        assert server.local_address.host == wildcard
        probe = socket.socket(socket.AF_INET6 if ":" in target else socket.AF_INET)
        probe.bind((target, 0))
        local_port = probe.getsockname()[1]
        probe.close()
        client = TcpClientSession(target, server.local_address.port, local_port=local_port)
        await client.open()
        await w.until(lambda s=server: len(s.peers) == 1)
        assert next(iter(server.peers)).port == local_port == client.local_address.port
        await client.close()
        await w.until(lambda w=w: "peer-finished" in w.notices())
        # the server closes its end too (a lingering half-closed end would answer a new SYN with an ACK)
        server.kick(next(iter(server.peers)))
        await w.until(lambda s=server: not s.peers)
        # the same fixed local port again at once (SO_REUSEADDR on the client socket: TIME_WAIT is no obstacle)
        await client.open()
        assert client.local_address.port == local_port
        await client.close()
        await server.close()


async def test_a_connection_made_as_the_server_stops_is_closed_quietly() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    await server.close()
    # a connection whose accept (or TLS handshake) finished just as the server stopped reaches it now
    listener = socket.create_server(("127.0.0.1", 0))
    reader, writer = await asyncio.open_connection("127.0.0.1", listener.getsockname()[1])
    conn, _ = listener.accept()
    conn.setblocking(False)
    await asyncio.get_running_loop().create_connection(lambda: Stream(server), sock=conn)
    assert await asyncio.wait_for(reader.read(), 5) == b""  # closed at once
    assert "client-rejected" not in w.notices() and not w.of(ErrorOccurred)  # not "client limit reached"
    assert not server.peers and server.state is State.CLOSED
    writer.close()
    listener.close()


FLOOD = Path(__file__).parents[3] / "perf" / "flood.py"
BLOCK = bytes(range(256)) * 4096  # what flood.py sends, 1 MiB at a time


async def flood_server(server: TcpServerSession, total: int) -> None:
    """``total`` bytes from flood.py into ``server`` (open), until the sender finished; then it is closed."""
    finished = asyncio.get_running_loop().create_future()
    server.subscribe(lambda e: isinstance(e, PeerFinished) and not finished.done() and finished.set_result(None))
    proc = await asyncio.create_subprocess_exec(sys.executable, str(FLOOD), "127.0.0.1",
                                                str(server.local_address.port), str(total))
    await asyncio.wait_for(finished, 30)
    await server.close()
    await asyncio.wait_for(proc.wait(), 10)
    assert server.counters.total.rx_bytes == total


async def test_a_flood_is_read_straight_into_the_store_with_no_bytes_object_per_read() -> None:
    """A TCP server's reads land in its store's arenas (a buffered protocol): asyncio's plain protocol made a
    bytes object of up to 256 KiB for each read, which the store then copied. Nothing that large is made now
    while 16 MiB go through (no listener asks for a payload), and the store holds them in order."""
    server = TcpServerSession("127.0.0.1", 0, store_limit=64 * 1024 * 1024)
    await server.open()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        await flood_server(server, 16 * len(BLOCK))
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert peak < 128 * 1024, peak
    received = [r.data for r in server.store if r.direction is Direction.RX]
    assert b"".join(received) == BLOCK * 16
    assert max(len(d) for d in received) <= 1024 * 1024  # (a read is at most an arena)


async def test_a_record_a_listener_keeps_has_its_bytes_once_the_store_moved_on() -> None:
    """A read is a record whose bytes are made only when asked for; a listener that keeps the record (or its
    event) gets them at once, so it never holds an arena the store evicted (and reuses for newer reads)."""
    server = TcpServerSession("127.0.0.1", 0, store_limit=2 * 1024 * 1024)
    kept: list[Record] = []
    server.subscribe(lambda e: isinstance(e, RecordAdded) and e.record.direction is Direction.RX
                     and kept.append(e.record))
    await server.open()
    await flood_server(server, 8 * len(BLOCK))
    assert server.store.evicted_bytes > 4 * len(BLOCK)
    assert b"".join(r.data for r in kept) == BLOCK * 8
    assert all(isinstance(r, StoredRecord) and r._chunk is None for r in kept)  # (none holds an arena)


async def test_a_dropped_server_gives_its_arenas_back_without_a_collection() -> None:
    """A session nobody holds any more is freed at once (no reference cycle: its refusal notices hold it
    weakly), and its store's arenas go back to the pool: the next session's reads reuse them, warm, instead
    of mapping fresh ones (a zeroed page per 4 KiB) until the next full collection came."""
    import gc
    import weakref

    from app.core import arenas

    gc.collect()
    arenas._pool.clear()
    server = TcpServerSession("127.0.0.1", 0, store_limit=4 * 1024 * 1024)
    await server.open()
    gc.disable()
    try:
        await flood_server(server, 8 * len(BLOCK))
        await asyncio.sleep(0)  # (the closed connection's last callbacks)
        gone, pooled = weakref.ref(server), len(arenas._pool)
        del server
        assert gone() is None
        assert len(arenas._pool) >= pooled + 3  # (the store's chunks, each on a 1 MiB arena: about 3.5 kept)
    finally:
        gc.enable()
