"""Peers for bench_relay, each its own process: ``sink`` (accepts one connection, reads to the end, closes;
prints its port, then the bytes it read) and ``plain`` (a plain asyncio relay to a target, one pair; prints its
port, then bytes and seconds from the client's connection to the pair's end)."""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def sink() -> None:
    done = asyncio.get_running_loop().create_future()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        n = 0
        while data := await reader.read(1 << 18):
            n += len(data)
        writer.close()
        done.set_result(n)

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    print(json.dumps({"port": server.sockets[0].getsockname()[1]}), flush=True)
    n = await done
    print(json.dumps({"bytes": n}), flush=True)


class Side(asyncio.Protocol):
    def __init__(self) -> None:
        self.other: Side | None = None
        self.transport: asyncio.Transport | None = None
        self.closed = asyncio.get_running_loop().create_future()
        self.n = 0
        self.finished = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.n += len(data)
        assert self.other is not None and self.other.transport is not None
        self.other.transport.write(data)

    def eof_received(self) -> bool:
        """A half-close is passed on; once both ways have finished, the pair closes."""
        assert self.other is not None and self.other.transport is not None
        self.finished = True
        if self.other.finished:
            self.other.transport.close()
            return False
        self.other.transport.write_eof()
        return True

    def pause_writing(self) -> None:
        assert self.other is not None and self.other.transport is not None
        self.other.transport.pause_reading()

    def resume_writing(self) -> None:
        assert self.other is not None and self.other.transport is not None
        self.other.transport.resume_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.other is not None and self.other.transport is not None:
            self.other.transport.close()
        if not self.closed.done():
            self.closed.set_result(None)


async def plain(target_port: int) -> None:
    loop = asyncio.get_running_loop()
    pairs: list[tuple[Side, Side, float]] = []
    tasks: set[asyncio.Task[None]] = set()
    ready = loop.create_future()

    async def accepted(client: Side) -> None:
        t0 = time.perf_counter()
        client.transport.pause_reading()  # type: ignore[union-attr]
        _t, target = await loop.create_connection(Side, "127.0.0.1", target_port)
        client.other, target.other = target, client
        client.transport.resume_reading()  # type: ignore[union-attr]
        pairs.append((client, target, t0))
        ready.set_result(None)

    def factory() -> Side:
        side = Side()
        orig = side.connection_made

        def made(transport: asyncio.BaseTransport) -> None:
            orig(transport)
            task = loop.create_task(accepted(side))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        side.connection_made = made  # type: ignore[method-assign]
        return side

    server = await loop.create_server(factory, "127.0.0.1", 0)
    print(json.dumps({"port": server.sockets[0].getsockname()[1]}), flush=True)
    await ready
    client, target, t0 = pairs[0]
    await asyncio.gather(client.closed, target.closed)
    print(json.dumps({"bytes": client.n, "seconds": time.perf_counter() - t0}), flush=True)


if __name__ == "__main__":
    asyncio.run(sink() if sys.argv[1] == "sink" else plain(int(sys.argv[2])))
