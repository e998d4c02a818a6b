"""Where the app's resources live: the source tree, or the PyInstaller bundle when frozen."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resource_dir() -> Path:
    """The bundle's resources when frozen (PyInstaller), the source tree's in a checkout, else the installed
    package ``netassist_resources`` (a wheel: pipx, pip)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    tree = Path(__file__).resolve().parents[1] / "resources"
    if (tree / "icons").is_dir():
        return tree
    spec = importlib.util.find_spec("netassist_resources")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return tree


def app_icon() -> QIcon:
    icons = resource_dir() / "icons"
    icon = QIcon(str(icons / "netassist.svg"))
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = icons / f"netassist-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    return icon
