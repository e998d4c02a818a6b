"""The UDP page's network panel: local and remote address, broadcast, replying to the last sender, the
socket's receive buffer, and joining or leaving a multicast group."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton

from app.core.addresses import is_ip, machine_addresses
from app.core.errors import InvalidAddress, NetAssistError, NoTarget
from app.core.records import Address
from app.net.session import Session, State
from app.net.sessions.udp import DEFAULT_RECV_BUFFER, UdpSession
from app.net.sessions.udp_sources import MAX_SOURCES
from ui.fields import check, host_combo, spin
from ui.options import Bool, Int, Text
from ui.page.network.panel import NetworkPanel, local_options, remote_options


class NeedsResolve(Exception):
    """The UDP target is a host name: resolve it (asynchronously) before sending."""

    def __init__(self, host: str):
        super().__init__(host)
        self.host = host


class UdpNetwork(NetworkPanel):
    kind = "udp"
    SOCKET_OPTIONS = "udp"
    NOT_OPEN = "the UDP socket is not open"
    OPTIONS = {**local_options("0.0.0.0", 8081), **remote_options("127.0.0.1", 8082),
               "broadcast": Bool(False), "reply_to_sender": Bool(False),
               "multicast_group": Text("239.255.0.1", 64), "multicast_interface": Text("0.0.0.0", 256),
               "recv_buffer_kib": Int(DEFAULT_RECV_BUFFER // 1024, 0, 1 << 20), "sources": Int(1, 1, MAX_SOURCES)}

    def build(self) -> None:
        self._local()
        self._remote()
        self.broadcast = check("broadcastBox", self.tr("Allow broadcast"))
        self.form.addRow(self.broadcast)
        self.reply_to_sender = check("replyToSender", self.tr("Reply to last sender"))
        self.form.addRow(self.reply_to_sender)
        self.recv_buffer = spin("recvBuffer", self.tr("Receive buffer in KiB"), 0, 1 << 20, suffix=self.tr(" KiB"))
        self.recv_buffer.setSpecialValueText(self.tr("system default"))
        self.recv_buffer.setToolTip(self.tr("What the socket asks the kernel to hold while the window is busy"))
        self.form.addRow(self.tr("Receive buffer"), self.recv_buffer)
        self.source_count = spin("sourceCount", self.tr("Sockets that send (each from its own port)"), 1,
                                 MAX_SOURCES, 1)
        self.source_count.setToolTip(self.tr("Load a UDP server as many clients would: every send goes out from "
                                             "each socket, and their replies are received here"))
        self.form.addRow(self.tr("Sources"), self.source_count)
        self.source_count.valueChanged.connect(self.changed)
        self.mcast_group = QLineEdit(self)
        self.mcast_group.setObjectName("multicastGroup")
        self.mcast_group.setAccessibleName(self.tr("Multicast group"))
        self.form.addRow(self.tr("Multicast group"), self.mcast_group)
        self.mcast_iface = host_combo("multicastInterface", self.tr("Multicast interface"),
                                      [a for a in machine_addresses() if "." in a])
        self.form.addRow(self.tr("Interface"), self.mcast_iface)
        row = QHBoxLayout()
        self.join_button = QPushButton(self.tr("Join group"), self)
        self.join_button.setObjectName("joinGroup")
        self.leave_button = QPushButton(self.tr("Leave group"), self)
        self.leave_button.setObjectName("leaveGroup")
        row.addWidget(self.join_button)
        row.addWidget(self.leave_button)
        self.form.addRow(row)
        for box in (self.broadcast, self.reply_to_sender):
            box.toggled.connect(self.changed)
        self.mcast_group.textChanged.connect(self.changed)
        self.recv_buffer.valueChanged.connect(self.changed)

    def configure(self, session: Session) -> None:
        super().configure(session)
        assert isinstance(session, UdpSession) and self.local_host and self.local_port
        session.host = self.local_host.currentText().strip()
        session.port = self.local_port.value()
        session.broadcast = self.broadcast.isChecked()
        session.recv_buffer = self.recv_buffer.value() * 1024
        session.sources = self.source_count.value()

    def set_fixed(self, fixed: bool) -> None:
        super().set_fixed(fixed)
        self.source_count.setEnabled(not fixed)

    def state_words(self, session: Session) -> str:
        words = super().state_words(session)
        if isinstance(session, UdpSession) and session.state is State.OPEN:
            tip = self.tr("Receive buffer: asked for %1 KiB, the kernel granted %2 KiB").replace(
                "%1", f"{session.recv_buffer // 1024:,}").replace("%2", f"{session.recv_buffer_granted // 1024:,}")
            self.state_label.setToolTip(tip)
        return words

    def target(self, session: Session, chosen: str | None) -> Address | None:
        super().target(session, chosen)
        assert isinstance(session, UdpSession) and self.remote_host and self.remote_port
        if self.reply_to_sender.isChecked() and session.last_sender is not None:
            return session.last_sender
        host = self.remote_host.currentText().strip().strip("[]")
        if not host:
            raise NoTarget("no remote host to send to")
        if (problem := self.remote_port.problem()) is not None:
            raise problem
        if not is_ip(host):
            raise NeedsResolve(host)
        return Address(host, self.remote_port.value())

    async def resolve(self, session: UdpSession, host: str) -> Address:
        assert self.remote_port is not None
        return await session.resolve_target(host, self.remote_port.value())

    def attach(self, session: Session) -> None:
        assert isinstance(session, UdpSession)
        self.broadcast.toggled.connect(session.set_broadcast)
        self.join_button.clicked.connect(lambda: self.multicast(session, join=True))
        self.leave_button.clicked.connect(lambda: self.multicast(session, join=False))

    def sent(self) -> None:
        self.remember_host()

    def multicast(self, session: UdpSession, join: bool) -> None:
        """Join or leave the group in the fields; what goes wrong goes out as ``errorOccurred``, in words."""
        group = self.mcast_group.text().strip()
        iface = self.mcast_iface.currentText().strip() or "0.0.0.0"
        try:
            if join:
                session.join(group, iface)
            else:
                session.leave(group, iface)
        except NetAssistError as exc:
            self.errorOccurred.emit(exc)
        except OSError as exc:
            self.errorOccurred.emit(InvalidAddress(f"{group}: {exc}"))

    def to_settings(self) -> dict[str, Any]:
        return {**super().to_settings(), "broadcast": self.broadcast.isChecked(),
                "reply_to_sender": self.reply_to_sender.isChecked(), "multicast_group": self.mcast_group.text(),
                "multicast_interface": self.mcast_iface.currentText(), "recv_buffer_kib": self.recv_buffer.value(),
                "sources": self.source_count.value()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        super().apply_settings(s)
        self.broadcast.setChecked(s["broadcast"])
        self.reply_to_sender.setChecked(s["reply_to_sender"])
        self.mcast_group.setText(s["multicast_group"])
        self.mcast_iface.setCurrentText(s["multicast_interface"])
        self.recv_buffer.setValue(s["recv_buffer_kib"])
        self.source_count.setValue(s["sources"])
