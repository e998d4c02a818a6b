"""UDP relay against real loopback sockets: sources and a target are plain UDP sockets; every wait is for an
event (a datagram arriving, a session event), bounded in time."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import Callable

import pytest

from app.core.addresses import has_ipv6_loopback
from app.core.errors import DatagramTooLarge, InvalidAddress, NoTarget, NotOpen
from app.core.records import FLAG_INJECTED, Address, Direction
from app.net.limits import FD_LIMIT_CAP, raise_fd_limit
from app.net.session import CloseReason, ErrorOccurred, PeerConnected, PeerDisconnected, State
from app.net.sessions.udp_relay import UdpRelaySession
from tests.app.helpers import Watch, poll_until
from tests.app.net.sessions.test_udp import files_left

HOSTS = ["127.0.0.1"] + (["::1"] if has_ipv6_loopback() else [])


class Peer(asyncio.DatagramProtocol):
    """A plain UDP socket on loopback (a device, a course exercise): what it got and from where. With ``echo``
    it answers every datagram with ``echo + data``."""

    def __init__(self, echo: bytes | None = None):
        self.echo = echo
        self.got: list[tuple[bytes, Address]] = []
        self.sock: socket.socket | None = None
        self.transport: asyncio.BaseTransport | None = None
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []

    @classmethod
    async def open(cls, host: str = "127.0.0.1", port: int = 0, echo: bytes | None = None) -> Peer:
        peer = cls(echo)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_DGRAM)
        sock.setblocking(False)
        sock.bind((host, port))
        peer.sock = sock
        await asyncio.get_running_loop().create_datagram_endpoint(lambda: peer, sock=sock)
        return peer

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    @property
    def address(self) -> Address:
        assert self.sock is not None
        return Address.from_sockaddr(self.sock.getsockname())

    def send(self, data: bytes, to: Address) -> None:
        assert self.sock is not None
        self.sock.sendto(data, (to.host, to.port))  # (directly: asyncio would drop an empty datagram)

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        self.got.append((data, Address.from_sockaddr(addr)))
        if self.echo is not None:
            self.send(self.echo + data, Address.from_sockaddr(addr))
        for cond, fut in self._waiters:
            if not fut.done() and cond():
                fut.set_result(None)

    async def until(self, cond: Callable[[], bool], timeout: float = 5.0) -> None:
        if cond():
            return
        entry = (cond, asyncio.get_running_loop().create_future())
        self._waiters.append(entry)
        try:
            await asyncio.wait_for(entry[1], timeout)
        finally:
            self._waiters.remove(entry)

    async def until_got(self, n: int, timeout: float = 5.0) -> None:
        await self.until(lambda: len(self.got) >= n, timeout)

    def data(self) -> list[bytes]:
        return [d for d, _ in self.got]

    def close(self) -> None:
        assert self.transport is not None
        self.transport.close()


async def open_relay(target: Address, host: str = "127.0.0.1", **kw: object) -> tuple[UdpRelaySession, Watch]:
    relay = UdpRelaySession(host, 0, target.host, target.port, **kw)  # type: ignore[arg-type]
    w = Watch(relay)
    await relay.open()
    assert relay.state is State.OPEN and relay.local_address is not None
    return relay, w


def closed_port(host: str = "127.0.0.1") -> int:
    probe = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind((host, 0))
    port = probe.getsockname()[1]
    probe.close()
    return int(port)


@pytest.mark.parametrize("host", HOSTS)
async def test_three_sources_byte_exact_both_ways_each_gets_only_its_own_replies(host: str) -> None:
    target = await Peer.open(host, echo=b"")  # echoes exactly what it gets
    relay, w = await open_relay(target.address, host)
    sources = [await Peer.open(host) for _ in range(3)]
    payloads = {i: [b"", os.urandom(1), f"source {i}".encode(), os.urandom(1400), os.urandom(60000)] for i in range(3)}
    for k in range(5):  # round k: all three sources send at once, then their replies are awaited
        for i, s in enumerate(sources):
            s.send(payloads[i][k], relay.local_address)
        for s in sources:
            await s.until_got(k + 1)
    mapped = {s.address: relay.mappings[s.address] for s in sources}
    assert len({m.via for m in mapped.values()}) == 3  # a socket of its own per source
    for i, s in enumerate(sources):
        assert s.data() == payloads[i]  # its own replies only, in order, byte-exact
        assert {a for _, a in s.got} == {relay.local_address}  # all from the relay's listening port
        via = mapped[s.address].via
        assert [d for d, a in target.got if a == via] == payloads[i]
    rx = w.records(Direction.RX)
    for i, s in enumerate(sources):
        assert [r.data for r in rx if r.peer == s.address] == payloads[i]  # source → target
    every = [d for p in payloads.values() for d in p]
    assert sorted(r.data for r in rx if r.peer == relay.target_address) == sorted(every)  # target → sources
    total = sum(len(d) for d in every)
    assert relay.counters.total.rx_bytes == 2 * total and relay.counters.total.rx_packets == 30
    assert relay.dropped == 0
    await relay.close()
    for p in (target, *sources):
        p.close()


async def test_two_thousand_datagrams_arrive_in_order_both_ways() -> None:
    target = await Peer.open(echo=b"re:")
    relay, _w = await open_relay(target.address)
    source = await Peer.open()
    sent: list[bytes] = []
    for batch in range(40):  # 50 at a time, so no socket buffer can overflow whatever the machine's limits
        for i in range(batch * 50, batch * 50 + 50):
            sent.append(f"{i:05d}:".encode() + bytes([i % 256]) * (i % 300))
            source.send(sent[-1], relay.local_address)
        await source.until_got(len(sent), timeout=10)
    assert target.data() == sent
    assert source.data() == [b"re:" + d for d in sent]
    assert relay.counters.total.rx_packets == 4000
    await relay.close()
    source.close()
    target.close()


async def test_inject_both_ways_is_recorded_as_injected() -> None:
    target = await Peer.open()  # silent: only what the test sends
    relay, w = await open_relay(target.address)
    source = await Peer.open()
    source.send(b"hello", relay.local_address)
    await target.until_got(1)
    via = relay.mappings[source.address].via
    assert target.got == [(b"hello", via)]
    relay.inject(b"to the target", source.address, "to-target")
    await target.until_got(2)
    assert target.got[1] == (b"to the target", via)  # from the source's own socket
    relay.inject("到客户端".encode(), source.address, "to-client")
    relay.send(b"to all", way="to-client")
    await source.until_got(2)
    assert source.got == [("到客户端".encode(), relay.local_address), (b"to all", relay.local_address)]
    target.send(b"answer", via)  # the target's reply still maps back
    await source.until_got(3)
    assert source.data()[2] == b"answer"
    injected = [r for r in w.records(Direction.TX) if r.flags & FLAG_INJECTED]
    assert [(r.data, r.peer) for r in injected] == [
        (b"to the target", relay.target_address), ("到客户端".encode(), source.address), (b"to all", source.address)]
    with pytest.raises(DatagramTooLarge):
        relay.inject(b"x" * 65508, source.address, "to-target")
    with pytest.raises(NoTarget):
        relay.inject(b"x", Address("127.0.0.1", 9), "to-client")
    m = relay.mappings[source.address]
    relay.kick(source.address)  # forgotten at once, its socket closed
    assert source.address not in relay.mappings and "mapping-closed" in w.notices()
    assert [(e.peer, e.reason) for e in w.of(PeerDisconnected)] == [(source.address, CloseReason.KICKED)]
    await asyncio.wait_for(m.closed, 5)
    assert m.sock.fileno() == -1
    await relay.close()
    source.close()
    target.close()


async def test_hold_release_drop_and_a_full_hold_queue() -> None:
    target = await Peer.open(echo=b"re:")
    relay, w = await open_relay(target.address, hold_datagrams=3)
    source = await Peer.open()
    source.send(b"first", relay.local_address)
    await source.until_got(1)
    src = source.address
    relay.hold(src, "to-target", True)
    source.send(b"a", relay.local_address)
    source.send(b"bb", relay.local_address)
    await w.until(lambda: relay.pairs[src].held_bytes["to-target"] == 3)
    assert relay.held_bytes("to-target") == 3
    assert relay.release(src, "to-target") == 3  # still held for what comes next
    await source.until_got(3)
    assert source.data()[1:] == [b"re:a", b"re:bb"]
    source.send(b"zzz", relay.local_address)
    await w.until(lambda: relay.pairs[src].held_bytes["to-target"] == 3)
    assert relay.drop_held(src, "to-target") == 3
    assert (relay.dropped, relay.dropped_datagrams) == (3, 1)
    relay.hold(src, "to-target", False)
    source.send(b"ok", relay.local_address)
    await source.until_got(4)
    assert target.data() == [b"first", b"a", b"bb", b"ok"]  # nothing of "zzz"

    relay.hold_all("to-client", True)  # now the replies wait, at most three of them
    for d in (b"1", b"2", b"3", b"4"):
        source.send(d, relay.local_address)
    await w.until(lambda: relay.counters.total.rx_packets == 9 + 4 + 4)
    assert relay.held_bytes("to-client") == 3 * len(b"re:1")
    assert (relay.dropped, relay.dropped_datagrams) == (3 + 4, 2)  # the fourth reply found the queue full
    assert "held-full" in w.notices()
    relay.hold_all("to-client", False)
    await source.until_got(7)
    assert source.data()[4:] == [b"re:1", b"re:2", b"re:3"]
    await relay.close()
    source.close()
    target.close()


async def test_the_table_is_bounded_and_the_least_recently_used_source_goes() -> None:
    target = await Peer.open(echo=b"")
    relay, w = await open_relay(target.address, source_limit=4)
    sources = [await Peer.open() for _ in range(6)]
    for s in sources[:4]:
        s.send(b"hi", relay.local_address)
        await s.until_got(1)
    first = relay.mappings[sources[0].address]
    sources[0].send(b"again", relay.local_address)  # source 0 is now the most recently used; 1 the least
    await sources[0].until_got(2)
    for s in sources[4:]:
        s.send(b"hi", relay.local_address)
        await s.until_got(1)
        assert len(relay.mappings) == 4
    assert set(relay.mappings) == {sources[i].address for i in (0, 3, 4, 5)}
    evicted = [r.notice.args[0] for r in w.records(Direction.NOTICE) if r.notice.kind == "mapping-evicted"]
    assert evicted == [str(sources[1].address), str(sources[2].address)]
    assert {e.peer for e in w.of(PeerDisconnected)} == {sources[1].address, sources[2].address}
    assert relay.mappings[sources[0].address] is first
    sources[1].send(b"back", relay.local_address)  # a forgotten source is mapped anew
    await sources[1].until_got(2)
    assert sources[1].data() == [b"hi", b"back"] and len(relay.mappings) == 4
    await relay.close()
    for p in (target, *sources):
        p.close()


async def test_an_idle_mapping_expires_but_one_holding_datagrams_waits() -> None:
    target = await Peer.open(echo=b"")
    relay, w = await open_relay(target.address, idle_s=0.2)
    holder, idler = await Peer.open(), await Peer.open()
    holder.send(b"x", relay.local_address)
    await holder.until_got(1)
    relay.hold(holder.address, "to-target", True)
    holder.send(b"kept", relay.local_address)
    await w.until(lambda: relay.held_bytes("to-target") == 4)
    idler.send(b"y", relay.local_address)
    await idler.until_got(1)
    sock = relay.mappings[idler.address].sock
    await w.until(lambda: "mapping-expired" in w.notices(), timeout=10)
    assert idler.address not in relay.mappings and holder.address in relay.mappings
    assert [e.peer for e in w.of(PeerDisconnected)] == [idler.address]
    await w.until(lambda: sock.fileno() == -1)  # (its transport closes the socket on the next turn)
    idler.send(b"z", relay.local_address)  # and it comes back as a new mapping
    await idler.until_got(2)
    assert relay.release(holder.address, "to-target") == 4
    await holder.until_got(2)
    assert holder.data() == [b"x", b"kept"]
    await relay.close()
    for p in (target, holder, idler):
        p.close()


async def test_nobody_at_the_target_is_a_port_unreachable_notice_and_the_relay_survives() -> None:
    port = closed_port()
    relay, w = await open_relay(Address("127.0.0.1", port))
    source = await Peer.open()
    source.send(b"anyone?", relay.local_address)
    await w.until(lambda: bool(w.of(ErrorOccurred)))
    err = w.of(ErrorOccurred)[0].error
    assert err.code == "port-unreachable" and f"127.0.0.1:{port}" in str(err)
    notice = next(r for r in w.records(Direction.NOTICE) if r.notice.kind == "port-unreachable")
    assert notice.peer == source.address and notice.notice.args[0] == f"127.0.0.1:{port}"
    assert relay.state is State.OPEN and source.address in relay.mappings
    target = await Peer.open(port=port, echo=b"re:")  # someone listens there now
    source.send(b"now?", relay.local_address)
    await source.until_got(1)
    assert source.data() == [b"re:now?"]
    await relay.close()
    source.close()
    target.close()


async def test_close_releases_every_socket() -> None:
    target = await Peer.open(echo=b"")
    relay, w = await open_relay(target.address)
    sources = [await Peer.open() for _ in range(3)]
    for s in sources:
        s.send(b"hi", relay.local_address)
    for s in sources:
        await s.until_got(1)
    socks = [m.sock for m in relay.mappings.values()] + [relay._sock]
    port = relay.local_address.port
    await relay.close()
    assert relay.state is State.CLOSED and not relay.mappings and w.notices()[-1] == "closed"
    assert all(s is not None and s.fileno() == -1 for s in socks)
    assert len(w.of(PeerDisconnected)) == 3
    again = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    again.bind(("127.0.0.1", port))  # the port is free again
    again.close()
    with pytest.raises(NotOpen):
        relay.send(b"x")
    for p in (target, *sources):
        p.close()


async def test_a_target_that_is_the_relay_itself_is_refused() -> None:
    port = closed_port()
    relay = UdpRelaySession("127.0.0.1", port, "127.0.0.1", port)
    with pytest.raises(InvalidAddress, match="itself"):
        await relay.open()
    assert relay.state is State.CLOSED


def notices(w: Watch, kind: str) -> list:
    return [r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == kind]


async def test_a_flood_of_new_sources_is_a_few_notices_with_exact_counts() -> None:
    """300 new sources at once into a table of 16: the first few opened and evicted are said one by one, the rest
    in one summary whose counts make up every source (the client list and the relay's counts stay exact)."""
    target = await Peer.open()
    relay, w = await open_relay(target.address, source_limit=16)
    n = 300
    # Each from a socket of its own, all open until every one has sent: a port closed at once is free for the
    # next bind, and the kernel hands it out again now and then (one source twice: 299 opened, not 300).
    with contextlib.ExitStack() as stack:
        for _ in range(n):
            s = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
            s.bind(("127.0.0.1", 0))
            s.sendto(b"x", (relay.local_address.host, relay.local_address.port))
    await w.until(lambda: len(w.of(PeerConnected)) == n)
    await w.until(lambda: bool(notices(w, "mappings-summary")))  # (said when the roll-up's second ends)
    assert (relay.opened, relay.evicted, len(relay.mappings)) == (n, n - 16, 16)
    assert len(w.of(PeerDisconnected)) == n - 16 and relay.counters.total.rx_packets == n
    opened, evicted, summaries = notices(w, "relay-open"), notices(w, "mapping-evicted"), notices(w, "mappings-summary")
    assert len(opened) + len(evicted) + len(summaries) <= 2 * (3 + 3 + 1)
    count = lambda i: sum(int(s.args[i].replace(",", "")) for s in summaries)  # noqa: E731
    assert (len(opened) + count(0), len(evicted) + count(1)) == (n, n - 16)
    assert "more sources opened" in summaries[0].text
    await relay.close()
    target.close()


async def test_a_full_table_evicts_a_mapping_holding_nothing_before_one_holding_datagrams() -> None:
    target, a, b, c, d = [await Peer.open() for _ in range(5)]  # the target silent: only what the relay forwards
    relay, w = await open_relay(target.address, source_limit=2)
    a.send(b"a0", relay.local_address)
    await target.until_got(1)
    relay.hold(a.address, "to-target", True)
    for data in (b"h1", b"h2"):
        a.send(data, relay.local_address)
    await w.until(lambda: relay.held_bytes("to-target") == 4)
    b.send(b"b0", relay.local_address)  # a is now the least recently used, and holds two datagrams
    await target.until_got(2)
    c.send(b"c0", relay.local_address)  # the table is full: b goes (it holds nothing), not a
    await target.until_got(3)
    assert set(relay.mappings) == {a.address, c.address} and relay.held_bytes("to-target") == 4
    assert [(n.args[0], n.args[3]) for n in notices(w, "mapping-evicted")] == [(str(b.address), "0")]
    assert (relay.dropped, relay.dropped_datagrams) == (0, 0)
    relay.hold(c.address, "to-target", True)
    c.send(b"c1", relay.local_address)
    await w.until(lambda: relay.held_bytes("to-target") == 6)
    d.send(b"d0", relay.local_address)  # all hold: the least recently used (a) goes, and what it held
    await target.until_got(4)
    assert set(relay.mappings) == {c.address, d.address}
    evicted = notices(w, "mapping-evicted")
    assert [(n.args[0], n.args[3]) for n in evicted] == [(str(b.address), "0"), (str(a.address), "2")]
    assert "2 held datagrams dropped" in evicted[1].text
    assert (relay.dropped, relay.dropped_datagrams) == (4, 2)
    relay.release(c.address, "to-target")
    await target.until_got(5)
    assert target.data() == [b"a0", b"b0", b"c0", b"d0", b"c1"]
    await relay.close()
    for p in (target, a, b, c, d):
        p.close()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="plays with RLIMIT_NOFILE")
async def test_open_raises_the_file_limit_and_out_of_files_a_mapping_makes_room() -> None:
    resource = pytest.importorskip("resource")  # (not on Windows)

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target, a, b, c = [await Peer.open() for _ in range(4)]
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 256), hard))  # lower than a full table needs
    relay, w = await open_relay(target.address)  # (raises it first thing: what follows runs at the raised limit)
    want = FD_LIMIT_CAP if hard == resource.RLIM_INFINITY else min(hard, FD_LIMIT_CAP)
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == max(want, min(soft, 256)) == raise_fd_limit()
    with files_left(0) as free:  # not a file to spare, and no mapping to give one back
        for s in (a, b, c):
            s.send(b"x", relay.local_address)
        await w.until(lambda: relay.counters.total.rx_packets == 3)
        assert not relay.mappings and relay.dropped_datagrams == 3  # shown, not relayed
        assert ["open a socket" in n.text for n in notices(w, "error")] == [True]  # once, not per datagram
        free(2)  # room for two mappings
        for n, (s, data) in enumerate(((a, b"a"), (b, b"b")), 1):
            s.send(data, relay.local_address)
            await target.until_got(n)
        await poll_until(lambda: all(m.transport is not None for m in relay.mappings.values()))
        first = relay.mappings[a.address]
        c.send(b"c", relay.local_address)  # no file: a (the least recently used) gives its own back at once
        await target.until_got(3)
        assert set(relay.mappings) == {b.address, c.address} and first.sock.fileno() == -1
        assert [(n.args[0], n.detail) for n in notices(w, "mapping-evicted")] == [(str(a.address), "out-of-files")]
        assert target.data() == [b"a", b"b", b"c"] and relay.dropped_datagrams == 3 and len(notices(w, "error")) == 1
        await relay.close()
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    for p in (target, a, b, c):
        p.close()
