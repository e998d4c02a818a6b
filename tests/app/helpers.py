"""Event-driven waits on sessions, and small real peers on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.core.records import Direction
from app.net.session import Event, RecordAdded, Session


class Watch:
    """Collects a session's events and lets a test wait (bounded) for a condition to hold."""

    def __init__(self, session: Session):
        self.session = session
        self.events: list[Event] = []
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        self.events.append(event)
        for cond, fut in self._waiters:
            if not fut.done() and cond():
                fut.set_result(None)

    async def until(self, cond: Callable[[], bool], timeout: float = 5.0) -> None:
        if cond():
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (cond, fut)
        self._waiters.append(entry)
        try:
            await asyncio.wait_for(fut, timeout)
        finally:
            self._waiters.remove(entry)

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]

    def records(self, direction: Direction) -> list:
        return [e.record for e in self.of(RecordAdded) if e.record.direction is direction]

    def rx(self) -> bytes:
        return b"".join(r.data for r in self.records(Direction.RX))

    def notices(self) -> list[str]:
        return [r.notice.kind for r in self.records(Direction.NOTICE)]

    async def until_rx(self, n: int, timeout: float = 5.0) -> None:
        await self.until(lambda: self.session.counters.total.rx_bytes >= n, timeout)


async def read_exactly(reader: asyncio.StreamReader, n: int, timeout: float = 5.0) -> bytes:
    return await asyncio.wait_for(reader.readexactly(n), timeout)


async def start_echo_server(host: str = "127.0.0.1") -> tuple[asyncio.Server, int]:
    """A plain asyncio TCP echo server (the peer a TCP client session talks to)."""

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(echo, host, 0)
    return server, server.sockets[0].getsockname()[1]


async def poll_until(cond: Callable[[], bool], timeout: float = 5.0) -> None:
    """For a condition no session event announces (a transport pausing): check it every few milliseconds,
    as qtbot.waitUntil does, up to ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not cond():
        if loop.time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.005)
