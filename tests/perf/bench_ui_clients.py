"""bench_ui_clients: clients on a server page (hex + log mode) against a plain asyncio server with the same clients
in the same run. Two rounds: 1,000 clients each sending 16 bytes every 100 ms for 20 s; then 10,000 clients (the
page's client limit raised to hold them) each sending 16 bytes every 200 ms. The bench raises its open-files
limit as the app does (``app.net.limits.raise_fd_limit``); the sender and the plain server raise their own.

Prints one JSON line a round: {"bench": "ui_clients", "clients", "sent", "counted" (bytes the session counted),
"cpu_ratio" (window CPU / plain CPU over the same load), "p99_ms", "max_ms", "connect_max_ms" (the probe's
worst lateness while the clients connected), "send_max_ms" (after they all had), ...}.
Targets: counted == sent; 1,000 clients: p99 <= 50 ms, max <= 150 ms, cpu_ratio <= 2; 10,000 clients: p99 <= 50 ms,
max <= 200 ms. ``--seconds`` shortens both rounds, ``--many 0`` skips the second.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from PySide6.QtWidgets import QApplication
from window import Probe, close_window, emit, new_window, plain, sender, sender_result

from app.net.limits import raise_fd_limit

PLAIN = """
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
        str(server.sockets[0].getsockname()[1]), "{clients}", "{interval_ms}", "{seconds}",
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


async def window_round(window: object, probe: Probe, clients: int, interval_ms: int,
                       seconds: float) -> dict[str, float]:
    from app.net.session import PeerConnected

    page = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0,  # type: ignore[attr-defined]
                                             "receive_hex": True, "log_mode": True,
                                             "client_limit": max(1024, clients + 100)})
    await page.open_session()
    marks: dict[str, float] = {}
    connected = 0

    def listener(event: object) -> None:
        nonlocal connected
        if isinstance(event, PeerConnected):
            connected += 1
            if "c0" not in marks:
                marks["c0"] = time.thread_time()
            if connected == clients:  # every client is in: from here on the probe measures the sending
                marks["all_in"] = len(probe.late)

    page.session.subscribe(listener)
    probe.start()
    proc = await sender("clients", "127.0.0.1", page.session.local_address.port, clients, interval_ms, seconds)
    result = await sender_result(proc, timeout=seconds + 60 + clients / 200)
    cpu = time.thread_time() - marks["c0"]
    deadline = time.perf_counter() + 5
    while page.session.counters.total.rx_bytes < result["bytes"] and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    probe.stop()
    counted = page.session.counters.total.rx_bytes
    listed = page.clients.model.rowCount()
    split = int(marks.get("all_in", len(probe.late)))
    phases = {"connect_max_ms": round(max(probe.late[:split], default=0.0), 1),
              "send_max_ms": round(max(probe.late[split:], default=0.0), 1)}
    window.close_tab(window.tabs.indexOf(page))  # type: ignore[attr-defined]
    return {"cpu_s": cpu, "sent": result["bytes"], "counted": counted, "peak_listed": listed, **probe.summary(),
            **phases}


async def one_round(window: object, probe: Probe, clients: int, interval_ms: int, seconds: float,
                    extra: bool) -> None:
    base = await plain(PLAIN.format(clients=clients, interval_ms=interval_ms, seconds=seconds),
                       timeout=seconds + 120 + clients / 200)
    r = await window_round(window, probe, clients, interval_ms, seconds)
    line = {"bench": "ui_clients", "clients": clients, "seconds": seconds, "sent": r["sent"], "counted": r["counted"],
            "plain_counted": base["counted"], "cpu_ratio": round(r["cpu_s"] / base["cpu_s"], 2),
            "window_cpu_s": round(r["cpu_s"], 2), "plain_cpu_s": round(base["cpu_s"], 2),
            "p99_ms": r["p99_ms"], "max_ms": r["max_ms"], "probe_ticks": r["probe_ticks"]}
    if extra:  # (the first round's line keeps its keys)
        line.update({"interval_ms": interval_ms, "peak_listed": r["peak_listed"],
                     "connect_max_ms": r["connect_max_ms"], "send_max_ms": r["send_max_ms"]})
    emit(line)


async def main(args: argparse.Namespace) -> None:
    raise_fd_limit()  # as the app does at startup (10,000 clients: a file each)
    window = new_window()
    probe = Probe()
    if args.clients:
        await one_round(window, probe, args.clients, 100, args.seconds, extra=False)
    if args.many:
        await one_round(window, probe, args.many, 200, args.seconds, extra=True)
    await close_window(window)


if __name__ == "__main__":
    from ui import loop as event_loop

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=1000, help="clients of the first round, 10 msg/s each (0: skip)")
    p.add_argument("--many", type=int, default=10000, help="clients of the second round, 5 msg/s each (0: skip)")
    p.add_argument("--seconds", type=float, default=20.0, help="how long the clients send in each round")
    parsed = p.parse_args()
    app = QApplication(sys.argv)
    event_loop.run(main(parsed))
