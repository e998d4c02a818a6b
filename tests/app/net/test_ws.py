"""The WebSocket client and server sessions against independent peers on loopback: the ``websockets`` library's
own asyncio client and server (and one in a subprocess), a browser's handshake from a raw socket, a peer that
sends garbage, one that vanishes, one that does not read."""

from __future__ import annotations

import asyncio
import json
import os
import ssl
import struct
import sys
import zlib
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed, InvalidMessage, InvalidStatus

from app.core.errors import PeerNotReading, SendTooLarge, UnencodableText, WsBadUrl, WsHandshakeFailed, WsProtocolError
from app.core.records import FLAG_TEXT, Direction
from app.export.logs import record_from_json, record_to_json
from app.net.session import CloseReason, ErrorOccurred, PeerDisconnected, State
from app.net.tls import TlsOptions
from app.net.ws.client import WsClientSession
from app.net.ws.server import WsServerSession
from tests.app.helpers import Watch

MIB = 1024 * 1024


def texts(w: Watch) -> list[str]:
    return [r.notice.text for r in w.records(Direction.NOTICE)]


def said(w: Watch, words: str) -> bool:
    return any(words in t for t in texts(w))


async def ws_server(**kw: object) -> tuple[WsServerSession, Watch, str]:
    server = WsServerSession("127.0.0.1", 0, **kw)  # type: ignore[arg-type]
    w = Watch(server)
    await server.open()
    assert server.local_address is not None
    return server, w, f"ws://127.0.0.1:{server.local_address.port}"


# ------------------------------------------------------------------------------------- the server

async def test_server_messages_from_the_websockets_client_text_binary_fragmented() -> None:
    server, w, url = await ws_server(path="/chat")
    try:
        async with connect(url + "/chat?room=1") as peer:
            await peer.send("你好 text")
            await peer.send(b"\x00\x01\xff binary")
            await peer.send(["frag", "men", "ted"])  # one message in three frames
            await peer.send([b"\x01", b"\x02"])
            await w.until(lambda: len(w.records(Direction.RX)) == 4)
            rx = w.records(Direction.RX)
            assert [r.data for r in rx] == ["你好 text".encode(), b"\x00\x01\xff binary", b"fragmented", b"\x01\x02"]
            assert [bool(r.flags & FLAG_TEXT) for r in rx] == [True, False, True, False]
            (peer_addr,) = server.peers
            assert server.peers[peer_addr].path == "/chat?room=1"
            server.send("回 text".encode())  # text mode (the default): a text frame
            server.send(b"\x80\x81", peer_addr)  # not UTF-8: binary, even in text mode
            server.send(b"hex", text=False)
            assert await peer.recv() == "回 text"
            assert await peer.recv() == b"\x80\x81"
            assert await peer.recv() == b"hex"
            tx = w.records(Direction.TX)
            assert [bool(r.flags & FLAG_TEXT) for r in tx] == [True, False, False]
            with pytest.raises(UnencodableText, match="UTF-8"):
                server.send(b"\xff", text=True)
            assert server.counters.total.rx_packets == 4 and server.counters.total.tx_packets == 3
            assert "ws-handshake" in w.notices() and said(w, "permessage-deflate")
    finally:
        await server.close()
    # the flag survives the log
    again = record_from_json(record_to_json(rx[0]))
    assert again.flags & FLAG_TEXT and not record_from_json(record_to_json(rx[1])).flags & FLAG_TEXT


async def test_sixteen_mib_messages_both_ways() -> None:
    server, w, url = await ws_server(send_limit=40 * MIB, store_limit=64 * MIB)
    big = os.urandom(16 * MIB)
    try:
        async with connect(url, max_size=None, compression=None) as peer:
            await peer.send(big)
            await w.until(lambda: len(w.records(Direction.RX)) == 1, timeout=20)
            assert w.records(Direction.RX)[0].data == big
            server.send(big[::-1], text=False)
            assert await asyncio.wait_for(peer.recv(), 20) == big[::-1]
    finally:
        await server.close()


async def test_server_path_and_subprotocols_refuse_in_words() -> None:
    server, w, url = await ws_server(path="/ws", subprotocols="chat, json")
    try:
        with pytest.raises(InvalidStatus, match="404"):
            async with connect(url + "/other"):
                pass
        with pytest.raises(InvalidStatus, match="400"):
            async with connect(url + "/ws", subprotocols=["mqtt"]):  # type: ignore[list-item]
                pass
        async with connect(url + "/ws", subprotocols=["mqtt", "json"]) as peer:  # type: ignore[list-item]
            assert peer.subprotocol == "json"
            await w.until(lambda: len(server.peers) == 1)
            assert said(w, "subprotocol json")
        assert said(w, "it asked for /other; this server serves /ws") and said(w, "refused with 400")
        assert len(w.of(ErrorOccurred)) >= 2
    finally:
        await server.close()


async def test_ping_pong_round_trip_both_sides() -> None:
    server, w, url = await ws_server()
    try:
        async with connect(url) as peer:
            await w.until(lambda: len(server.peers) == 1)
            latency = await asyncio.wait_for(await peer.ping(b"from-peer"), 5)
            assert latency >= 0
            assert server.ping(b"payload") == b"payload"
            await w.until(lambda: "ws-pong" in w.notices())
            assert said(w, "ping from") and any("pong from" in t and " ms" in t for t in texts(w))
            with pytest.raises(SendTooLarge):
                server.ping(b"x" * 126)
    finally:
        await server.close()


async def test_close_paths_of_the_server_kick_stop_peer_close_peer_vanishes() -> None:
    server, w, url = await ws_server()
    try:
        a = await connect(url)
        b = await connect(url)
        c = await connect(url)
        await w.until(lambda: len(server.peers) == 3)
        addr_a = next(p for p, s in server.peers.items() if s.peer[1] == a.local_address[1])
        server.kick(addr_a, 4001, "go away")
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(a.recv(), 5)
        assert closed.value.rcvd is not None and (closed.value.rcvd.code, closed.value.rcvd.reason) == (4001, "go away")
        await b.close(4002, "leaving")  # the peer closes with a code and reason
        await w.until(lambda: len(server.peers) == 1)
        assert said(w, "closes the WebSocket: 4002 (the application's own code), reason 'leaving'")
        assert said(w, "we closed with 4001 (the application's own code), reason 'go away'")
        reasons = {e.reason for e in w.of(PeerDisconnected)}
        assert reasons == {CloseReason.KICKED, CloseReason.CLOSED_BY_PEER}
        # a peer that vanishes: its TCP connection ends with no close frame
        c.transport.abort()
        await w.until(lambda: not server.peers)
        assert said(w, "without a closing handshake (1006, abnormal closure)")
        d = await connect(url)
        await w.until(lambda: len(server.peers) == 1)
    finally:
        await server.close()
    with pytest.raises(ConnectionClosed) as closed:
        await asyncio.wait_for(d.recv(), 5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001  # going away: the server stopped


# ---------------------------------------------------------------------------- raw-socket peers

BROWSER_REQUEST = (
    "GET /chat HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: Upgrade\r\nPragma: no-cache\r\n"
    "Cache-Control: no-cache\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36\r\n"
    "Upgrade: websocket\r\nOrigin: http://localhost:8080\r\nSec-WebSocket-Version: 13\r\n"
    "Accept-Encoding: gzip, deflate, br\r\nAccept-Language: zh-CN,zh;q=0.9,en;q=0.8\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")


def masked(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    mask = os.urandom(4)
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    head += bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


async def read_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    b0, b1 = await asyncio.wait_for(reader.readexactly(2), 5)
    n = b1 & 0x7F
    if n == 126:
        (n,) = struct.unpack("!H", await reader.readexactly(2))
    elif n == 127:
        (n,) = struct.unpack("!Q", await reader.readexactly(8))
    payload = await asyncio.wait_for(reader.readexactly(n), 5)
    if b0 & 0x40:  # RSV1: per-message deflate (the browser offered it, the server agreed)
        payload = zlib.decompressobj(-15).decompress(payload + b"\x00\x00\xff\xff")
    return b0 & 0x0F, payload


async def browser(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(BROWSER_REQUEST.format(port=port).encode())
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    return reader, writer, head


async def test_a_browser_handshake_from_a_raw_socket() -> None:
    server, w, _url = await ws_server()
    assert server.local_address is not None
    try:
        reader, writer, head = await browser(server.local_address.port)
        assert head.startswith(b"HTTP/1.1 101 Switching Protocols\r\n")
        assert b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" in head  # RFC 6455's own example
        writer.write(masked(0x1, "浏览器".encode()) + masked(0x2, b"\x01\x02", fin=False) + masked(0x0, b"\x03"))
        await w.until(lambda: len(w.records(Direction.RX)) == 2)
        assert [r.data for r in w.records(Direction.RX)] == ["浏览器".encode(), b"\x01\x02\x03"]
        assert said(w, "Origin: http://localhost:8080") and said(w, "User-Agent: Mozilla/5.0")
        server.send(b"hello browser")
        assert await read_frame(reader) == (0x1, b"hello browser")
        writer.write(masked(0x8, struct.pack("!H", 1000) + b"tab closed"))
        opcode, payload = await read_frame(reader)
        assert opcode == 0x8 and payload[:2] == struct.pack("!H", 1000)
        assert await asyncio.wait_for(reader.read(), 5) == b""  # the server ends the TCP connection
        writer.close()
        await w.until(lambda: not server.peers)
        assert said(w, "1000 (OK), reason 'tab closed'")
    finally:
        await server.close()


@pytest.mark.parametrize(("garbage", "words", "code"), [
    (b"\xb1\x80\x00\x00\x00\x00", "broke the WebSocket protocol: reserved bits must be 0", 1002),
    (b"\x83\x80\x00\x00\x00\x00", "broke the WebSocket protocol: invalid opcode", 1002),
    (b"\x81\x05hello", "broke the WebSocket protocol: incorrect masking", 1002),
    (masked(0x1, b"\xc3\x28 not utf-8"), "sent a text message that is not UTF-8", 1007),
])
async def test_a_peer_that_sends_garbage_is_closed_with_the_reason_in_words(garbage: bytes, words: str,
                                                                           code: int) -> None:
    server, w, _url = await ws_server()
    assert server.local_address is not None
    try:
        reader, writer, _head = await browser(server.local_address.port)
        await w.until(lambda: len(server.peers) == 1)
        writer.write(garbage)
        opcode, payload = await read_frame(reader)
        assert opcode == 0x8 and struct.unpack("!H", payload[:2])[0] == code
        await w.until(lambda: not server.peers)
        errors = [e.error for e in w.of(ErrorOccurred)]
        assert any(isinstance(e, WsProtocolError) and words in str(e) for e in errors), errors
        assert said(w, words) and said(w, f"closed with {code}")
        (gone,) = w.of(PeerDisconnected)
        assert isinstance(gone.error, WsProtocolError)
        writer.close()
    finally:
        await server.close()


async def test_a_peer_that_does_not_read_is_refused_in_words() -> None:
    server, w, _url = await ws_server(send_limit=1 * MIB)
    assert server.local_address is not None
    try:
        _reader, writer, _head = await browser(server.local_address.port)  # (never reads again)
        await w.until(lambda: len(server.peers) == 1)
        with pytest.raises(SendTooLarge, match="nothing was sent"):
            server.send(b"x" * (2 * MIB), text=False)
        block = os.urandom(256 * 1024)
        with pytest.raises(PeerNotReading, match="is not reading"):
            for _ in range(1000):  # the kernel's buffers fill, then ours up to the bound
                server.send(block, text=False)
                await asyncio.sleep(0)
        writer.transport.abort()
    finally:
        await server.close()


# ------------------------------------------------------------------------------------- the client

ECHO_SERVER = r"""
import json, sys
from websockets.sync.server import serve

def handler(ws):
    req = ws.request
    ws.send(json.dumps({"path": req.path, "headers": dict(req.headers.raw_items()), "subprotocol": ws.subprotocol}))
    for message in ws:
        if message == "close-me":
            ws.close(4002, "asked to")
            return
        ws.send(message)

with serve(handler, "127.0.0.1", 0, subprotocols=["chat", "json"]) as server:
    print(server.socket.getsockname()[1], flush=True)
    server.serve_forever()
"""


async def test_client_against_a_websockets_server_in_a_subprocess() -> None:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", ECHO_SERVER, stdout=asyncio.subprocess.PIPE)
    try:
        assert proc.stdout is not None
        port = int(await asyncio.wait_for(proc.stdout.readline(), 10))
        client = WsClientSession(f"ws://127.0.0.1:{port}/dev/1?k=v", headers=[("X-Token", "abc")],
                                 subprotocols="mqtt, chat", origin="http://device.local")
        w = Watch(client)
        await client.open()
        assert client.state is State.OPEN and client.subprotocol == "chat"
        await w.until(lambda: len(w.records(Direction.RX)) == 1)
        hello = json.loads(w.records(Direction.RX)[0].data)
        assert hello["path"] == "/dev/1?k=v" and hello["subprotocol"] == "chat"
        assert hello["headers"]["X-Token"] == "abc" and hello["headers"]["Origin"] == "http://device.local"
        assert said(w, "> X-Token: abc") and said(w, "< Sec-WebSocket-Protocol: chat")
        client.send("文本".encode())
        client.send(b"\x00\xff", text=False)
        client.send(b"x" * 200_000)
        await w.until(lambda: len(w.records(Direction.RX)) == 4)
        rx = w.records(Direction.RX)[1:]
        assert [r.data for r in rx] == ["文本".encode(), b"\x00\xff", b"x" * 200_000]
        assert [bool(r.flags & FLAG_TEXT) for r in rx] == [True, False, True]
        client.ping(b"rtt?")
        await w.until(lambda: "ws-pong" in w.notices())
        client.send(b"close-me")  # the server closes with 4002
        await w.until(lambda: client.state is State.CLOSED)
        assert said(w, "closes the WebSocket: 4002 (the application's own code), reason 'asked to'")
        assert w.of(PeerDisconnected)[0].reason is CloseReason.CLOSED_BY_PEER
    finally:
        proc.kill()
        await proc.wait()


async def test_client_close_with_code_and_reason_and_a_vanishing_server() -> None:
    seen: list[tuple[int, str]] = []

    async def handler(ws: ServerConnection) -> None:
        try:
            async for message in ws:
                if message == "vanish":
                    ws.transport.abort()
                    return
        except ConnectionClosed:
            pass
        if ws.close_code is not None:
            seen.append((ws.close_code, ws.close_reason or ""))

    async with serve(handler, "127.0.0.1", 0) as srv:
        port = srv.sockets[0].getsockname()[1]
        client = WsClientSession(f"ws://127.0.0.1:{port}/")
        w = Watch(client)
        await client.open()
        await client.close(4321, "done here")
        assert client.state is State.CLOSED
        assert said(w, "we closed with 4321 (the application's own code), reason 'done here'")
        await client.open()
        client.send(b"vanish")
        await w.until(lambda: client.state is State.CLOSED)
        assert said(w, "without a closing handshake (1006, abnormal closure)")
    assert seen and seen[0] == (4321, "done here")


async def test_client_handshake_failures_in_words() -> None:
    server, _w, url = await ws_server(path="/ok")
    try:
        client = WsClientSession(url + "/nope")
        w = Watch(client)
        with pytest.raises(WsHandshakeFailed, match="404") as failed:
            await client.open()
        assert "No WebSocket at /nope" in str(failed.value)
        assert client.state is State.CLOSED and "ws-handshake-failed" in w.notices()
        for bad in ("http://127.0.0.1/", "ws://", "ws://127.0.0.1:99999/"):
            with pytest.raises(WsBadUrl):
                await WsClientSession(bad).open()
    finally:
        await server.close()
    # a plain TCP server that answers HTTP but not a WebSocket upgrade

    async def http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
        await writer.drain()
        writer.close()

    plain = await asyncio.start_server(http, "127.0.0.1", 0)
    try:
        port = plain.sockets[0].getsockname()[1]
        with pytest.raises(WsHandshakeFailed, match="HTTP 200"):
            await WsClientSession(f"ws://127.0.0.1:{port}/").open()
    finally:
        plain.close()


async def test_wss_against_the_self_signed_certificate(tmp_path: Path) -> None:
    server, w, _url = await ws_server(tls=TlsOptions(enabled=True, self_signed=True))
    assert server.local_address is not None
    port = server.local_address.port
    ca = tmp_path / "server.pem"
    ca.write_bytes(server.tls_certificate)
    try:
        assert said(w, f"WebSocket server at wss://127.0.0.1:{port}/")
        ctx = ssl.create_default_context(cafile=str(ca))
        async with connect(f"wss://localhost:{port}/secure", ssl=ctx) as peer:
            await peer.send("over TLS")
            await w.until(lambda: len(w.records(Direction.RX)) == 1)
        refused = WsClientSession(f"wss://localhost:{port}/")  # the system's CAs do not know it
        with pytest.raises(Exception, match=r"(?i)certificate"):
            await refused.open()
        client = WsClientSession(f"wss://localhost:{port}/", tls=TlsOptions(ca_file=str(ca)))
        cw = Watch(client)
        await client.open()
        assert "tls" in cw.notices()
        client.send(b"hello wss")
        await w.until(lambda: len(w.records(Direction.RX)) == 2)
        assert w.records(Direction.RX)[1].data == b"hello wss"
        await client.close()
        plain = WsClientSession(f"ws://127.0.0.1:{port}/")  # plain ws:// to a wss server: in words, no hang
        with pytest.raises(WsHandshakeFailed):
            await plain.open()
    finally:
        await server.close()


async def test_client_limit_counts_handshakes_under_way() -> None:
    server, w, url = await ws_server(client_limit=2)
    assert server.local_address is not None
    try:
        _r, silent = (await asyncio.open_connection("127.0.0.1", server.local_address.port))  # no request yet
        a = await connect(url)
        with pytest.raises(InvalidMessage, match="did not receive a valid HTTP response"):  # (closed at once)
            await connect(url, open_timeout=5)
        await w.until(lambda: "client-rejected" in w.notices())
        silent.close()
        await a.close()
    finally:
        await server.close()

