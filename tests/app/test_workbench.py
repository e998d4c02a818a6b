"""The device workbench in the engine: a TCP client that reconnects by itself, a server in broker mode.
Real loopback sockets; waits are event-driven and bounded."""

from __future__ import annotations

import asyncio

from app.core.errors import NotOpen
from app.net.session import State
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import TcpServerSession
from tests.app.helpers import Watch, poll_until, read_exactly


class Server:
    """A plain asyncio server on a fixed loopback port that can stop and start again; counts connections."""

    def __init__(self) -> None:
        self.server: asyncio.Server | None = None
        self.port = 0
        self.accepted = 0
        self.writers: list[asyncio.StreamWriter] = []

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        self.writers.append(writer)
        while await reader.read(65536):
            pass

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", self.port, reuse_address=True)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        for w in self.writers:
            w.close()
        self.writers.clear()
        await self.server.wait_closed()


async def test_a_client_reconnects_after_the_server_restarts() -> None:
    peer = Server()
    await peer.start()
    client = TcpClientSession("127.0.0.1", peer.port, reconnect=True, reconnect_min=0.05, reconnect_max=0.2)
    w = Watch(client)
    await client.open()
    assert client.state is State.OPEN
    await peer.stop()  # the server goes away: the client waits and tries again, attempts counted
    await w.until(lambda: client.attempts >= 2)
    assert client.state is State.OPENING and client.reconnecting
    assert "reconnecting" in w.notices()
    assert client.stalled()  # a periodic send waits meanwhile
    await peer.start()
    await w.until(lambda: client.state is State.OPEN, timeout=5)
    assert client.attempts == 0 and peer.accepted == 2
    client.send(b"back")
    await client.close()
    assert client.state is State.CLOSED


async def test_reconnect_keeps_trying_a_server_that_is_not_there_yet_until_closed() -> None:
    peer = Server()
    await peer.start()
    await peer.stop()  # a port nobody listens on (for now)
    client = TcpClientSession("127.0.0.1", peer.port, reconnect=True, reconnect_min=0.05, reconnect_max=0.1)
    w = Watch(client)
    await client.open()  # refused, but no exception: it will try again
    assert client.state is State.OPENING
    await w.until(lambda: client.attempts >= 3)
    await client.close()  # Disconnect cancels the waiting
    assert client.state is State.CLOSED and not client.reconnecting
    attempts = client.attempts
    await asyncio.sleep(0)  # (a cancelled retry must not come back)
    assert client.attempts == attempts
    try:
        client.send(b"x")
    except NotOpen:
        pass
    else:
        raise AssertionError("sent while closed")


async def test_without_reconnect_a_loss_closes_the_client() -> None:
    peer = Server()
    await peer.start()
    client = TcpClientSession("127.0.0.1", peer.port)
    w = Watch(client)
    await client.open()
    await peer.stop()
    await w.until(lambda: client.state is State.CLOSED)
    assert client.attempts == 0


async def test_broker_forwards_what_a_client_sends_to_every_other_client() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    server.broker = True
    w = Watch(server)
    await server.open()
    port = server.local_address.port
    conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(3)]
    await w.until(lambda: len(server.peers) == 3)
    conns[0][1].write("大家好 hello".encode())
    for reader, _writer in conns[1:]:
        assert await read_exactly(reader, len("大家好 hello".encode())) == "大家好 hello".encode()
    assert server.counters.total.rx_bytes == len("大家好 hello".encode())
    assert server.counters.total.tx_bytes == 2 * len("大家好 hello".encode())  # TX to each other client
    server.broker_echo = True  # and back to the sender too
    conns[1][1].write(b"ok")
    for reader, _writer in conns:
        assert await read_exactly(reader, 2) == b"ok"
    for _reader, writer in conns:
        writer.close()
    await server.close()


async def test_many_clients_connect_at_a_rate_send_to_all_and_close() -> None:
    from app.net.sessions.tcp_load import TcpClientsSession

    got = bytearray()
    accepted = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)
        while data := await reader.read(65536):
            got.extend(data)

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    clients = TcpClientsSession("127.0.0.1", port, count=200, rate=2000)
    w = Watch(clients)
    await clients.open()
    await w.until(lambda: clients.connected == 200, timeout=10)
    assert clients.failed == 0 and len(clients.peers) == 200
    assert len({p.port for p in clients.peers}) == 200  # each labelled by its own local end
    assert clients.percentile(50) is not None and clients.percentile(99) >= clients.percentile(50)
    assert len(clients.send(b"ping")) == 200
    await poll_until(lambda: len(got) == 800)  # (the server's side: no session event to wait on)
    one = next(iter(clients.peers))
    clients.send(b"!", one)
    await poll_until(lambda: len(got) == 801)
    await clients.close()
    assert clients.state is State.CLOSED and not clients.peers and clients.closed == 200
    server.close()
    for writer in accepted:
        writer.close()


async def test_many_clients_count_the_ones_that_fail() -> None:
    from app.net.sessions.tcp_load import TcpClientsSession

    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()  # nobody listens
    clients = TcpClientsSession("127.0.0.1", port, count=5, rate=1000)
    w = Watch(clients)
    await clients.open()
    await w.until(lambda: "connected-all" in w.notices(), timeout=10)
    assert clients.failed == 5 and clients.connected == 0
    assert "error" in w.notices()
    await clients.close()
