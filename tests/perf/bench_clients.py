"""bench_clients: a many-clients page (the real window, offscreen) opens 5,000 connections at 1,000 a second to a
plain asyncio server in its own process.

Prints one JSON line: {"bench": "clients", "connections", "rate", "connected", "failed", "server_accepted",
"ramp_s", "connect_p50_ms", "connect_p99_ms", "p99_ms", "max_ms" (the window's loop lateness during the ramp)}.
Targets: all connected; p99 <= 100 ms.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from PySide6.QtWidgets import QApplication
from senders import raise_fd_limit
from window import Probe, close_window, emit, new_window

COUNT = 5000
RATE = 1000

SERVER = """
import asyncio, json, sys
sys.path.insert(0, "tests/perf")
from senders import raise_fd_limit
raise_fd_limit()
async def main():
    held = []
    async def serve(reader, writer):
        held.append(writer)
        try:
            await reader.read()
        except (asyncio.CancelledError, ConnectionError):
            pass
    server = await asyncio.start_server(serve, "127.0.0.1", 0, backlog=4096)
    print(json.dumps({"port": server.sockets[0].getsockname()[1]}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    print(json.dumps({"accepted": len(held)}), flush=True)
asyncio.run(main())
"""


async def main() -> None:
    raise_fd_limit()
    window = new_window()
    probe = Probe()
    server = await asyncio.create_subprocess_exec(sys.executable, "-c", SERVER, stdin=asyncio.subprocess.PIPE,
                                                  stdout=asyncio.subprocess.PIPE, cwd=".")
    assert server.stdout is not None and server.stdin is not None
    port = json.loads(await server.stdout.readline())["port"]
    page = window.new_session("tcp-clients", {"remote_host": "127.0.0.1", "remote_port": port,
                                              "connections": COUNT, "rate": RATE})
    session = page.session
    probe.start()
    t0 = time.perf_counter()
    await page.open_session()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + COUNT / RATE + 30
    while session.connected + session.failed < COUNT and loop.time() < deadline:
        await asyncio.sleep(0.05)
    ramp = time.perf_counter() - t0
    probe.stop()
    server.stdin.write(b"\n")
    accepted = json.loads(await asyncio.wait_for(server.stdout.readline(), 60))["accepted"]
    emit({"bench": "clients", "connections": COUNT, "rate": RATE, "connected": session.connected,
          "failed": session.failed, "server_accepted": accepted, "ramp_s": round(ramp, 2),
          "connect_p50_ms": round(session.percentile(50) or 0, 2),
          "connect_p99_ms": round(session.percentile(99) or 0, 2),
          **probe.summary()})
    await page.shutdown()
    server.stdin.close()
    await server.wait()
    await close_window(window)


if __name__ == "__main__":
    from ui import loop as event_loop

    app = QApplication(sys.argv)
    event_loop.run(main())
