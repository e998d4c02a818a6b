"""The fields panel (``fieldsView``): the selected message's fields as its decoder reads them — name, value,
offset, size and the bytes — beside the receive view, shown while a decoder is on."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from app.decode import Decoded, DecodedField, Decoder

#: Bytes shown in a field's Bytes column at most (the rest as …).
SHOWN_BYTES = 32
_RED = QColor("#c62828")


class FieldsView(QTreeView):
    """One row per field (array elements ``name[i]``); a message that does not fit says why on a last row."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fieldsView")
        self.setAccessibleName(self.tr("Fields of the selected message"))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._model = QStandardItemModel(0, 5, self)
        self._model.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value"), self.tr("Offset"),
                                               self.tr("Size"), self.tr("Bytes")])
        self.setModel(self._model)
        self.setColumnWidth(0, 110)
        self.setColumnWidth(1, 150)
        self.setColumnWidth(2, 50)
        self.setColumnWidth(3, 40)

    def clear_fields(self) -> None:
        self._model.removeRows(0, self._model.rowCount())

    def show_message(self, decoder: Decoder, data: bytes) -> Decoded:
        """Decode ``data`` and list its fields."""
        decoded = decoder.decode(data)
        self.clear_fields()
        for f in decoded.fields:
            self._model.appendRow(self._row(f, data))
        if decoded.error is not None:
            words = QStandardItem(self.tr("does not fit"))
            why = QStandardItem(decoded.error)
            for cell in (words, why):
                cell.setForeground(QBrush(_RED))
            self._model.appendRow([words, why, QStandardItem(""), QStandardItem(""), QStandardItem("")])
        return decoded

    def _row(self, f: DecodedField, data: bytes) -> list[QStandardItem]:
        value = "" if f.value is None else str(f.value)
        if f.label is not None:
            value = f"{value} ({f.label})"
        bad = False
        if f.valid is not None:
            digits = 2 * (f.size or 1) if f.type == "checksum" else (f.size or 1)
            if isinstance(f.value, int):
                value = f"0x{f.value:0{digits}X}"
            value += " ✓" if f.valid else " ✗"
            if not f.valid and f.expected is not None:
                value += " " + self.tr("(expected %1)").replace("%1", f"0x{f.expected:0{digits}X}")
            bad = not f.valid
        raw = ""
        if f.offset is not None and f.size is not None:
            part = data[f.offset:f.offset + min(f.size, SHOWN_BYTES)]
            raw = part.hex(" ").upper() + (" …" if f.size > SHOWN_BYTES else "")
        cells = [QStandardItem(f.name), QStandardItem(value),
                 QStandardItem("" if f.offset is None else str(f.offset)),
                 QStandardItem("" if f.size is None else str(f.size)), QStandardItem(raw)]
        if bad:
            cells[1].setForeground(QBrush(_RED))
        return cells
