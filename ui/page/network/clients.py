"""The many-clients page's network panel (多连接): the target, how many connections and how fast, and what
became of them (connected, failed, closed, connect-time percentiles)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from app.core.addresses import machine_addresses
from app.core.records import Address
from app.net.session import Session
from app.net.sessions.tcp_load import MAX_CONNECTIONS, TcpClientsSession
from ui.fields import host_combo, spin
from ui.options import Int, Text
from ui.page.network.panel import NetworkPanel, chosen_peer, remote_options


class TcpClientsNetwork(NetworkPanel):
    kind = "tcp-clients"
    remote_fixed = True
    NOT_OPEN = "no connections are open"
    OPTIONS = {**remote_options("127.0.0.1", 8080), "connections": Int(10, 1, MAX_CONNECTIONS),
               "rate": Int(100, 1, 10_000), "local_host": Text("", 256)}

    def build(self) -> None:
        self._remote()
        # where the connections come from: any address (empty), or one of this machine's
        self.local_host = host_combo("localHost", self.tr("Local address the connections come from"),
                                     ["", *(a for a in machine_addresses() if a not in ("0.0.0.0", "::"))])
        line = self.local_host.lineEdit()
        assert line is not None  # (an editable combo box)
        line.setPlaceholderText(self.tr("any"))
        self.form.addRow(self.tr("From address"), self.local_host)
        self.local_host.editTextChanged.connect(self.changed)
        self.count = spin("connectionCount", self.tr("Connections to open"), 1, MAX_CONNECTIONS, 10)
        self.form.addRow(self.tr("Connections"), self.count)
        self.rate = spin("connectRate", self.tr("Connections opened per second"), 1, 10_000, 100,
                         self.tr(" /s"))
        self.form.addRow(self.tr("Rate"), self.rate)
        self.stats = QLabel(self)
        self.stats.setObjectName("connectionStats")
        self.stats.setWordWrap(True)
        self.form.addRow(self.stats)
        for box in (self.count, self.rate):
            box.valueChanged.connect(self.changed)

    def open_texts(self) -> tuple[str, str]:
        return self.tr("Connect all"), self.tr("Close all")

    def configure(self, session: Session) -> None:
        super().configure(session)
        assert isinstance(session, TcpClientsSession) and self.remote_host and self.remote_port
        session.host = self.remote_host.currentText().strip()
        session.port = self.remote_port.value()
        session.count = self.count.value()
        session.rate = float(self.rate.value())
        assert self.local_host is not None
        session.local_host = self.local_host.currentText().strip()
        self.remember_host()

    def set_fixed(self, fixed: bool) -> None:
        super().set_fixed(fixed)
        for w in (self.count, self.rate):
            if w is not None:
                w.setEnabled(not fixed)

    def tick(self, session: Session) -> None:
        assert isinstance(session, TcpClientsSession)
        text = self.tr("Connected %1 · failed %2 · closed %3").replace("%1", f"{session.connected:,}").replace(
            "%2", f"{session.failed:,}").replace("%3", f"{session.closed:,}")
        p50, p99 = session.percentile(50), session.percentile(99)
        if p50 is not None and p99 is not None:
            text += "\n" + self.tr("Connect time: median %1 ms, 99%: %2 ms").replace("%1", f"{p50:.1f}").replace(
                "%2", f"{p99:.1f}")
        if text != self.stats.text():
            self.stats.setText(text)

    def target(self, session: Session, chosen: str | None) -> Address | None:
        super().target(session, chosen)
        assert isinstance(session, TcpClientsSession)
        return chosen_peer(session.peers, chosen)

    def to_settings(self) -> dict[str, Any]:
        return {**super().to_settings(), "connections": self.count.value(), "rate": self.rate.value()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        super().apply_settings(s)
        self.count.setValue(s["connections"])
        self.rate.setValue(s["rate"])
