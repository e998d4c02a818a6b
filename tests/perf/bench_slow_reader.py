"""bench_slow_reader: a peer that never reads, while the window's periodic send runs every 1 ms for 10 s.

Prints one JSON line: {"bench": "slow_reader", "rss_growth_MB" (resident memory after the run minus before),
"sent", "skipped" (ticks not sent while the peer was not reading), "queued_bytes" (what waits in the
connection's send queue at the end), "p99_ms", "max_ms"}.
Targets: rss_growth_MB < 20, p99 <= 16 ms.
"""

from __future__ import annotations

import asyncio
import sys
import time

from PySide6.QtWidgets import QApplication
from window import Probe, close_window, emit, new_window, sender

from tests.perf.common import rss_mb

SECONDS = 10.0


async def main() -> None:
    window = new_window()
    probe = Probe()
    page = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0, "log_mode": True})
    await page.open_session()
    proc = await sender("idle", "127.0.0.1", page.session.local_address.port)
    assert proc.stdout is not None
    await proc.stdout.readline()
    while not page.session.peers:
        await asyncio.sleep(0.01)
    page.flush()
    rss0 = rss_mb()
    page.send_edit.setPlainText("x" * 1024)
    page.periodic.period.setValue(1)
    page.periodic.count.setValue(0)
    probe.start()
    page.periodic.check.setChecked(True)
    started = time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        await asyncio.sleep(0.05)
    sender_stats = page._periodic.stats if page._periodic is not None else None
    page.periodic.check.setChecked(False)
    probe.stop()
    page.flush()
    growth = rss_mb() - rss0
    stream = next(iter(page.session.peers.values()))
    queued = stream.transport.get_write_buffer_size() if stream.transport is not None else 0
    assert proc.stdin is not None
    proc.stdin.close()
    await proc.wait()
    emit({"bench": "slow_reader", "seconds": SECONDS, "rss_growth_MB": round(growth, 1),
          "sent": sender_stats.sent if sender_stats else 0, "skipped": sender_stats.skipped if sender_stats else 0,
          "queued_bytes": queued, **probe.summary()})
    await close_window(window)


if __name__ == "__main__":
    from ui import loop as event_loop

    app = QApplication(sys.argv)
    event_loop.run(main())
