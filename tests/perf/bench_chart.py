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
Quick by default (~2 s); CHART_BENCH_SAMPLES sets the lines per round (default 20,000).
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


if __name__ == "__main__":
    main()
