"""The relay pages' network panels (TCP and UDP): where to listen, the target to relay to, which way the send
area injects (to the target, or to the client), and holding a direction."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from app.core.records import Address
from app.net.relay import RelaySession
from app.net.session import Session
from app.net.sessions.tcp_relay import DEFAULT_PAIR_LIMIT, TcpRelaySession
from app.net.sessions.udp_relay import DEFAULT_IDLE_S, UdpRelaySession
from ui.fields import check, combo, select, spin
from ui.options import Choice, Int
from ui.page.network.panel import CLIENT_LIMIT_MAX, NetworkPanel, chosen_peer, local_options, remote_options
from ui.page.network.tls_controls import TlsControls, tls_options


class TcpRelayNetwork(NetworkPanel):
    kind = "tcp-relay"
    remote_fixed = True
    NOT_OPEN = "the relay is not listening"
    OPTIONS = {**local_options("0.0.0.0", 8000), **remote_options("127.0.0.1", 8080),
               "inject": Choice("to-target", ("to-target", "to-client")), **tls_options(),
               **tls_options("tls_target_"), "pair_limit": Int(DEFAULT_PAIR_LIMIT, 1, CLIENT_LIMIT_MAX)}

    def build(self) -> None:
        self._local()
        self._remote()
        assert self.remote_host is not None and self.remote_port is not None
        self.remote_host.setAccessibleName(self.tr("Target host"))
        self.remote_port.setAccessibleName(self.tr("Target port"))
        for field, words in ((self.remote_host, self.tr("Target host")), (self.remote_port, self.tr("Target port"))):
            label = self.form.labelForField(field)
            assert isinstance(label, QLabel)  # (the form's own label for a row added with words)
            label.setText(words)
        if self.kind == "tcp-relay":  # at most so many pairs; more clients are refused, said once a second at most
            self.pair_limit = spin("pairLimit", self.tr("Pair limit"), 1, CLIENT_LIMIT_MAX, DEFAULT_PAIR_LIMIT)
            self.pair_limit.setGroupSeparatorShown(True)
            self.pair_limit.setToolTip(self.tr("Clients relayed at once (each with its connection to the target); "
                                               "more are refused, said at most once a second. It can change while "
                                               "relaying."))
            self.form.addRow(self.tr("Pair limit"), self.pair_limit)
            self.pair_limit.valueChanged.connect(self.changed)
        if self.kind == "tcp-relay":  # TLS towards the clients (as a server), and towards the target (as a client)
            self.tls = TlsControls("server", self.form, enable_text=self.tr("TLS towards clients"), parent=self)
            self.tls_target = TlsControls("client", self.form, enable_name="tlsTarget", prefix="tlsTarget",
                                          enable_text=self.tr("TLS towards the target"), parent=self)
            for side in (self.tls, self.tls_target):
                side.changed.connect(self.changed)
        self.inject: QComboBox = combo("injectDirection", self.tr("Send injects"), [
            (self.tr("to the target (as if from the client)"), "to-target"),
            (self.tr("to the client (as if from the target)"), "to-client")])
        self.form.addRow(self.tr("Send injects"), self.inject)
        self.inject.currentIndexChanged.connect(self.changed)
        self.hold_up = check("holdToTarget", self.tr("Hold client → target"))
        self.hold_down = check("holdToClient", self.tr("Hold target → client"))
        for box in (self.hold_up, self.hold_down):
            box.setToolTip(self.hold_words())
            self.form.addRow(box)
        row = QHBoxLayout()
        self.drop_held = QPushButton(self.tr("Drop held bytes"), self)
        self.drop_held.setObjectName("dropHeld")
        row.addWidget(self.drop_held)
        self.form.addRow(row)

    def hold_words(self) -> str:
        return self.tr("Stop forwarding this way: what arrives is kept (up to 4 MiB a pair and 64 MiB for the "
                       "relay, then reading pauses) until you let it go or drop it")

    def attach(self, session: Session) -> None:
        assert isinstance(session, RelaySession)
        self.hold_up.toggled.connect(lambda on: session.hold_all("to-target", on))
        self.hold_down.toggled.connect(lambda on: session.hold_all("to-client", on))
        self.drop_held.clicked.connect(lambda: [session.drop_all_held(w) for w in ("to-target", "to-client")])
        if isinstance(session, TcpRelaySession):
            self.pair_limit.valueChanged.connect(lambda v: setattr(session, "pair_limit", v))

    def open_texts(self) -> tuple[str, str]:
        return self.tr("Start relay"), self.tr("Stop relay")

    def configure(self, session: Session) -> None:
        super().configure(session)
        assert isinstance(session, RelaySession) and self.local_host and self.local_port
        assert self.remote_host and self.remote_port
        session.host = self.local_host.currentText().strip()
        session.port = self.local_port.value()
        session.target_host = self.remote_host.currentText().strip()
        session.target_port = self.remote_port.value()
        if isinstance(session, TcpRelaySession):
            session.listen_tls, session.target_tls = self.tls.options(), self.tls_target.options()
            session.pair_limit = self.pair_limit.value()
        self.remember_host()

    def set_fixed(self, fixed: bool) -> None:
        super().set_fixed(fixed)
        if self.kind == "tcp-relay":
            self.tls.set_fixed(fixed)
            self.tls_target.set_fixed(fixed)

    @property
    def way(self) -> str:
        return str(self.inject.currentData())

    def target(self, session: Session, chosen: str | None) -> Address | None:
        super().target(session, chosen)
        assert isinstance(session, RelaySession)
        return chosen_peer(session.relayed, chosen)

    def to_settings(self) -> dict[str, Any]:
        out = {**super().to_settings(), "inject": self.way}
        if self.kind == "tcp-relay":
            out.update(self.tls.to_settings())
            out.update(self.tls_target.to_settings("tls_target_"))
            out["pair_limit"] = self.pair_limit.value()
        return out

    def apply_settings(self, s: dict[str, Any]) -> None:
        super().apply_settings(s)
        select(self.inject, s["inject"])
        if self.kind == "tcp-relay":
            self.tls.apply_settings(s)
            self.tls_target.apply_settings(s, "tls_target_")
            self.pair_limit.setValue(s["pair_limit"])


class UdpRelayNetwork(TcpRelayNetwork):
    """UDP: each source gets a socket of its own towards the target (so replies map back); a mapping idle
    either way for the expiry time is closed, and at most 1,024 are kept (the least recently used goes)."""

    kind = "udp-relay"
    SOCKET_OPTIONS = None  # (its sockets come and go with the sources; the receive buffer is its own)
    OPTIONS = {k: v for k, v in TcpRelayNetwork.OPTIONS.items() if not k.startswith("tls_") and k != "pair_limit"}
    OPTIONS["idle_s"] = Int(int(DEFAULT_IDLE_S), 0, 86_400)

    def build(self) -> None:
        super().build()
        self.idle = spin("idleExpiry", self.tr("Close a source's mapping after this long without traffic"), 0,
                         86_400, int(DEFAULT_IDLE_S), self.tr(" s"))
        self.idle.setSpecialValueText(self.tr("never"))
        self.form.addRow(self.tr("Idle expiry"), self.idle)
        self.idle.valueChanged.connect(self.changed)

    def hold_words(self) -> str:
        return self.tr("Stop forwarding this way: datagrams are kept (up to 16,384 or 4 MiB for the relay, then "
                       "more are dropped and counted) until you let them go or drop them")

    def configure(self, session: Session) -> None:
        super().configure(session)
        assert isinstance(session, UdpRelaySession)
        session.idle_s = float(self.idle.value())

    def set_fixed(self, fixed: bool) -> None:
        super().set_fixed(fixed)
        self.idle.setEnabled(not fixed)

    def to_settings(self) -> dict[str, Any]:
        return {**super().to_settings(), "idle_s": self.idle.value()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        super().apply_settings(s)
        self.idle.setValue(s["idle_s"])
