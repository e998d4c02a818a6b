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

from app.core.heap import trim
from app.net.limits import raise_fd_limit
from app.net.sessions.tcp_server import TcpServerSession
from app.net.tls import TlsOptions
from tests.perf.common import rss_mb

IDLE = 1024
#: With --one-byte each connection sends the first byte of a TLS record and then nothing: its handshake starts
#: (asyncio's 256 KiB buffer each) and times out; the memory should go back by itself after that burst.
FIRST = b"\x16" if "--one-byte" in sys.argv else b""

HOLDER = """
import socket, sys, time
from app.net.limits import raise_fd_limit
raise_fd_limit()
port, n, first = int(sys.argv[1]), int(sys.argv[2]), bytes.fromhex(sys.argv[3])
socks = []
for i in range(n):
    s = socket.socket()
    if first:  # (one byte, then nothing: each from its own address, 16 to an address, so each handshake starts)
        s.bind((f"127.0.1.{1 + i // 16}", 0))
    s.connect(("127.0.0.1", port))
    s.sendall(first)
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
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(port), str(IDLE), FIRST.hex()], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    assert holder.stdout is not None
    await asyncio.get_running_loop().run_in_executor(None, holder.stdout.readline)
    deadline = time.monotonic() + 2  # (until all were accepted: held, or refused at once)
    while accept.pending + accept.refused < IDLE and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    held_count = accept.pending
    held = rss_mb()
    real = await tls_client(port)
    started = time.monotonic()
    deadline = time.monotonic() + 15  # (until the server let go of every idle one)
    while accept.pending and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    let_go = time.monotonic() - started
    after = rss_mb()
    settled = getattr(accept, "settled", 0)
    deadline = time.monotonic() + 3  # (the listener's own give-back, a second after the burst)
    while getattr(accept, "settled", 0) == settled and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    given_back = rss_mb()
    gc.collect()
    collected = rss_mb()
    trim()
    trimmed = rss_mb()
    holder.communicate("\n", timeout=10)
    await server.close()
    print(json.dumps({"idle": IDLE, "first_byte": FIRST.hex(), "held_by_server": held_count,
                      "rss_before_MB": round(before, 1),
                      "rss_held_MB": round(held, 1), "rss_after_MB": round(after, 1),
                      "rss_after_own_give_back_MB": round(given_back, 1),
                      "rss_after_gc_MB": round(collected, 1), "rss_after_trim_MB": round(trimmed, 1),
                      "real_client_handshake_s": round(real, 3),
                      "all_let_go_after_s": round(let_go, 1), "refused": accept.refused}))


if __name__ == "__main__":
    asyncio.run(main())
