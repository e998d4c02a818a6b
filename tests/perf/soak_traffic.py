"""Mixed traffic for the soak benchmark, from a separate process, for SECONDS seconds:

- TCP: 40 connections to HOST:TCP_PORT; every 50 ms five of them send a burst (64 B to 32 KiB of text
  lines, some in GB2312, some binary), and every second three of them close and connect again (churn).
  Whatever comes back (auto-replies) is read.
- UDP: 1,000 datagrams a second (16 to 1,400 bytes) to HOST:UDP_PORT from 200 rotating source sockets.
- A UDP sink that counts what the window's periodic send delivers to it.

Usage: python tests/perf/soak_traffic.py HOST TCP_PORT UDP_PORT SECONDS
Prints {"sink_port": N} first (the window aims its periodic UDP send there), then a summary line.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import sys
import time

CONNECTIONS = 40
BURSTS_PER_TICK = 5
TICK_S = 0.05
CHURN_PER_SECOND = 3
DATAGRAMS_PER_SECOND = 1000
SOURCES = 200


def burst(rng: random.Random) -> bytes:
    size = rng.choice((64, 256, 1024, 4096, 16384, 32768))
    kind = rng.random()
    if kind < 0.6:
        line = b"reading %06d temp=%02d.5 okay\r\n" % (rng.randrange(10**6), rng.randrange(40))
    elif kind < 0.8:
        line = "温度=23℃ 湿度=45%\r\n".encode("gb2312")
    else:
        line = rng.randbytes(61) + b"\n"
    return (line * (size // len(line) + 1))[:size]


class Tcp:
    def __init__(self, host: str, port: int, rng: random.Random):
        self.host, self.port, self.rng = host, port, rng
        self.conns: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.sent = 0
        self.replies = 0
        self.reconnects = 0

    async def connect(self) -> None:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        self.conns.append((reader, writer))
        asyncio.get_running_loop().create_task(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while data := await reader.read(65536):
                self.replies += len(data)
        except ConnectionError:
            pass

    async def tick(self, now: float, last_churn: float) -> float:
        for _ in range(BURSTS_PER_TICK):
            _reader, writer = self.rng.choice(self.conns)
            data = burst(self.rng)
            writer.write(data)
            self.sent += len(data)
        await asyncio.gather(*(w.drain() for _r, w in self.conns))
        if now - last_churn < 1.0:
            return last_churn
        for _ in range(CHURN_PER_SECOND):
            _reader, writer = self.conns.pop(self.rng.randrange(len(self.conns)))
            writer.close()
            self.reconnects += 1
            await self.connect()
        return now


async def run(host: str, tcp_port: int, udp_port: int, seconds: float) -> dict[str, object]:
    rng = random.Random(7)
    loop = asyncio.get_running_loop()
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(("127.0.0.1", 0))
    sink.setblocking(False)
    sunk = 0

    def drain_sink() -> None:
        nonlocal sunk
        try:
            while True:
                sunk += len(sink.recv(65536))
        except BlockingIOError:
            pass

    loop.add_reader(sink.fileno(), drain_sink)
    print(json.dumps({"sink_port": sink.getsockname()[1]}), flush=True)
    sources = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(SOURCES)]
    for s in sources:
        s.bind(("127.0.0.1", 0))
        s.setblocking(False)
    tcp = Tcp(host, tcp_port, rng)
    for _ in range(CONNECTIONS):
        await tcp.connect()
    datagrams = udp_bytes = 0
    start = last_churn = time.perf_counter()
    ticks = 0
    while (now := time.perf_counter()) - start < seconds:
        ticks += 1
        last_churn = await tcp.tick(now, last_churn)
        due = int((now - start) * DATAGRAMS_PER_SECOND)
        while datagrams < due:
            payload = rng.randbytes(rng.randrange(16, 1400))
            try:
                sources[datagrams % SOURCES].sendto(payload, (host, udp_port))
                udp_bytes += len(payload)
            except (BlockingIOError, ConnectionRefusedError):
                pass
            datagrams += 1
        await asyncio.sleep(max(0.0, start + ticks * TICK_S - time.perf_counter()))
    for _r, w in tcp.conns:
        w.close()
    loop.remove_reader(sink.fileno())
    return {"tcp_bytes": tcp.sent, "tcp_reconnects": tcp.reconnects, "replies": tcp.replies,
            "datagrams": datagrams, "udp_bytes": udp_bytes, "sunk": sunk}


def main() -> None:
    host, tcp_port, udp_port, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    print(json.dumps(asyncio.run(run(host, tcp_port, udp_port, seconds))), flush=True)


if __name__ == "__main__":
    main()
