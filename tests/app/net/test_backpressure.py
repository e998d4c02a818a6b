"""A peer that never reads cannot make memory grow: bounded send queues, periodic send that waits."""

from __future__ import annotations

import asyncio
import socket

import pytest

from app.automation.periodic import PeriodicSender
from app.core.errors import PeerNotReading
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import TcpServerSession
from tests.app.helpers import Watch


def never_reads(port: int) -> socket.socket:
    """A client that connects and never reads, with a small receive window."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    return s


async def test_sends_to_a_peer_that_does_not_read_are_refused_past_the_bound() -> None:
    server = TcpServerSession("127.0.0.1", 0, send_limit=1024 * 1024)
    w = Watch(server)
    await server.open()
    sock = never_reads(server.local_address.port)
    try:
        await w.until(lambda: len(server.peers) == 1)
        peer = next(iter(server.peers))
        stream = server.peers[peer]
        block = bytes(64 * 1024)
        sent = 0
        with pytest.raises(PeerNotReading) as err:
            for _ in range(1000):  # ~64 MB if nothing stopped it
                server.send(block, peer)
                sent += len(block)
                await asyncio.sleep(0)
        assert "is not reading" in str(err.value) and "bytes waiting" in str(err.value)
        assert stream.transport is not None and stream.transport.get_write_buffer_size() <= 1024 * 1024
        assert server.counters.total.tx_bytes == sent  # only what was accepted is counted
        # to all clients: the others still get it, the refusal says who did not
        other = socket.create_connection(("127.0.0.1", server.local_address.port))
        await w.until(lambda: len(server.peers) == 2)
        with pytest.raises(PeerNotReading) as err:
            server.send(block)
        assert "sent to the 1 others" in str(err.value)
        assert other.recv(65536)
        other.close()
    finally:
        sock.close()
        await server.close()


async def test_periodic_send_waits_while_the_peer_does_not_read() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    sock = never_reads(server.local_address.port)
    try:
        await w.until(lambda: len(server.peers) == 1)
        peer = next(iter(server.peers))
        payload = bytes(1024)
        progressed = asyncio.Event()
        sender = PeriodicSender(lambda: server.send(payload, peer, skip_stalled=True), period_ms=1,
                                ready=lambda: not server.stalled(peer), on_progress=lambda _s: progressed.set())

        async def until(cond: object) -> None:  # woken by the sender's own progress, bounded
            async def wait() -> None:
                while not cond():  # type: ignore[operator]
                    progressed.clear()
                    await progressed.wait()
            await asyncio.wait_for(wait(), 10)

        sender.start()
        await until(lambda: sender.stats.skipped > 200)
        assert sender.stats.waiting
        queued = server.peers[peer].transport.get_write_buffer_size()  # type: ignore[union-attr]
        assert queued < 256 * 1024, queued  # the high-water mark and a tick, not seconds of ticks
        # the peer starts reading: the sends go on
        sock.setblocking(False)
        before = sender.stats.sent
        loop = asyncio.get_running_loop()

        def drain() -> None:
            try:
                while sock.recv(1 << 20):
                    pass
            except BlockingIOError:
                pass

        loop.add_reader(sock.fileno(), drain)
        await until(lambda: sender.stats.sent > before + 50)
        loop.remove_reader(sock.fileno())
        sender.stop()
        await sender.wait()
    finally:
        sock.close()
        await server.close()


async def test_a_client_session_refuses_too() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    client = TcpClientSession("127.0.0.1", listener.getsockname()[1], send_limit=256 * 1024)
    await client.open()
    conn, _ = listener.accept()
    try:
        with pytest.raises(PeerNotReading):
            for _ in range(10_000):
                client.send(bytes(32 * 1024))
                await asyncio.sleep(0)
        assert client.stalled()
    finally:
        conn.close()
        listener.close()
        await client.close()


async def test_one_send_larger_than_the_bound_is_refused_whole_or_goes_as_a_stream() -> None:
    """Into an empty queue too: a send past the bound queues nothing and counts nothing (in words); as a
    stream it waits for the peer, the queue stays bounded, every byte arrives and is counted once it went."""
    from app.automation.transfer import CHUNK, send_data
    from app.core.errors import SendTooLarge

    limit = 1024 * 1024
    server = TcpServerSession("127.0.0.1", 0, send_limit=limit)
    w = Watch(server)
    await server.open()
    sock = never_reads(server.local_address.port)
    try:
        await w.until(lambda: len(server.peers) == 1)
        peer = next(iter(server.peers))
        stream = server.peers[peer]
        big = bytes(range(256)) * (16 * limit // 256)  # 16 MiB
        for to in (peer, None):
            with pytest.raises(SendTooLarge) as err:
                server.send(big, to)
            assert "16,777,216 bytes" in str(err.value) and "nothing was sent" in str(err.value)
        assert stream.transport.get_write_buffer_size() == 0 and server.counters.total.tx_bytes == 0
        highest = 0

        def progress(_p: object) -> None:
            nonlocal highest
            highest = max(highest, stream.transport.get_write_buffer_size())

        task = asyncio.get_running_loop().create_task(send_data(server, big, to=peer, on_progress=progress))
        await w.until(lambda: server.stalled(peer))
        sent_while_stalled = server.counters.total.tx_bytes
        assert sent_while_stalled < len(big) and not task.done()
        got = bytearray()
        loop = asyncio.get_running_loop()
        sock.setblocking(False)
        while len(got) < len(big):
            got += await asyncio.wait_for(loop.sock_recv(sock, 1 << 20), 10)
        progress_done = await asyncio.wait_for(task, 10)
        assert progress_done.sent == len(big) and bytes(got) == big
        assert highest <= limit + CHUNK
        assert server.counters.total.tx_bytes == len(big)
    finally:
        sock.close()
        await server.close()
