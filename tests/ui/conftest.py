"""GUI test plumbing: one qasync loop for the session, a window factory with isolated settings."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from ui.loop import EventLoop

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def qloop(qapp: QApplication) -> Iterator[EventLoop]:
    # Never stop the loop or exit the app in a fixture (docs/architecture.md): the loop is "already running" inside
    # Qt's event processing, which qtbot.waitUntil drives.
    loop = EventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    # the resolver's worker threads (getaddrinfo) must end before the interpreter does
    for name, value in list(vars(loop).items()):
        if name.endswith("default_executor") and value is not None:
            value.shutdown(wait=True)


Runner = Callable[..., Any]


@pytest.fixture
def run(qloop: EventLoop, qtbot: Any) -> Iterator[Runner]:
    """``run(coro)``: run a coroutine on the qasync loop while Qt processes events; bounded."""
    tasks: list[asyncio.Task[Any]] = []

    def _run(coro: Coroutine[Any, Any, Any], timeout: float = 20.0) -> Any:
        task = qloop.create_task(asyncio.wait_for(coro, timeout))
        tasks.append(task)
        qtbot.waitUntil(task.done, timeout=int((timeout + 5) * 1000))
        return task.result()

    yield _run
    for task in tasks:
        if not task.done():
            task.cancel()


@pytest.fixture
def make_window(run: Runner, qtbot: Any, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    from ui import MainWindow

    windows: list[MainWindow] = []

    def _make(settings: Path | None = None) -> MainWindow:
        w = MainWindow(str(settings or tmp_path / "settings.ini"))
        w.show()
        windows.append(w)
        return w

    yield _make
    for w in windows:
        if not w._closing_done:
            run(w.shutdown())
            w._closing_done = True
        w.close()
        w.deleteLater()
    QApplication.processEvents()


def child(parent: QObject, name: str, cls: type = QWidget) -> Any:
    """A widget by its automation-contract object name."""
    found = parent.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r}"
    return found


def click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[list[Any]]:
    """The window's Chinese translation installed for one test (its translators), removed after."""
    from ui import i18n

    translators = i18n.install(qapp, "zh_CN")
    assert translators, "the Chinese translation did not load"
    yield translators
    for t in translators:
        qapp.removeTranslator(t)
