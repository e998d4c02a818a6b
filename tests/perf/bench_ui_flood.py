"""bench_ui_flood: the real window (offscreen), a TCP server page with display on, a 256 MiB flood.

A 10 ms QTimer probe records how late the event loop answers. Prints one JSON line per mode (text, hex):
{"bench": "ui_flood", "mode", "window_MBps", "plain_MBps" (medians), "ratio" (median of the rounds' window/plain
ratios, each round running the baseline and then the window back to back), "best_ratio", "p99_ms", "max_ms", ...}
(p99/max are the worst rounds').
Targets: ratio >= 0.5, p99 <= 50 ms, max <= 250 ms.

A diagnostic runs in the same rounds: ``engine_ratio`` is the bare TCP server session (bench_ingest's, no page,
no view) on the window's own event loop, against the same baseline: what the engine and the retained history
cost before the window adds anything; ``engine_cpu_ratio`` its CPU as ``cpu_ratio``'s.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication

from app.net.session import PeerConnected
from tests.perf.bench_ingest import cpu_timed, session_mbps
from tests.perf.common import TOTAL, finished, start_flood
from tests.perf.window import Probe
from ui import MainWindow
from ui import loop as event_loop


async def flood_window(window: MainWindow, hex_mode: bool, probe: Probe) -> dict[str, float]:
    page = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0,
                                             "receive_hex": hex_mode, "log_mode": False})
    await page.open_session()
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    t0 = 0.0

    def listener(event: object) -> None:
        nonlocal t0
        if isinstance(event, PeerConnected):  # the clock starts where the baseline's does: connection_made
            t0 = time.perf_counter()
        elif finished(event) and not done.done():
            done.set_result(None)

    page.session.subscribe(listener)
    probe.start()
    cpu0 = time.thread_time()
    proc = await start_flood(page.session.local_address.port)
    await asyncio.wait_for(done, 300)
    secs = time.perf_counter() - t0
    cpu = time.thread_time() - cpu0
    probe.stop()
    assert page.session.counters.total.rx_bytes == TOTAL
    page.flush()
    shown = len(page.receive_view.shownText())
    window.close_tab(window.tabs.indexOf(page))
    await asyncio.wait_for(proc.wait(), 30)  # it waits for the server to close its end
    late = sorted(probe.late)
    return {"window_MBps": TOTAL / secs / 1e6, "cpu_s": cpu, "p99_ms": late[int(len(late) * 0.99) - 1] if late else 0.0,
            "max_ms": late[-1] if late else 0.0, "probe_ticks": len(late), "shown_chars": shown}


PLAIN = """
import asyncio, time
from tests.perf.common import finished, plain_asyncio_mbps
c0 = time.thread_time()
mbps = asyncio.run(plain_asyncio_mbps())
print(mbps, time.thread_time() - c0)
"""


async def plain_in_subprocess() -> tuple[float, float]:
    """The plain-asyncio baseline (MB/s, receiving thread's CPU seconds), in its own process."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", PLAIN, cwd=str(Path(__file__).resolve().parents[2]), stdout=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(proc.communicate(), 300)
    mbps, cpu = out.split()
    return float(mbps), float(cpu)


async def main() -> None:
    window = MainWindow(str(Path(tempfile.mkdtemp()) / "bench.ini"))
    window.resize(1200, 800)
    window.show()
    probe = Probe()
    rounds = 5
    for hex_mode in (False, True):
        results, plains, engine = [], [], []
        for _ in range(rounds):  # each round: the baseline, then the window, back to back (the machine is noisy)
            plains.append(await plain_in_subprocess())
            results.append(await flood_window(window, hex_mode, probe))
            (mbps, _stored, _events), cpu = await cpu_timed(session_mbps())
            engine.append((mbps, cpu))
        plain_mbps = [m for m, _ in plains]
        window_mbps = [r["window_MBps"] for r in results]
        late = [r["p99_ms"] for r in results]
        print(json.dumps({
            "bench": "ui_flood", "mode": "hex" if hex_mode else "text",
            "window_MBps": round(statistics.median(window_mbps), 1),
            "plain_MBps": round(statistics.median(plain_mbps), 1),
            "ratio": round(statistics.median(w / p for w, p in zip(window_mbps, plain_mbps, strict=True)), 3),
            "best_ratio": round(max(window_mbps) / max(plain_mbps), 3),
            "cpu_ratio": round(statistics.median(c for _, c in plains)
                               / statistics.median(r["cpu_s"] for r in results), 3),
            "engine_ratio": round(statistics.median(e / p for (e, _), p in zip(engine, plain_mbps, strict=True)), 3),
            "engine_cpu_ratio": round(statistics.median(c for _, c in plains)
                                      / statistics.median(c for _, c in engine), 3),
            "p99_ms": round(max(late), 1), "max_ms": round(max(r["max_ms"] for r in results), 1),
            "probe_ticks": sum(int(r["probe_ticks"]) for r in results), "flood_MiB": TOTAL >> 20, "rounds": rounds,
        }), flush=True)
    await window.shutdown()
    window._closing_done = True
    window.close()


if __name__ == "__main__":
    app = QApplication(sys.argv)
    event_loop.run(main())
