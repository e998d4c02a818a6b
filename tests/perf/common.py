"""Benchmark plumbing: the flood process, a plain-asyncio baseline, RSS readings."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import mmap
import sys
import time
from pathlib import Path

from app.net.session import PeerDisconnected, PeerFinished

FLOOD = Path(__file__).with_name("flood.py")
TOTAL = 256 * 1024 * 1024


def finished(event: object) -> bool:
    """The flood's sender is done: it finished sending (a FIN; the server keeps its end open) or left.
    (Called for every event: a type test only, no record is looked at.)"""
    return isinstance(event, PeerFinished | PeerDisconnected)


async def start_flood(port: int, total: int = TOTAL) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, str(FLOOD), "127.0.0.1", str(port), str(total))


class _Counting(asyncio.Protocol):
    def __init__(self, done: asyncio.Future[tuple[int, float]]):
        self.done = done
        self.n = 0
        self.t0 = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.t0 = time.perf_counter()

    def data_received(self, data: bytes) -> None:
        self.n += len(data)

    def eof_received(self) -> bool:
        if not self.done.done():
            self.done.set_result((self.n, time.perf_counter() - self.t0))
        return False


class _Keeping(_Counting):
    """The least a protocol that keeps history can do: hold the received bytes, up to 32 MiB, oldest out."""

    LIMIT = 32 * 1024 * 1024

    def __init__(self, done: asyncio.Future[tuple[int, float]]):
        super().__init__(done)
        self.kept: collections.deque[bytes] = collections.deque()
        self.size = 0

    def data_received(self, data: bytes) -> None:
        self.n += len(data)
        self.kept.append(data)
        self.size += len(data)
        while self.size > self.LIMIT:
            self.size -= len(self.kept.popleft())


class _Ring(_Counting, asyncio.BufferedProtocol):
    """The least a protocol that keeps history in place can do: each read lands in a ring of 32 maps of 1 MiB,
    their pages written once before the clock starts (the session's arenas, minus everything else it does)."""

    ARENA = 1024 * 1024
    _maps: list[memoryview] = []

    @classmethod
    def warm(cls) -> None:
        """Make the ring (its 32 MiB resident from now on: a bench that reads RSS calls this first)."""
        if not cls._maps:
            for _ in range(32):
                m = mmap.mmap(-1, cls.ARENA)
                m.write(bytes(cls.ARENA))
                cls._maps.append(memoryview(m))

    def __init__(self, done: asyncio.Future[tuple[int, float]]):
        super().__init__(done)
        self.warm()
        self.index = self.pos = 0

    def get_buffer(self, sizehint: int) -> memoryview:
        if self.ARENA - self.pos < 65536:
            self.index = (self.index + 1) % len(self._maps)
            self.pos = 0
        return self._maps[self.index][self.pos:]

    def buffer_updated(self, nbytes: int) -> None:
        self.n += nbytes
        self.pos += nbytes


async def plain_asyncio_mbps(total: int = TOTAL, keep: bool = False, ring: bool = False) -> float:
    """MB/s of a plain asyncio.Protocol that only counts bytes (or, with ``keep``, also holds the newest
    32 MiB of them; with ``ring``, a BufferedProtocol that reads them in place into a 32 MiB ring), fed by the
    flood process."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[tuple[int, float]] = loop.create_future()
    protocol = _Ring if ring else _Keeping if keep else _Counting
    server = await loop.create_server(lambda: protocol(done), "127.0.0.1", 0)
    proc = await start_flood(server.sockets[0].getsockname()[1], total)
    n, secs = await asyncio.wait_for(done, 300)
    server.close()
    await asyncio.wait_for(proc.wait(), 30)
    assert n == total, (n, total)
    return n / secs / 1e6


warm_ring = _Ring.warm


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak_rss() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
