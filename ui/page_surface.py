"""The names a session page has always answered to — the automation surface that tests, benchmarks and the
window use (``page.send_edit``, ``page.periodic``, ``page.start_logging(…)``, ``page.send_quick(…)``) — kept
as a mixin over the panels, so the page itself is only composition and wiring."""

from __future__ import annotations

import asyncio
import contextlib
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog

from app.automation.history import HistoryEntry
from app.automation.quick import QuickCommand
from app.core.errors import NetAssistError
from ui.fields import select
from ui.quick_panel import command_bytes, editor_command

if TYPE_CHECKING:
    from ui.session_page import SessionPage


class PageSurface:
    """Mixed into :class:`ui.session_page.SessionPage`."""

    @property
    def receive_view(self: SessionPage) -> Any:
        return self.receive.view

    @property
    def history(self: SessionPage) -> Any:
        return self.send_area.history

    @property
    def held(self: SessionPage) -> str | None:
        return self.send_area.held

    @property
    def _logger(self: SessionPage) -> Any:
        return self.recorder.logger

    @property
    def _receive_file(self: SessionPage) -> Any:
        return self.recorder.receive_file

    @property
    def _periodic(self: SessionPage) -> Any:
        return self.sender.periodic

    @property
    def _auto_reply(self: SessionPage) -> Any:
        return self.send_settings.auto_reply.engine

    def _aliases(self: SessionPage) -> None:
        """Fields of the panels by the names the page always had (``page.send_edit``, ``page.periodic`` …)."""
        for owner, names in _ALIASES.items():
            panel = getattr(self, owner)
            for name in names.split():
                ours, _, theirs = name.partition("=")
                with contextlib.suppress(AttributeError):
                    setattr(self, ours, attrgetter(theirs or ours)(panel))

    def payload(self: SessionPage) -> bytes:
        """The bytes Send would put on the wire (checksum included); raises NetAssistError in words."""
        return self.send_area.payload()

    def send_bytes(self: SessionPage, data: bytes, remember: bool = False) -> bool:
        return self.sender.send_bytes(data, remember)

    def send_file(self: SessionPage, path: str) -> asyncio.Task[Any] | None:
        return self.sender.send_file(path)

    # the recorder and the auto-reply, by the page's names
    def start_logging(self: SessionPage, text_path: str) -> bool:
        return self.recorder.start_logging(text_path)

    def stop_logging(self: SessionPage) -> None:
        self.recorder.stop_logging()

    def start_receive_to_file(self: SessionPage, path: str) -> bool:
        return self.recorder.start_receive_to_file(path)

    def stop_receive_to_file(self: SessionPage) -> None:
        self.recorder.stop_receive_to_file()

    def set_auto_reply(self: SessionPage, rules: list[Any], echo: bool) -> None:
        self.send_settings.auto_reply.set_rules(rules, echo)
        self.settingsChanged.emit()

    # ==================================================================== quick commands
    def _wire_quick(self: SessionPage) -> None:
        """The quick commands' buttons, Ctrl+1…9, and the Sequence tab's "from quick command"."""
        self.quick.sendRequested.connect(self.send_quick)
        self.quick.add_button.clicked.connect(self.add_quick_from_editor)
        self.quick.load_button.clicked.connect(self.load_quick_into_editor)
        self.quick.store_button.clicked.connect(self.store_editor_into_quick)
        for i in range(9):
            sc = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda i=i: self.quick.send_index(i))
        self.send_settings.sequence.quick_source = self.quick.current

    def choose_and_send_file(self: SessionPage) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("SessionPage", "Send a file"))
        if path:
            self.send_file(path)

    def send_quick(self: SessionPage, command: QuickCommand) -> bool:
        try:
            data = command_bytes(command, self.send_settings.macros)
        except NetAssistError as exc:
            self.show_error(exc)
            return False
        return self.send_bytes(data)

    def load_quick_into_editor(self: SessionPage) -> None:
        """Put the selected quick command in the editor (to look at it, change it, or send it)."""
        if (c := self.quick.current()) is not None:
            self.send_area.load_entry(HistoryEntry(c.text, c.hex, c.encoding))
            select(self.send_settings.checksum.box, c.checksum)
            self.send_settings.macros_box.setChecked(c.macros)

    def _editor_command(self: SessionPage, name: str = "") -> QuickCommand | None:
        ss = self.send_settings
        return editor_command(self.send_area.editor.toPlainText(), ss.send_hex.isChecked(), self.encoding,
                              str(ss.checksum.box.currentData()), name, ss.macros_box.isChecked())

    def store_editor_into_quick(self: SessionPage) -> None:
        """Replace the selected quick command's payload with the editor's (its name stays)."""
        if (old := self.quick.current()) is not None and (c := self._editor_command(old.name)) is not None:
            self.quick.replace(self.quick.current_row(), c)

    def add_quick_from_editor(self: SessionPage) -> None:
        if (c := self._editor_command()) is not None:
            self.quick.add(c)


#: page attribute names kept from before the panels: {panel: "name name=panel_attr …"}
_ALIASES = {
    "network": "open_button state_label local_host local_port remote_host remote_port broadcast reply_to_sender "
               "recv_buffer mcast_group mcast_iface join_button leave_button",
    "receive_settings": "encoding_box receive_hex log_mode wrap auto_scroll hide_display framing save_to_file "
                        "per_client_files log_to_file files_label clear_button",
    "send_settings": "send_hex escapes allow_empty send_tools=tools checksum periodic file_send "
                     "auto_reply_box=auto_reply.box echo_box=auto_reply.echo_box auto_reply_button=auto_reply.button",
    "send_area": "send_edit=editor held_label held_bar send_error=error send_preview=preview send_button=button "
                 "send_target=target history_box clear_history_button",
    "status": "status_state=state rx_count tx_count rate_label reset_button",
    "peers": "clients=view client_list=view.view kick_button=view.kick_button",
}
