"""The engine's API as the window and the CLI use it: ``send(data, to=None)`` on every kind, and small interfaces
(HasPeers, RelaySession) for what only some kinds can do, asked of the session instead of its class."""

from __future__ import annotations

import asyncio

import pytest

from app.core.errors import NoTarget
from app.core.records import Address, Direction
from app.net.relay import RelaySession
from app.net.session import HasPeers, Session
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_load import TcpClientsSession
from app.net.sessions.tcp_relay import TcpRelaySession
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession
from app.net.sessions.udp_relay import UdpRelaySession
from app.net.ws.client import WsClientSession
from app.net.ws.server import WsServerSession


@pytest.mark.parametrize(("kind", "peers", "relay"), [
    (TcpServerSession, True, False), (TcpClientsSession, True, False), (WsServerSession, True, False),
    (TcpRelaySession, True, True), (UdpRelaySession, True, True),
    (TcpClientSession, False, False), (UdpSession, False, False), (WsClientSession, False, False)])
def test_what_each_kind_can_do(kind: type[Session], peers: bool, relay: bool) -> None:
    session = kind()
    assert isinstance(session, HasPeers) is peers
    assert isinstance(session, RelaySession) is relay


async def _echo_server() -> tuple[asyncio.Server, int, asyncio.Queue[bytes]]:
    got: asyncio.Queue[bytes] = asyncio.Queue()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(100):
            got.put_nowait(data)
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], got


async def test_a_client_sends_through_the_one_api_to_its_peer_and_nowhere_else() -> None:
    server, port, got = await _echo_server()
    session: Session = TcpClientSession("127.0.0.1", port)
    try:
        await session.open()
        peer = Address("127.0.0.1", port)
        session.send(b"one")
        session.send(b"two", peer)
        with pytest.raises(NoTarget):
            session.send(b"three", Address("127.0.0.1", port + 1 if port < 65535 else port - 1))
        await session.drain()
        received = b""
        while len(received) < 6:
            received += await asyncio.wait_for(got.get(), 5)
        assert received == b"onetwo"
        assert [r.data for r in session.store if r.direction is Direction.TX] == [b"one", b"two"]
    finally:
        await session.close()
        server.close()
        await server.wait_closed()


async def test_udp_sends_to_its_target_or_an_address_and_has_nothing_to_drain() -> None:
    receiver = UdpSession("127.0.0.1", 0)
    await receiver.open()
    assert receiver.local_address is not None
    session: Session = UdpSession("127.0.0.1", 0, remote=receiver.local_address)
    try:
        await session.open()
        session.send(b"to the target")
        session.send(b"to an address", receiver.local_address)
        await session.drain()
        done = asyncio.get_running_loop().create_future()

        def seen(_event: object) -> None:
            rx = [r.data for r in receiver.store if r.direction is Direction.RX]
            if len(rx) == 2 and not done.done():
                done.set_result(rx)

        receiver.subscribe(seen)
        seen(None)
        assert await asyncio.wait_for(done, 5) == [b"to the target", b"to an address"]
    finally:
        await session.close()
        await receiver.close()
