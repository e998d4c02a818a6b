"""bench_udp_relay_sources: a UDP relay under a stream of new sources (each datagram from a socket of its own,
so each one a new mapping) — the relay page in the real window offscreen, against the engine's
UdpRelaySession alone on a plain asyncio loop, in the same run. Bounded: 2 s per rate.

Prints one JSON line per rate and side: {"bench": "udp_relay_sources", "side": "engine"|"window", "rate"
(new sources a second), "sent", "received" (source datagrams the relay counted), "lost" (sent - received),
"kernel_dropped" (what the kernel said it dropped for a full receive buffer; null where unknown), "dropped"
(the relay's own dropped counter), "p99_ms", "max_ms" (the window's lateness)}.
Target: the window loses no more than the kernel reports, and nothing at 2,000 new sources a second.

  python tests/perf/bench_udp_relay_sources.py [RATE ...] [--seconds S] [--echo] [--profile N]
``--echo``: the target answers every datagram (a process of its own), so each mapping also carries a reply back.
``--profile N``: the window rounds run under cProfile; the N costliest functions (by own time) go to stderr.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import json
import pstats
import socket
import sys
import time

from PySide6.QtWidgets import QApplication
from window import Probe, close_window, emit, new_window, plain, sender, sender_result

SECONDS = 2.0
RATES = (2000, 3000, 5000)

ENGINE = """
import asyncio, json, socket, sys
from app.net.sessions.udp_relay import UdpRelaySession
async def main():
    target = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    target.bind(("127.0.0.1", 0))
    relay = UdpRelaySession("127.0.0.1", 0, "127.0.0.1", %d or target.getsockname()[1])
    await relay.open()
    n = [0]
    from_source = relay._from_source
    def counted(data, addr):
        n[0] += 1
        from_source(data, addr)
    relay._from_source = counted
    proc = await asyncio.create_subprocess_exec(sys.executable, "tests/perf/senders.py", "newsources", "127.0.0.1",
        str(relay.local_address.port), "%d", "%s", stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    sent = json.loads(out)["sent"]
    for _ in range(200):
        if n[0] >= sent:
            break
        await asyncio.sleep(0.01)
    print(json.dumps({"sent": sent, "received": n[0], "dropped": relay.dropped_datagrams,
                      "kernel_dropped": getattr(relay.counters, "kernel_dropped", None)}))
    await relay.close()
asyncio.run(main())
"""


ECHO = """
import json, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
print(json.dumps({"port": s.getsockname()[1]}), flush=True)
while True:
    data, addr = s.recvfrom(65536)
    s.sendto(data, addr)
"""


async def echo() -> tuple[asyncio.subprocess.Process, int]:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", ECHO, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    return proc, json.loads(await proc.stdout.readline())["port"]


def count_sources(session: object) -> list[int]:
    """A counter of the datagrams the relay takes from sources (the target's replies are not counted)."""
    n = [0]
    from_source = session._from_source  # type: ignore[attr-defined]

    def counted(data: bytes, addr: tuple) -> None:
        n[0] += 1
        from_source(data, addr)

    session._from_source = counted  # type: ignore[attr-defined]
    return n


async def window_round(window: object, probe: Probe, rate: int, profiler: cProfile.Profile | None,
                       target_port: int, seconds: float) -> dict:
    target = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # (never read: only the relay's side is measured)
    target.bind(("127.0.0.1", 0))
    page = window.new_session("udp-relay", {  # type: ignore[attr-defined]
        "local_host": "127.0.0.1", "local_port": 0, "remote_host": "127.0.0.1",
        "remote_port": target_port or target.getsockname()[1]})
    await page.open_session()
    session = page.session
    counted = count_sources(session)
    probe.start()
    if profiler is not None:
        profiler.enable()
    proc = await sender("newsources", "127.0.0.1", session.local_address.port, rate, seconds)
    result = await sender_result(proc, timeout=seconds + 30)
    deadline = time.perf_counter() + 4  # (the kernel's count is read once a second)
    kernel = lambda: getattr(session.counters, "kernel_dropped", None) or 0  # noqa: E731
    while counted[0] + kernel() < result["sent"] and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    if profiler is not None:
        profiler.disable()
    probe.stop()
    page.flush()
    out = {"sent": result["sent"], "received": counted[0],
           "dropped": session.dropped_datagrams, "kernel_dropped": getattr(session.counters, "kernel_dropped", None),
           **probe.summary()}
    window.close_tab(window.tabs.indexOf(page))  # type: ignore[attr-defined]
    target.close()
    return out


async def main() -> None:
    args = sys.argv[1:]
    top = 0
    if "--profile" in args:
        i = args.index("--profile")
        top = int(args[i + 1])
        del args[i:i + 2]
    seconds, echoing = SECONDS, "--echo" in args
    if "--seconds" in args:
        i = args.index("--seconds")
        seconds = float(args[i + 1])
        del args[i:i + 2]
    args = [a for a in args if a != "--echo"]
    rates = [int(a) for a in args] or list(RATES)
    window = new_window()
    probe = Probe()
    profiler = cProfile.Profile() if top else None
    for rate in rates:
        target, port = await echo() if echoing else (None, 0)
        base = await plain(ENGINE % (port, rate, seconds))
        emit({"bench": "udp_relay_sources", "side": "engine", "rate": rate, "seconds": seconds, "echo": echoing,
              "sent": base["sent"], "received": base["received"], "lost": base["sent"] - base["received"],
              "kernel_dropped": base["kernel_dropped"], "dropped": base["dropped"]})
        r = await window_round(window, probe, rate, profiler, port, seconds)
        if target is not None:
            target.kill()
            await target.wait()
        emit({"bench": "udp_relay_sources", "side": "window", "rate": rate, "seconds": seconds, "echo": echoing,
              "sent": r["sent"], "received": r["received"], "lost": r["sent"] - r["received"],
              "kernel_dropped": r["kernel_dropped"], "dropped": r["dropped"],
              "p99_ms": r["p99_ms"], "max_ms": r["max_ms"]})
    await close_window(window)
    if profiler is not None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
        print(text.getvalue(), file=sys.stderr)


if __name__ == "__main__":
    from ui import loop as event_loop

    app = QApplication(sys.argv)
    event_loop.run(main())
