"""bench_ui_small: 200,000 × 32-byte CRLF-terminated messages from a sender process into a server page,
text + log mode, against a plain asyncio receiver of the same messages in the same run.

Prints one JSON line: {"bench": "ui_small", "cpu_ratio" (window CPU / plain CPU, median of paired rounds),
"mbps_ratio", "p99_ms", "max_ms" (loop lateness, worst round), "visible_ms" (from the last byte's arrival
to the first paint that shows the last message, worst round), ...}.
Targets: cpu_ratio <= 2.5, p99 <= 16 ms, max <= 50 ms, visible_ms <= 100.
"""

from __future__ import annotations

import asyncio
import sys
import time

from PySide6.QtWidgets import QApplication
from window import Probe, close_window, emit, median, new_window, plain, sender, sender_result

COUNT = 200_000
TOTAL = COUNT * 32
ROUNDS = 3

PLAIN = f"""
import asyncio, json, time
TOTAL = {TOTAL}
async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    class P(asyncio.Protocol):
        n = 0
        def connection_made(self, t):
            self.t = t; self.t0 = time.perf_counter(); self.c0 = time.thread_time()
        def data_received(self, d):
            self.n += len(d)
            if self.n >= TOTAL and not done.done():
                done.set_result((time.perf_counter() - self.t0, time.thread_time() - self.c0, self.n))
                self.t.close()
    server = await loop.create_server(P, "127.0.0.1", 0)
    proc = await asyncio.create_subprocess_exec("{sys.executable}", "tests/perf/senders.py", "lines", "127.0.0.1",
        str(server.sockets[0].getsockname()[1]), "{COUNT}", stdout=asyncio.subprocess.DEVNULL)
    secs, cpu, n = await asyncio.wait_for(done, 120)
    await proc.wait()
    server.close()
    print(json.dumps({{"seconds": secs, "cpu_s": cpu, "bytes": n}}))
asyncio.run(main())
"""


async def window_round(window: object, probe: Probe) -> dict[str, float]:
    from app.net.session import PeerConnected

    page = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0,  # type: ignore[attr-defined]
                                             "receive_hex": False, "log_mode": True})
    await page.open_session()
    view = page.receive_view
    last = b"message %010d" % (COUNT - 1)
    marks: dict[str, float] = {}
    rows_on_screen = view._rows_on_screen

    def spy() -> object:
        out = rows_on_screen()
        if "arrived" in marks and "visible" not in marks:
            text = "".join(t for runs, _ in out[0] for t, _ in runs)
            if last.decode() in text:
                marks["visible"] = time.perf_counter()
        return out

    view._rows_on_screen = spy

    def listener(event: object) -> None:
        if isinstance(event, PeerConnected):
            marks["t0"] = time.perf_counter()
            marks["c0"] = time.thread_time()
        elif page.session.counters.total.rx_bytes >= TOTAL and "arrived" not in marks:
            marks["arrived"] = time.perf_counter()

    page.session.subscribe(listener)
    probe.start()
    proc = await sender("lines", "127.0.0.1", page.session.local_address.port, COUNT)
    deadline = time.perf_counter() + 120
    while "visible" not in marks and time.perf_counter() < deadline:
        await asyncio.sleep(0.005)
    cpu = time.thread_time() - marks["c0"]
    secs = marks["arrived"] - marks["t0"]
    probe.stop()
    window.close_tab(window.tabs.indexOf(page))  # type: ignore[attr-defined]
    await sender_result(proc)
    assert page.session.counters.total.rx_bytes == TOTAL
    return {"cpu_s": cpu, "seconds": secs, "visible_ms": (marks["visible"] - marks["arrived"]) * 1000,
            "records": len(page.session.store), **probe.summary()}


async def main() -> None:
    window = new_window()
    probe = Probe()
    plains, rounds = [], []
    for _ in range(ROUNDS):
        plains.append(await plain(PLAIN))
        rounds.append(await window_round(window, probe))
    emit({
        "bench": "ui_small", "messages": COUNT,
        "cpu_ratio": round(median([r["cpu_s"] / p["cpu_s"] for r, p in zip(rounds, plains, strict=True)]), 2),
        "mbps_ratio": round(median([p["seconds"] / r["seconds"] for r, p in zip(rounds, plains, strict=True)]), 2),
        "window_cpu_s": round(median([r["cpu_s"] for r in rounds]), 3),
        "plain_cpu_s": round(median([p["cpu_s"] for p in plains]), 3),
        "p99_ms": max(r["p99_ms"] for r in rounds), "max_ms": max(r["max_ms"] for r in rounds),
        "visible_ms": round(max(r["visible_ms"] for r in rounds), 1),
        "records": int(median([r["records"] for r in rounds])), "rounds": ROUNDS,
    })
    await close_window(window)


if __name__ == "__main__":
    from ui import loop as event_loop

    app = QApplication(sys.argv)
    event_loop.run(main())
