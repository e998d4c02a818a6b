"""The TCP server's peers as a course's loop server sees them: a client that closes leaves after a short linger
(replies still go within it), a send to one that is gone is an error in words, the client limit is said at most
once a second, and broker mode says which client misses data."""

from __future__ import annotations

import asyncio
import socket

import pytest

from app.core.errors import NoTarget
from app.core.records import Address, Direction
from app.net.session import CloseReason, ErrorOccurred, PeerDisconnected
from app.net.sessions.tcp_relay import TcpRelaySession
from app.net.sessions.tcp_server import FINISHED_LINGER_S, TcpServerSession
from tests.app.helpers import Watch, poll_until


def _reset_arrived(sock: socket.socket) -> bool:
    """The peer answered with a reset: the server's end of the connection is closed (Linux's TCP_INFO state
    TCP_CLOSE; read without consuming the socket's pending error, which the server's own check reads)."""
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0] == 7


async def test_a_client_that_closes_leaves_after_a_short_linger() -> None:
    assert FINISHED_LINGER_S <= 1.0  # (socat waits 0.5 s; it was 60 s)
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    loop = asyncio.get_running_loop()
    sock = socket.create_connection(("127.0.0.1", server.local_address.port))
    sock.sendall(b"bye")
    sock.close()  # recv returns 0 on the server: the client went offline
    await w.until(lambda: "peer-finished" in w.notices())
    finished_at = loop.time()
    finished = next(r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "peer-finished")
    assert "1 s" in finished.text  # it says how long the connection stays open for replies
    await w.until(lambda: not server.peers, timeout=FINISHED_LINGER_S + 2)
    assert loop.time() - finished_at >= FINISHED_LINGER_S * 0.9
    event = w.of(PeerDisconnected)[0]
    assert event.reason is CloseReason.CLOSED_BY_PEER
    gone = [r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "peer-disconnected"]
    assert len(gone) == 1 and "finished sending" in gone[0].text and gone[0].args[1] == f"{FINISHED_LINGER_S:g}"
    assert not server.counters.peers
    await server.close()


async def test_a_reply_within_the_linger_restarts_it_and_arrives() -> None:
    server = TcpServerSession("127.0.0.1", 0, finished_linger=0.3)
    w = Watch(server)
    await server.open()
    reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    writer.write(b"REQ")
    writer.write_eof()
    await w.until(lambda: "peer-finished" in w.notices())
    peer = next(iter(server.peers))
    server.send(b"ANSWER", peer)
    assert await asyncio.wait_for(reader.readexactly(6), 5) == b"ANSWER"
    assert await asyncio.wait_for(reader.read(), 5) == b""  # then the server ends the connection
    await w.until(lambda: not server.peers)
    writer.close()
    await server.close()


async def test_a_send_to_a_client_that_is_gone_is_an_error_not_a_tx() -> None:
    server = TcpServerSession("127.0.0.1", 0, finished_linger=30)
    w = Watch(server)
    await server.open()
    sock = socket.create_connection(("127.0.0.1", server.local_address.port))
    sock.close()
    await w.until(lambda: "peer-finished" in w.notices())
    peer = next(iter(server.peers))
    # TCP cannot tell a half-closed client from a closed one until something is written: this goes out
    assert len(server.send(b"first", peer)) == 1
    own = server.peers[peer].transport.get_extra_info("socket")
    await poll_until(lambda: _reset_arrived(own))  # it answered with a reset: it is gone
    with pytest.raises(NoTarget) as err:
        server.send(b"second", peer)
    assert str(peer) in str(err.value) and "closed" in str(err.value)
    assert [r.data for r in w.records(Direction.TX)] == [b"first"]
    await w.until(lambda: not server.peers)
    gone = [r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "peer-disconnected"]
    assert "reset" in gone[0].text
    # and with nobody left, "send to all" says so instead of sending nowhere
    with pytest.raises(NoTarget):
        server.send(b"anyone?")
    await server.close()


def _refused_in(notices: list, kind: str) -> int:
    """How many connections the limit notices of ``kind`` account for: the first names one, later ones a count."""
    return sum(int(n.args[2].replace(",", "")) if len(n.args) >= 3 else 1 for n in notices if n.kind == kind)


async def _knock(port: int, n: int) -> None:
    """``n`` connections, each closed by the other side at once (refused past a limit)."""
    conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(n)]
    for reader, writer in conns:
        assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()


async def test_a_flood_past_the_client_limit_is_said_at_most_once_a_second() -> None:
    server = TcpServerSession("127.0.0.1", 0, client_limit=2)
    w = Watch(server)
    await server.open()
    kept = [await asyncio.open_connection("127.0.0.1", server.local_address.port) for _ in range(2)]
    await w.until(lambda: len(server.peers) == 2)
    started = asyncio.get_running_loop().time()
    await _knock(server.local_address.port, 40)
    notices = lambda: [r.notice for r in w.records(Direction.NOTICE)]  # noqa: E731
    await w.until(lambda: _refused_in(notices(), "client-rejected") == 40, timeout=5)
    said = [n for n in notices() if n.kind == "client-rejected"]
    elapsed = asyncio.get_running_loop().time() - started
    assert 2 <= len(said) <= 2 + int(elapsed)  # the first at once, then one a second with the count
    assert "client limit reached (2)" in said[0].text
    assert "refused in the last second" in said[-1].text
    assert len(w.of(ErrorOccurred)) == len(said)
    assert server.refused == 40
    for _reader, writer in kept:
        writer.close()
    await server.close()


async def test_the_client_limit_can_change_while_listening() -> None:
    server = TcpServerSession("127.0.0.1", 0, client_limit=1)
    w = Watch(server)
    await server.open()
    first = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    await w.until(lambda: len(server.peers) == 1)
    server.client_limit = 2
    second = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    await w.until(lambda: len(server.peers) == 2)
    for _reader, writer in (first, second):
        writer.close()
    await server.close()


async def test_the_relay_says_when_its_pair_limit_refuses_clients() -> None:
    target = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    relay = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", target.sockets[0].getsockname()[1], pair_limit=1)
    w = Watch(relay)
    await relay.open()
    kept = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    await w.until(lambda: len(relay.pairs) == 1)
    await _knock(relay.local_address.port, 20)
    notices = lambda: [r.notice for r in w.records(Direction.NOTICE)]  # noqa: E731
    await w.until(lambda: _refused_in(notices(), "pair-rejected") == 20, timeout=5)
    said = [n for n in notices() if n.kind == "pair-rejected"]
    assert 2 <= len(said) <= 4 and "pair limit reached (1)" in said[0].text
    assert relay.refused == 20
    kept[1].close()
    await relay.close()
    target.close()


async def test_broker_counts_what_a_slow_client_misses_and_says_when_it_starts_and_ends() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    server.broker = True
    w = Watch(server)
    await server.open()
    port = server.local_address.port
    talker = await asyncio.open_connection("127.0.0.1", port)
    slow = socket.socket()
    slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    slow.connect(("127.0.0.1", port))  # and it does not read
    await w.until(lambda: len(server.peers) == 2)
    slow_peer = Address.from_sockaddr(slow.getsockname())
    stream = server.peers[slow_peer]
    chunk = b"x" * 4096
    while stream.skipped < 50:  # until the slow client has missed fifty messages
        talker[1].write(chunk)
        await talker[1].drain()
        await w.until(lambda n=server.counters.total.rx_bytes: server.counters.total.rx_bytes > n or stream.skipped)
    assert stream.skipped == server.skipped and stream.skipped_bytes >= 50 * 1
    notices = [r.notice for r in w.records(Direction.NOTICE)]
    starts = [n for n in notices if n.kind == "skipping"]
    # once per stall, not once per message (the kernel growing its buffers can end a stall and start another)
    assert starts[0].args[0] == str(slow_peer) and len(starts) < 50
    assert len(starts) - sum(n.kind == "skipping-ended" for n in notices) in (0, 1)
    # it reads everything again: the next message reaches it, and the view says how much it missed
    loop = asyncio.get_running_loop()
    slow.setblocking(False)
    got = 0
    while got < stream.counts.tx_bytes or stream.stalled:
        got += len(await asyncio.wait_for(loop.sock_recv(slow, 1 << 20), 5))
    missed = stream.skipped
    talker[1].write(b"again")
    await w.until(lambda: "skipping-ended" in w.notices())
    resumed = next(r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "skipping-ended")
    assert resumed.args[:2] == (str(slow_peer), f"{missed:,}") and "missed" in resumed.text
    talker[1].close()
    slow.close()
    await server.close()
