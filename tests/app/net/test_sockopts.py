"""Socket options applied to real loopback sockets and read back as the kernel set them."""

from __future__ import annotations

import socket
from pathlib import Path

from app.net.sockopts import SocketOptions, apply, read
from tests.conftest import linux_only


@linux_only  # (TCP_KEEPIDLE)
def test_tcp_options_are_applied_and_read_back() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(server.getsockname())
    try:
        opts = SocketOptions(nodelay=True, keepalive=True, keep_idle=30, keep_interval=5, keep_count=4,
                             rcvbuf=128 * 1024, sndbuf=64 * 1024, ttl=7)
        applied = apply(client, opts)
        v = applied.values
        assert not applied.failed
        assert v["nodelay"] is True and v["keepalive"] is True
        assert (v["keep_idle"], v["keep_interval"], v["keep_count"]) == (30, 5, 4)
        assert v["ttl"] == 7
        rmem_max = int(Path("/proc/sys/net/core/rmem_max").read_text())
        assert v["rcvbuf"] == min(128 * 1024, rmem_max)
        assert "TCP_NODELAY on" in applied.describe() and "TTL 7" in applied.describe()
        off = apply(client, SocketOptions(nodelay=False, keepalive=False))
        assert off.values["nodelay"] is False and off.values["keepalive"] is False
        assert apply(client, SocketOptions()).values == read(client)  # nothing asked: nothing changes
    finally:
        client.close()
        server.close()


def test_udp_and_ipv6_take_what_applies_to_them() -> None:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        applied = apply(udp, SocketOptions(nodelay=True, keepalive=True, ttl=3, sndbuf=32 * 1024))
        assert "nodelay" not in applied.values and applied.values["ttl"] == 3 and not applied.failed
    finally:
        udp.close()
    if not socket.has_ipv6:
        return
    six = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    try:
        assert apply(six, SocketOptions(ttl=9)).values["ttl"] == 9
    finally:
        six.close()


def test_a_refused_option_is_said_not_raised() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        applied = apply(sock, SocketOptions(ttl=300))  # out of range for IP_TTL
        assert "ttl" in applied.failed and "Invalid argument" in applied.failed["ttl"]
    finally:
        sock.close()


@linux_only  # (TCP_KEEPIDLE)
async def test_sessions_apply_the_options_to_every_socket_they_open() -> None:

    from app.net.sessions.tcp_client import TcpClientSession
    from app.net.sessions.tcp_server import TcpServerSession
    from app.net.sessions.udp import UdpSession
    from tests.app.helpers import Watch

    server = TcpServerSession("127.0.0.1", 0)
    server.socket_options = SocketOptions(keepalive=True, keep_idle=11, ttl=12)
    await server.open()
    client = TcpClientSession("127.0.0.1", server.local_address.port)
    client.socket_options = SocketOptions(nodelay=False, keepalive=True, keep_idle=17, keep_count=3, ttl=9)
    w = Watch(server)
    try:
        await client.open()
        await w.until(lambda: len(server.peers) == 1)
        got = client.socket_options_applied
        assert got is not None and not got.failed
        assert (got.values["nodelay"], got.values["keep_idle"], got.values["keep_count"], got.values["ttl"]) == \
            (False, 17, 3, 9)
        accepted = server.socket_options_applied
        assert accepted is not None and accepted.values["keep_idle"] == 11 and accepted.values["ttl"] == 12
        udp = UdpSession("127.0.0.1", 0)
        udp.socket_options = SocketOptions(ttl=4, sndbuf=65536)
        await udp.open()
        assert udp.socket_options_applied is not None and udp.socket_options_applied.values["ttl"] == 4
        await udp.close()
    finally:
        await client.close()
        await server.close()
