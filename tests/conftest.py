"""Shared test plumbing: run ``async def`` tests on a fresh asyncio loop, bounded in time."""

from __future__ import annotations

import asyncio
import inspect
import os
import select
import shutil

import pytest

#: Run under the Windows-surface simulation (tests/windows_surface, `make test`'s second run): no poll/epoll,
#: no resource/fcntl, no Linux-only socket options.
WINDOWS_SURFACE = not hasattr(select, "poll") or os.environ.get("NETASSIST_WINDOWS_SURFACE") == "1"
#: For tests of what only Linux has (or only the simulation lacks): skipped in the Windows-surface run.
linux_only = pytest.mark.skipif(WINDOWS_SURFACE, reason="Linux only (the Windows-surface run lacks it)")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if "qtbot" in pyfuncitem.fixturenames or not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(asyncio.wait_for(pyfuncitem.obj(**args), 30))
    return True


def need_tool(name: str) -> str:
    """Path of an external peer program; the test setup (tools/bootstrap.sh) installs it."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (tools/bootstrap.sh test installs it)")
    return path
