"""The main window: session tabs, the actions that open new ones, and what persists between starts."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import platform
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import app
from app.automation import quick
from app.automation.quick import QuickCommand
from app.automation.sequence import Sequence, sequences_from_json
from app.core import heap
from ui import i18n
from ui.options import Problem, shown
from ui.page.panels.recording import LogFolder
from ui.page.session_page import SessionPage
from ui.resources import app_icon
from ui.settings import Settings
from ui.texts import fill
from ui.window.log_actions import LogActions
from ui.window.log_page import LogPage
from ui.window.settings_banner import SettingsBanner
from ui.window.tab_store import TabStore

ISSUES_URL = "https://github.com/netassist/netassist/issues"

log = logging.getLogger(__name__)


def free_memory() -> None:
    """A full collection, then the freed heap back to the system (a few milliseconds)."""
    gc.collect()
    heap.trim()


class MainWindow(QMainWindow):
    """NetAssist's window. ``settings_path`` isolates settings (tests); ``None`` uses the user's config.

    It owns the session tabs, a :class:`TabStore` (what comes back at the next start) and the
    :class:`LogActions` (open, save, export logs), and forwards to them the names tests call."""

    #: Emitted once the window has closed and every session has stopped.
    closed = Signal()

    def __init__(self, settings_path: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("NetAssist — network debugging assistant"))
        self.settings = Settings(settings_path)
        self._shutdown_task: asyncio.Task[None] | None = None
        self._closing_done = False
        self._closing_tabs: set[asyncio.Task[None]] = set()
        #: Set when the user asked to restart (to switch language); the entry point starts again.
        self.restart_requested = False
        self.setWindowIcon(app_icon())

        self.quick_commands: list[QuickCommand] = []
        saved = self.settings.qs.value("quick_commands")
        if saved is not None:
            try:
                self.quick_commands = quick.from_json(str(saved))
            except ValueError:
                self.settings.warnings.append(Problem("json", "quick_commands", shown(str(saved))))

        self.sequences: list[Sequence] = []
        saved = self.settings.qs.value("sequences")
        if saved is not None:
            try:
                self.sequences = sequences_from_json(str(saved))
            except ValueError:
                self.settings.warnings.append(Problem("json", "sequences", shown(str(saved))))

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
        #: Where this window's session logs were last written (its pages' recorders set it).
        self.recent_log_folder = LogFolder()
        self.tab_store = TabStore(self, self.tabs, self.settings, new_session=self.new_session,
                                  open_log=self.open_log, shared=lambda: (self.quick_commands, self.sequences),
                                  log_folder=self.recent_log_folder)
        self.log_actions = LogActions(self, self.tabs, self.settings, self._schedule_save, self.recent_log_folder)
        self._build_actions()

        # all signal wiring of the window in one place
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._schedule_save)
        self.tabs.tabBar().tabMoved.connect(self._schedule_save)
        self.action_new_server.triggered.connect(lambda: self.new_session("tcp-server"))
        self.action_new_client.triggered.connect(lambda: self.new_session("tcp-client"))
        self.action_new_udp.triggered.connect(lambda: self.new_session("udp"))
        self.action_new_relay.triggered.connect(lambda: self.new_session("tcp-relay"))
        self.action_new_udp_relay.triggered.connect(lambda: self.new_session("udp-relay"))
        self.action_new_clients.triggered.connect(lambda: self.new_session("tcp-clients"))
        self.action_new_ws_server.triggered.connect(lambda: self.new_session("ws-server"))
        self.action_new_ws_client.triggered.connect(lambda: self.new_session("ws-client"))
        self.action_close_tab.triggered.connect(lambda: self.close_tab(self.tabs.currentIndex()))
        self.action_quit.triggered.connect(self.close)
        self.action_open_log.triggered.connect(self.log_actions.choose_log)
        self.action_save_view.triggered.connect(self.log_actions.choose_save_view)
        self.action_import_quick.triggered.connect(self.choose_import_quick)
        self.action_export_quick.triggered.connect(self.choose_export_quick)
        self.action_export_pcap.triggered.connect(self.log_actions.choose_export_pcap)
        self.action_about.triggered.connect(self.show_about)

        self.banner.show_warnings(self.tab_store.restore())

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
        self.action_new_relay = action("actionNewTcpRelay", self.tr("New TCP &Relay"), "Ctrl+Shift+R")
        self.action_new_udp_relay = action("actionNewUdpRelay", self.tr("New UDP Rela&y"), "Ctrl+Shift+Y")
        self.action_new_clients = action("actionNewTcpClients", self.tr("New &Multiple TCP Clients"), "Ctrl+Shift+M")
        self.action_new_ws_server = action("actionNewWsServer", self.tr("New &WebSocket Server"), "Ctrl+Shift+W")
        self.action_new_ws_client = action("actionNewWsClient", self.tr("New WebSocket Clie&nt"), "Ctrl+Shift+N")
        self.action_open_log = action("actionOpenLog", self.tr("&Open log…"), "Ctrl+O")
        self.action_save_view = action("actionSaveView", self.tr("Save &view…"), "Ctrl+S")
        self.action_export_pcap = action("actionExportPcap", self.tr("Export log as &pcap…"))
        self.action_import_quick = action("actionImportQuick", self.tr("&Import quick commands…"))
        self.action_export_quick = action("actionExportQuick", self.tr("&Export quick commands…"))
        self.action_close_tab = action("actionCloseTab", self.tr("&Close tab"), "Ctrl+W")
        self.action_quit = action("actionQuit", self.tr("&Quit"), "Ctrl+Q")
        self.action_about = action("actionAbout", self.tr("&About NetAssist"))

        file_menu = self.menuBar().addMenu(self.tr("&Session"))
        for a in (self.action_new_server, self.action_new_client, self.action_new_udp, self.action_new_relay,
                  self.action_new_udp_relay, self.action_new_clients, self.action_new_ws_server,
                  self.action_new_ws_client):
            file_menu.addAction(a)
        file_menu.addSeparator()
        for a in (self.action_open_log, self.action_save_view, self.action_export_pcap):
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
        for a in (self.action_new_server, self.action_new_client, self.action_new_udp, self.action_new_relay,
                  self.action_new_udp_relay, self.action_new_clients, self.action_new_ws_server,
                  self.action_new_ws_client):
            bar.addAction(a)

    # ============================================================================== tabs
    def pages(self) -> list[SessionPage]:
        return [p for i in range(self.tabs.count()) if isinstance(p := self.tabs.widget(i), SessionPage)]

    def new_session(self, kind: str, settings: dict[str, Any] | None = None,
                    make_current: bool = True) -> SessionPage:
        page = SessionPage(kind, settings, self.tabs, log_folder=self.recent_log_folder)
        index = self.tabs.addTab(page, page.title())
        page.titleChanged.connect(lambda title, p=page: self._set_title(p, title))
        page.settingsChanged.connect(self._schedule_save)
        page.quick.set_commands(self.quick_commands)
        page.quick.changed.connect(lambda p=page: self._quick_changed(p))
        tool = page.send_settings.sequence
        tool.set_sequences(self.sequences)
        tool.changed.connect(lambda t=tool: self.set_sequences(t.sequences))
        if make_current:
            self.tabs.setCurrentIndex(index)
        self._schedule_save()
        return page

    def _set_title(self, page: SessionPage, title: str) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.setTabText(index, title)

    # ================================================================ forwarded by name
    def _schedule_save(self, *args: object) -> None:
        self.tab_store.schedule()

    def save_settings(self) -> None:
        self.tab_store.save()

    def log_folder(self) -> str:
        return self.log_actions.log_folder()

    def open_log(self, path: str, settings: Any = None, make_current: bool = True) -> LogPage:
        return self.log_actions.open_log(path, settings, make_current)

    def open_log_reporting(self, path: str) -> LogPage | None:
        return self.log_actions.open_log_reporting(path)

    def save_view(self, page: SessionPage | LogPage, path: str) -> int:
        return self.log_actions.save_view(page, path)

    def export_pcap(self, src: str, dst: str, parent: QWidget | None = None, summary: Any = None) -> str:
        return self.log_actions.export_pcap(src, dst, parent, summary)

    async def export_pcap_async(self, src: str, dst: str, parent: QWidget | None = None) -> str:
        return await self.log_actions.export_pcap_async(src, dst, parent)

    # ===================================================================== quick commands
    def _quick_changed(self, source: SessionPage) -> None:
        self.set_quick_commands(source.quick.commands)

    def set_quick_commands(self, commands: list[QuickCommand]) -> None:
        self.quick_commands = list(commands)
        for page in self.pages():
            page.quick.set_commands(self.quick_commands)
        self._schedule_save()

    def set_sequences(self, sequences: list[Sequence]) -> None:
        """The sequences every page's Sequence tab offers (stored with the quick commands)."""
        self.sequences = list(sequences)
        for page in self.pages():
            page.send_settings.sequence.set_sequences(self.sequences)
        self._schedule_save()

    def choose_import_quick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import quick commands"), "", "JSON (*.json)")
        if path:
            self.import_quick(path)

    def import_quick(self, path: str) -> None:
        try:
            text = Path(path).read_text(encoding="utf-8")
            added = quick.from_json(text)
            sequences = sequences_from_json(text, commands=False)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Import quick commands"), str(exc))
            return
        self.set_quick_commands(self.quick_commands + added)
        if sequences:
            self.set_sequences(self.sequences + sequences)

    def choose_export_quick(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export quick commands"), "quick-commands.json",
                                              "JSON (*.json)")
        if path:
            Path(path).write_text(quick.to_json(self.quick_commands, self.sequences), encoding="utf-8")

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
                # the page's store (up to 32 MiB) is cyclic garbage now: free it at once, not at the next
                # periodic collection (a new tab opened meanwhile would hold both)
                asyncio.get_running_loop().call_later(0.2, free_memory)

        task = asyncio.get_running_loop().create_task(stop(), name="close-tab")
        page.setProperty("closing", True)
        self._closing_tabs.add(task)
        task.add_done_callback(self._closing_tabs.discard)

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
