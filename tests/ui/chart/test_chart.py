"""The chart tab: numbers in the traffic plotted live, from real loopback peers, read back through the
automation contract (``chartSource``, ``chartRegex``, ``chartView.seriesNames()`` / ``seriesValues(name)``,
``chartPause``, ``chartExport``)."""

from __future__ import annotations

import asyncio
import csv
import socket
import struct
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QTabWidget, QToolButton

from tests.ui.conftest import child, click
from tests.ui.test_window import listen_on_loopback, page_of, udp_loop


def choose(page: Any, source: str, pattern: str | None = None) -> None:
    if pattern is not None:
        child(page, "chartRegex", QLineEdit).setText(pattern)
    box = child(page, "chartSource", QComboBox)
    box.setCurrentIndex(box.findData(source))
    page.chart.apply_source()


def send_lines(run: Any, port: int, chunks: list[bytes]) -> None:
    async def go() -> None:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for c in chunks:
            writer.write(c)
            await writer.drain()
        writer.close()
        await writer.wait_closed()

    run(go())


def wait_values(qtbot: Any, page: Any, name: str, count: int) -> None:
    view = child(page, "chartView")

    def enough() -> bool:
        page.flush()
        return len(view.seriesValues(name)) >= count

    qtbot.waitUntil(enough, timeout=10000)


def server_page(w: Any, qtbot: Any) -> tuple[Any, int]:
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    return page, port


def test_the_chart_is_a_tab_beside_the_data(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    tabs = child(page, "receiveTabs", QTabWidget)
    assert tabs.currentWidget() is page.receive  # the data first, as before
    assert child(page, "receiveView").isVisible()
    tabs.setCurrentWidget(page.chart)
    qtbot.waitUntil(lambda: child(page, "chartView").isVisible(), timeout=2000)
    assert not child(page, "chartRegex", QLineEdit).isVisible()
    choose(page, "regex")
    assert child(page, "chartRegex", QLineEdit).isVisible()


def test_labelled_lines_over_tcp_plot_two_series_with_exact_values(make_window: Any, qtbot: Any, run: Any,
                                                                    tmp_path: Path) -> None:
    w = make_window()
    page, port = server_page(w, qtbot)
    choose(page, "lines")
    page.receive_tabs.setCurrentWidget(page.chart)
    temps = [23.5, 23.75, -1.25, 1e-3, 100.0]
    hums = [41, 42, 40, 39, 45]
    text = b"".join(f"temp:{t},hum:{h}\r\n".encode() for t, h in zip(temps, hums, strict=True))
    # split at odd places: a line cut across reads is still one sample
    send_lines(run, port, [text[:7], text[7:30], text[30:]])
    wait_values(qtbot, page, "hum", 5)
    view = child(page, "chartView")
    assert view.seriesNames() == ["temp", "hum"]
    assert view.seriesValues("temp") == temps
    assert view.seriesValues("hum") == [float(h) for h in hums]
    # the legend shows the last, min, max and mean
    qtbot.waitUntil(lambda: view.legend.topLevelItemCount() == 2, timeout=2000)
    row = view.legend.topLevelItem(0)
    want = ["temp", "100", "-1.25", "100", f"{sum(temps) / 5:.5g}"]
    qtbot.waitUntil(lambda: [row.text(c) for c in range(5)] == want, timeout=2000)  # (refreshed 4 times a second)
    assert [row.text(c) for c in range(5)] == want
    # CSV export: what was sent
    path = tmp_path / "samples.csv"
    assert page.chart.export_csv(str(path)) == 10
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [float(r["value"]) for r in rows if r["series"] == "temp"] == temps
    assert [float(r["value"]) for r in rows if r["series"] == "hum"] == [float(h) for h in hums]
    assert {r["peer"] for r in rows} == {str(next(iter(page.chart.feed.series.peers())))}
    png = tmp_path / "chart.png"
    assert page.chart.export_png(str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert child(page, "chartExport", QToolButton).menu() is not None


def test_bare_numbers_are_channels_and_bad_values_are_counted(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page, port = server_page(w, qtbot)
    choose(page, "lines")
    send_lines(run, port, [b"1.5,2\n3 4\n", b"5\t6\nx,7\n"])
    wait_values(qtbot, page, "ch2", 4)
    view = child(page, "chartView")
    assert view.seriesNames() == ["ch1", "ch2"]
    assert view.seriesValues("ch1") == [1.5, 3.0, 5.0]
    assert view.seriesValues("ch2") == [2.0, 4.0, 6.0, 7.0]
    assert page.chart.feed.bad == 1
    assert "1" in child(page, "chartStatus", QLabel).text()


def test_regex_named_groups(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page, port = server_page(w, qtbot)
    choose(page, "regex", r"T=(?P<t>-?\d+(?:\.\d+)?) P=(?P<p>\d+)")
    send_lines(run, port, [b"sensor T=21.5 P=1013 ok\n", b"noise\nsensor T=-3 P=990\n"])
    wait_values(qtbot, page, "p", 2)
    view = child(page, "chartView")
    assert view.seriesNames() == ["t", "p"]
    assert view.seriesValues("t") == [21.5, -3.0]
    assert view.seriesValues("p") == [1013.0, 990.0]


def test_a_pattern_that_cannot_run_is_said_in_words(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    choose(page, "regex", r"(a+)+\1")
    status = child(page, "chartStatus", QLabel)
    assert "cannot be used" in status.text()
    assert not page.chart.feed.active


def test_justfloat_over_udp(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    port = udp_loop(qtbot, page)
    choose(page, "justfloat")
    tail = b"\x00\x00\x80\x7f"
    frames = [struct.pack("<3f", 1.0 * i, 2.5 * i, -i) + tail for i in range(6)]
    stream = b"".join(frames)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        # datagrams cut across frames, and several frames in one
        for chunk in (stream[:10], stream[10:40], stream[40:]):
            s.sendto(chunk, ("127.0.0.1", port))
    wait_values(qtbot, page, "ch3", 6)
    view = child(page, "chartView")
    assert view.seriesNames() == ["ch1", "ch2", "ch3"]
    assert view.seriesValues("ch1") == [float(i) for i in range(6)]
    assert view.seriesValues("ch2") == [2.5 * i for i in range(6)]
    assert view.seriesValues("ch3") == [-float(i) for i in range(6)]


def test_pause_keeps_collecting_and_stops_redrawing(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page, port = server_page(w, qtbot)
    choose(page, "lines")
    page.receive_tabs.setCurrentWidget(page.chart)
    _, writer = run(asyncio.open_connection("127.0.0.1", port))

    async def write(data: bytes) -> None:
        writer.write(data)
        await writer.drain()

    run(write(b"v:1\nv:2\n"))
    wait_values(qtbot, page, "v", 2)
    view = child(page, "chartView")
    qtbot.waitUntil(lambda: "v" in view._curves and len(view._curves["v"].getData()[1]) == 2, timeout=3000)
    pause = child(page, "chartPause", QToolButton)
    click(qtbot, pause)
    assert pause.isChecked()
    run(write(b"v:3\nv:4\n"))
    wait_values(qtbot, page, "v", 4)  # collected while paused
    assert view.seriesValues("v") == [1.0, 2.0, 3.0, 4.0]
    view.redraw()  # (a redraw asked while paused draws nothing)
    assert len(view._curves["v"].getData()[1]) == 2
    click(qtbot, pause)
    qtbot.waitUntil(lambda: len(view._curves["v"].getData()[1]) == 4, timeout=3000)
    writer.close()


def test_switching_the_source_reads_the_history_again(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page, port = server_page(w, qtbot)
    lines = b"".join(f"a={i},b={i * 2}\n".encode() for i in range(3000))
    send_lines(run, port, [lines])
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == len(lines), timeout=10000)
    choose(page, "lines")  # chosen after the data came: read from the store's history
    qtbot.waitUntil(page.chart.caught_up, timeout=10000)
    view = child(page, "chartView")
    assert view.seriesValues("a") == [float(i) for i in range(3000)]
    assert view.seriesValues("b") == [float(i * 2) for i in range(3000)]
    choose(page, "regex", r"b=(\d+)")
    qtbot.waitUntil(page.chart.caught_up, timeout=10000)
    assert view.seriesNames() == ["ch1"]
    assert view.seriesValues("ch1") == [float(i * 2) for i in range(3000)]
    choose(page, "off")
    assert view.seriesNames() == []


def test_clear_forgets_the_samples_and_keeps_charting(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page, port = server_page(w, qtbot)
    choose(page, "lines")
    _, writer = run(asyncio.open_connection("127.0.0.1", port))

    async def write(data: bytes) -> None:
        writer.write(data)
        await writer.drain()

    run(write(b"x:1\n"))
    wait_values(qtbot, page, "x", 1)
    click(qtbot, child(page, "chartClear", QToolButton))
    view = child(page, "chartView")
    assert view.seriesNames() == []
    run(write(b"x:2\n"))
    wait_values(qtbot, page, "x", 1)
    assert view.seriesValues("x") == [2.0]
    writer.close()


def test_series_per_peer_and_the_peer_filter(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page, port = server_page(w, qtbot)
    choose(page, "lines")

    async def two() -> list[str]:
        peers = []
        for value in (1, 2):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            host, p = writer.get_extra_info("sockname")[:2]
            peers.append(f"{host}:{p}")
            writer.write(f"v:{value}\n".encode())
            await writer.drain()
            writer.close()
            await writer.wait_closed()
        return peers

    peers = run(two())
    view = child(page, "chartView")

    def both() -> bool:
        page.flush()
        return len(view.seriesNames()) == 2

    qtbot.waitUntil(both, timeout=5000)
    assert view.seriesNames() == [f"v @ {peers[0]}", f"v @ {peers[1]}"]
    page.receive.filters.choose_peer(peers[1])
    assert view.seriesNames() == ["v"]
    assert view.seriesValues("v") == [2.0]


def test_fields_of_a_decoder(make_window: Any, qtbot: Any) -> None:
    from crccheck.crc import Crc16Modbus

    from app.decode import decoder_for

    w = make_window()
    page = page_of(w, "udp")
    port = udp_loop(qtbot, page)
    choose(page, "fields")
    assert "decoder" in child(page, "chartStatus", QLabel).text()
    page.chart.set_decoder(decoder_for("modbus-rtu"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for reg in (330, 331, 329):
            body = b"\x01\x03\x02" + reg.to_bytes(2, "big")
            s.sendto(body + Crc16Modbus.calc(body).to_bytes(2, "little"), ("127.0.0.1", port))
        s.sendto(b"\x01", ("127.0.0.1", port))  # does not fit: counted
    wait_values(qtbot, page, "registers[0]", 3)
    qtbot.waitUntil(lambda: page.chart.feed.bad == 1, timeout=5000)
    assert child(page, "chartView").seriesValues("registers[0]") == [330.0, 331.0, 329.0]


def test_the_window_follows_until_the_user_pans_and_comes_back(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page, port = server_page(w, qtbot)
    choose(page, "lines")
    page.receive_tabs.setCurrentWidget(page.chart)
    send_lines(run, port, [b"".join(b"y:%d\n" % i for i in range(50))])
    wait_values(qtbot, page, "y", 50)
    view = child(page, "chartView")
    follow = child(page, "chartFollow", QToolButton)
    child(page, "chartX", QToolButton).setChecked(True)  # sample numbers across: 0 … 49
    box = view.plot().getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: box.viewRange()[0][1] == 49, timeout=3000)
    assert not follow.isVisible()
    box.sigRangeChangedManually.emit([True, False])  # as a drag or a wheel does
    box.setXRange(0, 10, padding=0)
    assert follow.isVisible() and not view.following
    view.redraw()
    assert box.viewRange()[0] == [0, 10]  # left where the user put it
    click(qtbot, follow)
    qtbot.waitUntil(lambda: box.viewRange()[0][1] == 49, timeout=3000)
    assert not follow.isVisible()


def test_the_chart_settings_come_back_after_a_restart(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui.options import load
    from ui.page.kinds import page_options

    settings = tmp_path / "restart.ini"
    w = make_window(settings)
    page = page_of(w, "tcp-server")
    choose(page, "regex", r"T=(?P<t>\d+) P=(?P<p>\d+)")
    window = child(page, "chartWindow", QComboBox)
    window.setCurrentIndex(window.findData(600))
    child(page, "chartX", QToolButton).setChecked(True)
    view = child(page, "chartView")
    view.hidden.add("p")  # as unticking it in the legend does
    view.hiddenChanged.emit()
    w.save_settings()

    w2 = make_window(settings)
    page2 = page_of(w2, "tcp-server")
    assert child(page2, "chartSource", QComboBox).currentData() == "regex"
    assert child(page2, "chartRegex", QLineEdit).text() == r"T=(?P<t>\d+) P=(?P<p>\d+)"
    assert child(page2, "chartWindow", QComboBox).currentData() == 600
    assert child(page2, "chartX", QToolButton).isChecked()
    assert child(page2, "chartView").hidden == {"p"}
    assert page2.chart.feed is not None and page2.chart.feed.active  # charting again, from the history on
    assert not page2.chart.view.x_time and page2.chart.view.window_s == 600
    # a settings file from before the chart kept anything loads, with the chart off, and warns of nothing
    warnings: list[Any] = []
    old = load(page_options("tcp-server"), {"local_port": 7000}, warnings)
    assert not warnings and old["chart_source"] == "off" and not old["chart_hidden"]


def test_the_cursor_reads_the_values_under_it_cheaply_on_a_million_points(make_window: Any, qtbot: Any) -> None:
    import time

    import numpy as np
    from PySide6.QtCore import QPoint, QPointF

    from app.chart import SeriesKey

    w = make_window()
    w.resize(1280, 800)
    w.show()
    page = page_of(w, "udp")
    choose(page, "lines")
    page.receive_tabs.setCurrentWidget(page.chart)
    view = child(page, "chartView")
    n = 1_000_000
    t0 = 1_714_564_800.0
    big = page.chart.feed.series.get(SeriesKey(None, "big"))
    big.extend(t0 + np.arange(n) / 1000, np.arange(n), np.arange(n) * 0.5)  # one a millisecond
    small = page.chart.feed.series.get(SeriesKey(None, "small"))
    small.extend([t0, t0 + 500.0, t0 + 999.0], [0, 1, 2], [7.0, 8.0, 9.0])  # three, far apart
    child(page, "chartX", QToolButton).setChecked(True)  # sample numbers across
    qtbot.waitUntil(lambda: view.plot().isVisible(), timeout=3000)
    view.redraw()
    qtbot.waitUntil(lambda: view.legend.topLevelItemCount() == 2, timeout=3000)
    QApplication.processEvents()  # (the legend takes its width: the plot's is settled)
    plot = view.plot()
    box = plot.getPlotItem().getViewBox()
    # a synthetic mouse move over sample 250,000 of the big series
    at = plot.mapFromScene(box.mapViewToScene(QPointF(250_000, 0)))
    point = QPoint(at.x(), plot.viewport().height() // 2)
    qtbot.mouseMove(plot.viewport(), point)
    qtbot.waitUntil(lambda: view.readout.isVisible(), timeout=3000)
    under = box.mapSceneToView(plot.mapToScene(point)).x()  # (the legend may have resized the plot meanwhile)
    assert view.cursor_x is not None and abs(view.cursor_x - under) < 1e-6 * abs(under) + 1
    text = view.readout.text()
    assert "big" in text and "small" in text
    # the read-out method itself: the nearest sample in x per series, with its time and sample number
    got = {r.label: r for r in view.readings(250_000.4)}
    assert got["big"].sample == 250_000 and got["big"].value == 125_000.0
    assert got["big"].time == t0 + 250.0
    assert got["small"].sample == 2 and got["small"].value == 9.0  # (sample 2 is the last it has)
    child(page, "chartX", QToolButton).setChecked(False)  # time across
    got = {r.label: r for r in view.readings(t0 + 400.0)}
    assert got["small"].sample == 1 and got["big"].sample == 400_000  # nearest in time: 500 s, not 0
    view.show_readout(t0 + 400.0)
    assert "200000" in view.readout.text() and "#400000" in view.readout.text()
    # cheap: a binary search per series, not a walk over the ring
    started = time.perf_counter()
    for k in range(200):
        view.readings(t0 + k * 5.0)
    assert (time.perf_counter() - started) / 200 < 0.01
    view.hidden.add("big")
    assert [r.label for r in view.show_readout(t0 + 400.0)] == ["small"]
    view.hide_readout()
    assert not view.readout.isVisible()


def test_csv_export_of_a_million_points_never_holds_the_loop_and_equals_the_rings(make_window: Any, qtbot: Any,
                                                                                  run: Any, tmp_path: Path) -> None:
    import time

    import numpy as np
    from PySide6.QtCore import QTimer

    from app.chart import SeriesKey
    from app.core.records import Address

    w = make_window()
    page = page_of(w, "udp")
    choose(page, "lines")
    n = 1_000_000
    t0 = 1_714_564_800.0
    series = page.chart.feed.series
    a, b = Address("127.0.0.1", 5000), Address("127.0.0.1", 5001)
    rng = np.random.default_rng(7)
    sent = {SeriesKey(a, "big"): (t0 + np.arange(n) / 1000, np.arange(n), rng.normal(0, 1e3, n)),
            SeriesKey(b, "small"): (t0 + np.arange(0, 1000, 1.5), np.arange(667), rng.normal(0, 1, 667))}
    for key, cols in sent.items():
        series.get(key).extend(*cols)
    path = tmp_path / "samples.csv"
    gaps: list[float] = []
    words: set[str] = set()
    last = [time.perf_counter()]

    def probe() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
        words.add(child(page, "chartStatus", QLabel).text())

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(probe)
    timer.start()
    try:
        rows = run(page.chart.export_csv_async(str(path)), timeout=120)
    finally:
        timer.stop()
    assert rows == n + 667
    assert max(gaps) < 0.05, f"the loop was held {max(gaps) * 1000:.0f} ms"
    assert any("Writing samples.csv" in text and "%" in text for text in words)  # progress in words
    assert "rows written" in child(page, "chartStatus", QLabel).text()
    # the file: every point, equal to the rings
    with path.open(encoding="utf-8") as f:
        header = f.readline().strip()
        assert header == "time,peer,series,sample,value"
        by: dict[str, list[tuple[int, float, str]]] = {"big": [], "small": []}
        when: dict[str, list[str]] = {"big": [], "small": []}
        for line in f:
            at, peer, name, sample, value = line.rstrip("\n").split(",")
            by[name].append((int(sample), float(value), peer))
            when[name].append(at)
    for key, (_, samples, values) in sent.items():
        got = by[key.name]
        assert [s for s, _, _ in got] == samples.tolist()
        assert [v for _, v, _ in got] == values.tolist()  # (repr: exactly)
        assert {p for _, _, p in got} == {str(key.peer)}
        stamps = when[key.name]
        for i in (0, len(stamps) // 2, len(stamps) - 1):
            ms = round(float(sent[key][0][i]) * 1000)
            assert stamps[i] == str(np.datetime64(ms, "ms")) + "Z"


def test_the_rates_tab_plots_the_counters_once_a_second_for_the_session_and_the_chosen_client(
        make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page, port = server_page(w, qtbot)
    rates = child(page, "ratesChart")
    tabs = child(page, "receiveTabs", QTabWidget)
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Data", "Chart", "Rates"]
    assert rates.timer.isActive() and rates.timer.interval() == 1000  # sampled once a second, shown or not
    _, first = run(asyncio.open_connection("127.0.0.1", port))
    _, second = run(asyncio.open_connection("127.0.0.1", port))
    qtbot.waitUntil(lambda: len(page.session.peers) == 2, timeout=5000)
    host, p = first.get_extra_info("sockname")[:2]
    peer = f"{host}:{p}"
    page.receive.filters.choose_peer(peer)  # (a server's selected client)
    assert rates.seriesNames() == ["rx", "tx", "peer_rx", "peer_tx"]
    t0 = 1_714_564_800.0
    rates.sample(t0)

    async def write(writer: Any, data: bytes) -> None:
        writer.write(data)
        await writer.drain()

    run(write(first, b"a" * 3000))
    run(write(second, b"b" * 2000))
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 5000, timeout=5000)
    rates.sample(t0 + 1)  # a second later: 5,000 bytes came, 3,000 of them from the chosen client
    page.send_bytes(b"x" * 100)  # (to every client: 200 bytes out)
    qtbot.waitUntil(lambda: page.session.counters.total.tx_bytes == 200, timeout=5000)
    rates.sample(t0 + 3)  # two seconds later
    assert rates.seriesValues("rx") == [5000.0, 0.0]
    assert rates.seriesValues("tx") == [0.0, 100.0]
    assert rates.seriesValues("peer_rx") == [3000.0, 0.0]
    assert rates.seriesValues("peer_tx") == [0.0, 50.0]
    assert "100 B/s" in child(page, "ratesNow", QLabel).text()
    tabs.setCurrentWidget(rates)  # the plot is made when shown, and draws what was sampled
    qtbot.waitUntil(lambda: "rx" in rates._curves and len(rates._curves["rx"].getData()[1]) == 2, timeout=3000)
    page.receive.filters.choose_peer(None)
    assert rates.seriesNames() == ["rx", "tx"]
    first.close()
    second.close()


def test_the_rates_of_real_traffic_at_a_known_rate_show_within_bounds(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    port = udp_loop(qtbot, page)
    rates = child(page, "ratesChart")
    assert rates.seriesNames() == ["rx", "tx", "rx_datagrams", "tx_datagrams"]
    # datagrams of 100 bytes sent for as long as it takes the timer to sample twice
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    timer_rounds = len(rates.times)
    sent = [0]

    def send_some() -> bool:
        sock.sendto(b"z" * 100, ("127.0.0.1", port))
        sent[0] += 1
        return len(rates.times) >= timer_rounds + 3

    qtbot.waitUntil(send_some, timeout=10000)  # (qtbot polls about every 10 ms: ~100 datagrams a second)
    sock.close()
    values = rates.seriesValues("rx_datagrams")[-2:]
    # (polled every ~10 ms, so at most 100 a second; a loaded machine polls less often)
    assert all(5 <= v <= 110 for v in values), values
    assert all(abs(b - 100 * d) < 1e-6 for b, d in zip(rates.seriesValues("rx")[-2:], values, strict=True))


def test_at_1024x700_the_chart_takes_the_width_and_the_client_list_comes_back_with_the_data(
        make_window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    w = make_window()
    w.resize(1024, 700)
    w.show()
    page = page_of(w, "tcp-server")
    qtbot.waitUntil(page.isVisible, timeout=3000)
    choose(page, "lines")
    clients = page.peers.view
    QApplication.processEvents()
    assert clients.isVisible()
    before = page.top_split.sizes()
    page.receive_tabs.setCurrentWidget(page.chart)
    view = child(page, "chartView")
    qtbot.waitUntil(lambda: view.plot().isVisible(), timeout=3000)
    QApplication.processEvents()
    assert not clients.isVisible()  # the chart has the width the client list had
    assert view.split.orientation() == Qt.Orientation.Vertical  # the legend under the plot
    assert view.plot().width() >= 600, view.plot().width()  # (beside the list it was ~170 px)
    assert "client_splitter" in page.to_settings()
    page.receive_tabs.setCurrentWidget(page.receive)
    QApplication.processEvents()
    assert clients.isVisible() and page.top_split.sizes() == before
    w.resize(1280, 800)
    page.receive_tabs.setCurrentWidget(page.chart)
    QApplication.processEvents()
    assert view.split.orientation() == Qt.Orientation.Horizontal  # wide enough: the legend beside it


def test_a_following_chart_scrolls_its_image_and_draws_only_the_new_columns(make_window: Any, qtbot: Any) -> None:
    """The strip chart (ui/chart/traces.py): while the window follows the newest data a redraw draws the few
    columns that came into view, and what it shows is what drawing everything again shows."""
    import numpy as np
    from PySide6.QtGui import QImage

    from app.chart import SeriesKey

    w = make_window()
    w.resize(1280, 800)
    w.show()
    page = page_of(w, "udp")
    choose(page, "lines")
    page.chart.window_box.setCurrentIndex(page.chart.window_box.findData(10))
    page.receive_tabs.setCurrentWidget(page.chart)
    view = child(page, "chartView")
    qtbot.waitUntil(lambda: view.plot().isVisible(), timeout=3000)
    series = [page.chart.feed.series.get(SeriesKey(None, f"s{k}")) for k in range(3)]
    t0, rate = 1_714_564_800.0, 1000

    def add(a: int, b: int) -> None:  # samples a … b-1 of three smooth series, one a millisecond
        n = np.arange(a, b)
        for k, s in enumerate(series):
            s.extend(t0 + n / rate, n, np.sin(n / 700 + k) * (k + 1) + 3 * k)

    add(0, 15_000)
    view.redraw()
    QApplication.processEvents()  # (the legend takes its width: the plot's is settled)
    plot = view.plot()
    traces = view._traces
    traces.invalidate()
    plot.viewport().repaint()
    width = traces.image.width()
    assert traces.last_drawn_px >= width - 1  # (all of it)
    done = 15_000
    for _ in range(10):  # 50 ms more each time, a few pixels of a 10 s window
        add(done, done + 50)
        done += 50
        view.redraw()
        plot.viewport().repaint()
        assert traces.last_drawn_px < width // 10
    assert view._curves["s0"].getData()[0][-1] == t0 + (done - 1) / rate  # (the newest point drawn)
    scrolled = QImage(traces.image)
    traces.invalidate()
    plot.viewport().repaint()
    assert traces.last_drawn_px >= width - 1
    whole = traces.image
    a = np.frombuffer(scrolled.constBits(), np.uint32).reshape(whole.height(), -1)
    b = np.frombuffer(whole.constBits(), np.uint32).reshape(whole.height(), -1)
    assert np.count_nonzero(b) > 3 * width // 2  # (three curves across)
    # the same pixels, but for the left edge's first columns (the point before the window left them long ago)
    assert not (a != b)[:, 3:].any()


def test_a_following_redraw_paints_the_plot_once_and_new_counts_repaint_only_their_label(make_window: Any,
                                                                                          qtbot: Any) -> None:
    """What a chart costs the rest of the window: a redraw paints the plot once (not again when pyqtgraph
    works out its y range inside the paint), and new words under the plot repaint that label, not the page
    (a label in a layout re-laid the page out at each new text)."""
    import numpy as np
    from PySide6.QtCore import QEvent, QObject

    from app.chart import SeriesKey

    w = make_window()
    w.resize(1280, 800)
    w.show()
    page = page_of(w, "udp")
    choose(page, "lines")
    page.receive_tabs.setCurrentWidget(page.chart)
    view = child(page, "chartView")
    qtbot.waitUntil(lambda: view.plot().isVisible(), timeout=3000)
    s = page.chart.feed.series.get(SeriesKey(None, "v"))
    t0 = 1_714_564_800.0
    s.extend(t0 + np.arange(5000) / 1000, np.arange(5000), np.sin(np.arange(5000) / 300))
    view.redraw()
    page.chart.show_status()
    for _ in range(3):
        QApplication.processEvents()
    s.extend([t0 + 5.0], [5000], [0.5])  # (a first round settles what the set-up left)
    view.redraw()
    page.chart._say("1 series, 5001 points")
    for _ in range(3):
        QApplication.processEvents()
    plot_port = view.plot().viewport()
    painted: dict[Any, int] = {}

    class Count(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted[watched] = painted.get(watched, 0) + 1
            return False

    counter = Count()
    plot_port.installEventFilter(counter)
    status = child(page, "chartStatus", QLabel)
    for k in range(5):
        s.extend([t0 + 5.1 + k * 0.1], [5001 + k], [0.5])
        view.redraw()
        page.chart._say(f"1 series, {5002 + k} points" + " · wider" * (k + 1))
        for _ in range(3):
            QApplication.processEvents()
    assert painted.get(plot_port) == 5  # (one paint a redraw)
    plot_port.removeEventFilter(counter)
    # the label is placed by hand in a strip: no layout hears of its new words (a label in the panel's layout
    # had the window lay out again and repaint the page at each: the send box, the settings …)
    assert status.parentWidget() is not page.chart and status.parentWidget().layout() is None
    assert status.width() == status.parentWidget().width() > 0
