"""What the window keeps between starts: its tabs in order (sessions with their settings, logs with their
file and view), the current tab, the quick commands, the window's geometry — and how it opens them again
(a tab that cannot come back is left out with a warning in the banner)."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray

from app.automation import quick
from app.core.errors import NetAssistError
from ui.kinds import DEFAULT_KINDS
from ui.log_page import LogPage
from ui.options import Problem, shown
from ui.panels.recording import Recorder
from ui.session_page import KINDS, SessionPage

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: The ``kind`` of a log tab in the saved ``tabs`` list (the other kinds are session kinds).
LOG_KIND = "log"


class TabPersistence:
    """Mixed into :class:`ui.main_window.MainWindow`."""

    def _restore(self: MainWindow) -> None:
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
        self.banner.show_warnings(warnings)
        geometry = self.settings.get_bytes("window/geometry")
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1180, 760)
        state = self.settings.get_bytes("window/state")
        if state:
            self.restoreState(QByteArray(state))

    def _restore_log(self: MainWindow, entry: dict[str, Any], warnings: list[Problem]) -> LogPage | None:
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

    def _tab_entries(self: MainWindow) -> list[dict[str, Any]]:
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

    def _schedule_save(self: MainWindow, *args: object) -> None:
        if not self._restoring:
            self._save_timer.start()

    def save_settings(self: MainWindow) -> None:
        self._save_timer.stop()
        self.settings.set_json("tabs", self._tab_entries())
        self.settings.set_value("current_tab", self.tabs.currentIndex())
        self.settings.set_value("quick_commands", quick.to_json(self.quick_commands))
        if Recorder.last_folder:
            self.settings.set_value("last_log_folder", Recorder.last_folder)
        self.settings.set_value("sequences", json.dumps([s.to_dict() for s in self.sequences], ensure_ascii=False))
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/state", self.saveState())
        self.settings.sync()


def reason(exc: BaseException) -> str:
    """Why a file could not be read, in the OS's words where there are some."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
