"""bench_chart: what the chart engine (app/chart/) costs, without a window.

Prints one JSON line: {"bench": "chart",
  "lines_us_per_sample": extracting a 16-series ``name:value`` line (LinesExtractor, 4 KiB reads),
  "split_us_per_line": merely cutting the same reads into lines (the floor any text source pays),
  "lines_ratio": the two's ratio (median of the rounds' ratios),
  "feed_us_per_sample": the whole path from the store — records read, extracted, appended to 16 numpy rings,
  "samples_per_s": 1e6 / feed_us_per_sample (the issue's load is 1,000 samples/s of 16 series),
  "justfloat_us_per_frame": 8-channel JustFloat frames, 8 frames a read,
  "downsample_ms": min-max downsampling 1,000,000 points to 1,920 pixel columns (median; target <= 30 ms),
  "downsample_zoom_ms": the same over a tenth of the range (a zoomed view), ...}.
Quick (~2 s); CHART_BENCH_SAMPLES sets the lines per round (default 20,000).

Then the window's rounds (the real window offscreen, tests/perf/window.py), one JSON line each:
- {"bench": "chart_live"}: 16 series x 1,000 samples a second as ``name:value`` lines over TCP for 20 s
  (CHART_BENCH_SECONDS) into a server page in log mode, the chart tab shown: "plotted" (every sample in its
  series, and the last one drawn), "p99_ms" / "max_ms" (loop lateness), "cpu_ratio" (the process's CPU
  against the same run with the chart off, which is run first). Targets: p99 <= 16 ms, max <= 50 ms,
  cpu_ratio <= 1.5.
- {"bench": "chart_redraw"}: a series of 1,000,000 points panned and zoomed: the redraw and its paint,
  median and worst (target <= 30 ms).
- {"bench": "chart_justfloat"}: JustFloat frames, 8 channels, one a datagram, 10,000 a second for 5 s into a
  UDP page, chart shown: "lost" (frames sent and not charted), p99 (targets: 0, <= 16 ms).
CHART_BENCH_LIVE=0 skips them.
"""

from __future__ import annotations

import json
import os
import statistics
import struct
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.chart import ChartFeed, ChartSource, minmax
from app.chart.extract import JUSTFLOAT_TAIL, JustFloatExtractor, LinesExtractor
from app.core.records import Address, RecordStore

SAMPLES = int(os.environ.get("CHART_BENCH_SAMPLES", "20000"))
ROUNDS = 5
SERIES = 16
READ = 4096


def line_reads(n: int) -> list[bytes]:
    """``n`` lines of 16 ``name:value`` pairs, as 4 KiB reads that cut lines anywhere."""
    text = "".join(",".join(f"sensor{k}:{(i * 37 + k * 101) % 1000 / 10}" for k in range(SERIES)) + "\r\n"
                   for i in range(n)).encode()
    return [text[a:a + READ] for a in range(0, len(text), READ)]


def split_only(reads: list[bytes]) -> int:
    """The floor: cut reads into lines (keeping the unfinished one), decode them, nothing more."""
    pending = b""
    lines = 0
    for data in reads:
        data = pending + data
        cut = data.rfind(b"\n") + 1
        pending = data[cut:]
        lines += len(data[:cut].decode("utf-8", "replace").splitlines())
    return lines


def extract(reads: list[bytes]) -> int:
    e = LinesExtractor()
    return sum(len(e.feed(r)) for r in reads)


def timed(fn, *args) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = fn(*args)
    return time.perf_counter() - t0, n


def feed_from_store(reads: list[bytes]) -> tuple[float, int]:
    store = RecordStore(limit=1 << 30)
    peer = Address("127.0.0.1", 40000)
    for i, r in enumerate(reads):
        store.add(i, 1_714_564_800_000 + i, 0, peer, r)
    feed = ChartFeed(ChartSource("lines"))
    t0 = time.perf_counter()
    assert feed.catch_up(store)
    secs = time.perf_counter() - t0
    assert feed.bad == 0 and len(feed.series) == SERIES
    return secs, len(feed.series[next(iter(feed.series.series))])


def justfloat(frames: int) -> float:
    one = struct.pack("<8f", *range(8)) + JUSTFLOAT_TAIL
    read = one * 8
    e = JustFloatExtractor()
    t0 = time.perf_counter()
    got = sum(len(e.feed(read)) for _ in range(frames // 8))
    secs = time.perf_counter() - t0
    assert got == frames // 8 * 8
    return secs / got * 1e6


def downsample_ms(x: np.ndarray, y: np.ndarray, x0: float, x1: float) -> float:
    times = []
    for _ in range(15):
        t0 = time.perf_counter()
        minmax(x, y, x0, x1, 1920)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    reads = line_reads(SAMPLES)
    ratios, per_sample, per_line, feeds = [], [], [], []
    for _ in range(ROUNDS):
        ts, n_split = timed(split_only, reads)
        te, n_samples = timed(extract, reads)
        assert n_split == n_samples == SAMPLES
        tf, n_fed = feed_from_store(reads)
        assert n_fed == SAMPLES
        ratios.append(te / ts)
        per_sample.append(te / SAMPLES * 1e6)
        per_line.append(ts / SAMPLES * 1e6)
        feeds.append(tf / SAMPLES * 1e6)
    n = 1_000_000
    x = 1_714_564_800 + np.arange(n, dtype=np.float64) / 1000  # a million points, one a millisecond
    y = np.sin(np.arange(n) / 5000) + np.random.default_rng(1).normal(0, 0.1, n)
    feed_us = statistics.median(feeds)
    print(json.dumps({
        "bench": "chart",
        "lines_us_per_sample": round(statistics.median(per_sample), 2),
        "split_us_per_line": round(statistics.median(per_line), 2),
        "lines_ratio": round(statistics.median(ratios), 1),
        "feed_us_per_sample": round(feed_us, 2),
        "samples_per_s": round(1e6 / feed_us),
        "justfloat_us_per_frame": round(justfloat(80_000), 2),
        "downsample_ms": round(downsample_ms(x, y, float(x[0]), float(x[-1])), 2),
        "downsample_zoom_ms": round(downsample_ms(x, y, float(x[400_000]), float(x[500_000])), 2),
        "series": SERIES, "samples": SAMPLES, "rounds": ROUNDS,
    }), flush=True)


# ---------------------------------------------------------------------------------------------- the window
LIVE_SECONDS = float(os.environ.get("CHART_BENCH_SECONDS", "20"))
LIVE_RATE = 1000
JF_RATE, JF_SECONDS, JF_CHANNELS = 10_000, 5.0, 8


async def _until(check, timeout: float) -> bool:
    import asyncio

    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


async def lines_round(window, probe, chart: bool) -> dict:
    from window import sender, sender_result

    page = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0, "receive_hex": False,
                                             "log_mode": True})
    await page.open_session()
    panel = page.chart
    if chart:
        panel.source.setCurrentIndex(panel.source.findData("lines"))
        page.receive_tabs.setCurrentWidget(panel)
    redraws = [0]
    costs: list[float] = []
    paints: list[float] = []
    draw = panel.view._draw

    def counted(labels):
        redraws[0] += 1
        t0 = time.perf_counter()
        out = draw(labels)
        costs.append(time.perf_counter() - t0)
        paints.append(panel.view._plot.paint_s)
        return out

    panel.view._draw = counted
    if chart:  # (the chart tab is open before the traffic starts: pyqtgraph loaded, the plot made)
        await _until(lambda: panel.view._plot is not None, 10)
    probe.start()
    c0, t0 = time.process_time(), time.perf_counter()
    proc = await sender("samples", "127.0.0.1", page.session.local_address.port, LIVE_RATE, LIVE_SECONDS, SERIES)
    result = await sender_result(proc, timeout=LIVE_SECONDS + 60)
    await _until(lambda: page.session.counters.total.rx_bytes >= result["bytes"] and (not chart or (
        panel.caught_up() and panel.feed is not None and len(panel.feed.series) == SERIES and all(
            len(s) >= result["sent"] for s in panel.feed.series.series.values()))), 30)
    cpu, secs = time.process_time() - c0, time.perf_counter() - t0
    probe.stop()
    out = {"sent": result["sent"], "cpu_s": cpu, "seconds": secs, "redraws": redraws[0], **probe.summary(),
           "draw_ms": round(statistics.median(costs) * 1000, 1) if costs else 0.0,
           "paint_ms": round(statistics.median(paints) * 1000, 1) if paints else 0.0}
    if chart:
        view = panel.view
        view.redraw()
        names = view.seriesNames()
        counts = [len(view.seriesValues(n)) for n in names]
        drawn_last = all(float(view._curves[n].getData()[0][-1]) == float(panel.feed.series[view.labels()[n]]
                                                                             .times[-1]) for n in names)
        out.update(series=len(names), counted=min(counts) if counts else 0, bad=panel.feed.bad,
                   plotted=len(names) == SERIES and min(counts) == result["sent"] and panel.feed.bad == 0
                   and drawn_last)
    window.close_tab(window.tabs.indexOf(page))
    return out


async def redraw_round(window) -> dict:
    from PySide6.QtWidgets import QApplication

    from app.chart import SeriesKey

    page = window.new_session("udp", {"local_host": "127.0.0.1", "local_port": 0})
    panel = page.chart
    panel.source.setCurrentIndex(panel.source.findData("lines"))
    page.receive_tabs.setCurrentWidget(panel)
    n = 1_000_000
    x = 1_714_564_800 + np.arange(n, dtype=np.float64) / 1000
    y = np.sin(np.arange(n) / 5000) + np.random.default_rng(1).normal(0, 0.1, n)
    panel.feed.series.get(SeriesKey(None, "big")).extend(x, np.arange(n), y)
    panel.window_box.setCurrentIndex(panel.window_box.findData(0))  # all of it
    view = panel.view
    view.redraw()
    QApplication.processEvents()
    box = view.plot().getPlotItem().getViewBox()
    times = []
    span = float(x[-1] - x[0])
    for k in range(30):  # pans across the whole range, then zooms in to a thousandth of it
        if k < 15:
            a = x[0] + span * k / 20
            b = a + span / 4
        else:
            w = span / 10 ** (1 + (k - 15) / 5)
            a = x[0] + span / 2 - w / 2
            b = a + w
        box.sigRangeChangedManually.emit([True, False])
        t0 = time.perf_counter()
        box.setXRange(a, b, padding=0)
        view.redraw()
        view.plot().viewport().repaint()
        times.append((time.perf_counter() - t0) * 1000)
    window.close_tab(window.tabs.indexOf(page))
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


async def justfloat_round(window, probe) -> dict:
    from window import sender, sender_result

    page = window.new_session("udp", {"local_host": "127.0.0.1", "local_port": 0, "receive_hex": True,
                                      "log_mode": True})
    await page.open_session()
    panel = page.chart
    panel.source.setCurrentIndex(panel.source.findData("justfloat"))
    page.receive_tabs.setCurrentWidget(panel)
    await _until(lambda: panel.view._plot is not None, 10)
    probe.start()
    proc = await sender("justfloat", "127.0.0.1", page.session.local_address.port, JF_RATE, JF_SECONDS,
                        JF_CHANNELS)
    result = await sender_result(proc, timeout=JF_SECONDS + 60)
    sent = result["sent"]

    def charted() -> int:
        series = panel.feed.series.series
        return min((len(s) for s in series.values()), default=0) if len(series) == JF_CHANNELS else 0

    await _until(lambda: charted() >= sent, 5)
    probe.stop()
    out = {"sent": sent, "received": page.session.counters.total.rx_packets, "charted": charted(),
           "kernel_dropped": page.session.counters.kernel_dropped, "bad": panel.feed.bad, **probe.summary()}
    window.close_tab(window.tabs.indexOf(page))
    return out


async def live() -> None:
    from window import Probe, close_window, emit, new_window

    window = new_window()
    probe = Probe()
    off = await lines_round(window, probe, chart=False)
    on = await lines_round(window, probe, chart=True)
    emit({"bench": "chart_live", "series": SERIES, "rate": LIVE_RATE, "seconds": LIVE_SECONDS,
          "sent_lines": on["sent"], "counted": on["counted"], "bad": on["bad"], "plotted": on["plotted"],
          "redraws": on["redraws"], "draw_ms": on["draw_ms"], "paint_ms": on["paint_ms"],
          "p99_ms": on["p99_ms"], "max_ms": on["max_ms"],
          "cpu_s": round(on["cpu_s"], 2), "cpu_off_s": round(off["cpu_s"], 2),
          "cpu_ratio": round(on["cpu_s"] / off["cpu_s"], 2), "off_p99_ms": off["p99_ms"],
          "off_max_ms": off["max_ms"]})
    r = await redraw_round(window)
    emit({"bench": "chart_redraw", "points": 1_000_000, **r})
    j = await justfloat_round(window, probe)
    emit({"bench": "chart_justfloat", "rate": JF_RATE, "channels": JF_CHANNELS, "seconds": JF_SECONDS,
          "sent": j["sent"], "received": j["received"], "charted": j["charted"], "lost": j["sent"] - j["charted"],
          "kernel_dropped": j["kernel_dropped"], "bad": j["bad"], "p99_ms": j["p99_ms"], "max_ms": j["max_ms"]})
    await close_window(window)


if __name__ == "__main__":
    main()
    if os.environ.get("CHART_BENCH_LIVE", "1") != "0":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from PySide6.QtWidgets import QApplication

        from ui import loop as event_loop

        app = QApplication(sys.argv)
        event_loop.run(live())
