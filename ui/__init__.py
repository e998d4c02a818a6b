"""NetAssist's window (PySide6): ``from ui import MainWindow`` builds it; ``python -m ui`` starts the app.

Folders show the window's parts: ``window/`` (the main window, its tabs kept between starts, log actions, log
tabs), ``page/`` (a session tab: its panels, send tools, layout, kinds), ``receive/`` (the receive view);
at the top, what they share (the event loop, the bridge to the engine, settings, words, translations).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow

__all__ = ["MainWindow"]


def __getattr__(name: str) -> Any:
    # Loaded on first use, not with the package: `python -m ui --help`, `--version` and the no-display check
    # import ui/ and must not wait for every widget module (ui/main.py builds the window lazily for the same reason).
    if name == "MainWindow":
        from ui.window.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module 'ui' has no attribute {name!r}")
