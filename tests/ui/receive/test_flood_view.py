"""The window under a flood: counters that repaint only themselves, a receive view that draws a bounded tail."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QStyle, QStyleOptionSlider

from app.core.records import Address
from tests.ui.conftest import child
from tests.ui.test_window import count, listen_on_loopback, page_of
from ui.receive import view as receive_view

FLOOD = Path(__file__).parents[2] / "perf" / "flood.py"


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


def test_flood_from_a_peer_process_paints_a_bounded_tail_then_the_whole_history(make_window: Any,
                                                                              qtbot: Any) -> None:
    total = 6 * 1024 * 1024
    window = make_window()
    page = page_of(window, "tcp-server")
    child(page, "receiveHex", QCheckBox).setChecked(True)
    child(page, "logMode", QCheckBox).setChecked(False)
    view = child(page, "receiveView")
    tails: list[int] = []
    provisional = view._provisional_layout

    def spy() -> Any:
        local = provisional()
        tails.append(sum(len(r.data) for r in local.store))
        return local

    view._provisional_layout = spy
    update = view.update_from_store

    def painted_update(complete: bool = False) -> None:  # paint at once while flooding (not only when Qt gets to it)
        update(complete)
        if view._flooding:
            view.viewport().repaint()

    view.update_from_store = painted_update
    port = listen_on_loopback(qtbot, page)
    peer = subprocess.Popen([sys.executable, str(FLOOD), "127.0.0.1", str(port), str(total)])
    try:
        qtbot.waitUntil(lambda: count(child(page, "rxCount", QLabel)) == total, timeout=20000)
        qtbot.waitUntil(lambda: any(r.notice.kind == "peer-finished" for r in page.session.store if r.notice))
        for client in list(page.session.peers):  # the flood waits for the server to close its end (or its linger)
            page.session.kick(client)
        qtbot.waitUntil(lambda: peer.poll() is not None, timeout=20000)  # the loop runs: the close goes out
        assert peer.returncode == 0
    finally:
        peer.kill()
    # every byte is in the store; while it flooded the view painted bounded tails of the newest bytes
    assert sum(len(r.data) for r in page.session.store if r.direction.value == "rx") == total
    assert tails and max(tails) <= receive_view.FLOOD_TAIL_BYTES
    page.flush()
    shown = view.visibleText()
    hex_rows = [line for line in shown.splitlines() if re.fullmatch(r"[0-9A-F]{2}( [0-9A-F]{2})*", line)]
    assert hex_rows[-1].endswith("F8 F9 FA FB FC FD FE FF")  # the newest bytes, then the notice
    assert "finished sending" in shown[shown.rindex("FF"):].replace("\n", "")  # (a row may break inside it)
    # and the scroll bar spans the whole history: 16 bytes a row
    bar = view.verticalScrollBar()
    assert bar.maximum() + bar.pageStep() >= total // 16
    bar.setValue(0)
    first = [line for line in view.visibleText().splitlines() if re.fullmatch(r"[0-9A-F]{2}( [0-9A-F]{2})*", line)]
    assert first[0] == "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F"


def drag_bar(bar: Any, to_y: int) -> None:
    """Press the scroll bar's handle, drag it to ``to_y`` in steps (events processed between) and let go, as a
    mouse does."""
    opt = QStyleOptionSlider()
    bar.initStyleOption(opt)
    handle = bar.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, opt, QStyle.SubControl.SC_ScrollBarSlider,
                                        bar)
    start = handle.center()

    def send(kind: QEvent.Type, y: int, buttons: Qt.MouseButton) -> None:
        pos = QPointF(start.x(), y)
        QApplication.sendEvent(bar, QMouseEvent(kind, pos, QPointF(bar.mapToGlobal(pos)), Qt.MouseButton.LeftButton,
                                                buttons, Qt.KeyboardModifier.NoModifier))

    send(QEvent.Type.MouseButtonPress, start.y(), Qt.MouseButton.LeftButton)
    for k in range(1, 9):
        QApplication.processEvents()  # the view takes ticks and layout slices while the user drags
        send(QEvent.Type.MouseMove, start.y() + (to_y - start.y()) * k // 8, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    send(QEvent.Type.MouseButtonRelease, to_y, Qt.MouseButton.NoButton)


def test_dragging_the_scroll_bar_to_the_top_right_after_a_flood_gets_the_top_and_stays(make_window: Any,
                                                                                      qtbot: Any) -> None:
    total = 6 * 1024 * 1024  # 1 MiB writes: a few large reads, in before the view's next tick
    window = make_window()
    page = page_of(window, "tcp-server")
    view = child(page, "receiveView")
    bar = view.verticalScrollBar()
    port = listen_on_loopback(qtbot, page)
    peer = subprocess.Popen([sys.executable, str(FLOOD), "127.0.0.1", str(port), str(total)])
    try:
        store = page.session.store
        qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == total, timeout=20000)
        qtbot.waitUntil(lambda: view._seen_tail == store.tail, timeout=5000)  # the view took the flood's tick
        assert view._flooding or not view.layout.done  # (the moment the issue is about: laying out is still to come)
        # the scroll bar spans (an estimate of) the history at once, not a page of it; Qt shows it on its next event
        assert bar.maximum() > 10 * bar.pageStep()
        qtbot.waitUntil(bar.isVisible, timeout=2000)
        drag_bar(bar, -40)
        assert bar.value() == 0 and not view.anchor.following
        # the pass catches up, more ticks come: the view stays at the top
        qtbot.waitUntil(lambda: view.layout.done and not view._flooding, timeout=20000)
        for client in list(page.session.peers):  # (it may have left already: a finished client lingers 1 s)
            page.session.kick(client)
        qtbot.waitUntil(lambda: peer.poll() is not None, timeout=20000)
    finally:
        peer.kill()
    page.flush()
    assert bar.value() == 0 and bar.maximum() > 0
    assert "Listening on 127.0.0.1" in view.visibleText().splitlines()[0]


class FloodPaints(QObject):
    """Counts the paints of a view's viewport while the view takes the data as a flood."""

    def __init__(self, view: Any) -> None:
        super().__init__()
        self.view = view
        self.seen = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.view._flooding:
            self.seen += 1
        return False


def test_a_flood_repaints_the_view_only_on_its_own_clock_however_often_the_bar_moves(make_window: Any) -> None:
    """Following a flood, the scroll bar moves on every tick; QAbstractScrollArea repaints the viewport for each
    move (up to 30 a second) unless the view holds those repaints for the flood's own (FLOOD_HZ a second)."""
    window = make_window()
    page = page_of(window, "tcp-server")
    view = child(page, "receiveView")
    bar = view.verticalScrollBar()
    peer = Address("127.0.0.1", 5555)
    block = bytes(range(256)) * 1024  # a read's worth: more than FLOOD_BYTES each tick
    page.session._received(peer, block, None)
    page.flush()  # laid out: the scroll bar is shown (the viewport's width changed once)
    for _ in range(5):
        QApplication.processEvents()
    view._settle.setInterval(60_000)  # (a slow machine must not see the flood end between two of these ticks)
    paints, flood_paints = FloodPaints(view), []
    view.viewport().installEventFilter(paints)
    view._flood_paint.timeout.connect(lambda: flood_paints.append(1))
    moves = 0
    for _ in range(6):
        before = bar.value()
        page.session._received(peer, block, None)
        page.bridge.flush_now()  # a tick
        QApplication.processEvents()
        assert view._flooding
        moves += bar.value() != before
    view.viewport().removeEventFilter(paints)
    assert moves >= 5  # the bar followed the tail on (nearly) every tick
    # and the view was painted only when the flood's clock said so (+ 1: one the new window asked for before)
    assert paints.seen <= len(flood_paints) + 1
