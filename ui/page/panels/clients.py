"""A server page's clients: the client list beside the view and the send-target box kept in step with it.
Clients that come and go between two ticks are applied together (a thousand at once cost one update)."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from app.core.records import Address
from app.net.session import HasPeers
from ui.page.panels.peer_table import BATCH, PeerList


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
        self._apply_next = 0.0  # (monotonic) a large change waits until then
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

    def joined(self, peer: Address) -> None:
        self._joined.append(peer)
        self._left.discard(peer)

    def left(self, peer: Address) -> None:
        self._left.add(peer)

    def finished(self, peer: Address) -> None:
        self.model.mark_finished(peer)  # (a row not added yet is greyed when it is)

    def closed(self) -> None:
        """The server stopped: no clients, no targets but "all"."""
        self._joined, self._left = [], set()
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
        self.model.refresh()
        return bool(self._joined or self._left)

    def _apply(self) -> None:
        streams = self.session.peers
        joined = [(p, s.counts) for p in self._joined if p not in self._left and (s := streams.get(p)) is not None]
        left, self._left = self._left, set()
        self._joined = []
        if left:
            self.model.remove_many(left)
        if joined:
            self.model.add_many(joined, {p for p, _c in joined if streams[p].finished}, streams)
        box = self.targets
        current = box.currentData()
        box.blockSignals(True)
        if len(left) + len(joined) > 16:  # rebuild the list of targets
            box.clear()
            box.addItem(self.tr("All clients"), None)
            for row in self.model.rows:
                box.addItem(row.text, row.text)
            if current and box.findData(current) < 0:  # the chosen one left
                self._gone.add(current)
                box.addItem(self._gone_text(current), current)
            box.setCurrentIndex(max(0, box.findData(current)) if current else 0)
        else:
            for peer in left:
                index = box.findData(str(peer))
                if index == box.currentIndex() and index > 0:
                    self._gone.add(str(peer))
                    box.setItemText(index, self._gone_text(str(peer)))
                elif index > 0:
                    box.removeItem(index)
            for peer, _counts in joined:
                index = box.findData(str(peer))
                if index > 0:  # (it came back from the same address)
                    self._gone.discard(str(peer))
                    box.setItemText(index, str(peer))
                else:
                    box.addItem(str(peer), str(peer))
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
