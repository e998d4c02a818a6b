"""UDP sessions on loopback: unicast, reply, broadcast to 127.255.255.255, multicast on 127.0.0.1, ICMP."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import socket
import subprocess
from collections.abc import Callable, Iterator

import pytest

from app.core.addresses import has_ipv6_loopback
from app.core.errors import DatagramTooLarge, NetAssistError, NoTarget, PermissionDenied
from app.core.records import Address, Direction
from app.net.session import ErrorOccurred, State, StateChanged
from app.net.sessions.udp import MAX_DATAGRAM, UdpSession
from app.net.sockopts import SocketOptions
from tests.app.helpers import Watch, poll_until
from tests.conftest import linux_only, need_tool

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


@linux_only  # (IP_RECVERR)
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
    from app.core.records import Address, Direction
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


# ---------------------------------------------------------------------------------------------- many sources
_LINUX_FDS = os.path.isdir("/proc/self/fd")
_ERRQUEUE = getattr(socket, "MSG_ERRQUEUE", 0)


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@contextlib.contextmanager
def files_left(n: int) -> Iterator[Callable[[int], None]]:
    """Let this process open only ``n`` more files: the soft RLIMIT_NOFILE lowered and the files below it
    filled. Yields ``free(k)``, which gives ``k`` more back. Everything is restored on the way out."""
    resource = pytest.importorskip("resource")  # (not on Windows)

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    low = probe.fileno()
    probe.close()
    if hard != resource.RLIM_INFINITY and hard < low + 64:
        pytest.skip("the hard limit on open files is too low to play with")
    fillers: list[socket.socket] = []

    def free(k: int) -> None:
        for _ in range(k):
            fillers.pop().close()

    resource.setrlimit(resource.RLIMIT_NOFILE, (low + 64, hard))
    try:
        while True:
            try:
                fillers.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
            except OSError as exc:
                if exc.errno != errno.EMFILE:
                    raise
                break
        free(n)
        yield free
    finally:
        free(len(fillers))
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@linux_only  # (IP_RECVERR)
async def test_extra_sources_get_the_pages_socket_settings_and_broadcast_reaches_them() -> None:
    rx = UdpSession("0.0.0.0", 0)
    wrx = Watch(rx)
    await rx.open()
    tx = UdpSession("127.0.0.1", 0, sources=4, multicast_ttl=5, multicast_loop=False)
    tx.socket_options = SocketOptions(ttl=9)
    wtx = Watch(tx)
    await tx.open()
    try:
        socks = tx._sockets()
        assert len(socks) == 4
        for sock in socks:  # the session's own and every extra alike
            assert sock.getsockopt(socket.IPPROTO_IP, socket.IP_TTL) == 9  # the Advanced options
            assert sock.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL) == 5
            assert sock.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP) == 0
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST) == 0
            if _ERRQUEUE:
                assert sock.getsockopt(socket.IPPROTO_IP, getattr(socket, "IP_RECVERR", 11)) == 1
        target = Address("127.255.255.255", rx.local_address.port)
        with pytest.raises(PermissionDenied):
            tx.send(b"all", target)
        tx.set_broadcast(True)  # reaches every source
        assert all(s.getsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST) == 1 for s in socks)
        tx.send(b"all", target)
        await wrx.until(lambda: rx.counters.total.rx_packets == 4)
        assert len({r.peer for r in wrx.records(Direction.RX)}) == 4  # one from each source port
        assert len(wtx.records(Direction.TX)) == 4 and tx.counters.total.tx_packets == 4
        assert tx.extra is not None and tx.extra.errors == 0
    finally:
        await tx.close()
        await rx.close()


async def test_an_extra_source_that_cannot_send_is_counted_not_recorded_and_said_once_per_run() -> None:
    rx = UdpSession("0.0.0.0", 0)
    wrx = Watch(rx)
    await rx.open()
    tx = UdpSession("127.0.0.1", 0, sources=4, broadcast=True)
    wtx = Watch(tx)
    await tx.open()
    try:
        assert tx.extra is not None
        for sock in tx.extra.sockets:  # the extras may not broadcast, the session's own may
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 0)
        target = Address("127.255.255.255", rx.local_address.port)
        tx.send(b"one", target)
        tx.send(b"two", target)
        await wrx.until(lambda: rx.counters.total.rx_packets == 2)
        assert [r.data for r in wtx.records(Direction.TX)] == [b"one", b"two"]  # only what went
        assert tx.counters.total.tx_packets == 2 and tx.extra.errors == 6
        said = [r.notice for r in wtx.records(Direction.NOTICE) if r.notice.kind == "error"]
        assert len(said) == 1 and said[0].detail == "permission-denied" and "3 of 3 extra sources" in said[0].text
        tx.set_broadcast(True)  # they all send again: the run ends
        tx.send(b"three", target)
        await wrx.until(lambda: rx.counters.total.rx_packets == 6)
        assert tx.counters.total.tx_packets == 6
        for sock in tx.extra.sockets:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 0)
        tx.send(b"four", target)  # a new run: said again
        assert len([r for r in wtx.records(Direction.NOTICE) if r.notice.kind == "error"]) == 2
    finally:
        await tx.close()
        await rx.close()


@pytest.mark.skipif(not _ERRQUEUE, reason="IP_RECVERR and the error queue are Linux's")
@linux_only  # (IP_RECVERR)
async def test_icmp_errors_on_extra_sources_are_counted_and_read_out() -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    closed = Address("127.0.0.1", probe.getsockname()[1])
    probe.close()
    udp = UdpSession("127.0.0.1", 0, sources=4)
    w = Watch(udp)
    await udp.open()
    try:
        assert udp.extra is not None
        udp.send(b"anyone?", closed)
        await w.until(lambda: bool(w.of(ErrorOccurred)))  # said once, by the session's own socket
        await poll_until(lambda: udp.extra is not None and udp.extra.errors == 3)  # one per extra source
        for sock in udp.extra.sockets:  # nothing left in their error queues (which would keep them readable)
            with pytest.raises(BlockingIOError):
                sock.recvmsg(1, 512, _ERRQUEUE)
        assert w.notices().count("port-unreachable") == 1
    finally:
        await udp.close()


async def test_a_send_from_many_sources_is_recorded_first_and_the_limit_bounds_queues_not_datagrams() -> None:
    target = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    target.bind(("127.0.0.1", 0))
    target.setblocking(False)
    udp = UdpSession("127.0.0.1", 0, sources=3, send_limit=10)
    w = Watch(udp)
    await udp.open()
    try:
        record = udp.send(b"x" * 100, Address(*target.getsockname()))  # larger than the limit, queues empty
        assert record.peer == Address(*target.getsockname()) and record is w.records(Direction.TX)[0]
        loop = asyncio.get_running_loop()
        got = [await asyncio.wait_for(loop.sock_recvfrom(target, 2000), 5) for _ in range(3)]
        assert len({addr for _data, addr in got}) == 3  # from every source
        assert udp.counters.total.tx_packets == 3 and len(w.records(Direction.TX)) == 3
    finally:
        await udp.close()
        target.close()


@pytest.mark.skipif(not _LINUX_FDS, reason="counts open files in /proc/self/fd")
@pytest.mark.parametrize("how", ["close", "cancel"])
async def test_close_or_cancel_while_sources_open_lets_go_of_every_socket(how: str) -> None:
    before = open_files()
    udp = UdpSession("127.0.0.1", 0, sources=200)
    w = Watch(udp)
    twenty: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    made = [0]
    apply_to = udp._apply_socket_options_to

    def counting(sock: socket.socket) -> None:  # called for each extra source as it is set up
        apply_to(sock)
        made[0] += 1
        if made[0] == 20 and not twenty.done():
            twenty.set_result(None)

    udp._apply_socket_options_to = counting  # type: ignore[method-assign]
    task = asyncio.get_running_loop().create_task(udp.open())
    await asyncio.wait_for(twenty, 10)  # twenty extra sources open, the rest to come
    assert udp.state is State.OPENING
    if how == "close":
        await udp.close()  # what the window's Cancel does
        assert udp.state is State.CLOSED
        await asyncio.wait_for(task, 10)  # open() ends without an error, and without opening
    else:
        task.cancel()  # what closing the tab does
        with pytest.raises(asyncio.CancelledError):
            await task
    assert udp.state is State.CLOSED and udp._transport is None and udp.extra is None
    assert State.OPEN not in [e.state for e in w.of(StateChanged)]
    assert made[0] < 199  # it stopped early
    await poll_until(lambda: open_files() == before)  # every socket given back (transports close a turn later)


@pytest.mark.skipif(not _LINUX_FDS, reason="plays with RLIMIT_NOFILE")
async def test_running_out_of_files_while_sources_open_names_the_source_and_leaks_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import app.net.sessions.udp

    monkeypatch.setattr(app.net.sessions.udp, "raise_fd_limit", lambda: 0)  # (open would otherwise raise the limit)
    before = open_files()
    udp = UdpSession("127.0.0.1", 0, sources=10)
    with files_left(5), pytest.raises(NetAssistError) as caught:
        await udp.open()  # its own socket and four extra sources open; the sixth source finds no file
    assert "open source 6 of 10" in str(caught.value)
    assert udp.state is State.CLOSED and udp._transport is None and udp.extra is None
    await poll_until(lambda: open_files() == before)


async def test_the_options_shown_are_what_the_kernel_has_once_the_receive_buffer_is_set() -> None:
    from app.net.sockopts import read

    udp = UdpSession("127.0.0.1", 0)  # asks for a 4 MiB receive buffer
    udp.socket_options = SocketOptions(ttl=7)
    await udp.open()
    try:
        shown = udp.socket_options_applied
        assert shown is not None and udp._sock is not None
        assert shown.values["rcvbuf"] == udp.recv_buffer_granted == read(udp._sock)["rcvbuf"]
        assert shown.values["ttl"] == 7
    finally:
        await udp.close()


# ------------------------------------------------------------------------------------------- reading in batches
@pytest.mark.parametrize("by_hand", [True, False], ids=["batches", "transport"])
async def test_datagrams_waiting_together_are_each_a_record_counted_per_source(
        by_hand: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """What waits in the socket buffer is read in batches (one store append, one event for a listener that only
    needs to know that records came, as the window's bridge); every datagram is still its own record, in
    order, with its source, counted per source. ``transport``: Windows' proactor loop, where asyncio's transport
    reads a datagram per call."""
    from app.net.session import RecordAdded
    from app.net.sessions import udp as udp_module

    if not by_hand:
        monkeypatch.setattr(udp_module, "read_by_hand", lambda *_args: False)
    u = UdpSession("127.0.0.1", 0)
    every = Watch(u)
    marks: list[RecordAdded] = []
    u.subscribe(lambda e: marks.append(e) if type(e) is RecordAdded and e.record.direction is Direction.RX else None,
                every_record=False)
    await u.open()
    assert (u._batch_buffer is not None) is by_hand
    s1, s2 = (socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2))
    sent: list[tuple[Address, bytes]] = []
    try:
        for s in (s1, s2):
            s.bind(("127.0.0.1", 0))
        target = ("127.0.0.1", u.local_address.port)  # type: ignore[union-attr]
        # all of them are waiting before the loop reads any: two sources mixed, then one alone, an empty one,
        # the largest one
        datagrams = [(s1 if i % 3 else s2, b"%05d" % i) for i in range(300)]
        datagrams += [(s1, b"alone %d" % i) for i in range(300)] + [(s2, b""), (s1, b"L" * MAX_DATAGRAM)]
        for s, data in datagrams:
            s.sendto(data, target)
            sent.append((Address(*s.getsockname()), data))
        await every.until(lambda: u.counters.total.rx_packets == len(sent))
    finally:
        s1.close()
        s2.close()
    rx = every.records(Direction.RX)
    assert [(r.peer, r.data) for r in rx] == sent
    assert [r.seq for r in rx] == list(range(rx[0].seq, rx[0].seq + len(sent)))
    assert [(r.peer, r.data) for r in u.store if r.direction is Direction.RX] == sent
    a1, a2 = sent[1][0], sent[0][0]
    assert u.counters.peers[a1].rx_packets == 200 + 300 + 1
    assert u.counters.peers[a2].rx_packets == 100 + 1
    assert u.counters.peers[a1].rx_bytes == sum(len(d) for p, d in sent if p == a1)
    assert u.counters.total.rx_bytes == sum(len(d) for _p, d in sent)
    assert u.last_sender == a1
    assert marks[-1].record.seq == rx[-1].seq and marks[-1].record.data == rx[-1].data
    if by_hand:
        assert len(marks) < 10  # a few batches, not an event per datagram
    else:
        assert len(marks) == len(sent)
    await u.close()


@linux_only  # (IP_RECVERR)
async def test_an_icmp_error_waiting_with_datagrams_is_said_and_every_datagram_kept() -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    closed = Address("127.0.0.1", probe.getsockname()[1])
    probe.close()
    u = UdpSession("127.0.0.1", 0)
    w = Watch(u)
    await u.open()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.sendto(b"before", ("127.0.0.1", u.local_address.port))  # type: ignore[union-attr]
        u.send(b"anyone?", closed)  # (its ICMP error is queued now, before the loop reads anything)
        for i in range(5):
            peer.sendto(b"after %d" % i, ("127.0.0.1", u.local_address.port))  # type: ignore[union-attr]
        await w.until(lambda: u.counters.total.rx_packets == 6 and bool(w.of(ErrorOccurred)))
    assert [r.data for r in w.records(Direction.RX)] == [b"before"] + [b"after %d" % i for i in range(5)]
    assert w.of(ErrorOccurred)[0].error.code == "port-unreachable"
    assert u.state is State.OPEN
    await u.close()
