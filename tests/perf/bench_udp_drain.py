"""bench_udp_drain: CPU per datagram of the UDP page's receive path, against a plain asyncio receiver that only counts.

Each round puts N 64-byte datagrams into the receiver's socket buffer while its loop is not running, then lets
the loop drain them; what is timed is this process's CPU time from the first read to the last datagram counted
(the sending is not). The session's store, counters and events are the real ones, with one listener that only
marks itself dirty (what the window's bridge does).

Prints one JSON line: {"bench": "udp_drain", "session_us", "plain_us" (median CPU µs per datagram; plain asyncio
reads each datagram into a fresh 256 KiB buffer), "plain64_us" (plain asyncio reading 64 KiB, as the session's
transport did), "cpu_ratio"
(median of the rounds' plain/session ratios: above 1, the session spends less per datagram than plain asyncio),
"each_us" (the session with a listener that wants every record, as a log file does), "rounds", "datagrams"}.
"""

from __future__ import annotations

import asyncio
import json
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.net.session import RecordAdded
from app.net.sessions.udp import UdpSession

N = 2000
ROUNDS = 15
PAYLOAD = bytes(64)


def fill(port: int, n: int = N) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("127.0.0.1", port))
        for _ in range(n):
            s.send(PAYLOAD)


async def plain_round(read_size: int = 0) -> float:
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    class Count(asyncio.DatagramProtocol):
        n = 0

        def datagram_received(self, data: bytes, addr: tuple) -> None:
            self.n += 1
            if self.n == N:
                done.set_result(None)

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
    sock.bind(("127.0.0.1", 0))
    transport, _ = await loop.create_datagram_endpoint(Count, sock=sock)
    if read_size:
        transport.max_size = read_size  # type: ignore[attr-defined]  # (asyncio's private read size)
    fill(sock.getsockname()[1])
    c0 = time.process_time()
    await asyncio.wait_for(done, 30)
    cpu = time.process_time() - c0
    transport.close()
    return cpu / N * 1e6


async def session_round(each: bool = False) -> float:
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    session = UdpSession("127.0.0.1", 0)
    dirty = False

    def mark(event: object) -> None:  # the window's bridge: a flag and a timer start
        nonlocal dirty
        if type(event) is RecordAdded:
            dirty = True
            if session.counters.total.rx_packets >= N and not done.done():
                done.set_result(None)

    session.subscribe(mark, every_record=each)
    await session.open()
    assert session.local_address is not None
    fill(session.local_address.port)
    c0 = time.process_time()
    await asyncio.wait_for(done, 30)
    cpu = time.process_time() - c0
    assert session.counters.total.rx_packets == N, session.counters.total.rx_packets
    await session.close()
    return cpu / N * 1e6


async def main() -> None:
    plain: list[float] = []
    plain64: list[float] = []
    ours: list[float] = []
    each: list[float] = []
    for _ in range(ROUNDS):
        plain.append(await plain_round())
        plain64.append(await plain_round(65536))
        ours.append(await session_round())
        each.append(await session_round(each=True))
    print(json.dumps({
        "bench": "udp_drain", "session_us": round(statistics.median(ours), 2),
        "plain_us": round(statistics.median(plain), 2), "plain64_us": round(statistics.median(plain64), 2),
        "cpu_ratio": round(statistics.median(p / s for p, s in zip(plain, ours, strict=True)), 3),
        "each_us": round(statistics.median(each), 2), "rounds": ROUNDS, "datagrams": N,
    }), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
