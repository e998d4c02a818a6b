"""The main window: session tabs, the actions that open new ones, and what persists between starts."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import platform
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import app
from app import quick
from app.logs import save_records
from app.quick import QuickCommand
from ui import i18n
from ui.log_page import LogPage
from ui.options import Problem, shown
from ui.resources import app_icon
from ui.session_page import KINDS, SessionPage
from ui.settings import Settings
from ui.texts import fill, problem_text

ISSUES_URL = "https://github.com/netassist/netassist/issues"
#: The ``kind`` of a log tab in the saved ``tabs`` list (the other kinds are session kinds).
LOG_KIND = "log"
#: Problems with log tabs to reopen (ui.options.Problem kinds: ``key`` is the file, ``value`` the reason).
LOG_PROBLEMS = ("log-missing", "log-unreadable")

log = logging.getLogger(__name__)


class SettingsBanner(QFrame):
    """A bar at the top of the window: what could not be read from the settings, and what was used instead."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsWarning")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#settingsWarning { background: #fff3cd; color: #5c4400; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.text, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_warnings(self, warnings: list[Problem]) -> None:
        if not warnings:
            return
        lines = [self._text(w) for w in warnings]
        if all(w.kind in LOG_PROBLEMS for w in warnings):
            head = self.tr("Some tabs could not be opened again:")
        else:
            head = self.tr("Some settings could not be read and were reset to their defaults:")
        more = [self.tr("… and %1 more").replace("%1", str(len(lines) - 8))] if len(lines) > 8 else []
        self.text.setText(head + "\n• " + "\n• ".join(lines[:8] + more))
        self.setToolTip("\n".join(lines))
        self.show()

    def _text(self, p: Problem) -> str:
        if p.kind == "log-missing":
            return fill(self.tr("The log %1 no longer exists; its tab was not opened again"), p.key)
        if p.kind == "log-unreadable":
            return fill(self.tr("The log %1 cannot be read (%2); its tab was not opened again"), p.key, p.value)
        return problem_text(p)


class MainWindow(QMainWindow):
    """NetAssist's window. ``settings_path`` isolates settings (tests); ``None`` uses the user's config."""

    #: Emitted once the window has closed and every session has stopped.
    closed = Signal()

    def __init__(self, settings_path: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("NetAssist — network debugging assistant"))
        self.settings = Settings(settings_path)
        self._restoring = True
        self._shutdown_task: asyncio.Task[None] | None = None
        self._closing_done = False
        self._closing_tabs: set[asyncio.Task[None]] = set()
        #: Set when the user asked to restart (to switch language); the entry point starts again.
        self.restart_requested = False
        self.setWindowIcon(app_icon())
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(300)
        self._save_timer.timeout.connect(self.save_settings)

        self.quick_commands: list[QuickCommand] = []
        saved = self.settings.qs.value("quick_commands")
        if saved is not None:
            try:
                self.quick_commands = quick.from_json(str(saved))
            except ValueError:
                self.settings.warnings.append(Problem("json", "quick_commands", shown(str(saved))))

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sessionTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.banner = SettingsBanner(self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_actions()

        # all signal wiring of the window in one place
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._schedule_save)
        self.tabs.tabBar().tabMoved.connect(self._schedule_save)
        self.action_new_server.triggered.connect(lambda: self.new_session("tcp-server"))
        self.action_new_client.triggered.connect(lambda: self.new_session("tcp-client"))
        self.action_new_udp.triggered.connect(lambda: self.new_session("udp"))
        self.action_close_tab.triggered.connect(lambda: self.close_tab(self.tabs.currentIndex()))
        self.action_quit.triggered.connect(self.close)
        self.action_open_log.triggered.connect(self.choose_log)
        self.action_save_view.triggered.connect(self.choose_save_view)
        self.action_import_quick.triggered.connect(self.choose_import_quick)
        self.action_export_quick.triggered.connect(self.choose_export_quick)
        self.action_about.triggered.connect(self.show_about)

        self._restore()
        self._restoring = False

    # ============================================================================ actions
    def _build_actions(self) -> None:
        def action(name: str, text: str, shortcut: str | None = None) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            return a

        self.action_new_server = action("actionNewTcpServer", self.tr("New TCP &Server"), "Ctrl+Shift+S")
        self.action_new_client = action("actionNewTcpClient", self.tr("New TCP &Client"), "Ctrl+Shift+C")
        self.action_new_udp = action("actionNewUdp", self.tr("New &UDP"), "Ctrl+Shift+U")
        self.action_open_log = action("actionOpenLog", self.tr("&Open log…"), "Ctrl+O")
        self.action_save_view = action("actionSaveView", self.tr("Save &view…"), "Ctrl+S")
        self.action_import_quick = action("actionImportQuick", self.tr("&Import quick commands…"))
        self.action_export_quick = action("actionExportQuick", self.tr("&Export quick commands…"))
        self.action_close_tab = action("actionCloseTab", self.tr("&Close tab"), "Ctrl+W")
        self.action_quit = action("actionQuit", self.tr("&Quit"), "Ctrl+Q")
        self.action_about = action("actionAbout", self.tr("&About NetAssist"))

        file_menu = self.menuBar().addMenu(self.tr("&Session"))
        for a in (self.action_new_server, self.action_new_client, self.action_new_udp):
            file_menu.addAction(a)
        file_menu.addSeparator()
        for a in (self.action_open_log, self.action_save_view):
            file_menu.addAction(a)
        file_menu.addSeparator()
        for a in (self.action_import_quick, self.action_export_quick):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.action_close_tab)
        file_menu.addAction(self.action_quit)
        lang_menu = self.menuBar().addMenu(self.tr("&Language"))
        lang_menu.setObjectName("languageMenu")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            a = QAction(name or self.tr("Follow the system"), self)
            a.setObjectName(f"actionLanguage_{code}")
            a.setCheckable(True)
            a.setChecked(code == self.settings.language)
            a.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(a)
            lang_menu.addAction(a)
            self.language_actions[code] = a
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.action_about)

        bar = self.addToolBar(self.tr("Sessions"))
        bar.setObjectName("sessionToolBar")
        bar.setMovable(False)
        for a in (self.action_new_server, self.action_new_client, self.action_new_udp):
            bar.addAction(a)

    # ============================================================================== tabs
    def pages(self) -> list[SessionPage]:
        return [p for i in range(self.tabs.count()) if isinstance(p := self.tabs.widget(i), SessionPage)]

    def new_session(self, kind: str, settings: dict[str, Any] | None = None,
                    make_current: bool = True) -> SessionPage:
        page = SessionPage(kind, settings, self.tabs)
        index = self.tabs.addTab(page, page.title())
        page.titleChanged.connect(lambda title, p=page: self._set_title(p, title))
        page.settingsChanged.connect(self._schedule_save)
        page.quick.set_commands(self.quick_commands)
        page.quick.changed.connect(lambda p=page: self._quick_changed(p))
        if make_current:
            self.tabs.setCurrentIndex(index)
        self._schedule_save()
        return page

    def _set_title(self, page: SessionPage, title: str) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.setTabText(index, title)

    # ===================================================================== quick commands
    def _quick_changed(self, source: SessionPage) -> None:
        self.set_quick_commands(source.quick.commands)

    def set_quick_commands(self, commands: list[QuickCommand]) -> None:
        self.quick_commands = list(commands)
        for page in self.pages():
            page.quick.set_commands(self.quick_commands)
        self._schedule_save()

    def choose_import_quick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import quick commands"), "", "JSON (*.json)")
        if path:
            self.import_quick(path)

    def import_quick(self, path: str) -> None:
        try:
            added = quick.from_json(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Import quick commands"), str(exc))
            return
        self.set_quick_commands(self.quick_commands + added)

    def choose_export_quick(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export quick commands"), "quick-commands.json",
                                              "JSON (*.json)")
        if path:
            Path(path).write_text(quick.to_json(self.quick_commands), encoding="utf-8")

    # =========================================================================== logs
    def choose_log(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a session log"), "",
                                              self.tr("JSON Lines logs (*.jsonl);;All files (*)"))
        if not path:
            return
        try:
            self.open_log(path)
        except (OSError, ValueError) as exc:  # gone since it was chosen, unreadable, not UTF-8 text
            QMessageBox.warning(self, self.tr("Open a session log"),
                                fill(self.tr("The log %1 cannot be read (%2)."), path, _reason(exc)))

    def open_log(self, path: str, settings: Any = None, make_current: bool = True) -> LogPage:
        """A log tab for ``path`` (raises OSError or ValueError if it cannot be read); kept between starts."""
        page = LogPage(path, self.tabs, settings)
        index = self.tabs.addTab(page, page.title())
        page.settingsChanged.connect(self._schedule_save)
        if make_current:
            self.tabs.setCurrentIndex(index)
        self._schedule_save()
        return page

    def choose_save_view(self) -> None:
        page = self.tabs.currentWidget()
        if not isinstance(page, SessionPage | LogPage):
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save what the view holds"), "view.jsonl",
            self.tr("JSON Lines, loses nothing (*.jsonl);;Text like the view (*.log *.txt)"))
        if path:
            self.save_view(page, path)

    def save_view(self, page: SessionPage | LogPage, path: str) -> int:
        """Write the page's retained records: JSON Lines for ``.jsonl``, else text as the log-mode view shows."""
        view = page.receive_view
        return save_records(list(view.store), path, jsonl=path.endswith(".jsonl"), options=view.options,
                            labels=view.labels)

    def close_tab(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, LogPage):
            self.tabs.removeTab(index)
            page.deleteLater()
            self._schedule_save()
            return
        if not isinstance(page, SessionPage):
            return
        self.tabs.removeTab(index)
        self._schedule_save()

        async def stop() -> None:
            try:
                await _stop_page(page)
            finally:
                if shiboken6.isValid(page):  # else it went with the window
                    page.deleteLater()

        task = asyncio.get_running_loop().create_task(stop(), name="close-tab")
        page.setProperty("closing", True)
        self._closing_tabs.add(task)
        task.add_done_callback(self._closing_tabs.discard)

    # ========================================================================== settings
    def _restore(self) -> None:
        warnings = self.settings.warnings
        tabs = self.settings.get_json("tabs", None)
        if tabs is not None and not isinstance(tabs, list):
            warnings.append(Problem("group", "tabs", shown(tabs)))
            tabs = None
        if not tabs:
            tabs = [{"kind": k} for k in KINDS]
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
            for kind in KINDS:
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
        except (OSError, ValueError) as exc:
            warnings.append(Problem("log-unreadable", path, _reason(exc)))
            return None
        warnings.extend(page.warnings)
        return page

    def _tab_entries(self) -> list[dict[str, Any]]:
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

    def _schedule_save(self, *args: object) -> None:
        if not self._restoring:
            self._save_timer.start()

    def save_settings(self) -> None:
        self._save_timer.stop()
        self.settings.set_json("tabs", self._tab_entries())
        self.settings.set_value("current_tab", self.tabs.currentIndex())
        self.settings.set_value("quick_commands", quick.to_json(self.quick_commands))
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/state", self.saveState())
        self.settings.sync()

    # ============================================================================ closing
    async def shutdown(self) -> None:
        """Stop every session cleanly (and the tabs already closing).

        The window may be deleted while this waits (its pages with it): the sessions, plain Python objects,
        are still closed.
        """
        pages: list[SessionPage] = []
        if shiboken6.isValid(self):
            self.save_settings()
            pages = self.pages()
        await asyncio.gather(*(_stop_page(p) for p in pages), return_exceptions=True)
        if self._closing_tabs:
            await asyncio.gather(*self._closing_tabs, return_exceptions=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_done:
            event.accept()
            return
        # Sessions close asynchronously: ignore this close, stop them, then close for real.
        event.ignore()
        if self._shutdown_task is None:
            self._shutdown_task = asyncio.get_running_loop().create_task(self._close_async(), name="shutdown")

    async def _close_async(self) -> None:
        try:
            await self.shutdown()
        finally:
            self._closing_done = True
            # deleted meanwhile (with its parent, or by its owner): nothing left to close or to tell
            if shiboken6.isValid(self):
                self.close()
                self.closed.emit()

    def choose_language(self, code: str, ask: bool = True) -> None:
        """Remember the language; it applies from the next start (offered now, as a restart)."""
        if code == self.settings.language:
            return
        self.settings.language = code
        self.settings.sync()
        if not ask:
            return
        answer = QMessageBox.question(
            self, self.tr("Language"),
            self.tr("The language changes when NetAssist starts again. Restart now? Open sessions will be closed."))
        if answer == QMessageBox.StandardButton.Yes:
            self.restart_requested = True
            self.close()

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("aboutDialog")
        box.setWindowTitle(self.tr("About NetAssist"))
        box.setIconPixmap(app_icon().pixmap(96, 96))
        box.setText(fill(self.tr(
            "<h3>NetAssist %1</h3><p>A network debugging assistant (网络调试助手) for TCP and UDP.</p>"
            "<p>Licence: MIT. Python %2, Qt %3.</p>"
            "<p>Report problems and ideas at <a href=\"%4\">%4</a>.</p>"),
            app.__version__, platform.python_version(), qVersion(), ISSUES_URL))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.exec()


def _reason(exc: BaseException) -> str:
    """Why a file could not be read, in the OS's words where there are some."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


async def _stop_page(page: SessionPage) -> None:
    """``page.shutdown()``, and if it fails (the page deleted meanwhile), still close its session."""
    session, bridge = page.session, page.bridge
    try:
        await page.shutdown()
        return
    except Exception:
        if shiboken6.isValid(page):
            log.exception("closing a %s session failed", page.kind)
    # what page.shutdown() may not have got to: the engine side needs no Qt object
    with contextlib.suppress(Exception):
        await session.close()
    bridge.detach()
