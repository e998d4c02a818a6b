"""Where the app's resources live: the source tree, or the PyInstaller bundle when frozen."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resource_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def app_icon() -> QIcon:
    icons = resource_dir() / "icons"
    icon = QIcon(str(icons / "netassist.svg"))
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = icons / f"netassist-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    return icon
