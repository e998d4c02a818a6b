"""The decoder a view uses: ``decoderBox`` (none, the built-ins, layout files), *Load layout…* and, on a session
page, *Edit layout…*. A session page's receive settings and an opened log's tab each hold one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.decode import BUILTINS, Decoder, LayoutDecoder, LayoutError


class DecoderChoice(QWidget):
    """``decoderBox`` and ``loadLayout`` on a row (with ``edit``: ``editLayout`` beside *Load layout…* on a row
    under the box), and the decoder they choose (:attr:`decoder`)."""

    #: A decoder (a layout file) that cannot be used: the error names the field; the box went back to none.
    decoderRefused = Signal(object)
    #: The decoder in use changed (or was refused): any error about the last one is gone.
    decoderChanged = Signal()
    #: What the view shows must be rendered again (a decoder chosen, or refused).
    viewChanged = Signal()
    #: *Edit layout…* was pressed (the page opens its layout editor).
    editRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, edit: bool = False):
        super().__init__(parent)
        self.box = QComboBox(self)
        self.box.setObjectName("decoderBox")
        self.box.setAccessibleName(self.tr("Decoder"))
        self.box.setToolTip(self.tr("Decode each message into named fields, shown on a line under it"))
        self.box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.box.setMinimumContentsLength(8)
        self.box.addItem(self.tr("None"), "none")
        words = {"json": self.tr("JSON lines")}  # (the others are protocols' names)
        for builtin in BUILTINS.values():
            self.box.addItem(words.get(builtin.name, builtin.label), builtin.name)
        self.load_button = QPushButton(self.tr("Load layout…"), self)
        self.load_button.setObjectName("loadLayout")
        self.load_button.setToolTip(self.tr("Add a layout file (JSON) that describes a message's fields"))
        self.edit_button: QPushButton | None = None
        label = QLabel(self.tr("Decode"), self)
        label.setToolTip(self.box.toolTip())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.box, 1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(row)
        if edit:
            self.edit_button = QPushButton(self.tr("Edit layout…"), self)
            self.edit_button.setObjectName("editLayout")
            self.edit_button.setToolTip(self.tr("Write or change a layout, with a live preview of the selected "
                                                "message"))
            self.edit_button.clicked.connect(self.editRequested)
            buttons = QHBoxLayout()
            buttons.setContentsMargins(0, 0, 0, 0)
            buttons.addWidget(self.load_button, 1)
            buttons.addWidget(self.edit_button, 1)
            col.addLayout(buttons)
        else:
            row.addWidget(self.load_button)
        self._decoder: Decoder | None = None
        self._spec = "none"
        self.box.currentIndexChanged.connect(self._chosen)
        self.load_button.clicked.connect(self._choose_layout)

    @property
    def decoder(self) -> Decoder | None:
        """The decoder in use (None: messages are not decoded)."""
        return self._decoder

    @property
    def spec(self) -> str:
        """The item data of the choice: ``none``, a built-in's name or a layout file's path."""
        return str(self.box.currentData() or "none")

    def layout_paths(self) -> list[str]:
        """The layout files listed in ``decoderBox``, in order."""
        return [str(self.box.itemData(i)) for i in range(1 + len(BUILTINS), self.box.count())]

    def add_layout(self, path: str | Path, *, select: bool = True) -> bool:
        """List a layout file in ``decoderBox`` (and choose it). A layout that cannot be used is refused
        (``decoderRefused`` with the error naming the field) and not listed."""
        path = str(Path(path).absolute())
        try:
            decoder = LayoutDecoder.from_file(path)
        except LayoutError as exc:
            self.decoderRefused.emit(exc)
            return False
        idx = self.box.findData(path)
        if idx < 0:
            self.box.addItem(f"{decoder.name} ({Path(path).name})", path)
            self.box.setItemData(self.box.count() - 1, path, Qt.ItemDataRole.ToolTipRole)
            idx = self.box.count() - 1
        if select:
            self._spec = ""  # (read the file again: it may have changed)
            if self.box.currentIndex() == idx:
                self._chosen()
            else:
                self.box.setCurrentIndex(idx)
        return True

    def apply(self, spec: str, layouts: list[str]) -> None:
        """Settings back: the layout files listed, then the choice (a file not listed yet is added)."""
        for path in layouts:
            if self.box.findData(path) < 0:
                self.add_layout(path, select=False)
        idx = self.box.findData(spec)
        if idx < 0 and spec not in ("", "none") and self.add_layout(spec, select=False):
            idx = self.box.findData(str(Path(spec).absolute()))
        self.box.setCurrentIndex(max(idx, 0))
        self._chosen()

    def _choose_layout(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Load layout"), "",
                                                    self.tr("Layout files (*.json);;All files (*)"))
        if path:
            self.add_layout(path)

    def _chosen(self, *args: object) -> None:
        spec = self.spec
        if spec == self._spec:
            return
        decoder: Decoder | None = None
        if spec in BUILTINS:
            decoder = BUILTINS[spec]
        elif spec != "none":
            try:
                decoder = LayoutDecoder.from_file(spec)
            except LayoutError as exc:  # (the file changed or went away since it was listed)
                self._decoder, self._spec = None, "none"
                self.box.setCurrentIndex(0)
                self.decoderRefused.emit(exc)
                self.viewChanged.emit()
                return
        self._decoder, self._spec = decoder, spec
        self.decoderChanged.emit()
        self.viewChanged.emit()
