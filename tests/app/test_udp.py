"""UDP sessions on loopback: unicast, reply, broadcast to 127.255.255.255, multicast on 127.0.0.1, ICMP."""

from __future__ import annotations

import asyncio
import socket
import subprocess

import pytest

from app.addresses import has_ipv6_loopback
from app.errors import DatagramTooLarge, NoTarget, PermissionDenied
from app.records import Address, Direction
from app.session import ErrorOccurred, State
from app.udp import MAX_DATAGRAM, UdpSession
from tests.app.helpers import Watch
from tests.conftest import need_tool

HOSTS = ["127.0.0.1"] + (["::1"] if has_ipv6_loopback() else [])


@pytest.mark.parametrize("host", HOSTS)
async def test_udp_round_trip_and_reply_to_sender(host: str) -> None:
    a, b = UdpSession(host, 0), UdpSession(host, 0)
    wa, wb = Watch(a), Watch(b)
    await a.open()
    await b.open()
    a.remote = b.local_address
    a.send(b"one")
    a.send(b"two")
    await wb.until(lambda: b.counters.total.rx_packets == 2)
    rx = wb.records(Direction.RX)
    assert [r.data for r in rx] == [b"one", b"two"]  # one record per datagram
    assert rx[0].peer == a.local_address
    b.reply(b"back")
    await wa.until_rx(4)
    assert wa.records(Direction.RX)[0].peer == b.local_address
    assert a.counters.peers[b.local_address].rx_bytes == 4
    await a.close()
    await b.close()
    assert a.state is State.CLOSED


async def test_no_target_and_reply_without_sender() -> None:
    u = UdpSession("127.0.0.1", 0)
    await u.open()
    with pytest.raises(NoTarget):
        u.send(b"x")
    with pytest.raises(NoTarget):
        u.reply(b"x")
    await u.close()


async def test_oversized_datagram_is_refused_and_nothing_sent() -> None:
    a, b = UdpSession("127.0.0.1", 0), UdpSession("127.0.0.1", 0)
    wb = Watch(b)
    await a.open()
    await b.open()
    with pytest.raises(DatagramTooLarge, match="65,507"):
        a.send(b"x" * (MAX_DATAGRAM + 1), b.local_address)
    assert a.counters.total.tx_packets == 0
    a.send(b"x" * MAX_DATAGRAM, b.local_address)  # the largest one goes through whole
    await wb.until_rx(MAX_DATAGRAM)
    assert len(wb.records(Direction.RX)[0].data) == MAX_DATAGRAM
    await a.close()
    await b.close()


async def test_icmp_port_unreachable_is_an_event_and_session_survives() -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    closed = Address("127.0.0.1", probe.getsockname()[1])
    probe.close()
    a, b = UdpSession("127.0.0.1", 0), UdpSession("127.0.0.1", 0)
    wa, wb = Watch(a), Watch(b)
    await a.open()
    await b.open()
    a.send(b"anyone?", closed)
    await wa.until(lambda: bool(wa.of(ErrorOccurred)))
    err = wa.of(ErrorOccurred)[0].error
    assert err.code == "port-unreachable" and str(closed) in str(err)
    assert a.state is State.OPEN
    a.send(b"still here", b.local_address)
    await wb.until_rx(10)
    await a.close()
    await b.close()


async def test_broadcast_needs_permission_then_delivers_on_loopback() -> None:
    rx = UdpSession("0.0.0.0", 0)
    wrx = Watch(rx)
    await rx.open()
    tx = UdpSession("127.0.0.1", 0)
    await tx.open()
    target = Address("127.255.255.255", rx.local_address.port)
    with pytest.raises(PermissionDenied):
        tx.send(b"hello all", target)
    tx.set_broadcast(True)
    tx.send(b"hello all", target)
    await wrx.until_rx(9)
    assert wrx.rx() == b"hello all"
    await tx.close()
    await rx.close()


async def test_multicast_join_deliver_leave_on_loopback() -> None:
    group = "239.255.42.99"
    rx = UdpSession("0.0.0.0", 0)
    wrx = Watch(rx)
    await rx.open()
    rx.join(group, "127.0.0.1")
    assert (group, "127.0.0.1") in rx.groups
    tx = UdpSession("127.0.0.1", 0)
    await tx.open()
    tx.set_multicast_interface("127.0.0.1")
    tx.send(b"to the group", Address(group, rx.local_address.port))
    await wrx.until_rx(12)
    assert wrx.records(Direction.RX)[0].peer == tx.local_address
    rx.leave(group, "127.0.0.1")
    assert not rx.groups
    assert "multicast-left" in wrx.notices()
    await tx.close()
    await rx.close()


async def test_socat_udp_peer() -> None:
    socat = need_tool("socat")
    u = UdpSession("127.0.0.1", 0)
    w = Watch(u)
    await u.open()
    # socat sends one datagram from its stdin to our session, and prints what comes back
    proc = await asyncio.create_subprocess_exec(
        socat, "-t", "5", "-", f"UDP-SENDTO:127.0.0.1:{u.local_address.port}",
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"from socat")
    await proc.stdin.drain()
    await w.until_rx(10)
    u.reply(b"reply!")
    assert await asyncio.wait_for(proc.stdout.readexactly(6), 5) == b"reply!"
    proc.kill()
    await proc.wait()
    await u.close()


async def test_many_sources_send_from_their_own_ports_and_hear_their_replies() -> None:
    from app.records import Address, Direction
    from tests.app.helpers import Watch

    seen: list[tuple[str, int]] = []

    class Echo(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.t = transport

        def datagram_received(self, data: bytes, addr: tuple) -> None:
            seen.append(addr)
            self.t.sendto(b"re:" + data, addr)  # type: ignore[attr-defined]

    transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    target = Address("127.0.0.1", transport.get_extra_info("sockname")[1])
    udp = UdpSession("127.0.0.1", 0, remote=target, sources=8)
    w = Watch(udp)
    await udp.open()
    try:
        assert udp.extra is not None and len(udp.extra.addresses) == 7
        assert "sources" in w.notices()
        udp.send(b"load")
        await w.until(lambda: len(w.records(Direction.RX)) == 8)
        assert len({port for _h, port in seen}) == 8  # eight source ports
        assert len(w.records(Direction.TX)) == 8 and udp.counters.total.tx_bytes == 32
        assert udp.counters.total.rx_bytes == 8 * 7
    finally:
        await udp.close()
        transport.close()
    assert udp.extra is None
