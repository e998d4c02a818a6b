"""Every page fits a 1024×700 screen in English and in Chinese: nothing off screen, the send tools beside the
editor (not below the settings column's fold), the escapes' bytes previewed as hex's are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QScrollArea, QWidget

from tests.ui.conftest import child

KINDS = ("tcp-server", "tcp-client", "udp", "tcp-relay", "udp-relay", "tcp-clients", "ws-server", "ws-client")
#: What a user must see on every page at 1024×700 (where the kind has it), without scrolling anything.
ALWAYS_SEEN = ("openButton", "receiveView", "sendEdit", "sendButton", "sendTools", "checksumBox", "resetCounters",
               "rxCount", "txCount", "clientList", "quickCommands")


@pytest.fixture(params=["en", "zh_CN"])
def language(request: Any, qapp: QApplication) -> Iterator[str]:
    from ui import i18n

    translators = i18n.install(qapp, request.param) if request.param != "en" else []
    yield request.param
    for t in translators:
        qapp.removeTranslator(t)


def _on_screen(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


def test_every_page_fits_1024_by_700(language: str, make_window: Any, qtbot: Any) -> None:
    w = make_window()
    for kind in KINDS[3:]:
        w.new_session(kind)
    hint = w.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700, f"{language}: the window needs {hint.width()}×{hint.height()}"
    w.resize(1024, 700)
    qtbot.waitUntil(lambda: w.width() == 1024 and w.height() == 700, timeout=2000)
    for page in w.pages():
        w.tabs.setCurrentWidget(page)
        QApplication.processEvents()
        column = child(page, "settingsColumn", QScrollArea)
        for name in ALWAYS_SEEN:
            found = page.findChild(QWidget, name)
            if found is None:
                continue
            if name in ("checksumBox", "quickCommands"):  # a tab of the send tools: shown when its tab is chosen
                page.send_tools.setCurrentWidget(page.send_settings.checksum if name == "checksumBox"
                                                 else page.send_settings.quick)
                QApplication.processEvents()
            assert found.isVisible(), f"{language} {page.property('kind')}: {name} hidden"
            assert _on_screen(found, w), f"{language} {page.property('kind')}: {name} off screen"
            assert not column.isAncestorOf(found) or name == "openButton", \
                f"{language} {page.property('kind')}: {name} is in the scrolling settings column"
        open_button = child(page, "openButton")
        viewport = column.viewport()
        assert viewport.rect().contains(QRect(open_button.mapTo(viewport, QPoint(0, 0)), open_button.size())), \
            f"{language} {page.property('kind')}: the open button is below the column's fold"


def test_escapes_are_previewed_as_bytes(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = w.pages()[1]
    w.tabs.setCurrentWidget(page)
    child(page, "escapes").setChecked(True)
    child(page, "sendEdit", QPlainTextEdit).setPlainText("AT\\r\\n\\x01")
    preview = child(page, "sendPreview", QLabel)
    qtbot.waitUntil(lambda: preview.isVisible() and "41 54 0D 0A 01" in preview.text(), timeout=2000)
    assert "5" in preview.text()
