"""bench_ws: a separate process sends 64 KiB binary WebSocket messages (64 MiB by default; ``--mib 256`` is the
issue's full run) into a ws-server session, then the same into a plain ``websockets`` server that only counts
bytes, in the same run.

Prints one JSON line: {"bench": "ws", "session_MBps", "plain_MBps", "ratio" (session/plain), "loop_p99_ms" (how
late a 1 ms timer fired on the session's loop meanwhile), ...}. Targets (issue 25): ratio >= 0.5, loop p99 <= 16 ms.
The sender is ``websockets``' own sync client without compression, so both servers parse the same masked frames.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from websockets.asyncio.server import ServerConnection, serve

from app.core.records import Direction
from app.net.session import PeerDisconnected, RecordAdded
from app.net.ws.server import WsServerSession

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


async def send_all(url: str, n: int) -> None:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", SENDER, url, str(n))
    await proc.wait()


class Lag:
    """How late a 1 ms timer fires on this loop: the loop's responsiveness while it takes messages in."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._task = asyncio.get_running_loop().create_task(self._run(), name="bench-ws:lag")

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            t = loop.time()
            await asyncio.sleep(0.001)
            self.samples.append((loop.time() - t - 0.001) * 1000)

    def stop(self) -> float:
        self._task.cancel()
        return statistics.quantiles(self.samples, n=100)[98] if len(self.samples) > 2 else 0.0


async def session_run(n: int) -> tuple[float, float, int]:
    server = WsServerSession("127.0.0.1", 0)
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    t0 = [0.0]
    records = [0]

    def listener(event: object) -> None:  # what the window's bridge does: count, mark dirty
        if isinstance(event, RecordAdded):
            if event.record.direction is Direction.RX:
                if not t0[0]:
                    t0[0] = time.perf_counter()
                records[0] += 1
        elif isinstance(event, PeerDisconnected) and not done.done():
            done.set_result(None)

    server.subscribe(listener)
    await server.open()
    assert server.local_address is not None
    lag = Lag()
    await send_all(f"ws://127.0.0.1:{server.local_address.port}/", n)
    await asyncio.wait_for(done, 120)
    seconds = time.perf_counter() - t0[0]
    p99 = lag.stop()
    got = server.counters.total.rx_bytes
    await server.close()
    assert got == n * MESSAGE and records[0] == n, (got, records[0])
    return got / seconds / 1e6, p99, records[0]


async def plain_run(n: int) -> float:
    count = [0]
    t0 = [0.0]
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def handler(ws: ServerConnection) -> None:
        async for message in ws:
            if not t0[0]:
                t0[0] = time.perf_counter()
            count[0] += len(message)
        if not done.done():
            done.set_result(None)

    async with serve(handler, "127.0.0.1", 0, compression=None, max_size=None) as srv:
        port = srv.sockets[0].getsockname()[1]
        await send_all(f"ws://127.0.0.1:{port}/", n)
        await asyncio.wait_for(done, 120)
    seconds = time.perf_counter() - t0[0]
    assert count[0] == n * MESSAGE
    return count[0] / seconds / 1e6


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--mib", type=int, default=64, help="how much to send per run (the issue's full run: 256)")
    args = p.parse_args()
    n = args.mib * 1024 * 1024 // MESSAGE
    session_mbps, p99, records = await session_run(n)
    plain_mbps = await plain_run(n)
    print(json.dumps({"bench": "ws", "mib": args.mib, "message_bytes": MESSAGE, "records": records,
                      "session_MBps": round(session_mbps, 1), "plain_MBps": round(plain_mbps, 1),
                      "ratio": round(session_mbps / plain_mbps, 2), "loop_p99_ms": round(p99, 2),
                      "targets": {"ratio": 0.5, "loop_p99_ms": 16}}), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
