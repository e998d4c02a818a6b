"""bench_soak: the window under mixed traffic for SOAK_MINUTES (default 10) minutes.

Three pages: a TCP server (log mode, an auto-reply rule, 40 clients sending bursts with churn), a UDP page
(1,000 datagrams a second from 200 sources, a periodic send every 20 ms), and a TCP client connected to
the server page with a periodic send every 50 ms. Resident memory is sampled every 5 s; the heap's own
account (glibc's mallinfo2: bytes in use, bytes free inside the heap) tells growth from fragmentation.

Prints one JSON line: {"bench": "soak", "minutes", "rss_start_MB" (after the first minute), "rss_mid_MB",
"rss_end_MB", "growth_last_half_MB" (end minus mid), "heap_in_use_MB", "heap_free_MB", "received",
"p99_ms", "max_ms", ...}. Target: growth_last_half_MB < 10 (over the last 5 of 10 minutes).
"""

from __future__ import annotations

import asyncio
import collections
import ctypes
import gc
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

from PySide6.QtWidgets import QApplication
from window import Probe, close_window, emit, new_window

from tests.perf.common import rss_mb

MINUTES = float(os.environ.get("SOAK_MINUTES", "10"))
#: SOAK_TRACE=1: also print (to stderr) the 15 source lines whose Python allocations grew most over the
#: second half (tracemalloc; slows the run several times over: a diagnosis, not a measurement).
TRACE = os.environ.get("SOAK_TRACE") == "1"
#: Frames kept per allocation when tracing (SOAK_TRACE_FRAMES, default 1: the line that allocated; more is
#: slower still).
TRACE_FRAMES = int(os.environ.get("SOAK_TRACE_FRAMES", "1"))
#: SOAK_TRACE=2: once a minute, print (to stderr) where the memory is: arena pages, chunks, the heap, and
#: Python's own allocator (sys._debugmallocstats).
DEBUG = os.environ.get("SOAK_TRACE") == "2"
TRAFFIC = Path(__file__).with_name("soak_traffic.py")


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def arenas_mb(pages: list) -> tuple[float, int, int]:
    """(MB of arena pages written in the pages' stores, chunks in the stores, chunks alive anywhere)."""
    import mmap

    from app.core.records import Chunk

    chunks = [c for p in pages for c in p.session.store._chunks]
    written = sum(-(-c.offs[-1] // mmap.PAGESIZE) * mmap.PAGESIZE for c in chunks)
    alive = sum(1 for o in gc.get_objects() if type(o) is Chunk)
    return written / 2**20, len(chunks), alive


def heap_mb() -> tuple[float, float]:
    """(bytes in use, bytes free inside the heap) in MB, from glibc; (0, 0) elsewhere."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return 0.0, 0.0
    return (info.uordblks + info.hblkhd) / 2**20, info.fordblks / 2**20


async def main() -> None:
    window = new_window()
    probe = Probe()
    server = window.new_session("tcp-server", {
        "local_host": "127.0.0.1", "local_port": 0, "log_mode": True,
        "auto_reply": {"enabled": True, "echo": False,
                       "rules": [{"pattern": r"temp=3\d", "kind": "regex", "reply": "HOT\r\n"}]}})
    await server.open_session()
    udp = window.new_session("udp", {"local_host": "127.0.0.1", "local_port": 0, "log_mode": True})
    await udp.open_session()
    traffic = await asyncio.create_subprocess_exec(
        sys.executable, str(TRAFFIC), "127.0.0.1", str(server.session.local_address.port),
        str(udp.session.local_address.port), str(MINUTES * 60), stdout=asyncio.subprocess.PIPE)
    assert traffic.stdout is not None
    sink = json.loads(await traffic.stdout.readline())["sink_port"]
    udp.remote_host.setCurrentText("127.0.0.1")
    udp.remote_port.setValue(sink)
    client = window.new_session("tcp-client", {"remote_host": "127.0.0.1",
                                               "remote_port": server.session.local_address.port})
    await client.open_session()
    for page, period, text in ((udp, 20, "periodic udp 0123456789"), (client, 50, "periodic tcp 温度")):
        page.send_edit.setPlainText(text)
        page.periodic.period.setValue(period)
        page.periodic.count.setValue(0)
        page.periodic.check.setChecked(True)
    probe.start()
    started = time.perf_counter()
    samples: list[tuple[float, float]] = []
    mid_snapshot = None
    last_counts: collections.Counter[str] = collections.Counter()
    while (elapsed := time.perf_counter() - started) < MINUTES * 60:
        samples.append((elapsed, rss_mb()))
        if TRACE and mid_snapshot is None and elapsed >= MINUTES * 30:  # traced from the middle on only
            tracemalloc.start(TRACE_FRAMES)
            mid_snapshot = tracemalloc.take_snapshot()
        if DEBUG and len(samples) % 12 == 1:  # once a minute: where the resident memory is
            written, held, alive = arenas_mb([server, udp, client])
            print(json.dumps({"t": round(elapsed), "rss": round(rss_mb(), 1), "heap": [round(x, 1) for x in heap_mb()],
                              "arenas_MB": round(written, 1), "chunks": held, "chunks_alive": alive,
                              "store_MB": [round(p.session.store.size / 2**20, 1) for p in (server, udp, client)]}),
                  file=sys.stderr, flush=True)
            sys._debugmallocstats()
            print(json.dumps({"gc_stats": gc.get_stats()[2]}), file=sys.stderr, flush=True)
            counts = collections.Counter(type(o).__qualname__ for o in gc.get_objects())
            grown = {k: v - last_counts.get(k, 0) for k, v in counts.items() if v - last_counts.get(k, 0) > 50}
            print(json.dumps({"grown": dict(sorted(grown.items(), key=lambda kv: -kv[1])[:20])}), file=sys.stderr,
                  flush=True)
            last_counts.clear()
            last_counts.update(counts)
        await asyncio.sleep(5)
    if TRACE and mid_snapshot is not None:
        for stat in tracemalloc.take_snapshot().compare_to(mid_snapshot, "traceback" if TRACE_FRAMES > 1
                                                           else "lineno")[:15]:
            print(stat, *stat.traceback.format()[-6:], sep="\n  ", file=sys.stderr)
    probe.stop()
    for page in (udp, client):
        page.periodic.check.setChecked(False)
    summary = json.loads(await asyncio.wait_for(traffic.stdout.readline(), 60))
    await traffic.wait()
    in_use, free = heap_mb()

    def at(fraction: float) -> float:
        t = MINUTES * 60 * fraction
        return min(samples, key=lambda s: abs(s[0] - t))[1]

    end = rss_mb()
    emit({"bench": "soak", "minutes": MINUTES, "rss_start_MB": round(at(1 / MINUTES if MINUTES > 1 else 0.5), 1),
          "rss_mid_MB": round(at(0.5), 1), "rss_end_MB": round(end, 1),
          "growth_last_half_MB": round(end - at(0.5), 1), "heap_in_use_MB": round(in_use, 1),
          "heap_free_MB": round(free, 1),
          "received": sum(p.session.counters.total.rx_bytes for p in (server, udp, client)),
          "sent": summary["tcp_bytes"] + summary["udp_bytes"], "reconnects": summary["tcp_reconnects"],
          "replies": summary["replies"], "periodic_sunk": summary["sunk"],
          "full_collections": window.collector.collections,
          "longest_collection_ms": round(window.collector.longest_ms, 1), **probe.summary()})
    await close_window(window)


if __name__ == "__main__":
    from ui import loop as event_loop

    app = QApplication(sys.argv)
    event_loop.run(main())
