"""接收设置: how received data is shown (encoding, hex, log mode, wrap, auto-scroll, framing) and where it
is saved or logged. The panel only asks; the page applies its choices to the view, the auto-reply and the
recorder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.automation.transfer import MAX_CLIENT_FILES
from app.core.codec import ENCODINGS
from app.decode import Decoder
from app.view.render import ViewOptions
from ui.fields import check, spin
from ui.options import Bool, Choice, Int, Option, Section, Text, TextList
from ui.page.panels.decoder_choice import DecoderChoice
from ui.page.send_tools.controls import FramingControls


class ReceiveSettings(QGroupBox):
    """Receive settings; ``viewChanged`` when what the view shows must be re-rendered."""

    changed = Signal()
    viewChanged = Signal()
    wrapChanged = Signal(bool)
    autoScrollChanged = Signal(bool)
    hideChanged = Signal(bool)
    saveToggled = Signal(bool)
    logToggled = Signal(bool)
    clearRequested = Signal()
    #: A decoder (a layout file) that cannot be used: the error names the field; the box went back to none.
    decoderRefused = Signal(object)
    #: The decoder in use changed (or was refused): any error about the last one is gone.
    decoderChanged = Signal()
    #: *Edit layout…*: the page opens the layout editor.
    editLayoutRequested = Signal()

    OPTIONS: dict[str, Option] = {
        "encoding": Choice("utf-8", tuple(e.name for e in ENCODINGS)),
        "receive_hex": Bool(False), "log_mode": Bool(True), "wrap": Bool(True), "auto_scroll": Bool(True),
        "hide_display": Bool(False), "framing": Section(FramingControls.OPTIONS),
        "client_files": Int(MAX_CLIENT_FILES, 1, 10_000),
        "decoder": Text("none"), "decoder_layouts": TextList((), max_items=32, max_len=4096)}

    def __init__(self, *, clients: bool, datagrams: bool, messages: bool = False, parent: QWidget | None = None):
        super().__init__(self.tr("Receive settings"), parent)
        #: The page's records are messages, text or binary by their own flag (WebSocket: ViewOptions.messages).
        self.messages = messages
        col = QVBoxLayout(self)
        self.encoding_box = QComboBox(self)
        self.encoding_box.setObjectName("encodingBox")
        self.encoding_box.setAccessibleName(self.tr("Text encoding (received and sent text)"))
        self.encoding_box.setToolTip(self.tr("How received bytes are shown as text, and how typed text is sent"))
        for enc in ENCODINGS:
            self.encoding_box.addItem(enc.label, enc.name)
        enc_row = QHBoxLayout()
        self.encoding_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.encoding_box.setMinimumContentsLength(10)
        label = QLabel(self.tr("Encoding"), self)
        label.setToolTip(self.encoding_box.toolTip())
        enc_row.addWidget(label)
        enc_row.addWidget(self.encoding_box, 1)
        col.addLayout(enc_row)
        self.decoders = DecoderChoice(self, edit=True)
        self.decoder_box = self.decoders.box
        self.load_layout = self.decoders.load_button
        self.edit_layout = self.decoders.edit_button
        col.addWidget(self.decoders)
        self.receive_hex = check("receiveHex", self.tr("Hex"))
        self.receive_hex.setToolTip(self.tr("Show received data as hex"))
        self.log_mode = check("logMode", self.tr("Log mode"), True)
        self.log_mode.setToolTip(self.tr("Time, direction and peer before each message"))
        self.wrap = check("wrapLines", self.tr("Wrap lines"), True)
        self.auto_scroll = check("autoScroll", self.tr("Auto-scroll"), True)
        self.hide_display = check("hideDisplay", self.tr("Hide display"))
        self.hide_display.setToolTip(self.tr("Stop drawing received data; counting and logging go on"))
        grid = QGridLayout()
        for i, w in enumerate((self.receive_hex, self.log_mode, self.wrap, self.auto_scroll, self.hide_display)):
            grid.addWidget(w, i // 2, i % 2)
        col.addLayout(grid)
        self.framing = FramingControls(self, datagrams=datagrams)
        col.addWidget(self.framing)
        self.save_to_file = check("saveToFile", self.tr("Save received data to file…"))
        col.addWidget(self.save_to_file)
        self.per_client_files = check("perClientFiles", self.tr("One file per client"))
        self.client_files = spin("clientFileLimit", self.tr("Files at most, one per client"), 1, 10_000,
                                 MAX_CLIENT_FILES)
        self.client_files.setToolTip(self.tr("At most this many files are made, one per client; what more "
                                             "clients send goes into the shared file"))
        files_row = QHBoxLayout()
        files_row.addWidget(self.per_client_files)
        files_row.addWidget(QLabel(self.tr("at most"), self))
        files_row.addWidget(self.client_files)
        files_row.addStretch(1)
        self.client_files_row = QWidget(self)
        self.client_files_row.setLayout(files_row)
        files_row.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.client_files_row)
        self.client_files_row.setVisible(clients)
        self.log_to_file = check("logToFile", self.tr("Log session to file…"))
        col.addWidget(self.log_to_file)
        self.files_label = QLabel(self)
        self.files_label.setObjectName("filesLabel")
        self.files_label.setWordWrap(True)
        self.files_label.hide()
        col.addWidget(self.files_label)
        self.clear_button = QPushButton(self.tr("Clear display"), self)
        self.clear_button.setObjectName("clearReceive")
        col.addWidget(self.clear_button)

        for box in (self.receive_hex, self.log_mode):
            box.toggled.connect(self.viewChanged)
        self.encoding_box.currentIndexChanged.connect(self.viewChanged)
        self.framing.changed.connect(self.viewChanged)
        self.decoders.viewChanged.connect(self.viewChanged)
        self.decoders.decoderChanged.connect(self.decoderChanged)
        self.decoders.decoderRefused.connect(self.decoderRefused)
        self.decoders.editRequested.connect(self.editLayoutRequested)
        self.wrap.toggled.connect(self.wrapChanged)
        self.auto_scroll.toggled.connect(self.autoScrollChanged)
        self.hide_display.toggled.connect(self.hideChanged)
        self.save_to_file.toggled.connect(self.saveToggled)
        self.log_to_file.toggled.connect(self.logToggled)
        self.clear_button.clicked.connect(self.clearRequested)
        for box in (self.receive_hex, self.log_mode, self.wrap, self.auto_scroll, self.hide_display):
            box.toggled.connect(self.changed)
        self.encoding_box.currentIndexChanged.connect(self.changed)
        self.framing.changed.connect(self.changed)
        self.client_files.valueChanged.connect(self.changed)
        self.decoder_box.currentIndexChanged.connect(self.changed)

    @property
    def encoding(self) -> str:
        return str(self.encoding_box.currentData() or "utf-8")

    def set_encoding(self, name: str) -> None:
        idx = self.encoding_box.findData(name)
        if idx >= 0:
            self.encoding_box.setCurrentIndex(idx)

    # ================================================================================ decoder
    @property
    def decoder(self) -> Decoder | None:
        """The decoder in use (None: messages are not decoded)."""
        return self.decoders.decoder

    def layout_paths(self) -> list[str]:
        """The layout files listed in ``decoderBox``, in order."""
        return self.decoders.layout_paths()

    def add_layout(self, path: str | Path, *, select: bool = True) -> bool:
        """List a layout file in ``decoderBox`` (and choose it); see :meth:`DecoderChoice.add_layout`."""
        return self.decoders.add_layout(path, select=select)

    def view_options(self) -> ViewOptions:
        return ViewOptions(hex=self.receive_hex.isChecked(), log_mode=self.log_mode.isChecked(),
                           encoding=self.encoding, framing=self.framing.spec(), decoder=self.decoder,
                           messages=self.messages)

    def show_files(self, lines: list[str]) -> None:
        self.files_label.setText("\n".join(lines))
        self.files_label.setVisible(bool(lines))

    def to_settings(self) -> dict[str, Any]:
        return {"encoding": self.encoding, "receive_hex": self.receive_hex.isChecked(),
                "log_mode": self.log_mode.isChecked(), "wrap": self.wrap.isChecked(),
                "auto_scroll": self.auto_scroll.isChecked(), "hide_display": self.hide_display.isChecked(),
                "framing": self.framing.to_settings(), "client_files": self.client_files.value(),
                "decoder": self.decoders.spec, "decoder_layouts": self.layout_paths()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        self.encoding_box.setCurrentIndex(max(self.encoding_box.findData(s["encoding"]), 0))
        self.receive_hex.setChecked(s["receive_hex"])
        self.log_mode.setChecked(s["log_mode"])
        self.wrap.setChecked(s["wrap"])
        self.auto_scroll.setChecked(s["auto_scroll"])
        self.hide_display.setChecked(s["hide_display"])
        self.framing.apply_settings(s["framing"])
        self.client_files.setValue(s["client_files"])
        self.decoders.apply(s["decoder"], s["decoder_layouts"])
