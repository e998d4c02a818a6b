"""The window's log actions: open a log (the human ``.log`` leads to the ``.jsonl`` beside it), save what a
view holds, and export a log as pcapng for Wireshark. The window owns one :class:`LogActions`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QTabWidget, QWidget

from app.core.errors import NetAssistError
from app.export.fields_csv import view_messages, write_fields_csv
from app.export.logs import save_records
from ui.page.panels.recording import LogFolder
from ui.page.session_page import SessionPage
from ui.settings import Settings
from ui.texts import fill
from ui.window.log_page import LogPage, reason


class NotALog(ValueError):
    """A human-readable ``.log`` with no ``.jsonl`` beside it: said in words."""


def machine_log(path: str) -> tuple[str, bool]:
    """The ``.jsonl`` to open for ``path``: itself, or for a human ``.log``/``.txt`` the ``.jsonl`` the window
    wrote beside it (True: redirected). Raises NotALog when a human log has none."""
    p = Path(path)
    if p.suffix.lower() in (".log", ".txt"):
        beside = p.with_suffix(".jsonl")
        if beside.is_file():
            return str(beside), True
        raise NotALog(p.name)
    return path, False


def _export(src: str, dst: str, raising: bool = False) -> Any:
    """export_pcapng on the machine log for ``src``; the exception is returned (from a worker) or raised."""
    from app.export.pcap import export_pcapng

    try:
        return export_pcapng(machine_log(src)[0], dst)
    except (NotALog, NetAssistError, OSError, ValueError) as exc:
        if raising:
            raise
        return exc


class LogActions(QObject):
    """Opens logs as tabs of ``tabs``, saves a page's view, exports logs; dialogs and the status line are
    ``window``'s; ``changed`` is called when the tabs to keep between starts changed."""

    def __init__(self, window: QMainWindow, tabs: QTabWidget, settings: Settings,
                 changed: Callable[..., None], log_folder: LogFolder) -> None:
        super().__init__(window)
        self.window, self.tabs, self.settings, self.changed = window, tabs, settings, changed
        self.recent_folder = log_folder
        self._exports: set[asyncio.Task[str]] = set()

    def log_folder(self) -> str:
        """Where the file dialogs start: the folder logs were last written to (this run or an earlier one)."""
        return self.recent_folder.path or str(self.settings.qs.value("last_log_folder") or "")

    def choose_log(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open a session log"), self.log_folder(),
                                              self.tr("Session logs (*.jsonl *.log);;All files (*)"))
        if path:
            self.open_log_reporting(path)

    def open_log_reporting(self, path: str) -> LogPage | None:
        """Open ``path`` as a log tab, saying in a message what could not be opened and why."""
        title = self.tr("Open a session log")
        try:
            return self.open_log(path)
        except NotALog:
            QMessageBox.warning(self.window, title, fill(self.tr(
                "%1 is the human-readable form of a session log. NetAssist opens the .jsonl file it writes beside "
                "it, and there is none here."), Path(path).name))
        except (OSError, ValueError, NetAssistError) as exc:  # gone since chosen, unreadable, a FIFO, not a log
            QMessageBox.warning(self.window, title, fill(self.tr("The log %1 cannot be read (%2)."), path, reason(exc)))
        return None

    def open_log(self, path: str, settings: Any = None, make_current: bool = True) -> LogPage:
        """A log tab for ``path`` (raises FileProblem or InvalidLog if it cannot be read); kept between starts.
        A human ``.log`` opens the ``.jsonl`` beside it, and the tab says so."""
        path, redirected = machine_log(path)
        page = LogPage(path, self.tabs, settings)
        if redirected:
            page.note(self.tr("Opened the .jsonl log beside the human-readable .log (it holds every byte)."))
        index = self.tabs.addTab(page, page.title())
        page.settingsChanged.connect(self.changed)
        if make_current:
            self.tabs.setCurrentIndex(index)
        self.changed()
        return page

    def choose_save_view(self) -> None:
        page = self.tabs.currentWidget()
        if not isinstance(page, SessionPage | LogPage):
            return
        filters = self.tr("JSON Lines, loses nothing (*.jsonl);;Text like the view (*.log *.txt)")
        if page.receive_view.options.decoder is not None:  # the decoder's fields, a row a message
            filters += ";;" + self.tr("Decoded fields, one row per message (*.csv)")
        path, _filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Save what the view holds"), str(Path(self.log_folder()) / "view.jsonl"), filters)
        if path:
            try:
                self.save_view(page, path)
            except (NetAssistError, OSError) as exc:
                QMessageBox.warning(self.window, self.tr("Save what the view holds"),
                                    fill(self.tr("The view cannot be saved to %1 (%2)."), path, str(exc)))

    def save_view(self, page: SessionPage | LogPage, path: str) -> int:
        """Write the page's retained records: JSON Lines for ``.jsonl``, with a decoder on the decoded fields as
        CSV for ``.csv`` (a row per message as the view frames them), else text as the log-mode view shows.
        Returns the records (CSV: the messages) written."""
        view = page.receive_view
        if path.lower().endswith(".csv") and view.options.decoder is not None:
            records, options = list(view.store), view.options
            return write_fields_csv(lambda: view_messages(records, options), path, view.options.decoder).rows
        return save_records(list(view.store), path, jsonl=path.endswith(".jsonl"), options=view.options,
                            labels=view.labels)

    def choose_export_pcap(self) -> None:
        """Session ▸ Export log as pcap…: a ``.jsonl`` log (the current log tab's, or one chosen) to pcapng."""
        page = self.tabs.currentWidget()
        src = str(page.path) if isinstance(page, LogPage) else ""
        if not src:
            src, _ = QFileDialog.getOpenFileName(self.window, self.tr("Export a log as pcap"), self.log_folder(),
                                                 self.tr("Session logs (*.jsonl *.log)"))
        if not src:
            return
        dst, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export as pcapng"),
                                             str(Path(src).with_suffix(".pcapng")), self.tr("pcapng (*.pcapng)"))
        if dst:
            task = asyncio.get_event_loop().create_task(self.export_pcap_async(src, dst, self.window),
                                                        name="export-pcap")
            self._exports.add(task)
            task.add_done_callback(self._exports.discard)

    async def export_pcap_async(self, src: str, dst: str, parent: QWidget | None = None) -> str:
        """Export in a worker thread (a big log takes seconds; the window stays live), then say what happened."""
        self.window.statusBar().showMessage(fill(self.tr("Exporting %1…"), Path(src).name))
        loop = asyncio.get_running_loop()
        return self.export_pcap(src, dst, parent, summary=await loop.run_in_executor(None, _export, src, dst))

    def export_pcap(self, src: str, dst: str, parent: QWidget | None = None,
                    summary: Any = None) -> str:
        """Export (or, given ``summary``, report an export done); returns (and with ``parent`` shows) what
        happened in words."""
        try:
            if isinstance(summary, BaseException):
                raise summary
            if summary is None:
                summary = _export(src, dst, raising=True)
        except NotALog:
            words = fill(self.tr("%1 has no .jsonl log beside it to export."), Path(src).name)
        except (NetAssistError, OSError, ValueError) as exc:
            words = fill(self.tr("The log %1 cannot be exported (%2)."), Path(src).name, str(exc))
        else:
            words = fill(self.tr("%1: %2 packets, %3 bytes of payload. Wireshark opens it."), Path(dst).name,
                         f"{summary.packets:,}", f"{summary.bytes:,}")
            self.window.statusBar().showMessage(words, 10000)
            return words
        if parent is not None:
            QMessageBox.warning(parent, self.tr("Export a log as pcap"), words)
        return words
