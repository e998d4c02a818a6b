"""bench_relay: 256 MiB through a TCP relay page (the real window, offscreen, display on) from a flood process
to a sink process, against a plain asyncio relay between the same kind of processes in the same run.

Prints one JSON line: {"bench": "relay", "window_MBps", "plain_MBps" (medians), "ratio" (median of the rounds'
window/plain ratios, each round running the plain relay and then the window back to back), "rss_growth_MB",
"peak_growth_MB", "p99_ms", "max_ms", ...}. Targets: ratio >= 0.6, RSS growth < 100 MB, p99 <= 50 ms.
RSS growth is read after the tabs closed and a collection (the app's own collector runs one every 30 s);
the peak growth while the floods ran is printed beside it.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from window import Probe, close_window, emit, new_window

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.net.session import PeerConnected, PeerDisconnected
from tests.perf.common import TOTAL, peak_rss_mb, reset_peak_rss, rss_mb, start_flood

PEERS = Path(__file__).with_name("relay_peers.py")
ROUNDS = 3


async def peer(*args: str) -> tuple[asyncio.subprocess.Process, int]:
    proc = await asyncio.create_subprocess_exec(sys.executable, str(PEERS), *args, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    return proc, json.loads(await proc.stdout.readline())["port"]


async def last_line(proc: asyncio.subprocess.Process) -> dict[str, float]:
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 300)
    await asyncio.wait_for(proc.wait(), 60)
    return json.loads(line)


async def plain_round() -> float:
    sink, sink_port = await peer("sink")
    relay, relay_port = await peer("plain", str(sink_port))
    flood = await start_flood(relay_port)
    result = await last_line(relay)
    assert (await last_line(sink))["bytes"] == TOTAL
    await flood.wait()
    return TOTAL / 2**20 / result["seconds"]


async def window_round(window: object, probe: Probe) -> float:
    sink, sink_port = await peer("sink")
    page = window.new_session("tcp-relay", {"local_host": "127.0.0.1", "local_port": 0,  # type: ignore[attr-defined]
                                            "remote_host": "127.0.0.1", "remote_port": sink_port})
    await page.open_session()
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    t0 = [0.0]

    def listen(event: object) -> None:
        if isinstance(event, PeerConnected):
            t0[0] = loop.time()
        elif isinstance(event, PeerDisconnected) and not done.done():
            done.set_result(loop.time() - t0[0])

    page.session.subscribe(listen)
    probe.start()
    flood = await start_flood(page.session.local_address.port)
    seconds = await asyncio.wait_for(done, 300)
    probe.stop()
    assert (await last_line(sink))["bytes"] == TOTAL
    await flood.wait()
    window.close_tab(window.tabs.indexOf(page))  # type: ignore[attr-defined]
    return TOTAL / 2**20 / seconds


async def main() -> None:
    window = new_window()
    probe = Probe()
    rss0 = rss_mb()
    reset_peak_rss()
    ratios, plains, windows = [], [], []
    lates: list[dict[str, float]] = []
    for _ in range(ROUNDS):
        p = await plain_round()
        w = await window_round(window, probe)
        lates.append(probe.summary())
        plains.append(p)
        windows.append(w)
        ratios.append(w / p)
    peak = peak_rss_mb() - rss0
    # the closed tabs' stores are cyclic garbage until a collection: the app's collector runs one every 30 s
    # (app.core.heap.Collector); measure after one, as a user would find the process a little later
    gc.collect()
    emit({"bench": "relay", "window_MBps": round(statistics.median(windows), 1),
          "plain_MBps": round(statistics.median(plains), 1), "ratio": round(statistics.median(ratios), 3),
          "best_ratio": round(max(windows) / max(plains), 3), "rss_growth_MB": round(rss_mb() - rss0, 1),
          "peak_growth_MB": round(peak, 1),
          "p99_ms": max(x["p99_ms"] for x in lates), "max_ms": max(x["max_ms"] for x in lates),
          "flood_MiB": TOTAL // 2**20, "rounds": ROUNDS})
    await close_window(window)


if __name__ == "__main__":
    from ui import loop as event_loop

    app = QApplication(sys.argv)
    event_loop.run(main())
