"""A server page's clients: the client list beside the view and the send-target box kept in step with it.
Clients that come and go between two ticks are applied together (a thousand at once cost one update).

The target box follows clients that connect by appending them (as the list does), and a few that leave item
by item. Many leaving at once (more than BATCH) only marks it out of date (the chosen target that left is marked
at once): it is rebuilt, in the list's order, when the user reaches for it (a click, a key, the wheel, focus),
when the page is flushed, or once the clients have stopped coming and going for SETTLE_S. Rebuilt at every
tick, as it was for any change of more than 16, 10,000 items were tens of milliseconds each time, over and over
while a crowd connected."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from app.core.records import Address
from app.net.session import HasPeers
from ui.page.panels.peer_table import BATCH, PeerList

#: Seconds with no large change before an out-of-date target box is rebuilt by itself.
SETTLE_S = 1.0
#: What the user does to a target box that brings it up to date first.
_REACHED = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress,
                      QEvent.Type.Wheel, QEvent.Type.FocusIn, QEvent.Type.ContextMenu})


class Clients(QObject):
    """Owns the :class:`PeerList` widget (``view``); ``followed`` names the peer the view should show alone
    (None: all) when "show only the selected client" is on."""

    followed = Signal(object)  # str | None
    #: "Show only the selected client" was unticked: the view's peer filter goes back to what it was.
    unfollowed = Signal()

    def __init__(self, session: HasPeers, parent: QWidget):
        super().__init__(parent)
        self.session = session
        self.targets = QComboBox()  # the send area's target box, set by the page
        self.view = PeerList(parent)
        self.model = self.view.model
        self._joined: list[Address] = []
        self._left: set[Address] = set()
        self._finished: set[Address] = set()
        self._apply_next = 0.0  # (monotonic) a large change waits until then
        #: The target box lags behind the list (a large change): rebuilt when reached for, or once settled.
        self._targets_stale = False
        self._changed_at = 0.0  # (monotonic) the last large change
        self.view.kick_button.clicked.connect(self.kick_selected)
        self.view.selectionChanged.connect(self._selected)
        self.view.follow.toggled.connect(self._follow_toggled)
        #: Send targets that left while chosen: kept (marked) so a send to one is an error in words, not a send
        #: to whichever client Qt would choose next; gone once another target is chosen.
        self._gone: set[str] = set()

    def set_targets(self, box: QComboBox) -> None:
        """The send area's target box (the page's)."""
        self.targets = box
        box.currentIndexChanged.connect(self._target_chosen)
        box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.targets and self._targets_stale and event.type() in _REACHED:
            self._rebuild_targets()
        return False

    def joined(self, peer: Address) -> None:
        self._joined.append(peer)
        self._left.discard(peer)

    def left(self, peer: Address) -> None:
        self._left.add(peer)

    def finished(self, peer: Address) -> None:
        self._finished.add(peer)  # greyed at the tick, with the others (a row not added yet is greyed when it is)

    def closed(self) -> None:
        """The server stopped: no clients, no targets but "all"."""
        self._joined, self._left, self._finished = [], set(), set()
        self._targets_stale = False
        self._gone.clear()
        self.model.clear()
        while self.targets.count() > 1:
            self.targets.removeItem(1)

    def tick(self, force: bool = False) -> bool:
        """Apply who came and went (``force``: now; else a large change waits twenty times as long as the last
        one took: a relay's flood of new sources replaces its whole table every few ticks). Returns whether a
        change still waits (the page asks for another tick)."""
        if self._joined or self._left:
            started = time.monotonic()
            if force or started >= self._apply_next or len(self._joined) + len(self._left) <= BATCH:
                self._apply()
                self._apply_next = started + min(0.5, 20 * (time.monotonic() - started))
        if self._finished:
            finished, self._finished = self._finished, set()
            self.model.mark_finished_many(finished)
        if self._targets_stale and (force or time.monotonic() - self._changed_at >= SETTLE_S):
            self._rebuild_targets()
        self.view.refresh()
        return bool(self._joined or self._left or self._targets_stale)

    def _apply(self) -> None:
        streams = self.session.peers
        joined = [(p, s.counts) for p in self._joined if p not in self._left and (s := streams.get(p)) is not None]
        left, self._left = self._left, set()
        self._joined = []
        listed = self.model.has
        new = {p for p, _c in joined if not listed(p)}  # (the others are listed, in the box too, already)
        if left:
            self.model.remove_many(left)
        if joined:
            self.model.add_many(joined, {p for p, _c in joined if streams[p].finished}, streams)
        box = self.targets
        if self._targets_stale or len(left) > BATCH:  # rebuilt later (see the module's words)
            self._targets_stale = True
            self._changed_at = time.monotonic()
            current = box.currentData()
            if current and box.currentIndex() > 0 and current in {str(p) for p in left}:  # the chosen one left
                self._gone.add(current)
                box.blockSignals(True)
                box.setItemText(box.currentIndex(), self._gone_text(current))
                box.blockSignals(False)
            return
        box.blockSignals(True)
        for peer in left:
            index = box.findData(str(peer))
            if index == box.currentIndex() and index > 0:
                self._gone.add(str(peer))
                box.setItemText(index, self._gone_text(str(peer)))
            elif index > 0:
                box.removeItem(index)
        for peer, _counts in joined:  # appended, as the list appends them
            text = str(peer)
            if text in self._gone:  # (it came back from the same address while still chosen)
                self._gone.discard(text)
                box.setItemText(box.findData(text), text)
            elif peer in new:
                box.addItem(text, text)
        box.blockSignals(False)

    def _rebuild_targets(self) -> None:
        """The target box made again from the list: "all", every client in the list's order, and the chosen
        one if it left (marked)."""
        self._targets_stale = False
        box = self.targets
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("All clients"), None)
        for row in self.model.rows:
            box.addItem(row.text, row.text)
        if current and box.findData(current) < 0:  # the chosen one left
            self._gone.add(current)
            box.addItem(self._gone_text(current), current)
        elif current:
            self._gone.discard(current)
        box.setCurrentIndex(max(0, box.findData(current)) if current else 0)
        box.blockSignals(False)

    def _gone_text(self, peer: str) -> str:
        return self.tr("%1 (disconnected)").replace("%1", peer)

    def _target_chosen(self, _index: int) -> None:
        """Another target was chosen: the ones that left are no longer offered."""
        box = self.targets
        for peer in list(self._gone):
            index = box.findData(peer)
            if index != box.currentIndex():
                self._gone.discard(peer)
                if index > 0:
                    box.blockSignals(True)
                    box.removeItem(index)
                    box.blockSignals(False)

    def kick_selected(self) -> None:
        for peer in self.view.selected_peers():
            if peer in self.session.peers:
                self.session.kick(peer)

    def _follow_toggled(self, on: bool) -> None:
        if on:
            self._selected([str(p) for p in self.view.selected_peers()])
        else:
            self.unfollowed.emit()

    def _selected(self, peers: list[str]) -> None:
        """Selecting a client makes it the send target (and, if asked, the only one the view shows)."""
        if len(peers) == 1:
            index = self.targets.findData(peers[0])
            if index >= 0:
                self.targets.setCurrentIndex(index)
        elif not peers:
            self.targets.setCurrentIndex(0)
        if self.view.follow.isChecked():
            self.followed.emit(peers[0] if len(peers) == 1 else None)
