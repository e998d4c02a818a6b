"""A page's chart panel: where the numbers come from (``chartSource``, ``chartRegex``), the plot
(``chartView``), and what to do with it (time window, x axis, ``chartPause``, clear, ``chartExport``).

The panel reads the page's record store through an :class:`app.chart.ChartFeed`: each bridge tick
(:meth:`ChartPanel.tick`) reads what came since the last one, for at most :data:`TICK_BUDGET_S`; a new source
or pattern re-reads the retained history from its start in slices of :data:`SLICE_BUDGET_S`, one per turn of
the loop, so neither holds the window. Collecting goes on while paused or while the chart's tab is hidden;
only drawing waits. The engine (numpy) loads when a source is first chosen.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.records import RecordStore
from ui.chart.view import ChartView
from ui.fields import select
from ui.fields import tool as _tool
from ui.options import Bool, Choice, Option, Text, TextList

if TYPE_CHECKING:
    from app.chart import ChartFeed, FieldsDecoder
    from app.chart.extract import SourceKind

#: What one bridge tick may spend reading new records into the chart.
TICK_BUDGET_S = 0.005
#: What one slice of re-reading the history may spend (one per turn of the loop).
SLICE_BUDGET_S = 0.008
#: The counts under the plot are said at most this often (seconds): a label's new text costs a layout pass.
STATUS_S = 0.25
#: The time windows offered (seconds; 0: all that is retained).
WINDOWS = (10, 60, 600, 0)


class _Strip(QWidget):
    """A line the width of the layout holding a label the layout never hears of.

    A label in a layout asks the whole window to lay out again at each new text (its size hint changed),
    and that repainted the page — send box, settings and all — each time the counts under the plot changed
    (measured: a page-wide repaint a few times a second while charting). Here the label is placed by hand,
    so its words repaint the label alone."""

    def __init__(self, label: QLabel, parent: QWidget):
        super().__init__(parent)
        label.setParent(self)
        self.label = label
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(label.sizeHint().height())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())


class ChartPanel(QWidget):
    """The chart tab of a page (see the module docstring)."""

    #: A setting the page keeps changed (source, pattern, window, x axis, a series shown or hidden).
    changed = Signal()

    #: What the page keeps of its chart (an older settings file without them loads with these defaults).
    OPTIONS: dict[str, Option] = {
        "chart_source": Choice("off", ("off", "lines", "regex", "justfloat", "fields")),
        "chart_regex": Text("", 1024), "chart_window": Choice(60, WINDOWS), "chart_samples": Bool(False),
        "chart_hidden": TextList(()),
    }

    def __init__(self, store: RecordStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartPanel")
        self.store = store
        self.feed: ChartFeed | None = None
        self._decoder: FieldsDecoder | None = None
        self._decoder_given: Any = None
        #: What the last export did, in words (shown after the counts).
        self._note = ""
        self._tasks: set[asyncio.Task[Any]] = set()
        self._problem = ""
        self.source = QComboBox(self)
        self.source.setObjectName("chartSource")
        self.source.setAccessibleName(self.tr("Chart numbers from"))
        for text, data in ((self.tr("Off"), "off"), (self.tr("Numbers in lines"), "lines"),
                           (self.tr("Regex"), "regex"), (self.tr("JustFloat (VOFA+)"), "justfloat"),
                           (self.tr("Decoder fields"), "fields")):
            self.source.addItem(text, data)
        self.source.setToolTip(self.tr("Lines: name:value or name=value pairs, or bare numbers (ch1, ch2 …) "
                                       "separated by commas, spaces or tabs"))
        self.regex = QLineEdit(self)
        self.regex.setObjectName("chartRegex")
        self.regex.setAccessibleName(self.tr("Chart pattern"))
        self.regex.setPlaceholderText("(?P<temp>[-0-9.]+)")
        self.regex.setToolTip(self.tr("Named groups give the series' names; unnamed ones ch1, ch2 …"))
        self.regex.setVisible(False)
        self.window_box = QComboBox(self)
        self.window_box.setObjectName("chartWindow")
        self.window_box.setAccessibleName(self.tr("Time window"))
        for seconds in WINDOWS:
            self.window_box.addItem(self._window_text(seconds), seconds)
        select(self.window_box, 60)
        self.x_samples = _tool("#", "chartX", self.tr("Sample numbers across"),
                               self.tr("Horizontal axis: sample numbers instead of the time"))
        self.x_samples.setCheckable(True)
        self.pause = _tool("", "chartPause", self.tr("Pause the chart"),
                           self.tr("Pause: stop redrawing; samples are still collected"))
        self.pause.setCheckable(True)
        self.pause.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPause))
        self.follow = _tool(self.tr("Latest ⇥"), "chartFollow", self.tr("Follow the newest samples"))
        self.follow.setVisible(False)
        self.clear_button = _tool(self.tr("Clear"), "chartClear", self.tr("Clear the chart"),
                                  self.tr("Forget the samples charted so far (the received data stays)"))
        self.export = _tool(self.tr("Export"), "chartExport", self.tr("Export the chart"))
        self.export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export)
        self.export_csv_action = QAction(self.tr("Samples as CSV…"), menu)
        self.export_png_action = QAction(self.tr("Image as PNG…"), menu)
        menu.addAction(self.export_csv_action)
        menu.addAction(self.export_png_action)
        self.export.setMenu(menu)
        self.status = QLabel(self)
        self.status.setObjectName("chartStatus")
        self._status_strip = _Strip(self.status, self)
        self.view = ChartView(self)

        for box, chars in ((self.source, 9), (self.window_box, 4)):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(chars)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.source, self.regex, self.window_box, self.x_samples, self.pause, self.follow, self.clear_button,
                  self.export):
            row.addWidget(w)
        row.addStretch(1)
        self.regex.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self._status_strip)

        self._more = QTimer(self)  # the next slice of a re-read
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(lambda: self.pump(SLICE_BUDGET_S))
        self._status_at = 0.0
        self._status_later = QTimer(self)  # (the counts of a burst said once it is over)
        self._status_later.setSingleShot(True)
        self._status_later.setInterval(int(STATUS_S * 1000))
        self._status_later.timeout.connect(self.show_status)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.apply_source)
        self.source.currentIndexChanged.connect(self._source_chosen)
        self.regex.textChanged.connect(self._debounce.start)
        self.regex.returnPressed.connect(self.apply_source)
        self.window_box.currentIndexChanged.connect(
            lambda: self.view.set_window(float(self.window_box.currentData())))
        self.x_samples.toggled.connect(lambda on: self.view.set_x_time(not on))
        self.pause.toggled.connect(self.view.set_paused)
        self.follow.clicked.connect(self.view.follow)
        self.view.followChanged.connect(lambda on: self.follow.setVisible(not on))
        self.clear_button.clicked.connect(self.clear)
        self.export_csv_action.triggered.connect(self._choose_csv)
        self.export_png_action.triggered.connect(self._choose_png)
        self.source.currentIndexChanged.connect(self.changed)
        self.regex.textChanged.connect(self.changed)
        self.window_box.currentIndexChanged.connect(self.changed)
        self.x_samples.toggled.connect(self.changed)
        self.view.hiddenChanged.connect(self.changed)
        self.show_status()

    # ------------------------------------------------------------------------ settings
    def to_settings(self) -> dict[str, Any]:
        return {"chart_source": str(self.source.currentData()), "chart_regex": self.regex.text(),
                "chart_window": int(self.window_box.currentData()), "chart_samples": self.x_samples.isChecked(),
                "chart_hidden": sorted(self.view.hidden)}

    def apply_settings(self, s: dict[str, Any]) -> None:
        """``s``: loaded through :data:`OPTIONS`. A source other than off starts charting the history."""
        self.view.hidden = set(s["chart_hidden"])
        self.regex.blockSignals(True)  # (no debounced re-read: the source below applies the pattern)
        self.regex.setText(s["chart_regex"])
        self.regex.blockSignals(False)
        select(self.window_box, s["chart_window"])
        self.x_samples.setChecked(s["chart_samples"])
        if s["chart_source"] != self.source.currentData():
            select(self.source, s["chart_source"])
        elif s["chart_source"] != "off":
            self.apply_source()

    def _window_text(self, seconds: int) -> str:
        if not seconds:
            return self.tr("All")
        if seconds < 60:
            return self.tr("%1 s").replace("%1", str(seconds))
        return self.tr("%1 min").replace("%1", str(seconds // 60))

    # ------------------------------------------------------------------------ the source
    def _source_chosen(self) -> None:
        self.regex.setVisible(self.source.currentData() == "regex")
        self.apply_source()

    def set_decoder(self, decoder: Any) -> None:
        """The page's decoder (an ``app.decode`` decoder, or None): what the ``fields`` source charts."""
        if decoder is self._decoder_given:
            return
        self._decoder_given = decoder
        self._decoder = None  # (wrapped when the fields source needs it: numpy loads only when charting)
        if self.source.currentData() == "fields":
            self.apply_source()

    def apply_source(self) -> None:
        """Chart what ``chartSource`` (and ``chartRegex``) say, from the oldest retained record on."""
        from app.chart import ChartFeed, ChartSource
        from app.view.search import InvalidPattern

        self._debounce.stop()
        kind = str(self.source.currentData())
        self._problem = ""
        self.regex.setStyleSheet("")
        source = ChartSource()
        if kind == "regex":
            if self.regex.text():
                source = ChartSource("regex", pattern=self.regex.text())
            else:
                self._problem = self.tr("Type a pattern")
        elif kind == "fields":
            if self._decoder is None and self._decoder_given is not None:
                from app.chart import decoded_fields

                self._decoder = decoded_fields(self._decoder_given)
            if self._decoder is None:
                self._problem = self.tr("Choose a decoder for this page first")
            else:
                source = ChartSource("fields", decoder=self._decoder)
        elif kind != "off":
            source = ChartSource(cast("SourceKind", kind))  # (the source box's items are SourceKinds)
        if self.feed is None:
            if source.kind == "off":
                self.show_status()
                return
            self.feed = ChartFeed()
            self.view.set_store(self.feed.series)
        try:
            self.feed.restart(source)
        except (InvalidPattern, ValueError) as exc:
            self._problem = self.tr("This pattern cannot be used: %1").replace("%1", str(exc))
            self.regex.setStyleSheet("QLineEdit { border: 2px solid #c62828; }")
            self.feed.restart(ChartSource())
        self.view.follow()
        self.pump(SLICE_BUDGET_S)

    # ------------------------------------------------------------------------ feeding
    def tick(self) -> None:
        """The page's bridge tick: read what came since, within :data:`TICK_BUDGET_S`."""
        if self.feed is not None and self.feed.active and not self._more.isActive():
            self.pump(TICK_BUDGET_S)

    def pump(self, budget: float) -> bool:
        """Read records into the chart for at most ``budget`` seconds; returns whether it caught up."""
        feed = self.feed
        if feed is None:
            return True
        before = feed.position
        done = feed.catch_up(self.store, time.perf_counter() + budget)
        if not done:
            self._more.start()
        if feed.position != before or not done:
            self.view.request()
            now = time.perf_counter()
            if now - self._status_at >= STATUS_S or (done and not self._more.isActive() and feed.position == before):
                self._status_at = now
                self.show_status()
            elif not self._status_later.isActive():
                self._status_later.start()
        return done

    def caught_up(self) -> bool:
        """Whether every retained record has been read into the chart."""
        return self.feed is None or not self.feed.active or (
            self.feed.position is not None and self.feed.position >= self.store.tail)

    def set_peer(self, peer: str | None) -> None:
        """The peer filter's choice: whose series are shown (None: every peer's)."""
        self.view.set_peer(peer)

    def clear(self) -> None:
        """Forget the samples charted so far; new ones keep coming (the received data stays)."""
        if self.feed is not None:
            self.feed.restart(self.feed.source, self.feed.position)
        self.view.request()
        self.show_status()

    def show_status(self) -> None:
        """Say the counts (or the problem) under the plot; the label is touched only when its words change."""
        feed = self.feed
        if self._problem:
            self._say(self._problem, "QLabel { color: #c62828; }")
            return
        if feed is None or not feed.active:
            self._say(self.tr("Choose where the numbers come from"))
            return
        words = self.tr("%1 series, %2 points").replace("%1", str(len(feed.series))).replace(
            "%2", str(feed.series.points))
        if feed.bad:
            words += " · " + self.tr("%1 not numbers").replace("%1", str(feed.bad))
        evicted = feed.series.evicted + feed.missed
        if evicted:
            words += " · " + self.tr("%1 dropped (oldest)").replace("%1", str(evicted))
        if self._note:
            words += " · " + self._note
        self._say(words)

    def _say(self, words: str, style: str = "") -> None:
        if style != self.status.styleSheet():  # (a new style sheet re-polishes the label)
            self.status.setStyleSheet(style)
        if words != self.status.text():
            self.status.setText(words)
            self.status.setToolTip(words)

    # ------------------------------------------------------------------------ export
    def export_csv(self, path: str) -> int:
        """The retained samples of the series shown, as CSV (``time,peer,series,sample,value``); returns the
        rows written. Raises OSError."""
        if self.feed is None:
            keys: list[Any] = []
            from app.chart import SeriesStore

            store = SeriesStore()
        else:
            store = self.feed.series
            keys = list(self.view.labels().values())
        with open(path, "w", encoding="utf-8", newline="") as out:
            return store.write_csv(out, keys)

    def export_png(self, path: str) -> bool:
        """The chart as a PNG image."""
        return self.view.export_png(path)

    async def export_csv_async(self, path: str) -> int:
        """:meth:`export_csv` without holding the window: the shown series are copied a slice a turn of the loop
        (``SlicedSnapshot``: a copy is what is written, whatever the rings do meanwhile), then formatted and
        written in a worker thread while the status line says how far it got. Returns the rows written; raises
        OSError."""
        from app.chart import CsvSnapshot, SlicedSnapshot

        if self.feed is None:
            snapshot = CsvSnapshot([])
        else:
            copying = SlicedSnapshot(self.feed.series, list(self.view.labels().values()))
            while not copying.step():
                await asyncio.sleep(0)
            snapshot = copying.snapshot()
        total = len(snapshot)
        done = [0]
        name = Path(path).name

        def write() -> int:
            with open(path, "w", encoding="utf-8", newline="") as out:
                return snapshot.write(out, progress=lambda rows: done.__setitem__(0, rows))

        def say() -> None:
            self._note = self.tr("Writing %1: %2 %").replace("%1", name).replace(
                "%2", str(done[0] * 100 // max(total, 1)))
            self.show_status()

        timer = QTimer(self)
        timer.setInterval(200)
        timer.timeout.connect(say)
        self.export_csv_action.setEnabled(False)
        say()
        timer.start()
        try:
            rows = await asyncio.get_running_loop().run_in_executor(None, write)
        except OSError:
            self._note = ""
            raise
        finally:
            timer.stop()
            timer.deleteLater()
            self.export_csv_action.setEnabled(True)
        self._note = self.tr("%1 rows written to %2").replace("%1", f"{rows:,}").replace("%2", name)
        self.show_status()
        return rows

    def _choose_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the chart's samples"), "samples.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            task = asyncio.get_event_loop().create_task(self._export_csv(path), name="chart-csv")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _export_csv(self, path: str) -> None:
        try:
            await self.export_csv_async(path)
        except OSError as exc:
            self._problem = self.tr("Could not write %1: %2").replace("%1", path).replace(
                "%2", exc.strerror or str(exc))
            self.show_status()
            self._problem = ""

    def _choose_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the chart as an image"), "chart.png",
                                              self.tr("PNG images (*.png)"))
        if path and not self.export_png(path):
            self._problem = self.tr("Could not write %1").replace("%1", path)
            self.show_status()
            self._problem = ""
