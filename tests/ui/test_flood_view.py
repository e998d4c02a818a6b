"""The window under a flood: counters that repaint only themselves, a receive view that draws a bounded tail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel

from tests.ui.conftest import child
from tests.ui.test_window import count, listen_on_loopback, page_of
from ui import receive_view

FLOOD = Path(__file__).parent.parent / "perf" / "flood.py"


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen += 1
        return False


def test_counters_change_without_relayout_and_always_fit(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    page = page_of(window, "tcp-server")
    rx = child(page, "rxCount", QLabel)
    assert rx.minimumSize() == rx.maximumSize()  # fixed: Qt then skips the layout pass on setText
    spy = LayoutRequests()
    page.installEventFilter(spy)
    quiet = 0
    for _ in range(50):  # let the new window's own layout passes finish
        before = spy.seen
        QApplication.processEvents()
        quiet = quiet + 1 if spy.seen == before else 0
        if quiet == 3:
            break
    baseline = spy.seen
    for n in (1, 999, 12_345, 268_435_456, 999_999_999):  # widening past that may re-lay out, once
        rx.set_count(n)
        QApplication.processEvents()
        assert count(rx) == n
    assert spy.seen == baseline, "a new count re-laid out the page (a whole-window repaint under a flood)"
    huge = 123_456_789_012_345_678
    rx.set_count(huge)
    QApplication.processEvents()
    assert count(rx) == huge
    assert rx.fontMetrics().horizontalAdvance(rx.text()) <= rx.contentsRect().width()
    page.removeEventFilter(spy)


def test_flood_from_a_peer_process_draws_a_short_tail_then_settles(make_window: Any, qtbot: Any) -> None:
    total = 6 * 1024 * 1024
    window = make_window()
    page = page_of(window, "tcp-server")
    child(page, "receiveHex", QCheckBox).setChecked(True)
    view = child(page, "receiveView")
    tails: list[int] = []
    rerender = view.rerender

    def spy(tail: int = receive_view.TAIL_BYTES) -> None:
        tails.append(tail)
        rerender(tail)

    view.rerender = spy
    port = listen_on_loopback(qtbot, page)
    peer = subprocess.Popen([sys.executable, str(FLOOD), "127.0.0.1", str(port), str(total)])
    try:
        qtbot.waitUntil(lambda: count(child(page, "rxCount", QLabel)) == total, timeout=20000)
        assert peer.wait(timeout=20) == 0
    finally:
        peer.kill()
    # every byte is in the store; the widget drew short tails during the burst, then one long tail
    assert sum(len(r.data) for r in page.session.store if r.direction.value == "rx") == total
    qtbot.waitUntil(lambda: bool(tails) and tails[-1] == receive_view.TAIL_BYTES
                    and not view._settle.isActive(), timeout=5000)
    assert receive_view.FLOOD_TAIL_BYTES in tails
    page.flush()
    shown = view.shownText()
    assert shown.rstrip().splitlines()[-2].endswith("F8 F9 FA FB FC FD FE FF")  # the newest bytes, then the notice
    assert 3 * receive_view.TAIL_BYTES * 0.9 < len(shown) < 3 * receive_view.TAIL_BYTES * 1.5
    assert view.document().blockCount() <= receive_view.MAX_LINES
