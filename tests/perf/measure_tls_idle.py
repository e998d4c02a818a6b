"""measure_tls_idle: a TLS server page's memory and service while 1,024 connections from 127.0.0.1 send nothing.

Not a test and not a benchmark: a short measurement (about 20 s) for the note. A helper process opens IDLE idle
TCP connections to a TLS TcpServerSession in this process (self-signed, default client limit); meanwhile a real
TLS client from 127.0.0.2 connects and its handshake is timed. RSS is read before, while they are held, after
they are all gone (plus the app's 30 s collection, done at once here), and after a malloc_trim.
Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import gc
import json
import ssl
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.heap import trim
from app.limits import raise_fd_limit
from app.tcp_server import TcpServerSession
from app.tls import TlsOptions
from tests.perf.common import rss_mb

IDLE = 1024

HOLDER = """
import socket, sys, time
from app.limits import raise_fd_limit
raise_fd_limit()
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = []
for _ in range(n):
    s = socket.socket()
    s.connect(("127.0.0.1", port))
    socks.append(s)
print("connected", flush=True)
sys.stdin.readline()  # hold them until told (or until the server closes them: their reads end)
"""


async def tls_client(port: int) -> float:
    """Seconds a TLS client from 127.0.0.2 takes to finish its handshake (inf: refused or timed out)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    started = time.perf_counter()
    try:
        _r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port, ssl=ctx,
                                                              local_addr=("127.0.0.2", 0)), 15)
    except (OSError, TimeoutError):
        return float("inf")
    took = time.perf_counter() - started
    w.close()
    return took


async def main() -> None:
    raise_fd_limit()
    server = TcpServerSession("127.0.0.1", 0, tls=TlsOptions(enabled=True, self_signed=True))
    await server.open()
    port = server.local_address.port
    accept = server._tls_accept
    assert accept is not None
    await tls_client(port)  # (warm: the first handshake's one-off allocations are not the idle ones')
    gc.collect()
    trim()
    before = rss_mb()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(port), str(IDLE)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    assert holder.stdout is not None
    await asyncio.get_running_loop().run_in_executor(None, holder.stdout.readline)
    deadline = time.monotonic() + 5
    while accept.pending < min(IDLE, accept.limit) and time.monotonic() < deadline and \
            getattr(accept, "held", accept.pending) < min(IDLE, accept.limit):
        await asyncio.sleep(0.05)
    held_count = max(accept.pending, getattr(accept, "held", 0))
    held = rss_mb()
    real = await tls_client(port)
    deadline = time.monotonic() + 15  # (until the server let go of every idle one)
    while (accept.pending or getattr(accept, "held", 0)) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    after = rss_mb()
    gc.collect()
    collected = rss_mb()
    trim()
    trimmed = rss_mb()
    holder.communicate("\n", timeout=10)
    await server.close()
    print(json.dumps({"idle": IDLE, "held_by_server": held_count, "rss_before_MB": round(before, 1),
                      "rss_held_MB": round(held, 1), "rss_after_MB": round(after, 1),
                      "rss_after_gc_MB": round(collected, 1), "rss_after_trim_MB": round(trimmed, 1),
                      "real_client_handshake_s": round(real, 3), "refused": accept.refused}))


if __name__ == "__main__":
    asyncio.run(main())
