"""Plumbing for the window benchmarks: the lateness probe, the real window offscreen, plain baselines."""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402

SENDERS = Path(__file__).with_name("senders.py")
PROBE_MS = 10


class Probe:
    """A 10 ms repeating timer; lateness = how much later than 10 ms each tick came."""

    def __init__(self) -> None:
        self.late: list[float] = []
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.late.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late.append(max(0.0, (now - self._last) * 1000 - PROBE_MS))
        self._last = now

    def summary(self) -> dict[str, float]:
        late = sorted(self.late)
        if not late:
            return {"p99_ms": 0.0, "max_ms": 0.0, "probe_ticks": 0}
        return {"p99_ms": round(late[max(0, int(len(late) * 0.99) - 1)], 1), "max_ms": round(late[-1], 1),
                "probe_ticks": len(late)}


def new_window() -> Any:
    from ui import MainWindow
    from ui.main import settle_heap

    window = MainWindow(str(Path(tempfile.mkdtemp()) / "bench.ini"))
    window.resize(1280, 800)
    window.show()
    window.collector = settle_heap()  # as the app does once its window is up
    return window


async def close_window(window: Any) -> None:
    await window.shutdown()
    window._closing_done = True
    window.close()


async def sender(*args: object) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, str(SENDERS), *(str(a) for a in args),
                                                stdout=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.PIPE)


async def sender_result(proc: asyncio.subprocess.Process, timeout: float = 120) -> dict[str, Any]:
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), timeout)
    await asyncio.wait_for(proc.wait(), timeout)
    return json.loads(line)


async def plain(script: str, timeout: float = 300) -> dict[str, Any]:
    """Run a plain-asyncio baseline (a Python snippet that prints one JSON line) in its own process."""
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", script, cwd=str(ROOT),
                                                stdout=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(proc.communicate(), timeout)
    return json.loads(out.decode().strip().splitlines()[-1])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def emit(line: dict[str, Any]) -> None:
    print(json.dumps(line), flush=True)
