"""The status line under a page: the state in words, RX and TX counts, rates, and Reset counters; on datagram
pages also what the kernel dropped for a full receive buffer (and what a relay dropped itself)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from app.core.records import Counts
from ui.page.panels.peer_table import rate_text


class CountLabel(QLabel):
    """A byte counter that repaints only itself when its number changes.

    A plain QLabel asks its layout to re-run on every ``setText``; under a flood that re-laid out and
    repainted the whole page at every repaint tick (measured: a quarter of the window's time). This one has
    a fixed size, widened only when the number outgrows it, so a new count touches just its own pixels.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__("0", parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setFixedWidth(self._width("000,000,000"))
        self.setFixedHeight(self.sizeHint().height())

    def _width(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text) + 2 * self.margin() + 4

    def set_count(self, n: int) -> None:
        text = f"{n:,}"
        if text == self.text():
            return
        if self._width(text) > self.width():
            self.setFixedWidth(self._width(text + ",000"))  # room for the next thousandfold too
        self.setText(text)


class Rates:
    """Bytes (and packets) per second received and sent, smoothed, from the session's counters."""

    def __init__(self) -> None:
        self.rx = self.tx = self.rx_packets = 0.0
        self._last: tuple[int, int, int] | None = None
        self._at = time.monotonic()

    def update(self, total: Counts) -> bool:
        """Fold in the counters (at most twice a second); returns whether the rates changed."""
        now = time.monotonic()
        dt = now - self._at
        current = (total.rx_bytes, total.tx_bytes, total.rx_packets)
        if self._last is None or dt < 0.5:
            if self._last is None:
                self._last, self._at = current, now
            return False
        deltas = [max(0, c - p) / dt for c, p in zip(current, self._last, strict=True)]
        old = (self.rx, self.tx, self.rx_packets)
        self.rx, self.tx, self.rx_packets = (0.4 * o + 0.6 * d if o else d for o, d in zip(old, deltas, strict=True))
        if not any(deltas):
            self.rx = self.tx = self.rx_packets = 0.0
        self._last, self._at = current, now
        return (self.rx, self.tx, self.rx_packets) != old


class StatusLine(QWidget):
    """State, counters and rates at the bottom of a page; ``resetRequested`` on Reset counters."""

    resetRequested = Signal()

    def __init__(self, *, datagrams: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.datagrams = datagrams
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel(self)
        self.state.setObjectName("statusState")
        # long words (an error, "all interfaces") must not widen the window: cut here, whole in the tooltip
        self.state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state.setMinimumWidth(80)
        row.addWidget(self.state, 1)
        row.addWidget(QLabel(self.tr("RX:"), self))
        self.rx_count = CountLabel(self)
        self.rx_count.setObjectName("rxCount")
        self.rx_count.setAccessibleName(self.tr("Bytes received"))
        row.addWidget(self.rx_count)
        row.addWidget(QLabel(self.tr("TX:"), self))
        self.tx_count = CountLabel(self)
        self.tx_count.setObjectName("txCount")
        self.tx_count.setAccessibleName(self.tr("Bytes sent"))
        row.addWidget(self.tx_count)
        self.rate_label = QLabel(self)
        self.rate_label.setObjectName("rateLabel")
        self.rate_label.setAccessibleName(self.tr("Data rates"))
        sample = "↓ 000.0 MB/s  ↑ 000.0 MB/s" + ("  000,000 datagrams/s" if datagrams else "")
        self.rate_label.setFixedWidth(self.rate_label.fontMetrics().horizontalAdvance(sample) + 8)
        self.rate_label.setFixedHeight(self.rate_label.sizeHint().height())
        row.addWidget(self.rate_label)
        #: Datagram pages: what the kernel dropped at the session's sockets, and (a relay) what it dropped itself.
        self.kernel_dropped: QLabel | None = None
        self.relay_dropped: QLabel | None = None
        self._drops: tuple[int | None, int | None] | None = None
        if datagrams:
            self.relay_dropped = QLabel(self)
            self.relay_dropped.setObjectName("relayDropped")
            self.relay_dropped.setToolTip(self.tr("Datagrams the relay received but did not forward: held ones "
                                                  "dropped, a full hold queue, a send that failed"))
            self.relay_dropped.hide()
            row.addWidget(self.relay_dropped)
            self.kernel_dropped = QLabel(self)
            self.kernel_dropped.setObjectName("kernelDropped")
            self.kernel_dropped.setAccessibleName(self.tr("Datagrams the kernel dropped"))
            self.kernel_dropped.setToolTip(self.tr("Datagrams the system threw away before this program read them, "
                                                   "because the socket's receive buffer was full (read once a "
                                                   "second; \"unknown\" where the system does not say)"))
            row.addWidget(self.kernel_dropped)
            self.show_drops(None, None)
        self.rates = Rates()
        self.reset_button = QPushButton(self.tr("Reset counters"), self)
        self.reset_button.setObjectName("resetCounters")
        row.addWidget(self.reset_button)
        self.reset_button.clicked.connect(self.resetRequested)

    def show_counts(self, total: Counts) -> None:
        self.rx_count.set_count(total.rx_bytes)
        self.tx_count.set_count(total.tx_bytes)
        if self.rates.update(total):
            text = f"↓ {rate_text(self.rates.rx)}  ↑ {rate_text(self.rates.tx)}"
            if self.datagrams:
                text += "  " + self.tr("%1 datagrams/s").replace("%1", f"{self.rates.rx_packets:,.0f}")
            self.rate_label.setText(text)

    def show_drops(self, kernel: int | None, relay: int | None) -> None:
        """What the kernel dropped (None: the system does not say); ``relay``: what a relay dropped itself (None:
        not a relay)."""
        if self.kernel_dropped is None or self.relay_dropped is None or self._drops == (kernel, relay):
            return
        self._drops = (kernel, relay)
        count = self.tr("unknown") if kernel is None else f"{kernel:,}"
        self.kernel_dropped.setText(self.tr("kernel dropped %1").replace("%1", count))
        self.kernel_dropped.setStyleSheet("color: #c62828;" if kernel else "")
        if relay is not None:
            self.relay_dropped.setText(self.tr("relay dropped %1").replace("%1", f"{relay:,}"))
            self.relay_dropped.setStyleSheet("color: #c62828;" if relay else "")
        self.relay_dropped.setVisible(relay is not None)

    def show_state(self, words: str, tip: str = "") -> None:
        self.state.setText(words.replace("\n", " · "))
        self.state.setToolTip(tip or words)
