"""The list of a server's clients (or of connections): a table model that scales to tens of thousands of rows.

A counter change emits ``dataChanged`` for the counter columns of the rows on screen, at most four times a
second (the rows off screen are not looked at); the view repaints only those rows, with fixed column widths
(no re-measuring every row per update).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.records import Address, Counts

Index = QModelIndex | QPersistentModelIndex


def rate_text(per_second: float) -> str:
    """A byte rate in words a user reads at a glance: 0 B/s, 12.3 KB/s, 4.5 MB/s."""
    for unit, size in (("GB/s", 1e9), ("MB/s", 1e6), ("KB/s", 1e3)):
        if per_second >= size:
            return f"{per_second / size:.1f} {unit}"
    return f"{per_second:.0f} B/s"


@dataclass(slots=True)
class PeerRow:
    """One client: its address, when it connected, its counts (shared with the engine) and its rate."""

    peer: Address
    since: float
    counts: Counts
    text: str = ""
    rate: float = 0.0
    _last_rx: int = 0
    _last_at: float = field(default_factory=time.monotonic)
    shown: tuple[int, int, int, int] = (-1, -1, -1, -1)
    #: It finished sending (a half-close): still open for replies, shown greyed.
    finished: bool = False
    #: The engine's connection (its ``skipped``: messages not sent to it because it was not reading), if any.
    stream: Any = None

    @property
    def skipped(self) -> int:
        return getattr(self.stream, "skipped", 0)

    def tick(self, now: float) -> None:
        dt = now - self._last_at
        if dt >= 0.25:
            got = self.counts.rx_bytes - self._last_rx
            instant = max(0, got) / dt
            self.rate = instant if self.rate == 0 else 0.5 * self.rate + 0.5 * instant
            self._last_rx = self.counts.rx_bytes
            self._last_at = now


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.TextAlignmentRole,
                    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole})
#: The counters in the table change at most this often (a table is read, not watched like the byte counts).
REFRESH_S = 0.25
#: More row removals than this at once are applied as one layout change, not one signal each.
BATCH = 16


class PeerTable(QAbstractTableModel):
    """Connected peers: address, RX, TX, RX/s, connected since (the least read column last)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[PeerRow] = []
        self._index: dict[Address, int] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._sorted_at = 0.0
        self._refreshed = 0.0
        self.headers = [self.tr("Client"), self.tr("RX"), self.tr("TX"), self.tr("RX/s"), self.tr("Since"),
                        self.tr("Skipped")]
        self.tips = [self.tr("The client's address and port"), self.tr("Bytes received from it"),
                     self.tr("Bytes sent to it"), self.tr("Bytes a second received from it"),
                     self.tr("When it connected"),
                     self.tr("Messages not sent to it because it was not reading (broker mode, periodic sends to "
                             "all clients)")]
        self.finished_tip = self.tr("It finished sending; the connection stays open for replies for a moment, "
                                    "then the server closes it")
        self.skipped_tip = self.tr("%1 messages were not sent to it because it was not reading")

    # -------------------------------------------------------------------------------- model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.tips[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the view asks a dozen roles per cell and repaint: answer the ones we do not use at once
        if role not in _ROLES or not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.text
            if col == 1:
                return f"{row.counts.rx_bytes:,}"
            if col == 2:
                return f"{row.counts.tx_bytes:,}"
            if col == 3:
                return rate_text(row.rate)
            if col == 5:
                return f"{row.skipped:,}" if row.skipped else ""
            return time.strftime("%H:%M:%S", time.localtime(row.since))
        if role == Qt.ItemDataRole.UserRole:
            return row.text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text) \
                if row.finished else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = [self.finished_tip] if row.finished else []
            if row.skipped:
                tips.append(self.skipped_tip.replace("%1", f"{row.skipped:,}"))
            return "\n".join(tips) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and (1 <= col <= 3 or col == 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # ------------------------------------------------------------------------------ changes
    def add(self, peer: Address, counts: Counts) -> None:
        self.add_many([(peer, counts)])

    def remove(self, peer: Address) -> None:
        self.remove_many({peer})

    def remove_many(self, peers: set[Address]) -> None:
        """Take these peers out (a burst of disconnects: one layout change, not one signal per row)."""
        gone = sorted(k for p in peers if (k := self._index.get(p)) is not None)
        if not gone:
            return
        if len(gone) <= BATCH:
            for k in reversed(gone):
                self.beginRemoveRows(QModelIndex(), k, k)
                del self.rows[k]
                self.endRemoveRows()
        else:
            self.layoutAboutToBeChanged.emit()
            dropped = set(gone)
            new_row = {}
            kept: list[PeerRow] = []
            for i, r in enumerate(self.rows):
                if i not in dropped:
                    new_row[i] = len(kept)
                    kept.append(r)
            self.rows = kept
            persistent = self.persistentIndexList()
            self.changePersistentIndexList(persistent, [
                self.index(new_row[p.row()], p.column()) if p.row() in new_row else QModelIndex()
                for p in persistent])
            self.layoutChanged.emit()
        self._index = {r.peer: i for i, r in enumerate(self.rows)}

    def clear(self) -> None:
        self.beginResetModel()
        self.rows.clear()
        self._index.clear()
        self.endResetModel()

    def mark_finished(self, peer: Address) -> None:
        """The peer finished sending: its row is greyed (kept until it leaves)."""
        self.mark_finished_many({peer})

    def mark_finished_many(self, peers: set[Address]) -> None:
        """These peers finished sending: their rows greyed, told to the view in one signal (10,000 clients that
        close at once are one repaint of the rows on screen, not a signal per row)."""
        marked = []
        for peer in peers:
            k = self._index.get(peer)
            if k is not None and not self.rows[k].finished:
                self.rows[k].finished = True
                marked.append(k)
        if marked:
            self.dataChanged.emit(self.index(min(marked), 0), self.index(max(marked), len(self.headers) - 1),
                                  [Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole])

    def add_many(self, peers: list[tuple[Address, Counts]], finished: set[Address] | None = None,
                 streams: Mapping[Address, Any] | None = None) -> None:
        """Add rows; ``streams``: the engine's connections by peer (what each row reads its skipped count from)."""
        fresh = [(p, c) for p, c in dict(peers).items() if p not in self._index]
        if not fresh:
            return
        n = len(self.rows)
        self.beginInsertRows(QModelIndex(), n, n + len(fresh) - 1)
        now = time.time()
        for k, (peer, counts) in enumerate(fresh):
            self.rows.append(PeerRow(peer, now, counts, str(peer), finished=finished is not None and peer in finished,
                                     stream=streams.get(peer) if streams else None))
            self._index[peer] = n + k
        self.endInsertRows()

    def refresh(self, shown: range | None = None) -> None:
        """Counters moved: recompute rates and tell the view which rows changed (at most every REFRESH_S).
        ``shown``: the rows on screen (None: all); only those are looked at, so a tick costs what the view shows,
        not what the server holds (10,000 clients were 20-60 ms a refresh). A row's counts are read when it is
        painted; its rate is brought up to date when it is on screen (from what it received meanwhile), or for
        every row while the list is sorted by rate."""
        now = time.monotonic()
        if now - self._refreshed < REFRESH_S:
            return
        self._refreshed = now
        rows = self.rows
        by_rate = self._sort is not None and self._sort[0] == 3
        if by_rate:
            for row in rows:
                row.tick(now)
        first = last = -1
        for i in shown if shown is not None else range(len(rows)):
            if i >= len(rows):
                break
            row = rows[i]
            if not by_rate:
                row.tick(now)
            values = (row.counts.rx_bytes, row.counts.tx_bytes, int(row.rate), row.skipped)
            if values != row.shown:
                row.shown = values
                if first < 0:
                    first = i
                last = i
        if first >= 0:
            self.dataChanged.emit(self.index(first, 1), self.index(last, 5),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])
        if self._sort is not None and self._sort[0] in (1, 2, 3, 5) and now - self._sorted_at > 1.0 and (
                first >= 0 or shown is not None):  # (rows off screen may have moved: they are not looked at)
            self.sort(*self._sort)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._sorted_at = time.monotonic()
        keys = {0: lambda r: (r.peer.host, r.peer.port), 1: lambda r: r.counts.rx_bytes,
                2: lambda r: r.counts.tx_bytes, 3: lambda r: r.rate, 4: lambda r: r.since, 5: lambda r: r.skipped}
        self.layoutAboutToBeChanged.emit()
        old = {id(r): i for i, r in enumerate(self.rows)}
        self.rows.sort(key=keys.get(column, keys[0]), reverse=order == Qt.SortOrder.DescendingOrder)
        moved = {old[id(r)]: i for i, r in enumerate(self.rows)}
        self._index = {r.peer: i for i, r in enumerate(self.rows)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [
            self.index(moved.get(p.row(), p.row()), p.column()) for p in persistent])
        self.layoutChanged.emit()

    def has(self, peer: Address) -> bool:
        return peer in self._index

    def peer_at(self, row: int) -> Address | None:
        return self.rows[row].peer if 0 <= row < len(self.rows) else None


#: The widest value each column shows.
SAMPLES = ("127.0.0.1:65535", "9,999,999", "9,999,999", "99.9 KB/s", "00:00:00", "999,999")


class ClientView(QTableView):
    """The list's view: a table without grid or row numbers, looking like a flat tree view. Not a QTreeView:
    that one lays out every row again after each insert (two calls into the Python model per row: with 10,000
    clients, 50 ms at every tick while they connected); a table's rows are one fixed height and cost nothing
    until painted."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def header(self) -> QHeaderView:
        """The column header (as a tree view names it)."""
        return self.horizontalHeader()


class PeerList(QGroupBox):
    """The clients group: the table, "Disconnect selected", and "show only the selected client"."""

    #: The selection changed: the peers selected (``host:port``), first one first.
    selectionChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = PeerTable(self)
        self.view = ClientView(self)
        self.view.setObjectName("clientList")
        self.view.setAccessibleName(self.tr("Connected clients"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # in the order they connected
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col in range(len(SAMPLES)):
            header.resizeSection(col, self.column_width(col))
        self.kick_button = QPushButton(self.tr("Disconnect selected"), self)
        self.kick_button.setObjectName("kickButton")
        self.follow = QCheckBox(self.tr("Show only this client"), self)
        self.follow.setToolTip(self.tr("Show only the selected client's messages in the view"))
        # as wide as its words: a click beside them is not a click on it
        self.follow.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.follow.setObjectName("followSelection")
        self.view.setMinimumWidth(140)  # (narrower than its columns: it scrolls sideways)
        column = QVBoxLayout(self)
        column.addWidget(self.view, 1)
        column.addWidget(self.follow)
        column.addWidget(self.kick_button)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.model.rowsInserted.connect(self._count_changed)
        self.model.rowsRemoved.connect(self._count_changed)
        self.model.modelReset.connect(self._count_changed)
        self._count_changed()

    def column_width(self, col: int) -> int:
        """Room for the column's widest value and for its header with the sort arrow (a short translated
        header such as 发送 was clipped by the arrow)."""
        metrics, header = self.fontMetrics(), self.view.header()
        arrow = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        title = header.fontMetrics().horizontalAdvance(self.model.headers[col]) + arrow + 4 * margin
        return max(metrics.horizontalAdvance(SAMPLES[col]) + 14, title)

    def preferred_width(self) -> int:
        """Wide enough for the first four columns."""
        return sum(self.column_width(c) for c in range(4)) + 40

    def shown_rows(self) -> range:
        """The rows on screen now (none while the list is hidden)."""
        view, n = self.view, self.model.rowCount()
        if not n or not view.isVisible():
            return range(0)
        viewport = view.viewport()
        top = view.indexAt(viewport.rect().topLeft()).row()
        bottom = view.indexAt(viewport.rect().bottomLeft()).row()
        return range(max(top, 0), (n if bottom < 0 else bottom + 1))

    def refresh(self) -> None:
        """The counters of the rows on screen brought up to date (the model's refresh, at most every REFRESH_S)."""
        self.model.refresh(self.shown_rows())

    def _count_changed(self, *args: object) -> None:
        self.setTitle(self.tr("Clients (%1)").replace("%1", f"{self.model.rowCount():,}"))

    def selected_peers(self) -> list[Address]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [p for p in (self.model.peer_at(r) for r in rows) if p is not None]

    def select(self, peers: list[str]) -> None:
        """Select the rows of these peers (``host:port``), and only those."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for k, row in enumerate(self.model.rows):
            if row.text in peers:
                selection.select(self.model.index(k, 0), self.model.index(k, self.model.columnCount() - 1))
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _selected(self, *args: object) -> None:
        self.selectionChanged.emit([str(p) for p in self.selected_peers()])
