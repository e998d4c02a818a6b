"""bench_ui_udp: 64-byte datagrams at 10,000 a second for 5 s (then at 20,000 and 50,000 a second) into a UDP
page in log mode, against a plain asyncio receiver in the same run.

Prints one JSON line per rate: {"bench": "ui_udp", "rate", "sent", "received", "lost" (datagrams the sender
sent that the session did not count), "plain_lost", "p99_ms", "max_ms", "rcvbuf" (what the kernel granted),
"cpu_us" and "plain_cpu_us" (each receiving process's CPU time over the round, per datagram the sender sent)}.
Targets at 10,000/s: lost == 0, p99 <= 16 ms, max <= 50 ms; at 50,000/s: lost <= plain_lost and
cpu_us <= plain_cpu_us (on two cores the sender takes one: every microsecond beyond plain's is loss as soon as
anything else runs).
"""

from __future__ import annotations

import asyncio
import sys
import time

from PySide6.QtWidgets import QApplication
from window import Probe, close_window, emit, new_window, plain, sender, sender_result

SECONDS = 5.0
RATES = tuple(int(r) for r in sys.argv[1:]) or (10_000, 20_000, 50_000)

PLAIN = """
import asyncio, json, sys, time
async def main():
    loop = asyncio.get_running_loop()
    class P(asyncio.DatagramProtocol):
        n = 0
        def datagram_received(self, d, a):
            self.n += 1
    t, p = await loop.create_datagram_endpoint(P, local_addr=("127.0.0.1", 0))
    port = t.get_extra_info("sockname")[1]
    c0 = time.process_time()
    proc = await asyncio.create_subprocess_exec(sys.executable, "tests/perf/senders.py", "udp", "127.0.0.1",
        str(port), "%d", "%s", stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    await asyncio.sleep(0.3)
    cpu = time.process_time() - c0
    sent = json.loads(out)["sent"]
    print(json.dumps({"sent": sent, "received": p.n, "cpu": cpu}))
asyncio.run(main())
"""


async def window_round(window: object, probe: Probe, rate: int) -> dict[str, float]:
    page = window.new_session("udp", {"local_host": "127.0.0.1", "local_port": 0,  # type: ignore[attr-defined]
                                      "receive_hex": False, "log_mode": True})
    await page.open_session()
    probe.start()
    c0 = time.process_time()
    proc = await sender("udp", "127.0.0.1", page.session.local_address.port, rate, SECONDS)
    result = await sender_result(proc, timeout=SECONDS + 30)
    deadline = time.perf_counter() + 2
    while page.session.counters.total.rx_packets < result["sent"] and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    cpu = time.process_time() - c0
    probe.stop()
    received = page.session.counters.total.rx_packets
    granted = page.session.recv_buffer_granted
    window.close_tab(window.tabs.indexOf(page))  # type: ignore[attr-defined]
    return {"sent": result["sent"], "received": received, "rcvbuf": granted, "cpu": cpu, **probe.summary()}


async def main() -> None:
    window = new_window()
    probe = Probe()
    for rate in RATES:
        base = await plain(PLAIN % (rate, SECONDS))
        r = await window_round(window, probe, rate)
        emit({"bench": "ui_udp", "rate": rate, "seconds": SECONDS, "sent": r["sent"], "received": r["received"],
              "lost": r["sent"] - r["received"], "plain_lost": base["sent"] - base["received"],
              "p99_ms": r["p99_ms"], "max_ms": r["max_ms"], "rcvbuf": r["rcvbuf"],
              "cpu_us": round(r["cpu"] / max(1, r["sent"]) * 1e6, 2),
              "plain_cpu_us": round(base["cpu"] / max(1, base["sent"]) * 1e6, 2)})
    await close_window(window)


if __name__ == "__main__":
    from ui import loop as event_loop

    app = QApplication(sys.argv)
    event_loop.run(main())
