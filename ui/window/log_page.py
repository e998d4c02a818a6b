"""A read-only tab that shows a JSON Lines session log the way a live session's view would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core.codec import ENCODINGS
from app.core.records import FLAG_TEXT, RecordStore
from app.export.logs import SkippedLines, load_jsonl
from app.view.render import ViewOptions
from ui.options import Bool, Choice, Option, Problem, Section, Text, TextList, dump, load
from ui.page.panels.decoder_choice import DecoderChoice
from ui.page.send_tools.controls import FramingControls
from ui.receive.pane import ReceivePane
from ui.texts import error_text

#: What a log tab keeps between starts (besides its file): how it shows the records.
LOG_OPTIONS: dict[str, Option] = {
    "encoding": Choice("utf-8", tuple(e.name for e in ENCODINGS)),
    "receive_hex": Bool(False), "log_mode": Bool(True), "wrap": Bool(True),
    "framing": Section(FramingControls.OPTIONS),
    "decoder": Text("none"), "decoder_layouts": TextList((), max_items=32, max_len=4096),
}


class LogPage(QWidget):
    """An opened log: text/hex, encodings, log mode, framing, a decoder (``decoderBox``, the fields panel) and
    find, over the records it holds.

    Reading the file raises FileProblem (missing, unreadable, not a regular file) or InvalidLog (no line of it
    is a record); lines that are not records are skipped and said (``skipped``, a ``log-lines`` warning and
    the tab's info line). ``settings`` are
    the view options it had (see :data:`LOG_OPTIONS`), bad ones fall back to their defaults in ``warnings``.
    """

    #: A view option changed (the window saves the tabs).
    settingsChanged = Signal()

    def __init__(self, path: str | Path, parent: QWidget | None = None, settings: Any = None):
        super().__init__(parent)
        self.setObjectName("logPage")
        self.setProperty("kind", "log")
        self.path = Path(path)
        self.store = RecordStore(limit=1 << 62)  # a log is shown whole
        #: Lines of the file that are not records: skipped, counted, the first few named.
        self.skipped = SkippedLines()
        count = 0
        #: A WebSocket session's log (a text message's flag, or a ``ws-…`` notice): each record is a message, a
        #: binary one shown in hex in a text view (ViewOptions.messages), as on its page.
        self.messages = False
        for rec in load_jsonl(self.path, self.skipped):  # a line at a time, straight into the columnar store
            self.store.append(rec)
            count += 1
            if not self.messages and (rec.flags & FLAG_TEXT or (rec.notice is not None
                                                                and rec.notice.kind.startswith("ws-"))):
                self.messages = True
        #: Settings that could not be used as stored (the window shows them).
        self.warnings: list[Problem] = []
        if self.skipped:
            self.warnings.append(Problem("log-lines", str(self.path), f"{self.skipped.count:,}",
                                         self.skipped.words()))
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
        self.decoders = DecoderChoice(self)
        self.decoder_box = self.decoders.box
        self.receive = ReceivePane(self.store, self)
        self.receive_view = self.receive.view
        bar = QHBoxLayout()
        info = QLabel(self.tr("%1 — %2 records (read-only)").replace("%1", self.path.name)
                      .replace("%2", f"{count:,}"), self)
        info.setObjectName("logInfo")
        self.info = info
        if self.skipped:
            self.note(self.tr("%1 lines are not records and were skipped (%2)")
                      .replace("%1", f"{self.skipped.count:,}").replace("%2", self.skipped.words()))
        bar.addWidget(info, 1)
        bar.addWidget(QLabel(self.tr("Encoding"), self))
        bar.addWidget(self.encoding_box)
        for w in (self.receive_hex, self.log_mode, self.wrap):
            bar.addWidget(w)
        bar.addWidget(self.framing)
        col = QVBoxLayout(self)
        col.addLayout(bar)
        decode_row = QHBoxLayout()
        decode_row.addWidget(self.decoders)
        decode_row.addStretch(1)
        #: Why the last decoder chosen cannot be used (a layout file naming its field), else hidden.
        self.decoder_problem = QLabel(self)
        self.decoder_problem.setObjectName("stateLabel")
        self.decoder_problem.setWordWrap(True)
        self.decoder_problem.hide()
        decode_row.addWidget(self.decoder_problem, 2)
        col.addLayout(decode_row)
        col.addWidget(self.receive, 1)
        # the stored options first, so that the records are rendered once
        self.apply_settings(load(LOG_OPTIONS, settings if settings is not None else {}, self.warnings,
                                 self.path.name))
        for box in (self.receive_hex, self.log_mode):
            box.toggled.connect(self._options_changed)
        self.encoding_box.currentIndexChanged.connect(self._options_changed)
        self.framing.changed.connect(self._options_changed)
        self.decoders.viewChanged.connect(self._options_changed)
        self.decoders.decoderRefused.connect(self._decoder_refused)
        self.decoders.decoderChanged.connect(self.decoder_problem.hide)
        self.wrap.toggled.connect(self.receive_view.set_wrap)
        self.wrap.toggled.connect(self.settingsChanged)
        if not self.wrap.isChecked():
            self.receive_view.set_wrap(False)
        self._options_changed()

    def title(self) -> str:
        return self.path.name

    def note(self, words: str) -> None:
        """Something to know about this log, after its name and size."""
        self.info.setText(f"{self.info.text()} · {words}")

    def set_encoding(self, name: str) -> None:
        self.encoding_box.setCurrentIndex(max(self.encoding_box.findData(name), 0))

    def to_settings(self) -> dict[str, Any]:
        return dump(LOG_OPTIONS, {
            "encoding": self.encoding_box.currentData(), "receive_hex": self.receive_hex.isChecked(),
            "log_mode": self.log_mode.isChecked(), "wrap": self.wrap.isChecked(),
            "framing": self.framing.to_settings(), "decoder": self.decoders.spec,
            "decoder_layouts": self.decoders.layout_paths()})

    def apply_settings(self, s: dict[str, Any]) -> None:
        """Checked options (``ui.options.load(LOG_OPTIONS, …)``)."""
        self.set_encoding(s["encoding"])
        self.receive_hex.setChecked(s["receive_hex"])
        self.log_mode.setChecked(s["log_mode"])
        self.wrap.setChecked(s["wrap"])
        self.framing.apply_settings(s["framing"])
        self.decoders.apply(s["decoder"], s["decoder_layouts"])

    def addDecoderLayout(self, path: str) -> bool:
        """Add a layout file to ``decoderBox`` and decode with it, as *Load layout…* does after its dialog; a
        layout that cannot be used is refused, ``stateLabel`` saying why (naming the field)."""
        return self.decoders.add_layout(path)

    def _decoder_refused(self, exc: BaseException) -> None:
        self.decoder_problem.setText(error_text(exc))
        self.decoder_problem.show()

    def _options_changed(self, *args: object) -> None:
        self.receive_view.set_options(ViewOptions(
            hex=self.receive_hex.isChecked(), log_mode=self.log_mode.isChecked(),
            encoding=str(self.encoding_box.currentData()), framing=self.framing.spec(),
            decoder=self.decoders.decoder, messages=self.messages))
        self.receive.set_decoder(self.decoders.decoder)
        self.receive_view.update_from_store()
        self.settingsChanged.emit()

    async def shutdown(self) -> None:
        """Nothing runs in a log page; present so the window can treat every tab alike."""


def reason(exc: BaseException) -> str:
    """Why a log file could not be read, in the OS's words where there are some."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
