"""One session tab, composed of panels (ui/page/panels/): the network panel of its kind, receive and send
settings on the left; the receive view (and a server's client list), the send area and quick commands on
the right; the status line below. Panels ask (signals); this page answers, in one wiring block. The page
owns its panels; the names tests, benchmarks, tools and the window reach it by (``page.send_edit``,
``page.periodic``, ``page.start_logging(…)``, ``page.send_quick(…)``) are forwarded here by name."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFileDialog, QTabWidget, QWidget

from app.automation.autoreply import AutoReply
from app.automation.history import HistoryEntry, SendHistory
from app.automation.periodic import PeriodicSender
from app.automation.quick import QuickCommand
from app.automation.transfer import ReceiveToFile
from app.core.errors import NetAssistError, NetworkError
from app.export.logs import SessionLogger
from app.net.session import HasPeers, PeerConnected, PeerDisconnected, PeerFinished, State, StateChanged
from app.net.ws.connection import text_frame
from ui.bridge import SessionBridge
from ui.chart.panel import ChartPanel
from ui.fields import select, set_quietly
from ui.options import Problem, load
from ui.page.arrange import arrange
from ui.page.kinds import KINDS
from ui.page.panels.clients import Clients
from ui.page.panels.layout_editor import LayoutEditor
from ui.page.panels.rates import RatesChart
from ui.page.panels.receive_settings import ReceiveSettings
from ui.page.panels.recording import LogFolder, Recorder
from ui.page.panels.send_panel import SendPanel
from ui.page.panels.send_settings import SendSettings
from ui.page.panels.sending import Sender
from ui.page.panels.status_line import StatusLine
from ui.page.send_tools.quick_panel import QuickCommandsPanel, command_bytes, editor_command
from ui.receive.pane import ReceivePane
from ui.receive.view import ReceiveView
from ui.texts import error_text, kind_title, reason_text

__all__ = ["KINDS", "SessionPage"]


class SessionPage(QWidget):
    """A tab: one session of one kind (see ui/page/kinds.py), with its settings, views and send tools."""

    settingsChanged = Signal()  # something that should be saved changed (settings, history, splitter)
    titleChanged = Signal(str)

    # what sends (the editor, periodic, files, sequences); the name hides QObject.sender(), never called here
    sender: Sender  # type: ignore[assignment]

    def __init__(self, kind: str, settings: dict[str, Any] | None = None, parent: QWidget | None = None, *,
                 log_folder: LogFolder | None = None):
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(kind)
        self.kind, self.spec = kind, KINDS[kind]
        self.session = self.spec.session()
        self.setObjectName("sessionPage")
        self.setProperty("kind", kind)
        self.setProperty("state", "closed")
        self._tasks: set[asyncio.Task[Any]] = set()
        self._loading, self._shown_once, self._splitter_restored = True, False, False
        self._client_split_state: QByteArray | None = None  # the client list's room while the chart has it
        self._error_cause: str | None = None  # what the error on the state line is about, when it can go away
        self.warnings: list[Problem] = []  # settings that could not be read and were reset (the window shows them)
        settings = load(self.spec.options(), settings or {}, self.warnings, kind_title(kind))

        # ------------------------------------------------------------------------ the panels
        self.network = self.spec.network(self)  # (created in visual order: the keyboard's Tab order)
        self.receive_settings = ReceiveSettings(clients=self.spec.clients, datagrams=self.spec.datagrams,
                                                messages=self.session.messages, parent=self)
        self.send_settings = SendSettings(self.session, datagrams=self.spec.datagrams,
                                          numbered=self.spec.name == "tcp-clients", parent=self)
        self.receive = ReceivePane(self.session.store, self)
        self.chart = ChartPanel(self.session.store, self)
        self.receive_tabs = QTabWidget(self)  # the received data, and the numbers in it plotted
        self.receive_tabs.setObjectName("receiveTabs")
        self.receive_tabs.setDocumentMode(True)
        self.receive_tabs.setAccessibleName(self.tr("Received data and chart"))
        self.receive_tabs.addTab(self.receive, self.tr("Data"))
        self.receive_tabs.addTab(self.chart, self.tr("Chart"))
        self.rates = RatesChart(self.session.counters, datagrams=self.spec.datagrams, parent=self)
        self.receive_tabs.addTab(self.rates, self.tr("Rates"))
        self.peers: Clients | None = None
        if self.spec.clients:
            assert isinstance(self.session, HasPeers)
            self.peers = Clients(self.session, self)
        self.send_area = SendPanel(lambda: self.send_settings.payload_format(self.encoding),
                                   targets=self.spec.clients, parent=self)
        if self.peers is not None and self.send_area.target is not None:
            self.peers.set_targets(self.send_area.target)
        self.send_tools = self.send_settings.build_tools(QuickCommandsPanel, self)
        quick = self.send_settings.quick
        assert isinstance(quick, QuickCommandsPanel)  # (build_tools made it with the maker given)
        self.quick = quick
        self.status = StatusLine(datagrams=self.spec.datagrams, parent=self)
        self.recorder = Recorder(self.session, self.receive_settings, self.receive.view, self, log_folder=log_folder)
        self.sender = Sender(self.session, self.network, self.send_area, self.send_settings, self.spawn, self)
        self.splitter, self.top_split = arrange(
            self, (self.network, self.receive_settings, self.send_settings), self.receive_tabs,
            None if self.peers is None else self.peers.view, self.send_area, self.send_tools, self.status)

        # ------------------------------------- panel fields by the names tests, benchmarks and tools use
        net, rs, ss, area = self.network, self.receive_settings, self.send_settings, self.send_area
        self.state_label = net.state_label
        self.local_host, self.local_port, self.remote_host, self.remote_port = (
            net.local_host, net.local_port, net.remote_host, net.remote_port)
        self.encoding_box, self.receive_hex, self.framing = rs.encoding_box, rs.receive_hex, rs.framing
        self.decoder_box = rs.decoder_box
        self.send_hex, self.escapes, self.checksum, self.periodic = ss.send_hex, ss.escapes, ss.checksum, ss.periodic
        self.auto_reply_box = ss.auto_reply.box
        self.send_edit, self.send_target = area.editor, area.target
        self.held_label, self.held_bar = area.held_label, area.held_bar
        self.clients = None if self.peers is None else self.peers.view
        self.bridge = SessionBridge(self.session, self)
        self._layout_editor: LayoutEditor | None = None
        self._wire()
        self.apply_settings(settings)
        self._loading = False
        self._refresh_state()

    # ============================================================================== wiring
    def _wire(self) -> None:
        b, net, rs, ss, area, view = (self.bridge, self.network, self.receive_settings, self.send_settings,
                                      self.send_area, self.receive.view)
        b.tick.connect(self._on_tick)
        b.stateChanged.connect(self._on_state)
        b.peersChanged.connect(self._on_peers)
        b.errorOccurred.connect(self.show_error)
        b.storeCleared.connect(view.reset)
        net.openRequested.connect(self.toggle_open)
        area.sendRequested.connect(self.send_now)
        area.valid.connect(lambda: self.clear_error("payload"))
        area.formatRequested.connect(self._set_format)
        ss.hexToggled.connect(area.convert)
        ss.formatChanged.connect(area.validate)
        rs.encoding_box.currentIndexChanged.connect(area.validate)
        rs.viewChanged.connect(self._view_options_changed)
        rs.decoderRefused.connect(lambda err: self.show_error(err, cause="decoder"))
        rs.decoderChanged.connect(lambda: self.clear_error("decoder"))
        rs.editLayoutRequested.connect(self.edit_layout)
        view.messageClicked.connect(self._message_for_editor)
        rs.wrapChanged.connect(view.set_wrap)
        rs.autoScrollChanged.connect(view.set_auto_scroll)
        rs.hideChanged.connect(view.set_hidden)
        rs.clearRequested.connect(self.session.clear_store)
        self.receive_tabs.currentChanged.connect(self._receive_tab_changed)
        peer_filter = self.receive.filters.peer
        peer_filter.currentIndexChanged.connect(lambda: self.chart.set_peer(peer_filter.currentData()))
        peer_filter.currentIndexChanged.connect(lambda: self.rates.set_peer(peer_filter.currentData()))
        self.status.resetRequested.connect(self.session.reset_counters)
        ss.file_send.button.clicked.connect(self.choose_and_send_file)
        ss.auto_reply.failed.connect(lambda words: self.show_error(NetworkError(words)))
        ss.sequence.attach(self.sender, self.spawn, lambda: self.encoding, ss.macros)
        ss.sequence.decoder = lambda: self.receive_view.options.decoder
        ss.sequence.error.connect(self.show_error)
        for source in (self.recorder, self.sender):
            source.error.connect(self.show_error)
        self.sender.sent.connect(self._sent_ok)
        self._wire_quick()
        for port in (net.local_port, net.remote_port):
            if port is not None:
                port.validityChanged.connect(self._port_checked)
        if self.peers is not None:
            self.peers.followed.connect(self.receive.filters.follow_peer)
            self.peers.unfollowed.connect(self.receive.filters.unfollow)
        net.chosen = lambda: area.target.currentData() if area.target is not None else None
        net.attach(self.session)
        net.errorOccurred.connect(self.show_error)
        ss.hexToggled.connect(self._send_format)
        rs.encoding_box.currentIndexChanged.connect(self._send_format)
        for panel in (net, rs, ss, area, self.chart):
            panel.changed.connect(self._changed)
        for split in (self.splitter, self.top_split):
            if split is not None:
                split.splitterMoved.connect(self._changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.top_split is not None and self.peers is not None and not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self._size_clients)

    def _size_clients(self) -> None:
        """The client list gets room for its columns once the page is laid out for real."""
        assert self.top_split is not None and self.peers is not None
        total, want = sum(self.top_split.sizes()), self.peers.view.preferred_width()
        if total > want + 400 and not self._splitter_restored:
            self.top_split.setSizes([total - want, want])

    def _receive_tab_changed(self) -> None:
        """The chart and the rates take the top's whole width (beside a client list at 1024×700 a plot was
        ~170 px wide); the client list comes back, as wide as it was, with the received data."""
        if self.peers is None or self.top_split is None:
            return
        data = self.receive_tabs.currentWidget() is self.receive
        clients = self.peers.view
        if not data and not clients.isHidden():
            self._client_split_state = self.top_split.saveState()
            clients.hide()
        elif data and clients.isHidden():
            clients.show()
            if self._client_split_state is not None:
                self.top_split.restoreState(self._client_split_state)
            self._client_split_state = None

    def _changed(self, *args: object) -> None:
        if not self._loading:
            self.settingsChanged.emit()

    # ============================================================================ settings
    def to_settings(self) -> dict[str, Any]:
        s: dict[str, Any] = {**self.network.to_settings(), **self.receive_settings.to_settings(),
                             **self.send_settings.to_settings(), **self.send_area.to_settings(),
                             **self.chart.to_settings(), "splitter": bytes(self.splitter.saveState().data()).hex()}
        if self.top_split is not None:
            state = self._client_split_state or self.top_split.saveState()  # (as on the Data tab)
            s["client_splitter"] = bytes(state.data()).hex()
        return s

    def apply_settings(self, s: dict[str, Any]) -> None:
        """``s``: loaded through the kind's options (every key there, every value valid)."""
        loading, self._loading = self._loading, True
        try:
            for panel in (self.network, self.receive_settings, self.send_settings, self.send_area):
                panel.apply_settings(s)
            if s["splitter"]:
                with contextlib.suppress(ValueError):
                    self.splitter.restoreState(QByteArray(bytes.fromhex(s["splitter"])))
            if self.top_split is not None and s.get("client_splitter"):
                with contextlib.suppress(ValueError):
                    self._splitter_restored = self.top_split.restoreState(
                        QByteArray(bytes.fromhex(s["client_splitter"])))
            self._view_options_changed()
            self.chart.apply_settings(s)
            self._send_format()
            self.receive.view.set_wrap(self.receive_settings.wrap.isChecked())
        finally:
            self._loading = loading

    def _send_format(self, *args: object) -> None:
        """What a send becomes may depend on hex and the encoding (WebSocket frames): the kind follows, and says so."""
        self.send_settings.set_hint(self.network.send_format(self.session, self.send_settings.send_hex.isChecked(),
                                                             self.encoding))

    @property
    def encoding(self) -> str:
        return self.receive_settings.encoding

    def _set_format(self, hex_: bool, encoding: str) -> None:
        set_quietly(self.send_settings.send_hex, hex_)
        self.receive_settings.set_encoding(encoding)
        self._send_format()

    # ============================================================================= tasks
    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run a coroutine as a named, referenced task; unexpected errors reach the app's handler."""
        task = asyncio.get_running_loop().create_task(coro, name=f"{self.kind}:{name}")
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, NetAssistError):
            self.show_error(exc)
        elif exc is not None:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    # ======================================================================== open / close
    def toggle_open(self) -> None:
        if self.session.state is State.CLOSED:
            self.spawn(self.open_session(), "open")
        else:
            self.spawn(self.session.close(), "close")

    async def open_session(self) -> None:
        try:
            self.network.configure(self.session)
        except NetAssistError as exc:
            self.show_error(exc, cause="port")
            return
        with contextlib.suppress(NetAssistError):  # the session reports it (state line, notice)
            await self.session.open()

    async def shutdown(self) -> None:
        """Close the session and wait for this page's tasks; used when the tab or the window closes."""
        self.sender.stop_periodic()
        for task in list(self._tasks):
            task.cancel()
        with contextlib.suppress(Exception):
            await self.session.close()
        self.send_settings.auto_reply.engine.close()
        self.recorder.close()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self.bridge.detach()

    # ============================================================================ state
    def _on_state(self, event: StateChanged) -> None:
        self._refresh_state(event.error)

    def _refresh_state(self, error: NetAssistError | None = None) -> None:
        state = self.session.state
        self.setProperty("state", state.value)
        closed_text, open_text = self.network.open_texts()
        button = self.network.open_button
        button.setText(closed_text if state is State.CLOSED else self.tr("Cancel") if state is State.OPENING
                       else open_text)
        button.setAccessibleName(button.text())
        err = error or (self.session.last_error if state is State.CLOSED else None)
        self._error_cause = None
        self._show_state(self.network.state_words(self.session) + ("\n" + error_text(err) if err else ""))
        self.network.set_fixed(state is not State.CLOSED)
        self._show_drops()
        if self.peers is not None and state is State.CLOSED:
            self.peers.closed()
        self.titleChanged.emit(self.title())
        self.style().unpolish(self)  # style sheets keyed on the dynamic property need a re-polish
        self.style().polish(self)

    def _show_state(self, words: str) -> None:
        self.network.state_label.setText(words)
        self.status.show_state(words, self.network.state_label.toolTip())

    def title(self) -> str:
        return self.network.tab_title(self.session)

    def show_error(self, err: BaseException, cause: str | None = None) -> None:
        """The state and the error in words; ``cause``: what fixing clears it (see :meth:`clear_error`)."""
        self._error_cause = cause
        self._show_state(self.network.state_words(self.session) + "\n" + error_text(err))

    def clear_error(self, cause: str) -> None:
        """The cause of the error shown (a payload, a port) is gone: so is the error."""
        if self._error_cause == cause:
            self._refresh_state()

    def _port_checked(self) -> None:
        problem = self.network.port_problem()
        if problem is not None:
            self.show_error(problem, cause="port")
        else:
            self.clear_error("port")

    # ============================================================================ peers & tick
    def _on_peers(self, events: list[PeerConnected | PeerFinished | PeerDisconnected]) -> None:
        """Peers that came and went since the last tick, in order (the bridge gathers them: a flood of UDP
        sources through a relay is thousands a second)."""
        target = self.send_area.target.currentData() if self.send_area.target is not None else None
        for event in events:
            if isinstance(event, PeerConnected):
                self.receive.peer_seen(event.peer)  # offered to the peer filter
                if self.peers is not None:  # shown with the others that came meanwhile
                    self.peers.joined(event.peer)
            elif isinstance(event, PeerFinished):
                if self.peers is not None:  # greyed with the others that finished meanwhile
                    self.peers.finished(event.peer)
            elif self.peers is None:
                if event.error is not None:
                    self.show_error(event.error)
            else:
                self.peers.left(event.peer)
                if target is not None and target == str(event.peer):
                    words = self.tr("Send target %1 disconnected: %2")
                    self.status.state.setText(words.replace("%1", str(event.peer)).replace("%2", reason_text(
                        event.reason.value)))

    def _on_tick(self, force: bool = False) -> None:
        self.status.show_counts(self.session.counters.total)
        self._show_drops()
        self.network.tick(self.session)
        if self.network.advanced is not None:
            self.network.advanced.refresh(self.session)
        waiting = self.peers is not None and self.peers.tick(force)
        self.receive.view.update_from_store()
        self.chart.tick()
        if self.receive.offer_peers(self.session.counters.peers, force=force) or waiting:
            self.bridge.again()  # (a list's change put off for a moment: shown then, traffic or not)
        if self.sender.periodic is not None:
            self.sender.show_periodic()

    def _show_drops(self) -> None:
        """Datagram pages: what the kernel dropped, and what a relay dropped itself."""
        if self.spec.datagrams:
            self.status.show_drops(self.session.counters.kernel_dropped,
                                   getattr(self.session, "dropped_datagrams", None))

    def flush(self) -> None:
        """Bring the view and counters up to date now (tests, screenshots)."""
        self.bridge.flush_now()
        self._on_tick(force=True)
        self.receive.view.flush()
        self.chart.show_status()

    def _view_options_changed(self, *args: object) -> None:
        options = self.receive_settings.view_options()
        self.receive.view.set_options(options)
        self.receive.set_decoder(options.decoder)
        self.chart.set_decoder(options.decoder)
        engine = self.send_settings.auto_reply.engine
        engine.encoding = options.encoding
        if options.framing != engine.framing:
            engine.set_framing(options.framing)

    # ======================================================== forwarded to the panels by name
    def addDecoderLayout(self, path: str) -> bool:
        """Add a layout file to ``decoderBox`` and decode with it, as *Load layout…* does after its dialog.
        A layout that cannot be used is refused: the state line says why, naming the field."""
        return self.receive_settings.add_layout(path)

    def edit_layout(self) -> LayoutEditor:
        """Open the layout editor (*Edit layout…*): on the layout ``decoderBox`` uses, if it is a file, and the
        message selected in the view; what it saves is listed in ``decoderBox`` and chosen."""
        if self._layout_editor is None:
            self._layout_editor = LayoutEditor(self)
            self._layout_editor.layoutSaved.connect(self.addDecoderLayout)
            self._layout_editor.messageRequested.connect(
                lambda: self._layout_editor.set_message(self.receive.selected_bytes()))
            spec = str(self.decoder_box.currentData() or "none")
            if spec.lower().endswith(".json"):
                self._layout_editor.open_file(spec)
        editor = self._layout_editor
        editor.set_message(self.receive.selected_bytes())
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def _message_for_editor(self, item: int) -> None:
        """A message clicked while the layout editor is open: its preview decodes it."""
        if self._layout_editor is not None and self._layout_editor.isVisible():
            self._layout_editor.set_message(self.receive.view.layout.message_bytes(item))

    @property
    def receive_view(self) -> ReceiveView:
        return self.receive.view

    @property
    def history(self) -> SendHistory:
        return self.send_area.history

    @property
    def held(self) -> str | None:
        return self.send_area.held

    @property
    def _logger(self) -> SessionLogger | None:
        return self.recorder.logger

    @property
    def _receive_file(self) -> ReceiveToFile | None:
        return self.recorder.receive_file

    @property
    def _periodic(self) -> PeriodicSender | None:
        return self.sender.periodic

    @property
    def _auto_reply(self) -> AutoReply:
        return self.send_settings.auto_reply.engine

    def payload(self) -> bytes:
        """The bytes Send would put on the wire (checksum included); raises NetAssistError in words."""
        return self.send_area.payload()

    def send_bytes(self, data: bytes, remember: bool = False, text: bool | None = None) -> bool:
        return self.sender.send_bytes(data, remember, text)

    def send_file(self, path: str) -> asyncio.Task[Any] | None:
        return self.sender.send_file(path)

    def start_logging(self, text_path: str) -> bool:
        return self.recorder.start_logging(text_path)

    def stop_logging(self) -> None:
        self.recorder.stop_logging()

    def start_receive_to_file(self, path: str) -> bool:
        return self.recorder.start_receive_to_file(path)

    def stop_receive_to_file(self) -> None:
        self.recorder.stop_receive_to_file()

    def set_auto_reply(self, rules: list[Any], echo: bool) -> None:
        self.send_settings.auto_reply.set_rules(rules, echo)
        self.settingsChanged.emit()

    # ==================================================================== quick commands
    def _wire_quick(self) -> None:
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

    def choose_and_send_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Send a file"))
        if path:
            self.send_file(path)

    def send_quick(self, command: QuickCommand) -> bool:
        try:
            data = command_bytes(command, self.send_settings.macros)
        except NetAssistError as exc:
            self.show_error(exc)
            return False
        # on a WebSocket page the command's own format decides the frame: hex binary, UTF-8 text a text frame
        text = text_frame(data, command.hex, command.encoding) if self.session.messages else None
        return self.send_bytes(data, text=text)

    def load_quick_into_editor(self) -> None:
        """Put the selected quick command in the editor (to look at it, change it, or send it)."""
        if (c := self.quick.current()) is not None:
            self.send_area.load_entry(HistoryEntry(c.text, c.hex, c.encoding))
            select(self.send_settings.checksum.box, c.checksum)
            self.send_settings.macros_box.setChecked(c.macros)

    def _editor_command(self, name: str = "") -> QuickCommand | None:
        ss = self.send_settings
        return editor_command(self.send_area.editor.toPlainText(), ss.send_hex.isChecked(), self.encoding,
                              str(ss.checksum.box.currentData()), name, ss.macros_box.isChecked())

    def store_editor_into_quick(self) -> None:
        """Replace the selected quick command's payload with the editor's (its name stays)."""
        if (old := self.quick.current()) is not None and (c := self._editor_command(old.name)) is not None:
            self.quick.replace(self.quick.current_row(), c)

    def add_quick_from_editor(self) -> None:
        if (c := self._editor_command()) is not None:
            self.quick.add(c)

    # ============================================================================== send
    def send_now(self) -> bool:
        """Send the editor's payload to the current target. Returns whether anything was sent."""
        try:
            data = self.payload()
        except NetAssistError as exc:
            self.send_area.refuse(exc)
            self.show_error(exc, cause="payload")
            return False
        return self.sender.send_editor(data)

    def _sent_ok(self) -> None:
        if self.send_area.remember():
            self.network.sent()
        if self.session.last_error is None or self.session.state is State.OPEN:
            self._refresh_state()
