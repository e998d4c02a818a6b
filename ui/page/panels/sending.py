"""Putting bytes on the wire for a page: to the target its kind chooses, now, periodically, or a file."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.automation.periodic import PeriodicSender
from app.automation.transfer import Progress, check_file, send_data, send_file
from app.core.errors import InputError, NetAssistError, NetworkError
from app.core.records import Address
from app.net.relay import RelaySession
from app.net.session import HasPeers, Session
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession
from app.net.ws.client import WsClientSession
from app.net.ws.server import WsServerSession
from ui.fields import set_quietly
from ui.page.network.panel import NetworkPanel
from ui.page.network.udp import NeedsResolve, UdpNetwork
from ui.page.panels.send_panel import SendPanel
from ui.page.panels.send_settings import SendSettings

Spawn = Callable[[Coroutine[Any, Any, Any], str], "asyncio.Task[Any]"]


#: How often the periodic-send status line is brought up to date while a run goes on.
PERIODIC_STATUS_MS = 250


class Sender(QObject):
    """Sends for a page. ``error`` carries what went wrong (a NetAssistError) to the page's state line;
    ``sent`` follows a send the user asked for (history, state)."""

    error = Signal(object)
    sent = Signal()

    def __init__(self, session: Session, network: NetworkPanel, area: SendPanel, tools: SendSettings,
                 spawn: Spawn, parent: QWidget):
        super().__init__(parent)
        self.session, self.network, self.area, self.tools, self.spawn = session, network, area, tools, spawn
        self.periodic: PeriodicSender | None = None
        self.file_task: asyncio.Task[Any] | None = None
        # the periodic status is also kept current while nothing happens on the session (a paused run skips
        # ticks with no record to wake the page's tick: its count went stale)
        self._periodic_status = QTimer(self)
        self._periodic_status.setInterval(PERIODIC_STATUS_MS)
        self._periodic_status.timeout.connect(self.show_periodic)
        tools.periodic.check.toggled.connect(self._periodic_toggled)
        tools.file_send.cancel.clicked.connect(self.cancel_file)

    # ----------------------------------------------------------------------------- targets
    def target(self) -> Address | None:
        """Where a send goes now (None: all clients / the connected peer). Raises NotOpen / NoTarget, and
        NeedsResolve for a UDP host name (see :meth:`resolve_target`)."""
        chosen = self.area.target.currentData() if self.area.target is not None else None
        return self.network.target(self.session, chosen)

    async def resolve_target(self) -> Address | None:
        try:
            return self.target()
        except NeedsResolve as need:
            assert isinstance(self.session, UdpSession) and isinstance(self.network, UdpNetwork)
            return await self.network.resolve(self.session, need.host)

    def deliver(self, data: bytes, to: Address | None, periodic: bool = False, text: bool | None = None) -> None:
        """Put ``data`` on the wire to ``to``. Raises NetAssistError (PeerNotReading when a peer's send
        queue is full). A periodic send to all clients skips the ones not keeping up. ``text``: a WebSocket
        frame kind of the payload's own (a quick command's), else the page's send mode decides."""
        s = self.session
        if text is not None and isinstance(s, WsClientSession):
            s.send(data, text=text)
        elif text is not None and isinstance(s, WsServerSession):
            s.send(data, to, text=text)
        elif isinstance(s, RelaySession):
            s.send(data, to, way=getattr(self.network, "way", "to-target"), skip_stalled=periodic)
        elif isinstance(s, HasPeers):
            s.send(data, to, skip_stalled=periodic)
        else:
            s.send(data, to)

    def per_connection(self) -> Callable[[int], bytes] | None:
        """With ``{{conn}}`` in the editor (macros on, a page of numbered connections): each connection's own
        bytes, made as it is sent to; else None."""
        fmt = self.area.payload_format()
        text = self.area.text()
        if not fmt.numbered or fmt.macros is None or "{{conn" not in text:
            return None
        return lambda n: fmt.encode(text, conn=n)

    def send_editor(self, data: bytes) -> bool:
        """The Send button: ``data`` (the editor's bytes), or each connection's own where ``{{conn}}`` asks."""
        per = self.per_connection()
        if per is None:
            return self.send_bytes(data, remember=True)
        try:
            # (bytes made per connection: only a tcp-clients page has {{conn}}, and its send takes them)
            self.deliver(per, self.target())  # type: ignore[arg-type]
        except NetAssistError as exc:
            self.error.emit(exc)
            return False
        self.sent.emit()
        return True

    def send_bytes(self, data: bytes, remember: bool = False, text: bool | None = None) -> bool:
        if (len(data) > self.session.send_limit and isinstance(self.session, TcpClientSession | TcpServerSession)
                and not isinstance(self.session, WsClientSession | WsServerSession)):
            # (a WebSocket message is one unit: cut into blocks it would be several messages; the engine refuses
            # one larger than the send bound in words instead)
            return self.send_stream(data, remember)
        try:
            try:
                to = self.target()
            except NeedsResolve:
                self.spawn(self._send_resolved(data, remember), "send")
                return True
            self.deliver(data, to, text=text)
        except NetAssistError as exc:
            self.error.emit(exc)
            return False
        if remember:
            self.sent.emit()
        return True

    async def _send_resolved(self, data: bytes, remember: bool) -> None:
        self.deliver(data, await self.resolve_target())
        if remember:
            self.sent.emit()

    # ----------------------------------------------------------------------------- periodic
    def _periodic_toggled(self, on: bool) -> None:
        if on:
            self.spawn(self.start_periodic(), "periodic")
        elif self.periodic is not None:
            self.periodic.stop()

    async def start_periodic(self) -> None:
        """Send the editor's payload every periodMs (periodCount times, 0 = until stopped)."""
        controls = self.tools.periodic
        try:
            data = self.area.payload(commit=False)  # (checked; with macros each tick expands anew)
            to = await self.resolve_target()
        except NetAssistError as exc:
            self.error.emit(exc)
            controls.check.setChecked(False)
            return
        self.sent.emit()  # the payload goes into the history once, not once per tick
        count = controls.count.value() or None
        session = self.session
        fmt = self.area.payload_format()
        text = self.area.text()
        # with macros each tick sends the next expansion ({{counter}} counts ticks); otherwise the same bytes
        per = self.per_connection()
        make: Callable[[], Any] = ((lambda: per) if per is not None else (lambda: fmt.encode(text))
                                   if fmt.macros is not None else (lambda: data))
        sender = PeriodicSender(lambda: self.deliver(make(), to, periodic=True), controls.period.value(), count,
                                ready=lambda: not session.stalled(to))
        self.periodic = sender
        sender.start()
        self._periodic_status.start()
        try:
            await sender.wait()  # returns when it stops (count reached, the user, an error): then say so
        finally:
            self._periodic_status.stop()
        self.periodic = None
        self.show_periodic(sender)
        if sender.error is not None:
            self.error.emit(sender.error)
        set_quietly(controls.check, False)

    def stop_periodic(self) -> None:
        if self.periodic is not None:
            self.periodic.stop()

    def show_periodic(self, sender: PeriodicSender | None = None) -> None:
        sender = sender or self.periodic
        if sender is None:
            return
        st = sender.stats
        text = self.tr("Sent %1").replace("%1", f"{st.sent:,}")
        if st.skipped:
            text += self.tr(", %1 ticks skipped").replace("%1", f"{st.skipped:,}")
        if st.waiting and sender.running:
            text += " — " + (self.tr("paused: reconnecting") if getattr(self.session, "reconnecting", False)
                             else self.tr("paused: the peer is not reading"))
        if st.stopped_because and not sender.running:
            text += " — " + (self.tr("stopped") if st.stopped_because == "stopped" else
                             self.tr("done") if st.stopped_because == "count reached" else st.stopped_because)
        self.tools.periodic.status.setText(text)

    # ---------------------------------------------------------------------------- file send
    def send_file(self, path: str) -> asyncio.Task[Any] | None:
        """Stream a file to the current target, with progress; cancel with the Cancel button.

        A file that cannot be sent (missing, a folder, a device, unreadable) is refused at once, in words.
        """
        try:
            check_file(path)
        except NetAssistError as exc:
            self.error.emit(exc)
            return None
        fs = self.tools.file_send
        fs.progress.setFormat(self.tr("%v of %m bytes"))
        fs.progress.setValue(0)
        fs.progress.show()
        fs.cancel.setEnabled(True)
        fs.button.setEnabled(False)

        def progress(p: Progress) -> None:
            fs.progress.setMaximum(max(p.total, 1))
            fs.progress.setValue(p.sent)

        async def run() -> None:
            try:
                to = await self.resolve_target()
                result = await send_file(self.session, path, fs.options(), to=to, on_progress=progress)
                # the peer may close right after the upload: the result stays on the progress bar and
                # goes into the view (and the log) as a notice, not into the session's state line
                fs.progress.setFormat(self.tr("Sent %1 bytes").replace("%1", f"{result.sent:,}"))
                self.session.notice("file-sent", f"file {Path(path).name} sent: {result.sent:,} bytes",
                                    args=(Path(path).name, f"{result.sent:,}"))
            except NetAssistError as exc:
                fs.progress.setFormat(self.tr("Failed"))
                self.error.emit(exc)
            except OSError as exc:
                fs.progress.setFormat(self.tr("Failed"))
                self.error.emit(NetworkError(f"{path}: {exc.strerror or exc}"))
            except asyncio.CancelledError:
                fs.progress.setFormat(self.tr("Cancelled at %v of %m bytes"))
                raise
            finally:
                fs.cancel.setEnabled(False)
                fs.button.setEnabled(True)
                self.file_task = None

        self.file_task = self.spawn(run(), "send-file")
        return self.file_task

    def send_stream(self, data: bytes, remember: bool = False) -> bool:
        """A payload larger than a connection may have waiting (the send bound) goes as a file does: a block at
        a time as the peer takes it, with progress, cancelled with the file send's Cancel; each block is
        counted when it goes."""
        if self.file_task is not None:
            self.error.emit(InputError(self.tr("A file or a large send is still under way: wait for it to "
                                                   "end, or cancel it")))
            return False
        fs = self.tools.file_send
        fs.progress.setFormat(self.tr("%v of %m bytes"))
        fs.progress.setMaximum(max(len(data), 1))
        fs.progress.setValue(0)
        fs.progress.show()
        fs.cancel.setEnabled(True)
        fs.button.setEnabled(False)

        def progress(p: Progress) -> None:
            fs.progress.setValue(p.sent)

        async def run() -> None:
            try:
                to = self.target()
                result = await send_data(self.session, data, to=to, on_progress=progress)
                fs.progress.setFormat(self.tr("Sent %1 bytes").replace("%1", f"{result.sent:,}"))
            except NetAssistError as exc:
                fs.progress.setFormat(self.tr("Failed"))
                self.error.emit(exc)
            except asyncio.CancelledError:
                fs.progress.setFormat(self.tr("Cancelled at %v of %m bytes"))
                raise
            finally:
                fs.cancel.setEnabled(False)
                fs.button.setEnabled(True)
                self.file_task = None

        try:
            self.target()  # (not open, no client: said now, nothing started)
        except NetAssistError as exc:
            self.error.emit(exc)
            return False
        self.file_task = self.spawn(run(), "send-stream")
        if remember:
            self.sent.emit()
        return True

    def cancel_file(self) -> None:
        if self.file_task is not None:
            self.file_task.cancel()
