"""The page's *Rates* tab (``ratesChart``): bytes per second received and sent — and datagrams per second on a
datagram page — over the last ten minutes, for the session and, where the page has several peers, for the one
chosen (the peer filter's choice: a server's selected client).

The numbers are the session's counters (what the status line shows), sampled once a second by a timer of its
own, whether the tab is shown or not (a few numbers a second); the plot (pyqtgraph) is made when the tab is
first shown. ``seriesNames()`` / ``seriesValues(name)`` read the samples back as the chart's view does.
"""

from __future__ import annotations

import math
import time
from collections import deque
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.core.records import Counters, Counts
from ui.chart.view import time_axis
from ui.page.panels.peer_table import rate_text

#: Samples kept: ten minutes, one a second.
KEEP = 600
#: How often the counters are sampled (ms).
SAMPLE_MS = 1000
#: The series: a name, what of :class:`Counts` it is, whether it is the chosen peer's, its colour and dash.
_SERIES = (("rx", "rx_bytes", False), ("tx", "tx_bytes", False), ("rx_datagrams", "rx_packets", False),
           ("tx_datagrams", "tx_packets", False), ("peer_rx", "rx_bytes", True), ("peer_tx", "tx_bytes", True))
_COLOURS = {"rx": "#1f77b4", "tx": "#ff7f0e", "rx_datagrams": "#1f77b4", "tx_datagrams": "#ff7f0e",
            "peer_rx": "#2ca02c", "peer_tx": "#d62728"}


class RatesChart(QWidget):
    """Rates over time (see the module docstring)."""

    def __init__(self, counters: Counters, *, datagrams: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ratesChart")
        self.counters = counters
        self.datagrams = datagrams
        #: The peer filter's choice (``host:port``) whose rates are drawn too, None for none.
        self.peer: str | None = None
        self.times: deque[float] = deque(maxlen=KEEP)
        self.values: dict[str, deque[float]] = {name: deque(maxlen=KEEP) for name, _, _ in _SERIES}
        self._last: tuple[float, Counts, Counts | None] | None = None
        self._plots: list[Any] = []
        self._curves: dict[str, Any] = {}
        self._legends: dict[str, Any] = {}
        #: The label each series has in its plot's legend (absent: not listed).
        self._listed: dict[str, str] = {}
        self.now = QLabel(self)
        self.now.setObjectName("ratesNow")
        self.now.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.now.setText(self.tr("Bytes per second, sampled once a second"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.now)
        self.timer = QTimer(self)
        self.timer.setInterval(SAMPLE_MS)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.timeout.connect(self.sample)
        self.timer.start()

    def _names(self) -> dict[str, str]:
        return {"rx": self.tr("RX"), "tx": self.tr("TX"), "rx_datagrams": self.tr("RX datagrams"),
                "tx_datagrams": self.tr("TX datagrams"), "peer_rx": self.tr("%1 RX"), "peer_tx": self.tr("%1 TX")}

    # ------------------------------------------------------------------------ sampling
    def set_peer(self, peer: str | None) -> None:
        """Draw ``peer``'s rates too (from now on), or nobody's."""
        peer = peer or None
        if peer != self.peer:
            self.peer = peer
            for name in ("peer_rx", "peer_tx"):
                self.values[name].clear()
                self.values[name].extend([float("nan")] * len(self.times))
            self._last = None if self._last is None else (self._last[0], self._last[1], self._peer_counts())
            self.redraw()

    def _peer_counts(self) -> Counts | None:
        if self.peer is None:
            return None
        for address, counts in list(self.counters.peers.items()):
            if str(address) == self.peer:
                return Counts(counts.rx_bytes, counts.tx_bytes, counts.rx_packets, counts.tx_packets)
        return None

    def sample(self, now: float | None = None) -> None:
        """Read the counters: the rates since the last sample (``now``: wall-clock seconds; the timer's)."""
        now = time.time() if now is None else now
        t = self.counters.total
        total = Counts(t.rx_bytes, t.tx_bytes, t.rx_packets, t.tx_packets)
        peer = self._peer_counts()
        last, self._last = self._last, (now, total, peer)
        if last is None or now <= last[0]:
            return
        dt = now - last[0]
        for name, field, of_peer in _SERIES:
            if of_peer:
                before, after = last[2], peer
                value = float("nan") if before is None or after is None else \
                    max(0, getattr(after, field) - getattr(before, field)) / dt
            else:  # (a Reset counters goes back to zero: not a negative rate)
                value = max(0, getattr(total, field) - getattr(last[1], field)) / dt
            self.values[name].append(value)
        self.times.append(now)
        self.redraw()

    # ------------------------------------------------------------------------ the contract
    def seriesNames(self) -> list[str]:  # (as chartView's)
        """The series drawn: ``rx``, ``tx``; ``rx_datagrams``, ``tx_datagrams`` on a datagram page;
        ``peer_rx``, ``peer_tx`` while a peer is chosen."""
        names = ["rx", "tx"] + (["rx_datagrams", "tx_datagrams"] if self.datagrams else [])
        return names + (["peer_rx", "peer_tx"] if self.peer is not None else [])

    def seriesValues(self, name: str) -> list[float]:
        """The rates of series ``name``, one a second, oldest first (per second)."""
        return list(self.values[name]) if name in self.seriesNames() else []

    # ------------------------------------------------------------------------ drawing
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.redraw()

    def _make_plots(self) -> None:
        import pyqtgraph as pg

        pal = self.palette()
        rows: list[tuple[str, str, tuple[str, ...]]] = [
            ("bytes", self.tr("bytes/s"), ("rx", "tx", "peer_rx", "peer_tx"))]
        if self.datagrams:
            rows.append(("datagrams", self.tr("datagrams/s"), ("rx_datagrams", "tx_datagrams")))
        for key, unit, names in rows:
            plot = pg.PlotWidget(self, background=pal.base().color(), axisItems={"bottom": time_axis()})
            plot.setObjectName(f"ratesPlot_{key}")
            item = plot.getPlotItem()
            item.hideButtons()
            item.showGrid(x=True, y=True, alpha=0.25)
            item.setMouseEnabled(x=False, y=False)
            item.setLabel("left", unit)
            for side in ("left", "bottom"):
                axis = item.getAxis(side)
                axis.setTextPen(pal.text().color())
                axis.setPen(pal.mid().color())
            legend = item.addLegend(offset=(4, 4), labelTextColor=pal.text().color())
            legend.setBrush(pg.mkBrush(pal.base().color()))
            for name in names:
                style = Qt.PenStyle.DashLine if name.startswith("peer") else Qt.PenStyle.SolidLine
                # (1-pixel pens: wider ones cost the raster engine several times more; no name: the legend
                # lists only the series shown, see redraw)
                self._curves[name] = item.plot([], [], pen=pg.mkPen(_COLOURS[name], width=1, style=style))
                self._legends[name] = legend
            self._layout.addWidget(plot, 1)
            self._plots.append(plot)

    def redraw(self) -> None:
        """The words above the plot, and (once shown) the plot."""
        self._say()
        if not self.isVisible():
            return
        if not self._plots:
            self._make_plots()
        import numpy as np

        x = np.fromiter(self.times, np.float64, len(self.times))
        names = self._names()
        shown = set(self.seriesNames())
        for name, curve in self._curves.items():
            label = names[name].replace("%1", self.peer or "")
            legend = self._legends[name]
            listed = self._listed.get(name)
            if listed is not None and (name not in shown or listed != label):
                legend.removeItem(curve)
                del self._listed[name]
            if name in shown:
                if name not in self._listed:
                    legend.addItem(curve, label)
                    self._listed[name] = label
                curve.setData(x, np.fromiter(self.values[name], np.float64, len(self.values[name])),
                              connect="finite")
                curve.show()
            else:
                curve.setData([], [])
                curve.hide()

    def _say(self) -> None:
        if not self.times:
            return
        words = [f"{self.tr('RX')} {rate_text(self.values['rx'][-1])}",
                 f"{self.tr('TX')} {rate_text(self.values['tx'][-1])}"]
        if self.datagrams:
            words.append(self.tr("%1 / %2 datagrams/s").replace("%1", f"{self.values['rx_datagrams'][-1]:,.0f}")
                         .replace("%2", f"{self.values['tx_datagrams'][-1]:,.0f}"))
        if self.peer is not None and self.values["peer_rx"] and not math.isnan(self.values["peer_rx"][-1]):
            words.append(f"{self.peer}: ↓ {rate_text(self.values['peer_rx'][-1])} ↑ "
                         f"{rate_text(self.values['peer_tx'][-1])}")
        self.now.setText(" · ".join(words))
