"""接收设置: how received data is shown (encoding, hex, log mode, wrap, auto-scroll, framing) and where it
is saved or logged. The panel only asks; the page applies its choices to the view, the auto-reply and the
recorder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
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
from app.decode import BUILTINS, Decoder, LayoutDecoder, LayoutError
from app.view.render import ViewOptions
from ui.fields import check, spin
from ui.options import Bool, Choice, Int, Option, Section, Text, TextList
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
        self.decoder_box = QComboBox(self)
        self.decoder_box.setObjectName("decoderBox")
        self.decoder_box.setAccessibleName(self.tr("Decoder"))
        self.decoder_box.setToolTip(self.tr("Decode each message into named fields, shown on a line under it"))
        self.decoder_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.decoder_box.setMinimumContentsLength(8)
        self.decoder_box.addItem(self.tr("None"), "none")
        words = {"json": self.tr("JSON lines")}  # (the others are protocols' names)
        for builtin in BUILTINS.values():
            self.decoder_box.addItem(words.get(builtin.name, builtin.label), builtin.name)
        self.load_layout = QPushButton(self.tr("Load layout…"), self)
        self.load_layout.setObjectName("loadLayout")
        self.load_layout.setToolTip(self.tr("Add a layout file (JSON) that describes a message's fields"))
        self.edit_layout = QPushButton(self.tr("Edit layout…"), self)
        self.edit_layout.setObjectName("editLayout")
        self.edit_layout.setToolTip(self.tr("Write or change a layout, with a live preview of the selected message"))
        dec_row = QHBoxLayout()
        dec_label = QLabel(self.tr("Decode"), self)
        dec_label.setToolTip(self.decoder_box.toolTip())
        dec_row.addWidget(dec_label)
        dec_row.addWidget(self.decoder_box, 1)
        col.addLayout(dec_row)
        layout_row = QHBoxLayout()
        layout_row.addWidget(self.load_layout, 1)
        layout_row.addWidget(self.edit_layout, 1)
        col.addLayout(layout_row)
        self._decoder: Decoder | None = None
        self._decoder_spec = "none"
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
        self.decoder_box.currentIndexChanged.connect(self._decoder_chosen)
        self.load_layout.clicked.connect(self._choose_layout)
        self.edit_layout.clicked.connect(self.editLayoutRequested)
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
        return self._decoder

    def layout_paths(self) -> list[str]:
        """The layout files listed in ``decoderBox``, in order."""
        return [str(self.decoder_box.itemData(i)) for i in range(1 + len(BUILTINS), self.decoder_box.count())]

    def add_layout(self, path: str | Path, *, select: bool = True) -> bool:
        """List a layout file in ``decoderBox`` (and choose it). A layout that cannot be used is refused
        (``decoderRefused`` with the error naming the field) and not listed."""
        path = str(Path(path).absolute())
        try:
            decoder = LayoutDecoder.from_file(path)
        except LayoutError as exc:
            self.decoderRefused.emit(exc)
            return False
        idx = self.decoder_box.findData(path)
        if idx < 0:
            self.decoder_box.addItem(f"{decoder.name} ({Path(path).name})", path)
            self.decoder_box.setItemData(self.decoder_box.count() - 1, path, Qt.ItemDataRole.ToolTipRole)
            idx = self.decoder_box.count() - 1
        if select:
            self._decoder_spec = ""  # (read the file again: it may have changed)
            if self.decoder_box.currentIndex() == idx:
                self._decoder_chosen()
            else:
                self.decoder_box.setCurrentIndex(idx)
        return True

    def _choose_layout(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Load layout"), "",
                                                    self.tr("Layout files (*.json);;All files (*)"))
        if path:
            self.add_layout(path)

    def _decoder_chosen(self, *args: object) -> None:
        spec = str(self.decoder_box.currentData() or "none")
        if spec == self._decoder_spec:
            return
        decoder: Decoder | None = None
        if spec in BUILTINS:
            decoder = BUILTINS[spec]
        elif spec != "none":
            try:
                decoder = LayoutDecoder.from_file(spec)
            except LayoutError as exc:  # (the file changed or went away since it was listed)
                self._decoder, self._decoder_spec = None, "none"
                self.decoder_box.setCurrentIndex(0)
                self.decoderRefused.emit(exc)
                self.viewChanged.emit()
                return
        self._decoder, self._decoder_spec = decoder, spec
        self.decoderChanged.emit()
        self.viewChanged.emit()

    def view_options(self) -> ViewOptions:
        return ViewOptions(hex=self.receive_hex.isChecked(), log_mode=self.log_mode.isChecked(),
                           encoding=self.encoding, framing=self.framing.spec(), decoder=self._decoder,
                           messages=self.messages)

    def show_files(self, lines: list[str]) -> None:
        self.files_label.setText("\n".join(lines))
        self.files_label.setVisible(bool(lines))

    def to_settings(self) -> dict[str, Any]:
        return {"encoding": self.encoding, "receive_hex": self.receive_hex.isChecked(),
                "log_mode": self.log_mode.isChecked(), "wrap": self.wrap.isChecked(),
                "auto_scroll": self.auto_scroll.isChecked(), "hide_display": self.hide_display.isChecked(),
                "framing": self.framing.to_settings(), "client_files": self.client_files.value(),
                "decoder": str(self.decoder_box.currentData() or "none"), "decoder_layouts": self.layout_paths()}

    def apply_settings(self, s: dict[str, Any]) -> None:
        self.encoding_box.setCurrentIndex(max(self.encoding_box.findData(s["encoding"]), 0))
        self.receive_hex.setChecked(s["receive_hex"])
        self.log_mode.setChecked(s["log_mode"])
        self.wrap.setChecked(s["wrap"])
        self.auto_scroll.setChecked(s["auto_scroll"])
        self.hide_display.setChecked(s["hide_display"])
        self.framing.apply_settings(s["framing"])
        self.client_files.setValue(s["client_files"])
        for path in s["decoder_layouts"]:
            if self.decoder_box.findData(path) < 0:
                self.add_layout(path, select=False)
        idx = self.decoder_box.findData(s["decoder"])
        if idx < 0 and s["decoder"] not in ("", "none") and self.add_layout(s["decoder"], select=False):
            idx = self.decoder_box.findData(str(Path(s["decoder"]).absolute()))
        self.decoder_box.setCurrentIndex(max(idx, 0))
        self._decoder_chosen()
