"""A page's chart fed from its records: live, and re-read from the store's history (app/chart/feed.py)."""

from __future__ import annotations

import asyncio
import csv
import io
import socket
import struct

import pytest

from app.chart import ChartFeed, ChartSource, SeriesKey
from app.chart.extract import JUSTFLOAT_TAIL
from app.core.records import Address, Direction, Notice, Record, RecordStore
from app.net.session import RecordAdded
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession
from app.view.search import InvalidPattern
from tests.app.helpers import Watch


def values(feed: ChartFeed) -> dict[SeriesKey, list[float]]:
    return {k: s.values.tolist() for k, s in feed.series.series.items()}


def replayed(store: RecordStore, source: ChartSource) -> ChartFeed:
    """The store's history re-read the way the window does it: slices under a deadline already past."""
    feed = ChartFeed(source)
    slices = 0
    while not feed.catch_up(store, deadline=0.0):
        slices += 1
    assert slices > 0 or len(store) <= 256
    return feed


async def test_two_clients_lines_live_and_reread_give_the_same_series_and_the_csv_what_was_sent() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    watch = Watch(server)
    live = ChartFeed(ChartSource("lines"))
    server.subscribe(lambda e: live.feed([e.record]) if isinstance(e, RecordAdded) else None)
    await server.open()
    port = server.local_address.port
    sent: dict[str, list[tuple[str, float]]] = {}
    total = 0
    writers = []
    for c in range(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writers.append((reader, writer))
        lines = [(f"temp:{20 + i * 0.25 + c},hum:{40 + (i % 7)},volts:{-i / 8}", "") for i in range(400)]
        data = "".join(f"{line}\r\n" for line, _ in lines).encode()
        sent[str(writer.get_extra_info("sockname")[1])] = [
            (n, v) for i in range(400) for n, v in (("temp", 20 + i * 0.25 + c), ("hum", 40.0 + (i % 7)),
                                                     ("volts", -i / 8))]
        for a in range(0, len(data), 97):  # reads cut lines anywhere
            writer.write(data[a:a + 97])
            await writer.drain()
        total += len(data)
    await watch.until_rx(total)
    assert live.bad == 0
    for port_text, points in sent.items():
        peer = Address("127.0.0.1", int(port_text))
        for name in ("temp", "hum", "volts"):
            s = live.series[SeriesKey(peer, name)]
            assert s.values.tolist() == [v for n, v in points if n == name]
            assert s.samples.tolist() == list(range(400))
    # the same history re-read from the store, in slices
    again = replayed(server.store, ChartSource("lines"))
    assert values(again) == values(live)
    # the CSV holds exactly what was sent, per peer and series
    rows = list(csv.DictReader(io.StringIO(again.series.snapshot().text())))
    assert len(rows) == 2 * 400 * 3
    for port_text, points in sent.items():
        mine = [(r["series"], float(r["value"])) for r in rows if r["peer"] == f"127.0.0.1:{port_text}"]
        assert mine == points
    for _, writer in writers:
        writer.close()
    await server.close()


async def test_justfloat_frames_across_datagrams_and_several_in_one() -> None:
    session = UdpSession("127.0.0.1", 0)
    watch = Watch(session)
    live = ChartFeed(ChartSource("justfloat"))
    session.subscribe(lambda e: live.feed([e.record]) if isinstance(e, RecordAdded) else None)
    await session.open()
    rows = [(float(i), i * 0.5, -float(i)) for i in range(30)]
    data = b"".join(struct.pack("<3f", *r) + JUSTFLOAT_TAIL for r in rows)
    sizes = [5, 11, 16 * 3, 3, 1, 30, 16 * 5 + 7]  # frames split across datagrams, and several in one
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        a = 0
        i = 0
        while a < len(data):
            sock.sendto(data[a:a + sizes[i % len(sizes)]], session.local_address)
            a += sizes[i % len(sizes)]
            i += 1
        peer = Address("127.0.0.1", sock.getsockname()[1])
        await watch.until_rx(len(data))
    assert live.bad == 0
    for k in range(3):
        assert live.series[SeriesKey(peer, f"ch{k + 1}")].values.tolist() == [r[k] for r in rows]
    assert values(replayed(session.store, ChartSource("justfloat"))) == values(live)
    await session.close()


def test_a_new_source_rereads_the_history_and_a_bad_pattern_changes_nothing() -> None:
    store = RecordStore()
    peer = Address("10.0.0.2", 502)
    for i, line in enumerate([b"T=21.5 H=40\n", b"T=22 H=4", b"1\n", b"T=x H=42\n"]):
        store.add(i, 1_714_564_800_000 + i, 0, peer, line)
    feed = ChartFeed(ChartSource("lines"))
    assert feed.catch_up(store)
    assert values(feed) == {SeriesKey(peer, "T"): [21.5, 22.0], SeriesKey(peer, "H"): [40.0, 41.0, 42.0]}
    assert feed.bad == 1
    with pytest.raises(InvalidPattern):
        feed.restart(ChartSource("regex", r"T=(\S+) \1"))
    assert feed.source.kind == "lines" and feed.series.points == 5
    feed.restart(ChartSource("regex", r"H=(?P<humidity>\d+)"))
    assert feed.series.points == 0
    assert feed.catch_up(store)
    assert values(feed) == {SeriesKey(peer, "humidity"): [40.0, 41.0, 42.0]}
    assert feed.bad == 0
    feed.restart(ChartSource("off"))
    assert feed.catch_up(store) and feed.series.points == 0 and feed.position == store.tail


def test_history_whose_head_was_evicted_drops_the_cut_line() -> None:
    store = RecordStore(limit=4 * 1024)
    peer = Address("10.0.0.2", 7)
    for i in range(200):
        store.add(i, i, 0, peer, b"%d\nv:" % i)  # every record starts inside a line: "v:" + "i\n"
    assert store.head > 0
    feed = ChartFeed(ChartSource("lines"))
    assert feed.catch_up(store)
    assert feed.series.keys() == [SeriesKey(peer, "v")]  # the first record's head is no "ch1" sample
    assert feed.series[SeriesKey(peer, "v")].values.tolist() == list(range(store.head + 1, 200))
    assert feed.bad == 0 and feed.missed == 0


def test_records_evicted_before_the_chart_read_them_are_counted_and_streams_resume() -> None:
    store = RecordStore(limit=4 * 1024)
    peer = Address("10.0.0.2", 7)
    feed = ChartFeed(ChartSource("lines"))
    store.add(0, 0, 0, peer, b"v:1\nv:")
    feed.catch_up(store)
    for i in range(1, 200):
        store.add(i, i, 0, peer, b"%d\nv:" % (i + 1))
    feed.catch_up(store)
    assert feed.missed == store.head - 1
    got = feed.series[SeriesKey(peer, "v")].values.tolist()
    assert got[0] == 1.0 and got[1] == store.head + 2 and len(got) == 1 + len(store) - 1


def test_a_new_connection_of_the_same_peer_starts_its_lines_afresh() -> None:
    peer = Address("127.0.0.1", 4000)
    feed = ChartFeed(ChartSource("lines"))
    connected = Notice("connected", "connected", args=(str(peer),))
    feed.feed([Record(0, 0, Direction.NOTICE, peer, b"", connected), Record(1, 0, Direction.RX, peer, b"a:1\na:2"),
               Record(2, 0, Direction.NOTICE, peer, b"", connected), Record(3, 0, Direction.RX, peer, b"5\n")])
    assert feed.series[SeriesKey(peer, "a")].values.tolist() == [1.0]
    assert feed.series[SeriesKey(peer, "ch1")].values.tolist() == [5.0]


def test_sent_bytes_are_charted_only_when_asked_and_apart() -> None:
    peer = Address("127.0.0.1", 4000)
    records = [Record(0, 0, Direction.TX, peer, b"v:1\n"), Record(1, 0, Direction.RX, peer, b"v:2\n")]
    rx_only = ChartFeed(ChartSource("lines"))
    rx_only.feed(records)
    assert values(rx_only) == {SeriesKey(peer, "v"): [2.0]}
    both = ChartFeed(ChartSource("lines"), directions=(Direction.RX, Direction.TX))
    both.feed(records)
    assert values(both) == {SeriesKey(peer, "tx:v"): [1.0], SeriesKey(peer, "v"): [2.0]}


def test_fields_source_with_a_stub_decoder_per_record() -> None:
    def decoder(data: bytes) -> list[tuple[str, object]]:
        (reg,) = struct.unpack(">H", data[3:5])
        return [("registers[0]", reg), ("volts", reg / 100)]

    store = RecordStore()
    peer = Address("10.0.0.9", 502)
    for i, reg in enumerate([330, 331, 329]):
        store.add(i, i, 0, peer, b"\x01\x03\x02" + struct.pack(">H", reg))
    store.add(3, 3, 0, peer, b"\x01")  # too short: the decoder raises
    feed = ChartFeed(ChartSource("fields", decoder=decoder))
    assert feed.catch_up(store)
    assert values(feed) == {SeriesKey(peer, "registers[0]"): [330.0, 331.0, 329.0],
                            SeriesKey(peer, "volts"): [3.3, 3.31, 3.29]}
    assert feed.bad == 1
