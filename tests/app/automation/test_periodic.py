from __future__ import annotations

import asyncio
import time

import pytest

from app.automation.periodic import PeriodicSender
from app.core.errors import NotOpen
from app.net.sessions.udp import UdpSession
from tests.app.helpers import Watch


async def test_10ms_period_gives_100_per_second_over_3s_without_a_spinning_core() -> None:
    rx, tx = UdpSession("127.0.0.1", 0), UdpSession("127.0.0.1", 0)
    w = Watch(rx)
    await rx.open()
    await tx.open()
    sender = PeriodicSender(lambda: tx.send(b"tick", rx.local_address), period_ms=10)
    loop = asyncio.get_running_loop()
    cpu0, t0 = time.thread_time(), loop.time()
    sender.start()
    # a bounded wait on the loop's clock: the run itself is what is measured
    await asyncio.wait_for(asyncio.shield(asyncio.sleep(3.0)), 5)
    sender.stop()
    await sender.wait()
    wall, cpu = loop.time() - t0, time.thread_time() - cpu0
    await w.until(lambda: rx.counters.total.rx_packets >= sender.stats.sent)
    per_second = sender.stats.sent / wall
    assert 95 <= per_second <= 105, (sender.stats, wall)
    assert rx.counters.total.rx_packets == sender.stats.sent
    assert cpu / wall < 0.25, f"periodic send used {cpu / wall:.0%} of a core"
    assert sender.stats.stopped_because == "stopped"
    await tx.close()
    await rx.close()


async def test_count_and_catch_up_without_drift() -> None:
    sent: list[float] = []
    loop = asyncio.get_running_loop()
    sender = PeriodicSender(lambda: sent.append(loop.time()), period_ms=5, count=40)
    t0 = loop.time()
    sender.start()
    # block the loop for 50 ms: the sender catches up on the missed ticks instead of drifting
    loop.call_later(0.02, time.sleep, 0.05)
    await asyncio.wait_for(sender.wait(), 5)
    assert len(sent) == 40 and sender.stats.stopped_because == "count reached"
    # 40 sends at 5 ms: the last is due at 195 ms after the start, not 195 ms + the 50 ms stall
    assert sent[-1] - t0 == pytest.approx(0.195, abs=0.03)


async def test_a_failing_send_stops_the_run_with_its_reason() -> None:
    u = UdpSession("127.0.0.1", 0)  # never opened
    sender = PeriodicSender(lambda: u.send(b"x"), period_ms=1)
    sender.start()
    await asyncio.wait_for(sender.wait(), 5)
    assert isinstance(sender.error, NotOpen)
    assert "not open" in sender.stats.stopped_because


def test_period_below_one_ms_is_refused() -> None:
    with pytest.raises(ValueError):
        PeriodicSender(lambda: None, period_ms=0.5)


async def test_wait_returns_after_stop_and_cancelling_the_waiter_reaches_the_waiter() -> None:
    sender = PeriodicSender(lambda: None, period_ms=1)
    sender.start()
    waiter = asyncio.get_running_loop().create_task(sender.wait())
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert sender.running  # the run itself was not touched
    sender.stop()
    await asyncio.wait_for(sender.wait(), 5)  # returns, no CancelledError leaks out
    assert sender.stats.stopped_because == "stopped"
