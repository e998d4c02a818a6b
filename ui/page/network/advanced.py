"""高级: the network panel's socket options, folded away until ticked — TCP_NODELAY, keepalive with its timing,
buffer sizes, TTL — applied when a socket opens and shown back as the kernel set them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.net.session import Session
from app.net.sockopts import Applied, SocketOptions
from ui.fields import check, spin
from ui.options import Bool, Int, Option

#: Longest keepalive idle time Linux takes (TCP_KEEPIDLE is at most 32,767 s).
KEEP_MAX = 32_767


class SocketOptionsControls(QGroupBox):
    """A checkable group: unticked, every socket keeps the system's settings."""

    changed = Signal()

    OPTIONS: dict[str, Option] = {
        "sockopts": Bool(False), "nodelay": Bool(True), "keepalive": Bool(False), "keep_idle": Int(60, 0, KEEP_MAX),
        "keep_interval": Int(10, 0, 3600), "keep_count": Int(5, 0, 100), "rcvbuf_kib": Int(0, 0, 65_536),
        "sndbuf_kib": Int(0, 0, 65_536), "ttl": Int(0, 0, 255)}

    def __init__(self, tcp: bool, parent: QWidget | None = None):
        super().__init__(self.tr("Advanced socket options"), parent)
        self.setObjectName("advancedOptions")
        self.setAccessibleName(self.tr("Advanced socket options"))
        self.setCheckable(True)
        self.setChecked(False)
        self.tcp = tcp
        self.body = QWidget(self)
        form = QFormLayout(self.body)
        form.setContentsMargins(0, 0, 0, 0)
        self.nodelay = check("tcpNoDelay", self.tr("Send small writes at once (TCP_NODELAY)"), True)
        self.keepalive = check("keepAlive", self.tr("Keepalive probes (SO_KEEPALIVE)"))
        self.keep_idle = spin("keepIdle", self.tr("Idle time before the first probe"), 0, KEEP_MAX, 60, self.tr(" s"))
        self.keep_interval = spin("keepInterval", self.tr("Time between probes"), 0, 3600, 10, self.tr(" s"))
        self.keep_count = spin("keepCount", self.tr("Probes before giving up"), 0, 100, 5)
        self.rcvbuf = spin("rcvBuf", self.tr("Receive buffer"), 0, 65_536, 0, self.tr(" KiB"))
        self.sndbuf = spin("sndBuf", self.tr("Send buffer"), 0, 65_536, 0, self.tr(" KiB"))
        self.ttl = spin("ipTtl", self.tr("IP TTL / hop limit"), 0, 255, 0)
        for box in (self.rcvbuf, self.sndbuf, self.ttl, self.keep_idle, self.keep_interval, self.keep_count):
            box.setSpecialValueText(self.tr("system"))
        if tcp:
            form.addRow(self.nodelay)
            form.addRow(self.keepalive)
            timing = QHBoxLayout()
            for box in (self.keep_idle, self.keep_interval, self.keep_count):
                timing.addWidget(box)
            form.addRow(self.tr("Idle, every, probes"), timing)
            form.addRow(self.tr("Receive buffer"), self.rcvbuf)
        form.addRow(self.tr("Send buffer"), self.sndbuf)
        form.addRow(self.tr("TTL"), self.ttl)
        self.shown = QLabel(self.body)
        self.shown.setObjectName("socketOptionsShown")
        self.shown.setWordWrap(True)
        form.addRow(self.shown)
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 2, 6, 2)
        col.addWidget(self.body)
        self.body.setVisible(False)
        self._fold(False)
        self.toggled.connect(self.body.setVisible)
        self.toggled.connect(self._fold)
        self.toggled.connect(self.changed)
        self.keepalive.toggled.connect(self._keep_follow)
        self._keep_follow()
        for check_box in (self.nodelay, self.keepalive):
            check_box.toggled.connect(self.changed)
        for s in (self.keep_idle, self.keep_interval, self.keep_count, self.rcvbuf, self.sndbuf, self.ttl):
            s.valueChanged.connect(self.changed)
        self._applied: Applied | None = None

    def _fold(self, on: bool) -> None:
        """Folded, it is a title line with its checkbox, not an empty frame."""
        self.setFlat(not on)
        self.setStyleSheet("" if on else "QGroupBox#advancedOptions { border: none; }")
        # (a styled group box sizes itself without its title: keep room for the title line, in any script)
        self.setMinimumHeight(0 if on else self.fontMetrics().height() + 12)

    def _keep_follow(self) -> None:
        for box in (self.keep_idle, self.keep_interval, self.keep_count):
            box.setEnabled(self.keepalive.isChecked())

    def options(self) -> SocketOptions | None:
        if not self.isChecked():
            return None
        return SocketOptions(nodelay=self.nodelay.isChecked() if self.tcp else None,
                             keepalive=self.keepalive.isChecked() if self.tcp else None,
                             keep_idle=self.keep_idle.value(), keep_interval=self.keep_interval.value(),
                             keep_count=self.keep_count.value(),
                             rcvbuf=self.rcvbuf.value() * 1024 if self.tcp else 0, sndbuf=self.sndbuf.value() * 1024,
                             ttl=self.ttl.value())

    def refresh(self, session: Session) -> None:
        """Show what the kernel set on the last socket opened (once per new result)."""
        applied = session.socket_options_applied
        if applied is self._applied:
            return
        self._applied = applied
        if applied is None:
            self.shown.setText("")
            return
        v = applied.values
        parts = []
        if "nodelay" in v:
            parts.append(self.tr("TCP_NODELAY %1").replace("%1", self.tr("on") if v["nodelay"] else self.tr("off")))
        if v.get("keepalive"):
            parts.append(self.tr("keepalive %1 s / %2 s / %3").replace("%1", str(v.get("keep_idle", "?")))
                         .replace("%2", str(v.get("keep_interval", "?"))).replace("%3", str(v.get("keep_count", "?"))))
        if "rcvbuf" in v:
            parts.append(self.tr("buffers %1 / %2 bytes").replace("%1", f"{v['rcvbuf']:,}")
                         .replace("%2", f"{v['sndbuf']:,}"))
        if "ttl" in v:
            parts.append(self.tr("TTL %1").replace("%1", str(v["ttl"])))
        text = self.tr("The kernel set: %1").replace("%1", ", ".join(parts))
        if applied.failed:
            text += "\n" + self.tr("Not set: %1").replace("%1", ", ".join(f"{k} ({why})"
                                                                           for k, why in applied.failed.items()))
        self.shown.setText(text)

    def set_fixed(self, fixed: bool) -> None:
        """While open the choices stay as the socket got them (what the kernel set stays readable)."""
        for w in (self.nodelay, self.keepalive, self.rcvbuf, self.sndbuf, self.ttl):
            w.setEnabled(not fixed)
        for w in (self.keep_idle, self.keep_interval, self.keep_count):
            w.setEnabled(not fixed and self.keepalive.isChecked())

    def to_settings(self) -> dict[str, Any]:
        return {"sockopts": self.isChecked(), "nodelay": self.nodelay.isChecked(),
                "keepalive": self.keepalive.isChecked(), "keep_idle": self.keep_idle.value(),
                "keep_interval": self.keep_interval.value(), "keep_count": self.keep_count.value(),
                "rcvbuf_kib": self.rcvbuf.value(), "sndbuf_kib": self.sndbuf.value(), "ttl": self.ttl.value()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        self.setChecked(s["sockopts"])
        self.nodelay.setChecked(s["nodelay"])
        self.keepalive.setChecked(s["keepalive"])
        self.keep_idle.setValue(s["keep_idle"])
        self.keep_interval.setValue(s["keep_interval"])
        self.keep_count.setValue(s["keep_count"])
        self.rcvbuf.setValue(s["rcvbuf_kib"])
        self.sndbuf.setValue(s["sndbuf_kib"])
        self.ttl.setValue(s["ttl"])


__all__ = ["SocketOptionsControls"]
