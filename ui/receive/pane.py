"""The receive view with its filter bar above (peer, direction, text) and its find bar below (Ctrl+F)."""

from __future__ import annotations

import itertools
import time
from typing import cast

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.records import Address, Counts, RecordStore
from app.core.safe_regex import linear_pattern
from app.decode import Decoder
from app.view.layout import ViewFilter
from app.view.search import FindMode, InvalidPattern, Query
from ui.fields import tool as _tool
from ui.receive.fields import FieldsView
from ui.receive.view import ReceiveView
from ui.texts import error_text

#: Peers the peer filter lists at most (the newest first beyond that).
MAX_PEERS_LISTED = 500


class FilterBar(QWidget):
    """Which messages the view shows."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.peer = QComboBox(self)
        self.peer.setObjectName("peerFilter")
        self.peer.setAccessibleName(self.tr("Show messages of"))
        self.peer.addItem(self.tr("All peers"), None)
        self.peer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.peer.setMinimumContentsLength(8)
        #: While following a server's selected client: the peer chosen before (a 1-tuple), and the one followed.
        self._before_follow: tuple[str | None] | None = None
        self._followed: str | None = None
        self.direction = QComboBox(self)
        self.direction.setObjectName("directionFilter")
        self.direction.setAccessibleName(self.tr("Show directions"))
        for text, data in ((self.tr("All directions"), "all"), (self.tr("RX only"), "rx"),
                           (self.tr("TX only"), "tx"), (self.tr("Notices only"), "notice")):
            self.direction.addItem(text, data)
        self.direction.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.direction.setMinimumContentsLength(7)
        self.text = QLineEdit(self)
        self.text.setObjectName("textFilter")
        self.text.setAccessibleName(self.tr("Show only lines containing"))
        self.text.setPlaceholderText(self.tr("Filter messages…"))
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(self.text.fontMetrics().horizontalAdvance("Filter") + 40)
        self.regex = _tool(".*", "textFilterRegex", self.tr("Regular expression"),
                           self.tr("The filter is a regular expression"))
        self.regex.setCheckable(True)
        self.invert = _tool("≠", "textFilterInvert", self.tr("Invert the filter"),
                            self.tr("Show the lines that do not match"))
        self.invert.setCheckable(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.peer)
        row.addWidget(self.direction)
        row.addWidget(self.text, 1)
        row.addWidget(self.regex)
        row.addWidget(self.invert)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.changed)
        self.peer.currentIndexChanged.connect(self.changed)
        self.direction.currentIndexChanged.connect(self.changed)
        self.text.textChanged.connect(self._debounce.start)
        self.regex.toggled.connect(self.changed)
        self.invert.toggled.connect(self.changed)

    def view_filter(self) -> ViewFilter:
        """The filter as set; a regex that does not compile filters nothing (and says so)."""
        data = self.peer.currentData()
        peer = None
        if data:
            host, _, port = str(data).rpartition(":")
            peer = Address(host.strip("[]"), int(port))
        text = self.text.text()
        if text and self.regex.isChecked():
            try:
                linear_pattern(text, what="the filter")  # (as the layout compiles it: RE2, linear time)
            except ValueError as exc:
                self.text.setToolTip(self.tr("This filter cannot be used: %1").replace("%1", str(exc)))
                self.text.setStyleSheet("QLineEdit { border: 2px solid #c62828; }")
                text = ""
            else:
                self._valid()
        else:
            self._valid()
        return ViewFilter(peer, str(self.direction.currentData()), text, self.regex.isChecked(),
                          self.invert.isChecked())

    def _valid(self) -> None:
        self.text.setToolTip(self.tr("Show only the lines (as shown) that contain this, under their headers; in hex "
                                     "or with framing, the messages"))
        self.text.setStyleSheet("")

    def set_peers(self, peers: list[str]) -> None:
        """Offer these peers (``host:port``), keeping the current choice."""
        box = self.peer
        have = {box.itemData(i) for i in range(1, box.count())}
        for p in peers[-MAX_PEERS_LISTED:]:
            if p not in have:
                box.addItem(p, p)
                have.add(p)
        while box.count() > MAX_PEERS_LISTED + 1 and box.currentIndex() != 1:
            box.removeItem(1)

    def choose_peer(self, peer: str | None) -> None:
        if peer is not None:
            self.set_peers([peer])
        index = self.peer.findData(peer) if peer is not None else 0
        self.peer.setCurrentIndex(max(index, 0))

    def follow_peer(self, peer: str | None) -> None:
        """Show only ``peer`` (the client selected in a server's list), remembering the choice it replaces."""
        if self._before_follow is None:
            self._before_follow = (self.peer.currentData(),)
        self.choose_peer(peer)
        self._followed = peer

    def unfollow(self) -> None:
        """Following the selection ended: the peer filter goes back to what it was before (unless the user
        chose another peer meanwhile)."""
        before, self._before_follow = self._before_follow, None
        if before is not None and self.peer.currentData() == self._followed:
            self.choose_peer(before[0])
        self._followed = None


class FindBar(QWidget):
    """Find in the whole history: text, regex or hex bytes; next/previous wrap; "k of n"."""

    def __init__(self, view: ReceiveView, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(self.tr("Find in received data"))
        self.edit.setAccessibleName(self.tr("Find"))
        self.mode = QComboBox(self)
        self.mode.setObjectName("findMode")
        self.mode.setAccessibleName(self.tr("Find mode"))
        for text, data in ((self.tr("Text"), "text"), (self.tr("Regex"), "regex"), (self.tr("Hex bytes"), "hex")):
            self.mode.addItem(text, data)
        self.case = QCheckBox(self.tr("Aa"), self)
        self.case.setObjectName("findCase")
        self.case.setToolTip(self.tr("Match case"))
        self.case.setAccessibleName(self.tr("Match case"))
        self.prev_button = _tool("↑", "findPrevious", self.tr("Find previous"), self.tr("Find previous (Shift+F3)"))
        self.next_button = _tool("↓", "findNext", self.tr("Find next"), self.tr("Find next (F3, Enter)"))
        close = _tool("✕", "findClose", self.tr("Close find bar"))
        self.status = QLabel(self)
        self.status.setObjectName("findStatus")
        self.status.setMinimumWidth(self.fontMetrics().horizontalAdvance("00,000 / 00,000 …"))
        self.edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("Find") + 40)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.edit, self.mode, self.case, self.prev_button, self.next_button, self.status, close):
            row.addWidget(w, 1 if w is self.edit else 0)
        self.edit.returnPressed.connect(lambda: self.find(backward=False))
        self.next_button.clicked.connect(lambda: self.find(backward=False))
        self.prev_button.clicked.connect(lambda: self.find(backward=True))
        self.mode.currentIndexChanged.connect(self._query_changed)
        self.case.toggled.connect(self._query_changed)
        self.edit.textChanged.connect(self._query_changed)
        close.clicked.connect(self.close_bar)
        view.findProgress.connect(self._progress)
        self.hide()

    def query(self) -> Query:
        # the mode box's items carry the three FindMode words as their data (built above); Qt types data as Any
        mode = cast(FindMode, str(self.mode.currentData()))
        return Query(self.edit.text(), mode, self.case.isChecked())

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.stop_find()
        self.view.setFocus()

    def _query_changed(self, *args: object) -> None:
        if self.view.finder is not None:
            self.view.stop_find()
        self.status.clear()

    # QWidget.find(id) is Qt's static lookup of a widget by its native window id, never called on this widget;
    # `find` is the bar's verb, called by its buttons, shortcuts, tests and tools/screenshot.py
    def find(self, backward: bool = False) -> bool:  # type: ignore[override]
        """Start a search for what the bar holds, or go to the next (previous) match of the one running."""
        query = self.query()
        if not query.text:
            return False
        finder = self.view.finder
        try:
            if finder is None or finder.query != query:
                self.view.start_find(query)
                finder = self.view.finder
                assert finder is not None
                return bool(finder.matches) or not finder.done
            return self.view.find_next(backward)
        except InvalidPattern as exc:
            self.status.setText(error_text(exc))
            return False

    def _progress(self, current: int, total: int, done: bool) -> None:
        more = "" if done else " …"
        if total == 0:
            self.status.setText(self.tr("Not found") if done else self.tr("Searching…"))
            return
        plus = "+" if self.view.finder is not None and self.view.finder.truncated else ""
        self.status.setText(self.tr("%1 of %2").replace("%1", f"{current + 1:,}" if current >= 0 else "–")
                            .replace("%2", f"{total:,}{plus}") + more)


class ReceivePane(QWidget):
    """The receive view with its filter and find bars, and its context menu."""

    def __init__(self, store: RecordStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = ReceiveView(store, self)
        self._peers_seen: dict[str, None] = {}
        self._peers_changed = False
        self._offered_key: tuple[int, int] = (-1, -1)
        self._offer_ticks = 0
        self._offer_next = 0.0  # (monotonic) no walk before this, unless forced
        self.filters = FilterBar(self)
        self.find_bar = FindBar(self.view, self)
        self.find_edit = self.find_bar.edit
        self.find_status = self.find_bar.status
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filters)
        self.fields = FieldsView(self)
        self.fields.hide()  # (shown while a decoder is on)
        self.split = QSplitter(self)
        self.split.setObjectName("receiveSplit")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.view)
        self.split.addWidget(self.fields)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 1)
        layout.addWidget(self.split, 1)
        self._decoder: Decoder | None = None
        #: The message whose fields are listed: its item in the view's layout (-1: none).
        self.selected_message = -1
        self._selected_layout: object = None  # (the view's layout the item number belongs to)
        self.view.messageClicked.connect(self.select_message)
        self.fields.fieldSelected.connect(self._field_selected)
        layout.addWidget(self.find_bar)
        find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_shortcut.activated.connect(self.open_find)
        keys = QKeySequence.StandardKey
        for seq, backward in ((keys.FindNext, False), (keys.FindPrevious, True)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda backward=backward: self.find(backward))
        self.filters.changed.connect(lambda: self.view.set_filter(self.filters.view_filter()))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)

    def set_decoder(self, decoder: Decoder | None) -> None:
        """The page's decoder changed: the fields panel shows while one is on, and forgets its message."""
        if decoder is self._decoder:
            return
        self._decoder = decoder
        self.selected_message = -1
        self.view.clear_highlight()
        self.fields.clear_fields()
        self.fields.setVisible(decoder is not None)

    def select_message(self, item: int) -> None:
        """List the fields of the message ``item`` of the view's layout (a click on it does this)."""
        if self._decoder is None:
            return
        data = self.view.layout.message_bytes(item)
        if data is None:
            return
        self.selected_message = item
        self._selected_layout = self.view.layout
        self.view.clear_highlight()
        self.fields.show_message(self._decoder, data)

    def selected_bytes(self) -> bytes | None:
        """The bytes of the message whose fields are listed (None: none is, or the view was laid out again)."""
        if self.selected_message < 0 or self._selected_layout is not self.view.layout:
            return None
        return self.view.layout.message_bytes(self.selected_message)

    def _field_selected(self, start: int, end: int) -> None:
        """A field chosen in the fields panel: its bytes highlighted in the view (while the view still shows the
        same layout its message was chosen in)."""
        if start < 0 or self.selected_message < 0 or self._selected_layout is not self.view.layout:
            self.view.clear_highlight()
            return
        self.view.highlight_bytes(self.selected_message, start, end)

    def offer_peers(self, counted: dict[Address, Counts], *, force: bool = False) -> bool:
        """Peers the view has seen (and ``counted``, the session's per-peer counters) go into the peer filter;
        a peer that left stays: its history does. At most the 500 newest.

        Called every tick: the peers are walked only when their number changed, a peer connected, or every
        64th tick (a bounded table can replace one peer by another at the same size). With 1,000 clients,
        walking them every tick was an eighth of the window's time. And a walk waits twenty times as long as
        the last one took (``force``: now): under a flood of new UDP sources through a relay the peers change
        at every tick, and walking them at each was a measured part of the relay falling behind. Returns
        whether a walk waits (the page asks for another tick)."""
        key = (self.view.layout.stream_count(), len(counted))
        self._offer_ticks += 1
        if key == self._offered_key and not self._peers_changed and self._offer_ticks % 64:
            return False
        started = time.monotonic()
        if started < self._offer_next and not force:
            return True
        self._offered_key = key
        seen, before = self._peers_seen, len(self._peers_seen)
        # only the newest of each can be among the newest listed (10,000 clients: a walk over them all was
        # 30-130 ms at every change of their number, each tick while they connected)
        for peer, _code in self.view.layout.newest_streams(MAX_PEERS_LISTED):
            if peer is not None:
                seen[str(peer)] = None
        peers = list(itertools.islice(reversed(counted), MAX_PEERS_LISTED))[::-1] \
            if len(counted) > MAX_PEERS_LISTED else counted
        for peer in peers:
            seen[str(peer)] = None
        while len(seen) > MAX_PEERS_LISTED:
            del seen[next(iter(seen))]
        if len(seen) != before or self._peers_changed:
            self._peers_changed = False
            self.filters.set_peers(list(seen))
        self._offer_next = started + min(1.0, 20 * (time.monotonic() - started))
        return False

    def peer_seen(self, peer: object) -> None:
        self._peers_seen[str(peer)] = None
        self._peers_changed = True

    def open_find(self) -> None:
        self.find_bar.open_bar()

    # QWidget.find(id) is Qt's static lookup of a widget by its native window id, never called on this widget;
    # `find` is the bar's verb, called by its buttons, shortcuts, tests and tools/screenshot.py
    def find(self, backward: bool = False) -> bool:  # type: ignore[override]
        return self.find_bar.find(backward)

    def _menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        copy = QAction(self.tr("Copy"), menu)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.triggered.connect(self.view.copy)
        copy_hex = QAction(self.tr("Copy as hex"), menu)
        copy_hex.triggered.connect(self.view.copy_hex)
        select_all = QAction(self.tr("Select all"), menu)
        select_all.setShortcut(QKeySequence(QKeySequence.StandardKey.SelectAll))
        select_all.triggered.connect(self.view.select_all)
        find = QAction(self.tr("Find…"), menu)
        find.triggered.connect(self.open_find)
        end = QAction(self.tr("Jump to the newest data"), menu)
        end.triggered.connect(self.view.scroll_to_end)
        for a in (copy, copy_hex, select_all):
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(find)
        menu.addAction(end)
        copy.setEnabled(self.view.selection.active)
        copy_hex.setEnabled(self.view.selection.active)
        menu.exec(self.view.viewport().mapToGlobal(point))
