"""bench_ws: WebSocket into the real window (offscreen): a ws-server page, log mode on, display on.

Round 1 (issue 25's first target): a separate process sends 64 KiB binary messages (256 MiB by default) into the
page; the baseline is a plain ``websockets`` server that only counts bytes (its own process, plain asyncio), fed
the same way. Rounds alternate which goes first (the machine is shared and noisy); one JSON line:
{"bench": "ws", "session_MBps", "plain_MBps" (medians), "ratio" (median of the rounds' page/plain ratios),
"loop_p99_ms" (the worst round's p99 lateness of a 10 ms timer on the window's loop), "cpu_s" and "plain_cpu_s"
(the receiving thread's CPU seconds, medians: steadier than rates on a shared machine), ...}.
Targets: ratio >= 0.5, loop p99 <= 16 ms.

Round 2: 200 clients each send 10 small text messages a second for 20 s into a ws-server page; one JSON line:
{"bench": "ws_clients", "sent", "counted", "latency_p99_ms" (send to record, per message), "loop_p99_ms", ...}.
Targets: all counted, p99 <= 16 ms (both).

The senders are ``websockets``' own clients without compression, so both servers parse the same masked frames.
``--mib``, ``--rounds``, ``--clients``, ``--seconds`` change the sizes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.core.records import Direction  # noqa: E402
from app.net.session import PeerDisconnected, RecordAdded  # noqa: E402
from tests.perf.window import Probe  # noqa: E402
from ui import MainWindow  # noqa: E402
from ui import loop as event_loop  # noqa: E402

MESSAGE = 64 * 1024

SENDER = r"""
import sys
from websockets.sync.client import connect
url, n = sys.argv[1], int(sys.argv[2])
block = bytes(range(256)) * 256
with connect(url, compression=None, max_size=None) as ws:
    for _ in range(n):
        ws.send(block)
"""

PLAIN = r"""
import asyncio, json, subprocess, sys, time
from websockets.asyncio.server import serve
n, sender = int(sys.argv[1]), sys.argv[2]
async def main():
    count, t0, c0 = [0], [0.0], [0.0]
    done = asyncio.get_running_loop().create_future()
    async def handler(ws):
        async for message in ws:
            if not t0[0]:
                t0[0] = time.perf_counter()
                c0[0] = time.thread_time()
            count[0] += len(message)
        if not done.done():
            done.set_result(None)
    async with serve(handler, "127.0.0.1", 0, compression=None, max_size=None) as srv:
        port = srv.sockets[0].getsockname()[1]
        proc = await asyncio.create_subprocess_exec(sys.executable, "-c", sender, f"ws://127.0.0.1:{port}/", str(n))
        await asyncio.wait_for(done, 300)
        secs = time.perf_counter() - t0[0]
        cpu = time.thread_time() - c0[0]
        await proc.wait()
    assert count[0] == n * 65536, count[0]
    print(json.dumps({"MBps": count[0] / secs / 1e6, "cpu_s": cpu}))
asyncio.run(main())
"""

CLIENTS = r"""
import asyncio, sys, time
from websockets.asyncio.client import connect
url, clients, rate, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
async def one(k, start):
    async with connect(url, compression=None) as ws:
        n = int(rate * seconds)
        t = start + k / clients / rate  # spread over the first interval
        for i in range(n):
            delay = t - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            await ws.send(f"{time.time():.6f} client {k} message {i}")
            t += 1 / rate
        sent[0] += n
async def main():
    start = time.monotonic() + 1.0
    await asyncio.gather(*(one(k, start) for k in range(clients)))
    print(sent[0], flush=True)
sent = [0]
asyncio.run(main())
"""


async def plain_round(n: int) -> dict[str, float]:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", PLAIN, str(n), SENDER, cwd=str(ROOT),
                                                stdout=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(proc.communicate(), 300)
    return json.loads(out)  # type: ignore[no-any-return]


def ws_page(window: MainWindow) -> object:
    return window.new_session("ws-server", {"local_host": "127.0.0.1", "local_port": 0, "log_mode": True,
                                            "receive_hex": False})


async def page_round(window: MainWindow, n: int, probe: Probe) -> dict[str, float]:
    page = ws_page(window)
    await page.open_session()  # type: ignore[attr-defined]
    session = page.session  # type: ignore[attr-defined]
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    t0 = [0.0, 0.0]

    def listener(event: object) -> None:  # (the clock starts at the first message, as the baseline's)
        if type(event) is RecordAdded:
            if not t0[0] and event.record.direction is Direction.RX:
                t0[0] = time.perf_counter()
                t0[1] = time.thread_time()
        elif isinstance(event, PeerDisconnected) and not done.done():
            done.set_result(None)

    session.subscribe(listener)
    probe.start()
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", SENDER,
                                                f"ws://127.0.0.1:{session.local_address.port}/", str(n))
    await asyncio.wait_for(done, 300)
    secs = time.perf_counter() - t0[0]
    cpu = time.thread_time() - t0[1]  # (the window's thread: receiving, the view, the counters)
    probe.stop()
    await proc.wait()
    got = session.counters.total.rx_bytes
    assert got == n * MESSAGE, got
    page.flush()  # type: ignore[attr-defined]
    window.close_tab(window.tabs.indexOf(page))
    return {"MBps": got / secs / 1e6, "cpu_s": cpu, **probe.summary()}


async def clients_round(window: MainWindow, clients: int, rate: int, seconds: float, probe: Probe) -> dict[str, object]:
    page = ws_page(window)
    await page.open_session()  # type: ignore[attr-defined]
    session = page.session  # type: ignore[attr-defined]
    latencies: list[float] = []

    def listener(event: object) -> None:
        if type(event) is RecordAdded and event.record.direction is Direction.RX:
            data = event.record.data
            latencies.append(time.time() - float(data[:data.index(b" ")]))

    session.subscribe(listener)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CLIENTS, f"ws://127.0.0.1:{session.local_address.port}/", str(clients), str(rate),
        str(seconds), stdout=asyncio.subprocess.PIPE)
    probe.start()
    out, _ = await asyncio.wait_for(proc.communicate(), seconds + 120)
    sent = int(out.split()[-1])
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10  # (the last messages are on their way: counted as they come, bounded)
    while len(latencies) < sent and loop.time() < deadline:
        await asyncio.sleep(0.05)
    probe.stop()
    page.flush()  # type: ignore[attr-defined]
    counted = session.counters.total.rx_packets
    window.close_tab(window.tabs.indexOf(page))
    late = sorted(latencies)
    p99 = late[max(0, int(len(late) * 0.99) - 1)] * 1000 if late else 0.0
    return {"bench": "ws_clients", "clients": clients, "rate_per_client": rate, "seconds": seconds, "sent": sent,
            "counted": counted, "latency_p50_ms": round(statistics.median(late) * 1000, 2) if late else 0.0,
            "latency_p99_ms": round(p99, 2), "loop_p99_ms": probe.summary()["p99_ms"],
            "loop_max_ms": probe.summary()["max_ms"],
            "targets": {"counted": "all", "latency_p99_ms": 16, "loop_p99_ms": 16}}


async def main(args: argparse.Namespace) -> None:
    window = MainWindow(str(Path(tempfile.mkdtemp()) / "bench.ini"))
    window.resize(1280, 800)
    window.show()
    probe = Probe()
    n = args.mib * 1024 * 1024 // MESSAGE
    pages: list[dict[str, float]] = []
    plains: list[dict[str, float]] = []
    for r in range(args.rounds):  # alternating which goes first (the machine is noisy)
        if r % 2:
            pages.append(await page_round(window, n, probe))
            plains.append(await plain_round(n))
        else:
            plains.append(await plain_round(n))
            pages.append(await page_round(window, n, probe))
    mbps = [p["MBps"] for p in pages]
    plain = [p["MBps"] for p in plains]
    print(json.dumps({
        "bench": "ws", "mib": args.mib, "message_bytes": MESSAGE, "rounds": args.rounds, "log_mode": True,
        "session_MBps": round(statistics.median(mbps), 1), "plain_MBps": round(statistics.median(plain), 1),
        "ratio": round(statistics.median(p / q for p, q in zip(mbps, plain, strict=True)), 3),
        "ratios": [round(p / q, 3) for p, q in zip(mbps, plain, strict=True)],
        "cpu_s": round(statistics.median(p["cpu_s"] for p in pages), 3),
        "plain_cpu_s": round(statistics.median(p["cpu_s"] for p in plains), 3),
        "loop_p99_ms": max(p["p99_ms"] for p in pages), "loop_max_ms": max(p["max_ms"] for p in pages),
        "targets": {"ratio": 0.5, "loop_p99_ms": 16}}), flush=True)
    if args.clients:
        print(json.dumps(await clients_round(window, args.clients, 10, args.seconds, probe)), flush=True)
    await window.shutdown()
    window._closing_done = True
    window.close()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--mib", type=int, default=256, help="how much to send per round (default 256, the issue's)")
    p.add_argument("--rounds", type=int, default=3, help="rounds of page and baseline, alternating the order")
    p.add_argument("--clients", type=int, default=200, help="clients of the second round (0: skip it)")
    p.add_argument("--seconds", type=float, default=20.0, help="how long the clients send")
    app = QApplication(sys.argv)
    event_loop.run(main(p.parse_args()))
