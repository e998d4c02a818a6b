"""The fields panel (``fieldsView``): the selected message's fields as its decoder reads them — a tree of name,
value, offset, size and the bytes (arrays hold their elements, struct elements their members, a bits field its
bit runs) — beside the receive view, shown while a decoder is on. Selecting a field asks for its bytes to be
highlighted (``fieldSelected``)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from app.decode import BUILTINS, Decoded, DecodedField, Decoder
from app.decode.tree import FieldNode, bit_groups, field_tree
from ui.texts import decode_words

#: Bytes shown in a field's Bytes column at most (the rest as …).
SHOWN_BYTES = 32
#: Rows the tree holds at most (a message of 100,000 array elements is listed up to here, then said).
SHOWN_ROWS = 5_000
_RED = QColor("#c62828")
#: Item data: a row's (start, end) bytes in the message, or None.
SPAN_ROLE = Qt.ItemDataRole.UserRole + 1
#: Item data: the decoded field's own name (``regs[0]``, ``ack``), or None for a group.
NAME_ROLE = Qt.ItemDataRole.UserRole + 2


class FieldsView(QTreeView):
    """One row per field, nested; a message that does not fit says why on a last row."""

    #: A field was selected: its bytes (start, end) in the message; (-1, -1) when none is (or it has none).
    fieldSelected = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, *, object_name: str = "fieldsView"):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(self.tr("Fields of the selected message"))
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._model = QStandardItemModel(0, 5, self)
        self._model.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value"), self.tr("Offset"),
                                               self.tr("Size"), self.tr("Bytes")])
        self.setModel(self._model)
        self.setColumnWidth(0, 110)
        self.setColumnWidth(1, 120)
        self.setColumnWidth(2, 50)
        self.setColumnWidth(3, 40)
        #: Says a decoder's labels and errors in the window's language (None: English).
        self._words = decode_words()
        self.selectionModel().selectionChanged.connect(self._selected)

    def clear_fields(self) -> None:
        self._model.removeRows(0, self._model.rowCount())

    def show_message(self, decoder: Decoder, data: bytes) -> Decoded:
        """Decode ``data`` and list its fields."""
        decoded = decoder.decode(data)
        self.show_decoded(decoded, data, decoder)
        return decoded

    def show_decoded(self, decoded: Decoded, data: bytes, decoder: Decoder | None = None) -> None:
        """List ``decoded``'s fields (the decoder says how bit runs group and whether names nest by dots)."""
        self.clear_fields()
        layout = getattr(decoder, "layout", None)
        json_lines = decoder is not None and decoder is BUILTINS.get("json")
        tree = field_tree(decoded.fields, bit_groups(layout), dotted=json_lines)
        budget = [SHOWN_ROWS]
        root = self._model.invisibleRootItem()
        for node in tree:
            self._add(root, node, data, budget)
        if budget[0] < 0:
            more = QStandardItem(self.tr("… more fields than shown here"))
            root.appendRow([more, QStandardItem(""), QStandardItem(""), QStandardItem(""), QStandardItem("")])
        error = decoded.error_text(self._words)
        if error is not None:
            words = QStandardItem(self.tr("does not fit"))
            why = QStandardItem(error)
            for cell in (words, why):
                cell.setForeground(QBrush(_RED))
            root.appendRow([words, why, QStandardItem(""), QStandardItem(""), QStandardItem("")])
        if len(tree) <= 64:
            self.expandToDepth(0)

    def _add(self, parent: QStandardItem, node: FieldNode, data: bytes, budget: list[int]) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            return
        cells = self._row(node, data)
        parent.appendRow(cells)
        for child in node.children:
            self._add(cells[0], child, data, budget)

    def _row(self, node: FieldNode, data: bytes) -> list[QStandardItem]:
        f = node.field
        value, bad = ("", False) if f is None else self._value(f)
        raw = ""
        if node.offset is not None and node.size is not None:
            part = data[node.offset:node.offset + min(node.size, SHOWN_BYTES)]
            raw = part.hex(" ").upper() + (" …" if node.size > SHOWN_BYTES else "")
        cells = [QStandardItem(node.label), QStandardItem(value),
                 QStandardItem("" if node.offset is None else str(node.offset)),
                 QStandardItem("" if node.size is None else str(node.size)), QStandardItem(raw)]
        if f is not None:
            cells[0].setData(f.name, NAME_ROLE)
            if f.name != node.label:
                cells[0].setToolTip(f.name)
        cells[0].setData(node.span(), SPAN_ROLE)
        if bad:
            cells[1].setForeground(QBrush(_RED))
        return cells

    def _value(self, f: DecodedField) -> tuple[str, bool]:
        value = "" if f.value is None else str(f.value)
        if f.label is not None:
            value = f"{value} ({f.label_text(self._words)})"
        bad = False
        if f.valid is not None:
            digits = 2 * (f.size or 1) if f.type == "checksum" else (f.size or 1)
            if isinstance(f.value, int):
                value = f"0x{f.value:0{digits}X}"
            value += " ✓" if f.valid else " ✗"
            if not f.valid and f.expected is not None:
                value += " " + self.tr("(expected %1)").replace("%1", f"0x{f.expected:0{digits}X}")
            bad = not f.valid
        return value, bad

    def selected_span(self) -> tuple[int, int] | None:
        """The selected field's bytes in the message, (start, end); None when none is selected or it has none."""
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isSelected(index):
            return None
        span = index.siblingAtColumn(0).data(SPAN_ROLE)
        return None if span is None else (int(span[0]), int(span[1]))

    def select_field(self, name: str) -> bool:
        """Select the row whose field is called ``name`` (``regs[0]``, ``items[1].id``, a group's label path)."""
        found = self._find(self._model.invisibleRootItem(), name, "")
        if found is None:
            return False
        self.setCurrentIndex(found.index())
        return True

    def _find(self, parent: QStandardItem, name: str, path: str) -> QStandardItem | None:
        for r in range(parent.rowCount()):
            cell = parent.child(r, 0)
            label = cell.text()
            full = path + label if label.startswith("[") or not path else f"{path}.{label}"
            if name in (full, cell.data(NAME_ROLE)):
                return cell
            if (found := self._find(cell, name, full)) is not None:
                return found
        return None

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        span = self.selected_span()
        self.fieldSelected.emit(*(span if span is not None else (-1, -1)))
