"""What the window keeps between starts: its tabs in order (sessions with their settings, logs with their
file and view), the current tab, the quick commands and sequences, the window's geometry — and how it opens
them again (a tab that cannot come back is left out with a warning). The window owns one :class:`TabStore`."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QTabWidget

from app.automation import quick
from app.automation.quick import QuickCommand
from app.automation.sequence import Sequence
from app.core.errors import NetAssistError
from ui.options import Problem, shown
from ui.page.kinds import DEFAULT_KINDS, KINDS
from ui.page.panels.recording import LogFolder
from ui.page.session_page import SessionPage
from ui.settings import Settings
from ui.window.log_page import LogPage, reason

#: The ``kind`` of a log tab in the saved ``tabs`` list (the other kinds are session kinds).
LOG_KIND = "log"


class NewSession(Protocol):
    def __call__(self, kind: str, settings: dict[str, Any] | None = None,
                 make_current: bool = True) -> SessionPage: ...


class OpenLog(Protocol):
    def __call__(self, path: str, settings: Any = None, make_current: bool = True) -> LogPage: ...


class TabStore(QObject):
    """Saves ``window``'s tabs (``tabs``), geometry and shared lists to ``settings`` and opens them again
    through ``new_session`` and ``open_log``; ``shared`` gives the quick commands and sequences to keep.

    A change asks for a save with :meth:`schedule` (one save 300 ms after the last change); nothing is saved
    while the tabs are being restored."""

    def __init__(self, window: QMainWindow, tabs: QTabWidget, settings: Settings, *, new_session: NewSession,
                 open_log: OpenLog, shared: Callable[[], tuple[list[QuickCommand], list[Sequence]]],
                 log_folder: LogFolder) -> None:
        super().__init__(window)
        self.window, self.tabs, self.settings, self.log_folder = window, tabs, settings, log_folder
        self.new_session, self.open_log, self.shared = new_session, open_log, shared
        #: True until :meth:`restore` has run: the tabs it opens are not changes to save.
        self.restoring = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.save)

    def schedule(self, *args: object) -> None:
        """Something to keep changed: save soon (a burst of changes is one save)."""
        if not self.restoring:
            self._timer.start()

    # ============================================================================ restore
    def restore(self) -> list[Problem]:
        """Open the saved tabs again (or the first start's), the current tab and the geometry; returns what
        could not be read or reopened (the window shows it)."""
        warnings = self.settings.warnings
        tabs = self.settings.get_json("tabs", None)
        if tabs is not None and not isinstance(tabs, list):
            warnings.append(Problem("group", "tabs", shown(tabs)))
            tabs = None
        if not tabs:
            tabs = [{"kind": k} for k in DEFAULT_KINDS]
        #: the tab each saved entry became (None: left out), to find the saved current tab again
        opened: list[int | None] = []
        for entry in tabs[:64]:
            if isinstance(entry, dict) and entry.get("kind") == LOG_KIND:
                log_page = self._restore_log(entry, warnings)
                opened.append(None if log_page is None else self.tabs.indexOf(log_page))
                continue
            if not isinstance(entry, dict) or entry.get("kind") not in KINDS:
                warnings.append(Problem("dropped", "tabs", shown(entry)))
                opened.append(None)
                continue
            page = self.new_session(entry["kind"], entry.get("settings") or {}, make_current=False)
            warnings.extend(page.warnings)
            opened.append(self.tabs.indexOf(page))
        if self.tabs.count() == 0:  # nothing could be opened again: start as the first time
            for kind in DEFAULT_KINDS:
                self.new_session(kind, {}, make_current=False)
        current = self.settings.get_int("current_tab", 0)
        if 0 <= current < len(opened):
            # the saved current tab, or the nearest one before it that came back
            current = next((i for i in reversed(opened[:current + 1]) if i is not None), 0)
        self.tabs.setCurrentIndex(min(max(current, 0), self.tabs.count() - 1))
        geometry = self.settings.get_bytes("window/geometry")
        if geometry:
            self.window.restoreGeometry(QByteArray(geometry))
        else:
            self.window.resize(1180, 760)
        state = self.settings.get_bytes("window/state")
        if state:
            self.window.restoreState(QByteArray(state))
        self.restoring = False
        return warnings

    def _restore_log(self, entry: dict[str, Any], warnings: list[Problem]) -> LogPage | None:
        """Reopen a saved log tab; a file that is gone or unreadable is left out with a warning."""
        path = entry.get("path")
        if not isinstance(path, str) or not path or "\0" in path:
            warnings.append(Problem("dropped", "tabs", shown(entry)))
            return None
        if not os.path.exists(path):
            warnings.append(Problem("log-missing", path))
            return None
        try:
            page = self.open_log(path, entry.get("settings"), make_current=False)
        except (OSError, ValueError, NetAssistError) as exc:  # (not a regular file, no record in it …)
            warnings.append(Problem("log-unreadable", path, reason(exc)))
            return None
        warnings.extend(page.warnings)
        return page

    # =============================================================================== save
    def entries(self) -> list[dict[str, Any]]:
        """Every tab in order, as saved: sessions with their settings, logs with their file and view."""
        entries: list[dict[str, Any]] = []
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if isinstance(page, SessionPage):
                entries.append({"kind": page.kind, "settings": page.to_settings()})
            elif isinstance(page, LogPage):
                entries.append({"kind": LOG_KIND, "path": os.path.abspath(page.path),
                                "settings": page.to_settings()})
        return entries

    def save(self) -> None:
        self._timer.stop()
        commands, sequences = self.shared()
        self.settings.set_json("tabs", self.entries())
        self.settings.set_value("current_tab", self.tabs.currentIndex())
        self.settings.set_value("quick_commands", quick.to_json(commands))
        if self.log_folder.path:
            self.settings.set_value("last_log_folder", self.log_folder.path)
        self.settings.set_value("sequences", json.dumps([s.to_dict() for s in sequences], ensure_ascii=False))
        self.settings.set_value("window/geometry", self.window.saveGeometry())
        self.settings.set_value("window/state", self.window.saveState())
        self.settings.sync()
