"""Where a session page's panels sit: the settings column (scrolls; the wheel changes a field only once it
has focus), the receive view (beside a server's client list) over the send area and quick commands, the
status line at the bottom."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QSplitter, QVBoxLayout, QWidget

from ui.fields import WheelGuard
from ui.page.panels.peer_table import PeerList


def arrange(page: QWidget, column: Sequence[QWidget], receive: QWidget, clients: PeerList | None,
            send_area: QWidget, send_tools: QWidget, status: QWidget) -> tuple[QSplitter, QSplitter | None]:
    """Lay out a page's panels: ``column`` (the settings, top to bottom), the receive pane beside the client
    list, the send area beside its tools, the status line; returns (the view/send splitter, the
    view/clients splitter or None)."""
    left = QWidget(page)
    col = QVBoxLayout(left)
    col.setContentsMargins(0, 0, 0, 0)
    for panel in column:
        col.addWidget(panel)
    col.addStretch(1)
    scroll = QScrollArea(page)
    scroll.setObjectName("settingsColumn")
    scroll.setAccessibleName(QCoreApplication.translate("SessionPage", "Session settings"))
    scroll.setWidget(left)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    WheelGuard(scroll).guard(left)
    # as wide as the column's content needs (never clipped), plus room for its scroll bar
    width = max(260, left.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4)
    scroll.setMinimumWidth(width)
    scroll.setMaximumWidth(width + 40)
    top: QWidget = receive
    clients_split: QSplitter | None = None
    if clients is not None:
        clients_split = QSplitter(Qt.Orientation.Horizontal, page)
        clients_split.setObjectName("clientSplitter")
        clients_split.addWidget(receive)
        clients_split.addWidget(clients)
        clients_split.setStretchFactor(0, 1)
        # the view gets the room; the list shows its first columns and scrolls sideways for the rest
        clients_split.setSizes([760, min(clients.preferred_width(), 260)])
        top = clients_split
    bottom = QWidget(page)
    row = QHBoxLayout(bottom)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(send_area, 3)
    row.addWidget(send_tools, 2)
    splitter = QSplitter(Qt.Orientation.Vertical, page)
    splitter.setObjectName("pageSplitter")
    splitter.addWidget(top)
    splitter.addWidget(bottom)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setSizes([400, 210])
    body = QHBoxLayout()
    body.addWidget(scroll)
    body.addWidget(splitter, 1)
    outer = QVBoxLayout(page)
    outer.addLayout(body, 1)
    outer.addWidget(status)
    return splitter, clients_split
