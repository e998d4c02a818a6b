"""TCP relay against real loopback peers: byte-exact both ways with a slow side, injection, hold, half-close,
a refused target."""

from __future__ import annotations

import asyncio
import os
import socket
import struct

import pytest

from app.core.errors import NoTarget
from app.core.records import FLAG_INJECTED, Direction
from app.net.session import State
from app.net.sessions.tcp_relay import TcpRelaySession
from tests.app.helpers import Watch, poll_until, read_exactly


async def target_server(handler):  # type: ignore[no-untyped-def]
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def open_relay(target_port: int) -> tuple[TcpRelaySession, Watch]:
    relay = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", target_port)
    w = Watch(relay)
    await relay.open()
    assert relay.state is State.OPEN
    return relay, w


async def test_bytes_cross_exactly_both_ways_and_a_slow_side_holds_back_the_other() -> None:
    up = os.urandom(3 * 2**20)
    down = os.urandom(8 * 2**20)
    got_up = bytearray()
    sent_down = asyncio.Event()

    async def target(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(down)  # 8 MiB towards a client that does not read yet
        await writer.drain()
        sent_down.set()
        while data := await reader.read(65536):
            got_up.extend(data)
        writer.close()

    server, port = await target_server(target)
    relay, w = await open_relay(port)
    reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    await w.until(lambda: any(p.target is not None for p in relay.pairs.values()))
    pair = next(iter(relay.pairs.values()))
    # the client reads nothing: the relay's buffer towards it stays bounded, the target's reading paused
    await poll_until(lambda: pair.client is not None and pair.client.stalled, timeout=10)
    assert pair.client.transport.get_write_buffer_size() < 2 * 2**20
    assert not sent_down.is_set() or relay.counters.total.rx_bytes < len(down) + len(up)
    writer.write(up)
    assert await read_exactly(reader, len(down), timeout=20) == down
    writer.write_eof()
    await w.until(lambda: len(got_up) == len(up), timeout=20)
    assert bytes(got_up) == up
    assert relay.counters.total.rx_bytes == len(up) + len(down)
    rx = w.records(Direction.RX)
    client = pair.client.peer
    assert b"".join(r.data for r in rx if r.peer == client) == up  # client → target
    assert b"".join(r.data for r in rx if r.peer != client) == down  # target → client
    writer.close()
    await relay.close()
    server.close()


async def test_inject_hold_release_and_drop() -> None:
    async def target(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(b"echo:" + data)
        writer.close()

    server, port = await target_server(target)
    relay, w = await open_relay(port)
    reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    await w.until(lambda: any(p.target is not None for p in relay.pairs.values()))
    client = next(iter(relay.pairs))
    relay.inject(b"hi", client, "to-target")  # the target echoes what the user injected
    assert await read_exactly(reader, 7) == b"echo:hi"
    relay.inject("到客户端".encode(), client, "to-client")
    assert await read_exactly(reader, len("到客户端".encode())) == "到客户端".encode()
    injected = [r for r in w.records(Direction.TX) if r.flags & FLAG_INJECTED]
    assert [r.data for r in injected] == [b"hi", "到客户端".encode()]

    relay.hold(client, "to-target", True)
    writer.write(b"abc")
    await w.until(lambda: relay.pairs[client].held_bytes["to-target"] == 3)
    assert relay.release(client, "to-target") == 3  # what was held goes on
    assert await read_exactly(reader, 8) == b"echo:abc"
    relay.hold(client, "to-target", True)
    writer.write(b"zzz")
    await w.until(lambda: relay.pairs[client].held_bytes["to-target"] == 3)
    assert relay.drop_held(client, "to-target") == 3 and relay.dropped == 3
    relay.hold(client, "to-target", False)
    writer.write(b"ok")
    assert await read_exactly(reader, 7) == b"echo:ok"  # nothing of "zzz" went through
    relay.drop(client)
    assert await asyncio.wait_for(reader.read(), 5) == b""
    await w.until(lambda: not relay.pairs)
    await relay.close()
    server.close()


async def test_a_half_close_is_passed_on_and_the_reply_still_comes_back() -> None:
    async def target(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.read()  # until the client's FIN, passed on by the relay
        writer.write(b"reply to " + request)
        await writer.drain()
        writer.close()

    server, port = await target_server(target)
    relay, w = await open_relay(port)
    reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    await w.until(lambda: any(p.target is not None for p in relay.pairs.values()))
    writer.write(b"GET")
    writer.write_eof()
    assert await asyncio.wait_for(reader.read(), 5) == b"reply to GET"
    await w.until(lambda: not relay.pairs)
    assert "peer-finished" in w.notices()
    await relay.close()
    server.close()


async def test_a_refused_target_closes_the_client_with_the_reason() -> None:
    server, port = await target_server(lambda r, w: None)
    server.close()
    await server.wait_closed()  # nobody listens there now
    relay, w = await open_relay(port)
    reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    assert await asyncio.wait_for(reader.read(), 5) == b""
    await w.until(lambda: not relay.pairs)
    errors = [r.notice.text for r in w.records(Direction.NOTICE) if r.notice.kind == "error"]
    assert errors and "refused" in errors[0].lower()
    writer.close()
    await relay.close()


async def test_a_held_direction_passes_a_half_close_on_after_its_bytes() -> None:
    """The end of data of a held direction waits for the held bytes: released, they go first, then the end (and
    releasing never writes after the end was passed on)."""
    got = bytearray()
    target_done = asyncio.Event()
    target_says = asyncio.Event()

    async def target(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        got.extend(await reader.read())  # until the client's end of data, passed on by the relay
        target_done.set()
        writer.write(b"reply to " + bytes(got))
        await target_says.wait()
        writer.write_eof()  # the target's end of data, towards a client that is held
        await reader.read()
        writer.close()

    server, port = await target_server(target)
    relay, w = await open_relay(port)
    relay.hold_all("to-target", True)
    reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    await w.until(lambda: any(p.target is not None for p in relay.pairs.values()))
    client, pair = next(iter(relay.pairs.items()))
    writer.write(b"hello held")
    writer.write_eof()
    await w.until(lambda: "peer-finished" in w.notices() and pair.held_bytes["to-target"] == 10)
    assert pair.eof["to-target"] and not pair.shut["to-target"] and not got  # the end waits behind the bytes
    relay.hold_all("to-target", False)  # (raised "Cannot call write() after write_eof()" here)
    await asyncio.wait_for(target_done.wait(), 5)
    assert bytes(got) == b"hello held" and relay.dropped == 0
    with pytest.raises(NoTarget, match="end of data"):  # (not asyncio's RuntimeError)
        relay.inject(b"late", client, "to-target")
    # the other way: held towards the client, the target's end of data waits too
    relay.hold(client, "to-client", True)
    assert await read_exactly(reader, 19) == b"reply to hello held"
    target_says.set()
    await w.until(lambda: w.notices().count("peer-finished") == 2)
    assert pair.eof["to-client"] and not pair.shut["to-client"]
    relay.inject(b"!", client, "to-client")  # a held end does not stop the user sending to the client
    assert await read_exactly(reader, 1) == b"!"
    relay.release(client, "to-client")  # (nothing held: the end goes on, and with both ends passed the pair closes)
    assert await asyncio.wait_for(reader.read(), 5) == b""
    await w.until(lambda: not relay.pairs)
    assert relay.dropped == 0 and "held-dropped" not in w.notices()
    writer.close()
    await relay.close()
    server.close()


async def test_held_bytes_of_a_pair_that_closes_are_counted_as_dropped() -> None:
    async def target(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        writer.close()

    server, port = await target_server(target)
    relay, w = await open_relay(port)
    relay.hold_all("to-target", True)
    _reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    await w.until(lambda: any(p.target is not None for p in relay.pairs.values()))
    writer.write(b"12345")
    await w.until(lambda: relay.held_bytes("to-target") == 5)
    # the client leaves with a reset: the pair closes completely, its held bytes can go nowhere
    writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
    await w.until(lambda: not relay.pairs)
    assert relay.dropped == 5 and relay.held_bytes("to-target") == 0
    dropped = next(r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "held-dropped")
    assert dropped.args == ("5", "to-target")
    await relay.close()
    server.close()


async def test_held_bytes_are_bounded_for_the_whole_relay_and_nothing_is_lost() -> None:
    """Many pairs on hold: past the relay's bound (for all pairs together) reading pauses on held directions, said
    once in words; released, every byte reaches the target in order, none dropped."""
    chunk = os.urandom(300_000)
    got: dict[int, bytearray] = {}
    done = asyncio.Event()

    async def target(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        mine = got.setdefault(len(got), bytearray())
        while data := await reader.read(65536):
            mine.extend(data)
            if sum(map(len, got.values())) == 4 * len(chunk):
                done.set()
        writer.close()

    _server, port = await target_server(target)
    relay = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", port, hold_total_limit=512 * 1024)
    w = Watch(relay)
    await relay.open()
    relay.hold_all("to-target", True)
    clients = [await asyncio.open_connection("127.0.0.1", relay.local_address.port) for _ in range(4)]
    await w.until(lambda: sum(p.target is not None for p in relay.pairs.values()) == 4)
    for _reader, writer in clients:
        writer.write(chunk)  # 1.2 MB in all, each pair far below its own 4 MiB
    await w.until(lambda: "hold-limit" in w.notices())
    said = next(r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "hold-limit")
    assert "stop reading" in said.text and "nothing is dropped" in said.text
    # what each client still sends waits in the kernel: the relay holds its bound and one read more at most
    await poll_until(lambda: all(p._stops["client"] for p in relay.pairs.values() if p.held_bytes["to-target"]))
    assert relay.held_bytes("to-target") <= 512 * 1024 + 256 * 1024
    assert w.notices().count("hold-limit") == 1
    relay.hold_all("to-target", False)
    await asyncio.wait_for(done.wait(), 10)
    assert all(bytes(g) == chunk for g in got.values()) and relay.dropped == 0
    for _reader, writer in clients:
        writer.close()
async def test_a_relay_whose_target_is_its_own_port_is_refused_in_words() -> None:
    """It built 1,024 pairs to itself, silently (the UDP relay already refused this)."""
    from app.core.errors import InvalidAddress
    from tests.app.cli.test_cli import cli

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    for host, target in (("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "localhost"), ("127.0.0.1", "::ffff:127.0.0.1")):
        relay = TcpRelaySession(host, port, target, port)
        with pytest.raises(InvalidAddress, match="is the relay itself"):
            await relay.open()
        assert relay.state is State.CLOSED and relay._server is None
    code, _out, err = await cli("relay", "tcp", f"127.0.0.1:{port}", f"127.0.0.1:{port}", "--duration", "3")
    assert code == 2 and "is the relay itself" in err, err
    # the port was let go: a relay elsewhere opens on it
    relay = TcpRelaySession("127.0.0.1", port, "127.0.0.1", port + 1 if port < 65535 else port - 1)
    await relay.open()
    await relay.close()


async def test_a_targets_reset_reaches_the_client_as_a_reset_and_is_said_so() -> None:
    """It went on to the client as a FIN: the client's own log read "closed by peer"."""
    from app.net.session import CloseReason, PeerDisconnected
    from app.net.sessions.tcp_client import TcpClientSession

    accepted: asyncio.Queue[asyncio.StreamWriter] = asyncio.Queue()

    async def target(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.put_nowait(writer)
        await reader.read()

    server, port = await target_server(target)
    relay, w = await open_relay(port)
    client = TcpClientSession("127.0.0.1", relay.local_address.port)
    gone: asyncio.Future[PeerDisconnected] = asyncio.get_running_loop().create_future()
    client.subscribe(lambda e: isinstance(e, PeerDisconnected) and not gone.done() and gone.set_result(e))
    await client.open()
    writer = await asyncio.wait_for(accepted.get(), 5)
    await w.until(lambda: any(p.target is not None for p in relay.pairs.values()))
    writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()  # the target resets
    event = await asyncio.wait_for(gone, 5)
    assert event.reason is CloseReason.RESET
    await w.until(lambda: not relay.pairs)
    said = [r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "peer-disconnected"]
    assert said[-1].detail == "target-reset" and f"the target 127.0.0.1:{port} reset" in said[-1].text
    await client.close()
    await relay.close()
    server.close()
