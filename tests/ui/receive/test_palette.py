"""The receive view's colours follow the palette: readable on a light and on a dark background."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QPalette

from app.core.records import RecordStore
from app.view.render import BAD, HEADER, NOTICE, RX, TX
from ui.receive.view import ReceiveView


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours."""

    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def palette(base: str, text: str) -> QPalette:
    p = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Base, QColor(base))
        p.setColor(group, QPalette.ColorRole.Text, QColor(text))
    return p


def test_colours_stay_readable_in_light_and_dark(qtbot: Any) -> None:
    view = ReceiveView(RecordStore())
    qtbot.addWidget(view)
    for base, text in (("#ffffff", "#000000"), ("#1e1e1e", "#e0e0e0")):
        view.setPalette(palette(base, text))  # a PaletteChange: the formats are rebuilt
        for style in (RX, TX, NOTICE, HEADER, BAD):
            fg = view._formats[style].foreground().color()
            assert contrast(fg, QColor(base)) >= 3.0, (base, style, fg.name())
