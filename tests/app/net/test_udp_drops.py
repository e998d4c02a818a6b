"""Datagrams the kernel drops for a full receive buffer are counted and said (issue 20, item 11): a real UDP
socket on loopback overflows a small receive buffer while the loop cannot read (the test holds it), and
every datagram sent is then either received or counted as kernel dropped."""

from __future__ import annotations

import socket

import pytest

from app.core.records import Address, Direction
from app.core.system import drops_from_proc, kernel_drops
from app.net import udp_drops
from app.net.sessions.udp import UdpSession
from app.net.sessions.udp_relay import UdpRelaySession
from tests.app.helpers import Watch, poll_until
from tests.app.net.sessions.test_udp_relay import Peer
from tests.conftest import linux_only

BURST = 400
SIZE = 200


def burst(to: Address, n: int = BURST) -> None:
    """``n`` datagrams from one real socket, all at once: the loop does not run meanwhile, so nobody reads."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for k in range(n):
            s.sendto(k.to_bytes(4, "big") * (SIZE // 4), (to.host, to.port))


def kernel_notices(w: Watch) -> list:
    return [r for r in w.records(Direction.NOTICE) if r.notice.kind == "kernel-dropped"]


@linux_only
def test_the_kernel_count_reads_the_same_by_getsockopt_and_from_proc() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx:
        rx.bind(("127.0.0.1", 0))
        rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        assert kernel_drops(rx) == 0
        burst(Address.from_sockaddr(rx.getsockname()), 100)
        dropped = kernel_drops(rx)
        assert dropped is not None and dropped > 0
        assert drops_from_proc(rx) == dropped


@linux_only
async def test_a_udp_page_counts_what_the_kernel_dropped_and_says_it_once() -> None:
    session = UdpSession("127.0.0.1", 0, recv_buffer=4096)
    w = Watch(session)
    await session.open()
    try:
        assert session.counters.kernel_dropped == 0
        burst(session.local_address)
        # every datagram is either received or counted as dropped by the kernel: nothing goes without a word
        await poll_until(lambda: session.counters.total.rx_packets + (session.counters.kernel_dropped or 0) == BURST)
        assert session.counters.kernel_dropped > 0, "a 4 KiB buffer held all the burst?"
        await poll_until(lambda: len(kernel_notices(w)) == 1)
        notice = kernel_notices(w)[0].notice
        assert "kernel dropped" in notice.text and notice.args[1] == f"{session.recv_buffer_granted:,}"
        before = session.counters.kernel_dropped
        burst(session.local_address)  # a second run soon after: counted, not said again
        await poll_until(lambda: session.counters.total.rx_packets + session.counters.kernel_dropped == 2 * BURST)
        assert session.counters.kernel_dropped > before and len(kernel_notices(w)) == 1
        session.reset_counters()
        assert session.counters.kernel_dropped == 0
    finally:
        await session.close()


@linux_only
async def test_a_udp_relay_counts_what_the_kernel_dropped_at_its_socket() -> None:
    target = await Peer.open()
    relay = UdpRelaySession("127.0.0.1", 0, target.address.host, target.address.port, recv_buffer=4096)
    w = Watch(relay)
    await relay.open()
    try:
        burst(relay.local_address)
        from_source = lambda: sum(1 for r in w.records(Direction.RX) if r.peer != relay.target_address)  # noqa: E731
        await poll_until(lambda: from_source() + (relay.counters.kernel_dropped or 0) == BURST)
        assert relay.counters.kernel_dropped > 0 and relay.dropped_datagrams == 0
        await poll_until(lambda: len(kernel_notices(w)) == 1)
        await target.until_got(from_source())  # what it took, it relayed
    finally:
        await relay.close()
        target.close()


async def test_where_the_system_does_not_say_the_count_is_unknown_not_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(udp_drops, "kernel_drops", lambda sock: None)
    session = UdpSession("127.0.0.1", 0)
    await session.open()
    try:
        assert session.counters.kernel_dropped is None
        session.reset_counters()
        assert session.counters.kernel_dropped is None
    finally:
        await session.close()
