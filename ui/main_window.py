"""The automation contract's old path for the window (``ui.main_window.MainWindow``); it lives in ui/window/."""

from ui.window.main_window import MainWindow

__all__ = ["MainWindow"]
