"""Saving what arrives to a file and logging the session (text + JSONL), for a page: started and stopped
by the receive settings' boxes; a place that cannot be written is refused at once, a write that fails later
stops the writer and unticks its box, with the reason in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QFileDialog

from app.automation.transfer import ReceiveToFile
from app.core.errors import NetAssistError
from app.export.logs import SessionLogger
from app.net.session import Session
from ui.fields import set_quietly
from ui.page.panels.receive_settings import ReceiveSettings
from ui.receive.view import ReceiveView


@dataclass(slots=True)
class LogFolder:
    """The folder a session log was last written to: one per window, which gives it to its pages (their
    recorders set it) and starts its log dialogs there (and keeps it in the settings when it saves)."""

    path: str = ""


class Recorder(QObject):
    """The page's save-to-file and session log; ``error`` carries a NetAssistError to show. Logging sets
    ``log_folder`` (the window's, or the page's own when it has no window)."""

    error = Signal(object)

    def __init__(self, session: Session, settings: ReceiveSettings, view: ReceiveView,
                 parent: QObject | None = None, *, log_folder: LogFolder | None = None):
        super().__init__(parent)
        self.session, self.settings, self.view = session, settings, view
        self.log_folder = log_folder if log_folder is not None else LogFolder()
        self.receive_file: ReceiveToFile | None = None
        self.logger: SessionLogger | None = None
        settings.saveToggled.connect(self._save_toggled)
        settings.logToggled.connect(self._log_toggled)

    def _ask(self, ask: Callable[[], tuple[str, str]], box: QCheckBox) -> str:
        path, _ = ask()
        if not path:
            set_quietly(box, False)
        return path

    def _save_toggled(self, on: bool) -> None:
        if not on:
            self.stop_receive_to_file()
            return
        parent = self.settings.window()
        path = self._ask(lambda: QFileDialog.getSaveFileName(parent, self.tr("Save received data to")),
                         self.settings.save_to_file)
        if path:
            self.start_receive_to_file(path)

    def start_receive_to_file(self, path: str) -> bool:
        """Save what arrives to ``path``; a file that cannot be written is refused at once, in words."""
        self.stop_receive_to_file()
        try:
            self.receive_file = ReceiveToFile(self.session, path, per_peer=self.settings.per_client_files.isChecked(),
                                              on_error=self._receive_file_failed,
                                              max_files=self.settings.client_files.value())
        except NetAssistError as exc:
            set_quietly(self.settings.save_to_file, False)
            self.error.emit(exc)
            return False
        set_quietly(self.settings.save_to_file, True)
        self._show_files()
        return True

    def _receive_file_failed(self, exc: NetAssistError) -> None:
        """Writing failed (a full disk …): the saving stopped and closed its files; say so, untick."""
        self.receive_file = None
        set_quietly(self.settings.save_to_file, False)
        self._show_files()
        self.error.emit(exc)

    def stop_receive_to_file(self) -> None:
        if self.receive_file is not None:
            self.receive_file.close()
            self.receive_file = None
        self._show_files()

    def _log_toggled(self, on: bool) -> None:
        if not on:
            self.stop_logging()
            return
        parent = self.settings.window()
        path = self._ask(lambda: QFileDialog.getSaveFileName(parent, self.tr("Log this session to"), "session.log",
                                                             self.tr("Text log (*.log *.txt)")),
                         self.settings.log_to_file)
        if path:
            self.start_logging(path)

    def start_logging(self, text_path: str) -> bool:
        """Log to ``text_path`` (human text) and beside it the same name with ``.jsonl`` (loses nothing); a name
        that ends in ``.jsonl`` logs its text to the same name with ``.log``. A place that cannot be written is
        refused at once, in words."""
        self.stop_logging()
        if Path(text_path).suffix.lower() == ".jsonl":  # (the text log would go into the JSON Lines one)
            text_path = str(Path(text_path).with_suffix(".log"))
        jsonl = str(Path(text_path).with_suffix(".jsonl"))
        self.log_folder.path = str(Path(text_path).resolve().parent)
        try:
            self.logger = SessionLogger(self.session, text_path=text_path, jsonl_path=jsonl,
                                        options=self.view.options, labels=self.view.labels,
                                        on_error=self._log_failed)
        except NetAssistError as exc:
            set_quietly(self.settings.log_to_file, False)
            self.error.emit(exc)
            return False
        set_quietly(self.settings.log_to_file, True)
        self._show_files()
        return True

    def _log_failed(self, exc: NetAssistError) -> None:
        """A log write failed: the logger stopped and closed its files; say so, untick."""
        self.logger = None
        set_quietly(self.settings.log_to_file, False)
        self._show_files()
        self.error.emit(exc)

    def stop_logging(self) -> None:
        if self.logger is not None:
            self.logger.close()
            self.logger = None
        self._show_files()

    def close(self) -> None:
        """Close the files (first: this also runs when the page's widgets may already be gone)."""
        for writer in (self.receive_file, self.logger):
            if writer is not None:
                writer.close()
        self.receive_file = self.logger = None

    def _show_files(self) -> None:
        lines = []
        if self.receive_file is not None:
            lines.append(self.tr("Saving to %1").replace("%1", str(self.receive_file.path)))
        if self.logger is not None and self.logger.text is not None:
            lines.append(self.tr("Logging to %1 (+ .jsonl)").replace("%1", str(self.logger.text.path)))
        self.settings.show_files(lines)
