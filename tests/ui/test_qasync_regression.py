"""PySide6 6.12.0 on Python 3.11 kills qasync apps after ~8,000 loop callbacks (DESIGN). Guard the pin."""

from __future__ import annotations

import asyncio

import qasync
from PySide6.QtWidgets import QApplication


def test_twenty_thousand_qasync_callbacks_finish(qapp: QApplication) -> None:
    loop = qasync.QEventLoop(qapp, already_running=False)
    done = 0

    async def body() -> None:
        nonlocal done
        for _ in range(20_000):
            await asyncio.sleep(0)  # one loop callback (and one qasync timer) each
            done += 1
        fut = loop.create_future()
        for i in range(5_000):
            loop.call_soon(lambda i=i: i == 4_999 and fut.set_result(None))
        await fut

    try:
        loop.run_until_complete(asyncio.wait_for(body(), 60))
    finally:
        loop.close()
    assert done == 20_000
