"""A read-only tab that shows a JSON Lines session log the way a live session's view would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.codec import ENCODINGS
from app.logs import load_jsonl
from app.records import RecordStore
from app.render import ViewOptions
from ui.receive_pane import ReceivePane
from ui.tools import FramingControls


class LogPage(QWidget):
    """An opened log: text/hex, encodings, log mode, framing and find, over the records it holds."""

    def __init__(self, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("logPage")
        self.setProperty("kind", "log")
        self.path = Path(path)
        records = list(load_jsonl(self.path))
        self.store = RecordStore(limit=1 << 62)  # a log is shown whole
        for rec in records:
            self.store.append(rec)
        self.encoding_box = QComboBox(self)
        self.encoding_box.setObjectName("encodingBox")
        self.encoding_box.setAccessibleName(self.tr("Text encoding"))
        for enc in ENCODINGS:
            self.encoding_box.addItem(enc.label, enc.name)
        self.receive_hex = QCheckBox(self.tr("Show as hex"), self)
        self.receive_hex.setObjectName("receiveHex")
        self.log_mode = QCheckBox(self.tr("Log mode (time, direction, peer)"), self)
        self.log_mode.setObjectName("logMode")
        self.log_mode.setChecked(True)
        self.wrap = QCheckBox(self.tr("Wrap lines"), self)
        self.wrap.setChecked(True)
        self.framing = FramingControls(self)
        self.receive = ReceivePane(self.store, self)
        self.receive_view = self.receive.view
        bar = QHBoxLayout()
        info = QLabel(self.tr("%1 — %2 records (read-only)").replace("%1", self.path.name)
                      .replace("%2", f"{len(records):,}"), self)
        info.setObjectName("logInfo")
        bar.addWidget(info, 1)
        bar.addWidget(QLabel(self.tr("Encoding"), self))
        bar.addWidget(self.encoding_box)
        for w in (self.receive_hex, self.log_mode, self.wrap):
            bar.addWidget(w)
        bar.addWidget(self.framing)
        col = QVBoxLayout(self)
        col.addLayout(bar)
        col.addWidget(self.receive, 1)
        for box in (self.receive_hex, self.log_mode):
            box.toggled.connect(self._options_changed)
        self.encoding_box.currentIndexChanged.connect(self._options_changed)
        self.framing.changed.connect(self._options_changed)
        self.wrap.toggled.connect(self.receive_view.set_wrap)
        self._options_changed()

    def title(self) -> str:
        return self.path.name

    def set_encoding(self, name: str) -> None:
        self.encoding_box.setCurrentIndex(max(self.encoding_box.findData(name), 0))

    def _options_changed(self, *args: object) -> None:
        self.receive_view.set_options(ViewOptions(
            hex=self.receive_hex.isChecked(), log_mode=self.log_mode.isChecked(),
            encoding=str(self.encoding_box.currentData()), framing=self.framing.spec()))
        self.receive_view.update_from_store()

    async def shutdown(self) -> None:
        """Nothing runs in a log page; present so the window can treat every tab alike."""
