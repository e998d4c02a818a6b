"""The TCP relay page's network panel: where to listen, the target to relay to, and which way the send
area injects (to the target, or to the client)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton

from app.records import Address
from app.session import Session
from app.tcp_relay import TcpRelaySession
from ui.fields import check, combo, select
from ui.options import Choice
from ui.panels.network import NetworkPanel, _local_options, _remote_options, chosen_peer


class TcpRelayNetwork(NetworkPanel):
    kind = "tcp-relay"
    NOT_OPEN = "the relay is not listening"
    OPTIONS = {**_local_options("0.0.0.0", 8000), **_remote_options("127.0.0.1", 8080),
               "inject": Choice("to-target", ("to-target", "to-client"))}

    def build(self) -> None:
        self._local()
        self._remote()
        assert self.remote_host is not None and self.remote_port is not None
        self.remote_host.setAccessibleName(self.tr("Target host"))
        self.remote_port.setAccessibleName(self.tr("Target port"))
        self.form.labelForField(self.remote_host).setText(self.tr("Target host"))  # type: ignore[attr-defined]
        self.form.labelForField(self.remote_port).setText(self.tr("Target port"))  # type: ignore[attr-defined]
        self.inject: QComboBox = combo("injectDirection", self.tr("Send injects"), [
            (self.tr("to the target (as if from the client)"), "to-target"),
            (self.tr("to the client (as if from the target)"), "to-client")])
        self.form.addRow(self.tr("Send injects"), self.inject)
        self.inject.currentIndexChanged.connect(self.changed)
        self.hold_up = check("holdToTarget", self.tr("Hold client → target"))
        self.hold_down = check("holdToClient", self.tr("Hold target → client"))
        for box in (self.hold_up, self.hold_down):
            box.setToolTip(self.tr("Stop forwarding this way: what arrives is kept (up to 4 MiB a pair, then "
                                   "reading pauses) until you let it go or drop it"))
            self.form.addRow(box)
        row = QHBoxLayout()
        self.drop_held = QPushButton(self.tr("Drop held bytes"), self)
        self.drop_held.setObjectName("dropHeld")
        row.addWidget(self.drop_held)
        self.form.addRow(row)

    def attach(self, session: Session) -> None:
        assert isinstance(session, TcpRelaySession)
        self.hold_up.toggled.connect(lambda on: session.hold_all("to-target", on))
        self.hold_down.toggled.connect(lambda on: session.hold_all("to-client", on))
        self.drop_held.clicked.connect(lambda: [session.drop_all_held(w) for w in ("to-target", "to-client")])

    def open_texts(self) -> tuple[str, str]:
        return self.tr("Start relay"), self.tr("Stop relay")

    def configure(self, session: Session) -> None:
        super().configure(session)
        assert isinstance(session, TcpRelaySession) and self.local_host and self.local_port
        assert self.remote_host and self.remote_port
        session.host = self.local_host.currentText().strip()
        session.port = self.local_port.value()
        session.target_host = self.remote_host.currentText().strip()
        session.target_port = self.remote_port.value()
        self.remember_host()

    def set_fixed(self, fixed: bool) -> None:
        super().set_fixed(fixed)
        for w in (self.remote_host, self.remote_port):
            if w is not None:
                w.setEnabled(not fixed)

    @property
    def way(self) -> str:
        return str(self.inject.currentData())

    def target(self, session: Session, chosen: str | None) -> Address | None:
        super().target(session, chosen)
        assert isinstance(session, TcpRelaySession)
        return chosen_peer(session.pairs, chosen)

    def to_settings(self) -> dict[str, Any]:
        return {**super().to_settings(), "inject": self.way}

    def apply_settings(self, s: dict[str, Any]) -> None:
        super().apply_settings(s)
        select(self.inject, s["inject"])
