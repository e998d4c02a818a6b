"""PySide6 6.12.0 on Python 3.11 kills qasync apps after ~8,000 loop callbacks (docs/architecture.md). Guard the pin."""

from __future__ import annotations

import asyncio
from typing import Any


def test_twenty_thousand_qasync_callbacks_finish(run: Any) -> None:
    done = 0

    async def body() -> None:
        nonlocal done
        loop = asyncio.get_running_loop()
        for _ in range(20_000):
            await asyncio.sleep(0)  # one loop callback (and one qasync timer) each
            done += 1
        fut = loop.create_future()
        for i in range(5_000):
            loop.call_soon(lambda i=i: i == 4_999 and fut.set_result(None))
        await fut

    run(body(), timeout=60)
    assert done == 20_000
