"""Keyboard order and accessible names; uncaught errors reach one handler that shows a dialog."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from tests.ui.test_window import page_of

# (the send tools sit beside the send editor, the quick commands their first tab)
EXPECTED_ORDER = ["localHost", "localPort", "openButton", "encodingBox", "receiveHex", "logMode", "framingBox",
                  "clearReceive", "sendHex", "escapes", "receiveView", "clientList", "kickButton",
                  "sendEdit", "sendTarget", "sendButton", "sendHistory", "sendTools", "quickCommands", "resetCounters"]


def focus_chain(page: QWidget) -> list[QWidget]:
    start = page.findChild(QWidget, "localHost")
    seen: set[int] = set()
    out, cur = [], start
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if (cur.focusPolicy() & Qt.FocusPolicy.TabFocus and cur.isVisibleTo(page) and cur.isEnabled()
                and page.isAncestorOf(cur)):
            out.append(cur)
        cur = cur.nextInFocusChain()
    return out


def test_tab_order_follows_the_visual_order(make_window: Any) -> None:
    page = page_of(make_window(), "tcp-server")
    names = [w.objectName() for w in focus_chain(page)]
    positions = [names.index(n) for n in EXPECTED_ORDER]
    assert positions == sorted(positions), names


def test_every_control_has_an_accessible_name(make_window: Any) -> None:
    w = make_window()
    for kind in ("tcp-server", "tcp-client", "udp"):
        page = page_of(w, kind)
        nameless = []
        for widget in focus_chain(page):
            if widget.objectName().startswith("qt_") or not widget.objectName():
                continue  # Qt's own inner parts (a spin box's line edit, a tab bar)
            label = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            if not label.strip():
                nameless.append(widget.objectName())
        assert not nameless, f"{kind}: no accessible name for {nameless}"


def test_an_uncaught_error_shows_a_dialog_and_the_app_keeps_running(make_window: Any, qtbot: Any,
                                                                    monkeypatch: Any) -> None:
    from ui.main import ErrorReporter

    reporter = ErrorReporter()
    monkeypatch.setattr(sys, "excepthook", reporter.excepthook)
    page = page_of(make_window(), "udp")

    async def broken() -> None:
        raise RuntimeError("a bug in a task")

    page.spawn(broken(), "broken")

    def dialog() -> QMessageBox | None:
        for top in QApplication.topLevelWidgets():
            if isinstance(top, QMessageBox) and top.isVisible() and "a bug in a task" in top.text():
                return top
        return None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=5000)
    box = dialog()
    assert box is not None and not box.isModal()
    assert "RuntimeError" in box.detailedText()
    box.close()
    # the window still works
    page.send_edit.setPlainText("still alive")
    assert page.payload() == b"still alive"
