"""bench_ui_clients: 1,000 clients on a server page, each sending 16 bytes every 100 ms for 20 s, hex + log
mode, against a plain asyncio server with the same clients in the same run. Raises its own file limit.

Prints one JSON line: {"bench": "ui_clients", "clients", "sent", "counted" (bytes the session counted),
"cpu_ratio" (window CPU / plain CPU over the same load), "p99_ms", "max_ms", ...}.
Targets: counted == sent, p99 <= 50 ms, max <= 150 ms, cpu_ratio <= 2.
"""

from __future__ import annotations

import asyncio
import sys
import time

from PySide6.QtWidgets import QApplication
from senders import raise_fd_limit
from window import Probe, close_window, emit, new_window, plain, sender, sender_result

CLIENTS = 1000
INTERVAL_MS = 100
SECONDS = 20.0

PLAIN = f"""
import asyncio, json, sys, time
sys.path.insert(0, "tests/perf")
from senders import raise_fd_limit
raise_fd_limit()
async def main():
    loop = asyncio.get_running_loop()
    state = {{"n": 0, "c0": None}}
    class P(asyncio.Protocol):
        def connection_made(self, t):
            if state["c0"] is None:
                state["c0"] = time.thread_time()
        def data_received(self, d):
            state["n"] += len(d)
    server = await loop.create_server(P, "127.0.0.1", 0, backlog=4096)
    proc = await asyncio.create_subprocess_exec(sys.executable, "tests/perf/senders.py", "clients", "127.0.0.1",
        str(server.sockets[0].getsockname()[1]), "{CLIENTS}", "{INTERVAL_MS}", "{SECONDS}",
        stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    cpu = time.thread_time() - state["c0"]
    sent = json.loads(out)["bytes"]
    deadline = time.perf_counter() + 5
    while state["n"] < sent and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    server.close()
    print(json.dumps({{"cpu_s": cpu, "sent": sent, "counted": state["n"]}}))
asyncio.run(main())
"""


async def window_round(window: object, probe: Probe) -> dict[str, float]:
    from app.net.session import PeerConnected

    page = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0,  # type: ignore[attr-defined]
                                             "receive_hex": True, "log_mode": True})
    await page.open_session()
    marks: dict[str, float] = {}

    def listener(event: object) -> None:
        if isinstance(event, PeerConnected) and "c0" not in marks:
            marks["c0"] = time.thread_time()

    page.session.subscribe(listener)
    probe.start()
    proc = await sender("clients", "127.0.0.1", page.session.local_address.port, CLIENTS, INTERVAL_MS, SECONDS)
    result = await sender_result(proc, timeout=SECONDS + 60)
    cpu = time.thread_time() - marks["c0"]
    deadline = time.perf_counter() + 5
    while page.session.counters.total.rx_bytes < result["bytes"] and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    probe.stop()
    counted = page.session.counters.total.rx_bytes
    listed = page.clients.model.rowCount()
    window.close_tab(window.tabs.indexOf(page))  # type: ignore[attr-defined]
    return {"cpu_s": cpu, "sent": result["bytes"], "counted": counted, "peak_listed": listed, **probe.summary()}


async def main() -> None:
    raise_fd_limit()
    window = new_window()
    probe = Probe()
    base = await plain(PLAIN, timeout=SECONDS + 120)
    r = await window_round(window, probe)
    emit({"bench": "ui_clients", "clients": CLIENTS, "seconds": SECONDS, "sent": r["sent"], "counted": r["counted"],
          "plain_counted": base["counted"], "cpu_ratio": round(r["cpu_s"] / base["cpu_s"], 2),
          "window_cpu_s": round(r["cpu_s"], 2), "plain_cpu_s": round(base["cpu_s"], 2),
          "p99_ms": r["p99_ms"], "max_ms": r["max_ms"], "probe_ticks": r["probe_ticks"]})
    await close_window(window)


if __name__ == "__main__":
    from ui import loop as event_loop

    app = QApplication(sys.argv)
    event_loop.run(main())
