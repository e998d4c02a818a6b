"""The chart's plot (``chartView``): the series of the peers shown, drawn with pyqtgraph, and beside it the
legend — a row per series with its colour, a box to show or hide it, and last / min / max / mean.

pyqtgraph (and numpy) load when the plot is first shown or exported, not with the window: a page that never
charts never pays for them. Redraws are throttled (:data:`REDRAW_MS`) and drawn from min-max downsampled
points (:func:`app.chart.downsample.minmax`, a lowest and a highest per two pixel columns of the visible
range), so a series of a million points costs what its plot's width costs. The x range follows the newest
data (the time window) until the user pans or zooms; :meth:`ChartView.follow` brings it back. The curves are
one item drawn as a strip chart (:mod:`ui.chart.traces`): while following, a redraw scrolls the picture and
draws only the columns that came into view.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.chart import SeriesKey, SeriesStore

#: Redraws at most this often (~15 a second), however fast samples come.
REDRAW_MS = 66
#: ... and at most this share of the time: a redraw (and its paint) that took 20 ms waits 80 ms for the next.
REDRAW_SHARE = 0.2
#: The longest wait between redraws however costly they are.
REDRAW_MAX_MS = 500
#: Narrower than this, the legend goes under the plot instead of beside it.
WIDE_PX = 760
#: The legend's numbers are refreshed at most this often.
LEGEND_MS = 250
#: Series colours by the store's colour index (stable per name), readable on light and dark backgrounds.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#7f7f7f")


def colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def _number(v: float) -> str:
    return f"{v:.5g}"


def clock(t: float) -> str:
    """Wall-clock seconds as local ``HH:MM:SS.mmm`` (the read-out's time)."""
    ms = round(t * 1000)
    return time.strftime("%H:%M:%S", time.localtime(ms // 1000)) + f".{ms % 1000:03d}"


class Reading(NamedTuple):
    """The point of one shown series nearest the cursor in x."""

    label: str
    time: float
    sample: int
    value: float
    colour: int


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ChartView(QWidget):
    """The plot and its legend. ``seriesNames()`` / ``seriesValues(name)`` are the automation contract."""

    #: Whether the x range follows the newest data (False once the user pans or zooms).
    followChanged = Signal(bool)
    #: The user showed or hid a series in the legend.
    hiddenChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartView")
        self.store: SeriesStore | None = None
        #: The peer filter's choice (``host:port``), None for every peer.
        self.peer: str | None = None
        #: Series (by label) the user hid from the legend.
        self.hidden: set[str] = set()
        self.x_time = True
        #: Seconds of the time window (0: all that is retained).
        self.window_s = 60.0
        self.following = True
        self.paused = False
        self._dirty = False
        self._plot: Any = None  # pyqtgraph's PlotWidget, made when first needed
        #: What was last drawn per series (label → :class:`ui.chart.traces.Curve`).
        self._curves: dict[str, Any] = {}
        self._traces: Any = None  # the curves' item (ui.chart.traces.Traces), made with the plot
        self._setting_range = False
        self._rows: dict[str, QTreeWidgetItem] = {}
        #: Where the cursor is over the plot (x in the plot's units), None when it is not.
        self.cursor_x: float | None = None
        self._crosshair: Any = None
        self._dots: Any = None
        self.readout = QLabel(self)  # (moved into the plot when it is made)
        self.readout.setObjectName("chartReadout")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.readout.setVisible(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        #: What the last redraw cost (seconds: the numbers, and the plot's paint that followed).
        self.redraw_cost = 0.0
        self._legend_at = 0.0

        self.holder = QWidget(self)
        self._holder_layout = QVBoxLayout(self.holder)
        self._holder_layout.setContentsMargins(0, 0, 0, 0)
        self.legend = QTreeWidget(self)
        self.legend.setObjectName("chartLegend")
        self.legend.setAccessibleName(self.tr("Series"))
        self.legend.setRootIsDecorated(False)
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setHeaderLabels([self.tr("Series"), self.tr("Last"), self.tr("Min"), self.tr("Max"),
                                     self.tr("Mean")])
        self.legend.setToolTip(self.tr("Untick a series to hide it"))
        header = self.legend.header()
        header.setStretchLastSection(False)
        # (columns as wide as their contents, but measured only when rows come or a number outgrows its column:
        # a column sized to its contents measures every row's text at each change of any, several times a second)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.legend.setUniformRowHeights(True)
        #: Per number column, the widest text it was sized for (pixels).
        self._widest = [0] * 5
        self.legend.itemChanged.connect(self._legend_changed)
        split = self.split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("chartSplitter")
        split.addWidget(self.holder)
        split.addWidget(self.legend)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setChildrenCollapsible(False)
        self._user_sized = False  # the legend is as wide as its columns until the user moves the splitter
        split.splitterMoved.connect(self._splitter_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    # ------------------------------------------------------------------------ the contract
    def seriesNames(self) -> list[str]:  # (the automation contract's name)
        """The series of the peers shown, in the order they appeared (hidden ones included)."""
        return list(self.labels())

    def seriesValues(self, name: str) -> list[float]:
        """Every retained point of series ``name``, oldest first."""
        key = self.labels().get(name)
        if key is None or self.store is None:
            return []
        return self.store[key].values.tolist()

    # ------------------------------------------------------------------------ which series
    def labels(self) -> dict[str, SeriesKey]:
        """The shown peers' series by label: the name alone where one peer has series, else ``name @ peer``."""
        if self.store is None:
            return {}
        keys = [k for k in self.store.series if self.peer is None or str(k.peer) == self.peer]
        several = len({k.peer for k in keys}) > 1
        return {(f"{k.name} @ {k.peer}" if several and k.peer is not None else k.name): k for k in keys}

    # ------------------------------------------------------------------------ control
    def set_store(self, store: SeriesStore | None) -> None:
        self.store = store
        self.request()

    def set_peer(self, peer: str | None) -> None:
        self.peer = peer or None
        self.request()

    def set_window(self, seconds: float) -> None:
        self.window_s = seconds
        self.follow()

    def set_x_time(self, on: bool) -> None:
        if on == self.x_time:
            return
        self.x_time = on
        if self._plot is not None:
            self._set_axis()
        self.follow()

    def set_paused(self, on: bool) -> None:
        self.paused = on
        if not on:
            self.request()

    def follow(self) -> None:
        """Follow the newest data again (the time window)."""
        if not self.following:
            self.following = True
            self.followChanged.emit(True)
        self.request()

    def request(self) -> None:
        """Something changed: redraw soon (at most every :data:`REDRAW_MS`, never while paused)."""
        self._dirty = True
        if not self.paused and not self._timer.isActive():
            self._timer.start()

    # ------------------------------------------------------------------------ drawing
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_legend)
        self.request()

    def plot(self) -> Any:
        """pyqtgraph's PlotWidget (made on first use)."""
        if self._plot is None:
            import pyqtgraph as pg

            from ui.chart import traces

            pal = self.palette()
            plot = _plot_class()(self.holder, background=pal.base().color(),
                                 axisItems={"left": traces.OpaqueAxis(orientation="left")})
            plot.setObjectName("chartPlot")
            item = plot.getPlotItem()
            item.hideButtons()  # (its auto-range button would fight the time window)
            item.showGrid(x=True, y=True, alpha=0.25)
            self._style_axis(item.getAxis("left"))
            box = item.getViewBox()
            box.disableAutoRange(axis="x")
            box.enableAutoRange(axis="y")
            box.setAutoVisible(y=True)
            box.sigRangeChangedManually.connect(self._user_moved)
            box.sigXRangeChanged.connect(self._range_changed)
            self._crosshair = pg.InfiniteLine(angle=90, movable=False,
                                              pen=pg.mkPen(pal.text().color(), width=1, style=Qt.PenStyle.DashLine))
            self._crosshair.setVisible(False)
            self._crosshair.setZValue(10)
            item.addItem(self._crosshair, ignoreBounds=True)
            self._dots = pg.ScatterPlotItem(size=8, pen=pg.mkPen(pal.base().color(), width=1.5))
            self._dots.setZValue(11)
            self._dots.setVisible(False)  # (shown with the read-out: an empty one still costs each paint)
            item.addItem(self._dots, ignoreBounds=True)
            self._traces = traces.Traces()
            item.addItem(self._traces)
            plot.scene().sigMouseMoved.connect(self._mouse_moved)
            plot.viewport().installEventFilter(self)
            self.readout.setParent(plot)
            back = pal.base().color()
            self.readout.setStyleSheet(
                f"QLabel {{ background: rgba({back.red()},{back.green()},{back.blue()},215); "
                f"border: 1px solid {pal.mid().color().name()}; padding: 2px 4px; }}")
            self._plot = plot
            self._set_axis()
            self._holder_layout.addWidget(plot)
        return self._plot

    # ------------------------------------------------------------------------ the cursor read-out
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self.hide_readout()
        return False

    def _mouse_moved(self, pos: QPointF) -> None:
        box = self._plot.getPlotItem().getViewBox()
        if not box.sceneBoundingRect().contains(pos):
            self.hide_readout()
            return
        self.show_readout(box.mapSceneToView(pos).x())

    def readings(self, x: float) -> list[Reading]:
        """Per shown series, its point nearest ``x`` (time or sample number, as the axis is): a binary search
        in the ring's column (``numpy.searchsorted``), so a million points cost what ten do."""
        import numpy as np

        out: list[Reading] = []
        if self.store is None:
            return out
        for label, key in self.labels().items():
            s = self.store[key]
            n = len(s)
            if label in self.hidden or not n:
                continue
            column = s.times if self.x_time else s.samples
            i = int(np.searchsorted(column, x))
            if i >= n or (i > 0 and x - float(column[i - 1]) <= float(column[i]) - x):
                i -= 1
            out.append(Reading(label, float(s.times[i]), int(s.samples[i]), float(s.values[i]), s.colour))
        return out

    def show_readout(self, x: float) -> list[Reading]:
        """The crosshair at ``x`` and, beside it, the values of the shown series nearest it."""
        plot = self.plot()
        self.cursor_x = x
        found = self.readings(x)
        if not found:
            self._crosshair.setVisible(False)
            self._dots.setData([], [])
            self._dots.setVisible(False)
            self.readout.setVisible(False)
            return found
        self._crosshair.setPos(x)
        self._crosshair.setVisible(True)
        self._dots.setVisible(True)
        self._dots.setData([r.time if self.x_time else r.sample for r in found], [r.value for r in found],
                           brush=[colour(r.colour) for r in found])
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).name()
        rows = []
        for r in found:
            where = (f"{clock(r.time)} #{r.sample}" if self.x_time else f"#{r.sample} {clock(r.time)}")
            rows.append(f"<tr><td style='color:{colour(r.colour).name()}'>■</td><td>{_escape(r.label)}</td>"
                        f"<td align='right'>&nbsp;<b>{r.value:.10g}</b></td>"
                        f"<td style='color:{muted}'>&nbsp;{where}</td></tr>")
        self.readout.setText("<table cellspacing='0' cellpadding='0'>" + "".join(rows) + "</table>")
        self.readout.adjustSize()
        area = plot.mapFromScene(plot.getPlotItem().getViewBox().sceneBoundingRect()).boundingRect()
        at = plot.mapFromScene(plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, 0))).x()
        left = area.left() + 4
        if at < left + self.readout.width() + 12:  # (not over the cursor: to the right side then)
            left = max(area.left(), area.right() - self.readout.width() - 4)
        self.readout.move(left, area.top() + 4)
        self.readout.setVisible(True)
        self.readout.raise_()
        return found

    def hide_readout(self) -> None:
        self.cursor_x = None
        if self._plot is not None:
            self._crosshair.setVisible(False)
            self._dots.setData([], [])
            self._dots.setVisible(False)
        self.readout.setVisible(False)

    def _set_axis(self) -> None:
        from ui.chart import traces

        item = self._plot.getPlotItem()
        axis = traces.time_axis() if self.x_time else traces.OpaqueAxis(orientation="bottom")
        item.setAxisItems({"bottom": axis})
        self._style_axis(axis)
        item.setLabel("bottom", "" if self.x_time else self.tr("sample"))

    def _style_axis(self, axis: Any) -> None:
        """The palette's colours; ticks and grid opaque and under the curves (see :mod:`ui.chart.traces`)."""
        from ui.chart import traces

        pal = self.palette()
        axis.setTextPen(pal.text().color())
        axis.setPen(pal.mid().color())
        axis.backdrop = pal.base().color()
        axis.setZValue(traces.AXIS_Z)

    def _user_moved(self, *args: object) -> None:
        if self.following:
            self.following = False
            self.followChanged.emit(False)
        self.request()

    def _range_changed(self, *args: object) -> None:
        if not self._setting_range:
            self.request()

    def redraw(self) -> None:
        """Draw the shown series now (the legend's numbers too, at most every :data:`LEGEND_MS`).

        The next redraw waits :data:`REDRAW_MS`, or longer when redrawing is costly (many series, a wide
        plot, a slow machine): the plot takes at most :data:`REDRAW_SHARE` of the window's time."""
        if self.paused:
            return
        started = time.perf_counter()
        self._dirty = False
        labels = self.labels()
        if set(labels) != set(self._rows) or started - self._legend_at >= LEGEND_MS / 1000:
            self._legend_at = started
            self._update_legend(labels)
        if not self.isVisible() and self._plot is None:
            return
        self._draw(labels)
        self.redraw_cost = time.perf_counter() - started + self._plot.paint_s
        self._timer.setInterval(int(min(REDRAW_MAX_MS, max(REDRAW_MS, self.redraw_cost / REDRAW_SHARE * 1000))))

    def _draw(self, labels: dict[str, SeriesKey]) -> None:
        import numpy as np

        from app.chart import minmax
        from ui.chart.traces import Curve

        plot = self.plot()
        item = plot.getPlotItem()
        box = item.getViewBox()
        store = self.store
        columns: dict[str, tuple[Any, Any, Any]] = {}
        if store is not None:
            for label, key in labels.items():
                s = store[key]
                if len(s):
                    columns[label] = (s.times if self.x_time else s.samples, s.values, s)
        if self.following and columns:
            x0, x1 = self._window(labels)
            self._setting_range = True
            try:
                box.setXRange(x0, x1, padding=0.0)
            finally:
                self._setting_range = False
        (x0, x1), _ = box.viewRange()
        pixels = max(int(box.width()) // 2, 64)  # (a min and a max per 2 pixels: every peak, half the paint)
        # following a time window: bins at whole multiples of their width, so those drawn stay as they were
        # while the window moves on (the image scrolls: see ui.chart.traces)
        step = self.window_s / pixels if self.following and self.x_time and self.window_s else None
        for label in list(self._curves):
            if label not in columns:
                del self._curves[label]
        drawn: list[tuple[str, int, int, bool, str]] = []  # what the image shows (it may scroll if unchanged)
        for label, (x, y, s) in columns.items():
            curve = self._curves.get(label)
            if curve is None:
                curve = self._curves[label] = Curve(colour(s.colour))
            curve.visible = label not in self.hidden
            # (the image may scroll only while each series is the one drawn before, grown at its end)
            drawn.append((label, id(s), s.clears, curve.visible, s.colour))
            if not curve.visible:
                continue
            if step is None:
                cx, cy = minmax(x, y, x0, x1, pixels)
            else:  # (only what came since the last redraw is reduced)
                cx, cy = curve.bins.minmax(x, y, x0, x1, pixels, step, (id(s), s.clears))
            # (copies: the ring may move its points before the next redraw)
            # (every point is finite: no bad value is ever charted)
            curve.x, curve.y = np.array(cx, np.float64), np.array(cy, np.float64)
        self._traces.set_curves([self._curves[label] for label in columns], (self.x_time, *drawn),
                                self.following and self.x_time and bool(self.window_s), x0, x1)
        # the y range and the view's transform worked out now, not in the paint: there, pyqtgraph's transform
        # change asks for its automatic range again, which paints the plot a second time
        box.prepareForPaint()
        if self.cursor_x is not None:  # (the values under a still cursor change as samples come)
            self.show_readout(self.cursor_x)

    def _window(self, labels: dict[str, SeriesKey]) -> tuple[float, float]:
        """The x range that follows the newest data: the time window, or everything retained."""
        assert self.store is not None
        series = [self.store[k] for k in labels.values() if len(self.store[k])]
        newest_t = max(float(s.times[-1]) for s in series)
        if self.x_time:
            x1 = newest_t
            x0 = x1 - self.window_s if self.window_s else min(float(s.times[0]) for s in series)
        else:
            import numpy as np

            x1 = max(float(s.samples[-1]) for s in series)
            if self.window_s:
                firsts = [int(np.searchsorted(s.times, newest_t - self.window_s, "left")) for s in series]
                x0 = min(float(s.samples[min(i, len(s) - 1)]) for s, i in zip(series, firsts, strict=True))
            else:
                x0 = min(float(s.samples[0]) for s in series)
        if x1 <= x0 or math.isclose(x0, x1):
            x0, x1 = x0 - 0.5, x1 + 0.5
        return x0, x1

    # ------------------------------------------------------------------------ the legend
    def _update_legend(self, labels: dict[str, SeriesKey]) -> None:
        tree = self.legend
        added = False
        metrics = tree.fontMetrics()
        wider: set[int] = set()
        tree.blockSignals(True)
        try:
            for label in list(self._rows):
                if label not in labels:
                    tree.takeTopLevelItem(tree.indexOfTopLevelItem(self._rows.pop(label)))
            for label, key in labels.items():
                row = self._rows.get(label)
                if row is None:
                    row = self._rows[label] = QTreeWidgetItem([label])
                    row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    row.setCheckState(0, Qt.CheckState.Unchecked if label in self.hidden else Qt.CheckState.Checked)
                    if self.store is not None:
                        swatch = QPixmap(12, 12)
                        swatch.fill(colour(self.store[key].colour))
                        row.setIcon(0, QIcon(swatch))
                    for col in range(1, 5):
                        row.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    tree.addTopLevelItem(row)
                    added = True
                stats = self.store[key].stats() if self.store is not None else None
                if stats is not None:
                    for col, v in enumerate((stats.last, stats.min, stats.max, stats.mean), 1):
                        text = _number(v)
                        if row.text(col) != text:
                            row.setText(col, text)
                            if not added and metrics.horizontalAdvance(text) > self._widest[col]:
                                wider.add(col)
        finally:
            tree.blockSignals(False)
        for col in range(5) if added else sorted(wider):
            tree.resizeColumnToContents(col)
            self._widest[col] = max((metrics.horizontalAdvance(item.text(col)) for i in range(tree.topLevelItemCount())
                                     if (item := tree.topLevelItem(i)) is not None), default=0)
        if added or wider:
            self._fit_legend()

    def _splitter_moved(self, *args: object) -> None:
        self._user_sized = True

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # narrow (a 1024×700 window): the legend under the plot, so the plot keeps the width
        wide = self.width() >= (WIDE_PX if self.split.orientation() == Qt.Orientation.Horizontal else WIDE_PX + 40)
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation != self.split.orientation():
            self.split.setOrientation(orientation)
            self._user_sized = False
            QTimer.singleShot(0, self._fit_legend)

    def _fit_legend(self) -> None:
        """The legend as wide as its columns (beside the plot) or as tall as its rows (under it), at most 40 % of
        the chart, until the user moves the splitter."""
        if self._user_sized:
            return
        total = sum(self.split.sizes())
        if total <= 0:
            return
        tree = self.legend
        if self.split.orientation() == Qt.Orientation.Horizontal:
            size = tree.header().length() + 2 * tree.frameWidth() + 8
            if tree.verticalScrollBar().isVisible():
                size += tree.verticalScrollBar().width()
        else:
            rows = max(tree.topLevelItemCount(), 1)
            row = tree.sizeHintForRow(0) if tree.topLevelItemCount() else tree.fontMetrics().height() + 4
            size = tree.header().height() + rows * row + 2 * tree.frameWidth() + 2
            if tree.horizontalScrollBar().isVisible():
                size += tree.horizontalScrollBar().height()
        size = min(size, int(total * 0.4))
        self.split.setSizes([total - size, size])

    def _legend_changed(self, row: QTreeWidgetItem, column: int) -> None:
        label = row.text(0)
        if row.checkState(0) == Qt.CheckState.Checked:
            self.hidden.discard(label)
        else:
            self.hidden.add(label)
        self.hiddenChanged.emit()
        self.request()

    def clear_legend(self) -> None:
        self.legend.clear()
        self._rows.clear()
        self._widest = [0] * 5

    def export_png(self, path: str) -> bool:
        """The plot and its legend as a PNG image."""
        self.plot()
        self.redraw()
        return self.grab().save(path, "PNG")


_PLOT: Any = None


def _plot_class() -> Any:
    """pyqtgraph's PlotWidget that keeps what its last paint cost (``paint_s``), made when pyqtgraph loads."""
    global _PLOT
    if _PLOT is None:
        import pyqtgraph as pg

        def paintEvent(self: Any, event: Any) -> None:
            started = time.perf_counter()
            pg.PlotWidget.paintEvent(self, event)
            self.paint_s = time.perf_counter() - started

        _PLOT = type("TimedPlot", (pg.PlotWidget,), {"paint_s": 0.0, "paintEvent": paintEvent})
    return _PLOT



def time_axis() -> Any:
    """A bottom axis of wall-clock time (:func:`ui.chart.traces.time_axis`; pyqtgraph loads with it)."""
    from ui.chart import traces

    return traces.time_axis()
