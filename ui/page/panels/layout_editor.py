"""The layout editor (``layoutEditor``): a layout file as a table of its fields, with a live preview that decodes
a message — the one selected in the view, or hex pasted — as the table changes, each field's bytes highlighted.
Saved as a layout file (the JSON ``app.decode`` loads); the page lists it in ``decoderBox``.

The table's cells are ``app.decode.layout_rows``'s; the layout is checked by ``parse_layout`` on every change,
and a bad one says why in words (the field named) while the preview keeps the last good decoding.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontDatabase, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.codec import parse_hex
from app.core.errors import NetAssistError
from app.decode import LayoutDecoder, LayoutError, parse_layout
from app.decode.cstruct import layout_from_c
from app.decode.layout import MAX_FILE_BYTES, TYPES
from app.decode.layout_rows import COLUMNS, ENDIANS, USED, LayoutRow, layout_from_rows, rows_from_layout
from ui.receive.fields import FieldsView
from ui.texts import decode_words, error_text

#: The example a new layout starts from: the course's TFTP read request (``struct.pack('!H8sb5sb', …)``).
EXAMPLE = {"name": "tftp-request", "endian": "big", "fields": [
    {"name": "opcode", "type": "u16", "enum": {"1": "RRQ", "2": "WRQ"}},
    {"name": "filename", "type": "cstring"}, {"name": "mode", "type": "cstring", "encoding": "ascii"}]}
EXAMPLE_BYTES = b"\x00\x01test.jpg\x00octet\x00"
#: Bytes the hex preview shows per line.
HEX_LINE = 8
_TYPE, _ENDIAN = COLUMNS.index("type"), COLUMNS.index("endian")


class _ChoiceDelegate(QStyledItemDelegate):
    """A combo box to edit the type and byte order cells."""

    def __init__(self, choices: dict[int, list[tuple[str, str]]], parent: QWidget):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        if index.column() not in self.choices:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        for label, value in self.choices[index.column()]:
            box.addItem(label, value)
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data() or "")))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            super().setModelData(editor, model, index)


class LayoutEditor(QDialog):
    """Edit a layout as a table; ``layoutSaved(path)`` once a file is written (the page lists and chooses it)."""

    layoutSaved = Signal(str)
    #: *Use selected message*: the page answers with :meth:`set_message`.
    messageRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("layoutEditor")
        self.setWindowTitle(self.tr("Layout editor"))
        self.path: str | None = None
        self._doc: dict[str, Any] | None = None  # the last layout that was good (what Save writes)
        self._filling = False
        self._data = b""  # the message the preview decodes
        #: The bytes highlighted in the hex preview (start, end), if any.
        self.highlighted: tuple[int, int] | None = None

        self.name = QLineEdit(self)
        self.name.setObjectName("layoutName")
        self.name.setAccessibleName(self.tr("Layout name"))
        self.endian = QComboBox(self)
        self.endian.setObjectName("layoutEndian")
        self.endian.setAccessibleName(self.tr("Byte order"))
        self.endian.addItem(self.tr("Big-endian"), "big")
        self.endian.addItem(self.tr("Little-endian"), "little")
        self.open_button = self._button("layoutOpen", self.tr("Open…"), self.tr("Open a layout file (JSON)"))
        self.from_c_button = self._button("layoutFromC", self.tr("From C struct…"),
                                          self.tr("Paste a C struct from firmware source and get its layout"))
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Name"), self))
        head.addWidget(self.name, 1)
        head.addWidget(QLabel(self.tr("Byte order"), self))
        head.addWidget(self.endian)
        head.addWidget(self.open_button)
        head.addWidget(self.from_c_button)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("layoutTable")
        self.table.setAccessibleName(self.tr("Fields of the layout"))
        headers = {
            "name": (self.tr("Name"), self.tr("The field's name")),
            "type": (self.tr("Type"), self.tr("u8 … f64 numbers, bytes, string, cstring (up to a NUL), bits, array, "
                                             "checksum")),
            "size": (self.tr("Size / count"), self.tr("Bytes and strings: a byte count, an earlier field's name, or "
                                                     "empty for the rest. Bits: bytes. Arrays: the element count, "
                                                     "or \"8 bytes\" / \"length bytes\"")),
            "endian": (self.tr("Byte order"), self.tr("Empty: the layout's")),
            "enum": (self.tr("Enum"), self.tr("Words for numbers: 1=RRQ, 2=WRQ")),
            "over": (self.tr("Checksum range"), self.tr("The bytes a checksum covers, start:end (0:-2); empty: every "
                                                       "byte before it")),
            "details": (self.tr("Details"), self.tr("Strings: the encoding. Bits: name:width, most significant "
                                                   "first. Arrays: the element (u16) or JSON. Checksums: the "
                                                   "algorithm (crc16-modbus, sum8 …)")),
        }
        for col, key in enumerate(COLUMNS):
            label, tip = headers[key]
            item = QTableWidgetItem(label)
            item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(col, item)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((100, 80, 90, 90, 110, 120)):
            self.table.setColumnWidth(col, width)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        byte_orders = [(self.tr("(layout's)"), ""), ("big", "big"), ("little", "little")]
        assert [v for _l, v in byte_orders] == list(ENDIANS)
        self.table.setItemDelegate(_ChoiceDelegate({_TYPE: [(t, t) for t in TYPES], _ENDIAN: byte_orders},
                                                   self.table))

        self.add_button = self._button("layoutAdd", self.tr("Add"), self.tr("Add a field after the selected one"))
        self.remove_button = self._button("layoutRemove", self.tr("Remove"), self.tr("Remove the selected field"))
        self.up_button = self._button("layoutUp", self.tr("Move up"), "")
        self.down_button = self._button("layoutDown", self.tr("Move down"), "")
        rows_bar = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            rows_bar.addWidget(b)
        rows_bar.addStretch(1)

        self.problem = QLabel(self)
        self.problem.setObjectName("layoutError")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.bytes_edit = QPlainTextEdit(self)
        self.bytes_edit.setObjectName("layoutBytes")
        self.bytes_edit.setAccessibleName(self.tr("Message to decode (hex)"))
        self.bytes_edit.setPlaceholderText(self.tr("Paste a message in hex, or select one in the view"))
        self.bytes_edit.setMaximumHeight(64)
        self.use_selected = self._button("layoutUseSelected", self.tr("Use selected message"),
                                         self.tr("Decode the message selected in the receive view"))
        self.hex_view = QTextEdit(self)
        self.hex_view.setObjectName("layoutHex")
        self.hex_view.setAccessibleName(self.tr("The message's bytes, the selected field's highlighted"))
        self.hex_view.setReadOnly(True)
        self.hex_view.setLineWrapMode(QTextEdit.LineWrapMode.NoWrap)
        self.hex_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview = FieldsView(self, object_name="layoutPreview")
        self.preview.setAccessibleName(self.tr("The message decoded with this layout"))

        bytes_col = QWidget(self)
        bc = QVBoxLayout(bytes_col)
        bc.setContentsMargins(0, 0, 0, 0)
        bytes_head = QHBoxLayout()
        bytes_head.addWidget(QLabel(self.tr("Message (hex)"), self), 1)
        bytes_head.addWidget(self.use_selected)
        bc.addLayout(bytes_head)
        bc.addWidget(self.bytes_edit)
        bc.addWidget(self.hex_view, 1)
        below = QSplitter(Qt.Orientation.Horizontal, self)
        below.addWidget(self.preview)
        below.addWidget(bytes_col)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 2)
        table_box = QWidget(self)
        tb = QVBoxLayout(table_box)
        tb.setContentsMargins(0, 0, 0, 0)
        tb.addWidget(self.table, 1)
        tb.addLayout(rows_bar)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(table_box)
        split.addWidget(below)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)

        self.save_button = self._button("layoutSave", self.tr("Save"), self.tr("Save the layout and decode with it"))
        self.save_as_button = self._button("layoutSaveAs", self.tr("Save as…"), self.tr("Save as a new layout file"))
        self.close_button = self._button("layoutClose", self.tr("Close"), "")
        foot = QHBoxLayout()
        foot.addWidget(self.problem, 1)
        foot.addWidget(self.save_button)
        foot.addWidget(self.save_as_button)
        foot.addWidget(self.close_button)

        page = QVBoxLayout(self)
        page.addLayout(head)
        page.addWidget(split, 1)
        page.addLayout(foot)

        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(150)
        self._later.timeout.connect(self.refresh)
        self.table.itemChanged.connect(self._cell_changed)
        self.table.currentCellChanged.connect(lambda row, _c, _r, _pc: self._row_chosen(row))
        self.name.textChanged.connect(self._changed)
        self.endian.currentIndexChanged.connect(self._changed)
        self.bytes_edit.textChanged.connect(self._changed)
        self.preview.fieldSelected.connect(self._highlight)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.open_button.clicked.connect(self._choose_file)
        self.from_c_button.clicked.connect(self._ask_c)
        self.save_button.clicked.connect(lambda: self.save(ask=False))
        self.save_as_button.clicked.connect(lambda: self.save(ask=True))
        self.close_button.clicked.connect(self.close)
        self.use_selected.clicked.connect(self.messageRequested)
        self.set_layout(EXAMPLE)
        self.set_message(EXAMPLE_BYTES)
        self.resize(900, 620)

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setAutoDefault(False)
        if tip:
            b.setToolTip(tip)
        return b

    # ============================================================================ the table
    def set_layout(self, doc: dict[str, Any], path: str | None = None) -> None:
        """Show a layout's JSON (checked or not: a bad one is shown and said)."""
        name, endian, rows = rows_from_layout(doc)
        self._filling = True
        self.name.setText(name)
        self.endian.setCurrentIndex(max(0, self.endian.findData(endian)))
        self._filling = False
        self.path = path
        self._doc = None
        self.set_rows(rows)
        self._title()

    def rows(self) -> list[LayoutRow]:
        t = self.table
        def cell(r: int, c: int) -> str:
            item = t.item(r, c)
            return item.text() if item is not None else ""

        return [LayoutRow.from_cells([cell(r, c) for c in range(t.columnCount())]) for r in range(t.rowCount())]

    def set_rows(self, rows: list[LayoutRow], current: int = 0) -> None:
        self._filling = True
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row.cells()):
                self.table.setItem(r, c, QTableWidgetItem(text))
            self._shade(r)
        self._filling = False
        if rows:
            self.table.setCurrentCell(min(max(current, 0), len(rows) - 1), 0)
        self.refresh()

    def _shade(self, row: int) -> None:
        """Grey out the cells that mean nothing for the row's type (they are ignored)."""
        kind_item = self.table.item(row, _TYPE)
        used = USED.get(kind_item.text() if kind_item else "", frozenset(COLUMNS))
        grey = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        for c, key in enumerate(COLUMNS):
            item = self.table.item(row, c)
            if item is None:
                continue
            item.setForeground(QBrush() if key in used else grey)
            item.setBackground(QBrush() if key in used else self.palette().alternateBase())

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if item.column() == _TYPE:
            self._filling = True
            self._shade(item.row())
            self._filling = False
        self._changed()

    def _changed(self, *args: object) -> None:
        if not self._filling:
            self._later.start()

    def add_row(self) -> None:
        rows = self.rows()
        at = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else len(rows)
        names = {r.name for r in rows}
        n = len(rows) + 1
        while f"field{n}" in names:
            n += 1
        rows.insert(at, LayoutRow(f"field{n}", "u8"))
        self.set_rows(rows, at)

    def remove_row(self) -> None:
        at = self.table.currentRow()
        rows = self.rows()
        if 0 <= at < len(rows):
            del rows[at]
            self.set_rows(rows, at)

    def move_row(self, by: int) -> None:
        at = self.table.currentRow()
        rows = self.rows()
        to = at + by
        if 0 <= at < len(rows) and 0 <= to < len(rows):
            rows[at], rows[to] = rows[to], rows[at]
            self.set_rows(rows, to)

    # ============================================================================ the preview
    def set_message(self, data: bytes | None) -> None:
        """Decode ``data`` (a message the view selected) in the preview."""
        if data is not None:
            self.bytes_edit.setPlainText(data.hex(" ").upper())
            self.refresh()

    def layout_json(self) -> dict[str, Any]:
        """The table as a layout's JSON, checked; a :class:`LayoutError` naming the field otherwise."""
        doc = layout_from_rows(self.name.text(), str(self.endian.currentData()), self.rows())
        parse_layout(doc)
        return doc

    def refresh(self) -> None:
        """Check the table and decode the message with it; a problem is said and the last good preview stays."""
        self._later.stop()
        try:
            doc = self.layout_json()
            decoder = LayoutDecoder(parse_layout(doc))
            data = parse_hex(self.bytes_edit.toPlainText())
        except NetAssistError as exc:
            self._say(error_text(exc), bad=True)
            if isinstance(exc, LayoutError):
                self._doc = None
                self._mark(exc.field)
            return
        self._doc = doc
        self._mark(None)
        decoded = decoder.decode(data)
        self._data = data
        self.preview.show_decoded(decoded, data, decoder)
        self._show_hex(data, None)
        used = len(data) - decoded.leftover if decoded.ok else None
        error = decoded.error_text(decode_words())
        if error is not None:
            self._say(error, bad=True)
        else:
            self._say(self.tr("Decodes %1 of %2 bytes").replace("%1", f"{used:,}").replace("%2", f"{len(data):,}"),
                      bad=False)
        self._row_chosen(self.table.currentRow())

    def _say(self, words: str, *, bad: bool) -> None:
        self.problem.setText(words)
        self.problem.setProperty("bad", bad)
        self.problem.setStyleSheet("color: #c62828;" if bad else "")

    def _mark(self, field: str | None) -> None:
        """Put the row of the field at fault in red (by name, or by its place ``fields[i]``)."""
        self._filling = True
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is None:
                continue
            place = f"fields[{r}]"
            bad = field is not None and (item.text() == field or field == place or field.startswith(place + "."))
            item.setBackground(QBrush(QColor(198, 40, 40, 60)) if bad else QBrush())
        self._filling = False

    def _row_chosen(self, row: int) -> None:
        """A row chosen in the table: its field chosen in the preview (which highlights its bytes)."""
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None or not self.preview.select_field(item.text()):
            self._show_hex(self._data, None)

    def _highlight(self, start: int, end: int) -> None:
        self._show_hex(self._data, (start, end) if start >= 0 else None)

    def _show_hex(self, data: bytes, span: tuple[int, int] | None) -> None:
        """The bytes, 8 a line after their offset; ``span``'s bytes highlighted."""
        lines = [f"{i:04X}  " + data[i:i + HEX_LINE].hex(" ").upper() for i in range(0, len(data), HEX_LINE)]
        self.hex_view.setPlainText("\n".join(lines))
        self.highlighted = span
        if span is None or span[0] >= span[1]:
            return
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#b2dfdb"))
        fmt.setForeground(QColor("#000000"))
        doc = self.hex_view.document()
        first: QTextCursor | None = None
        for i in range(span[0], min(span[1], len(data))):
            line, k = divmod(i, HEX_LINE)
            block = doc.findBlockByNumber(line)
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + 6 + 3 * k)
            end = 2 if i == span[1] - 1 or k == HEX_LINE - 1 else 3
            cursor.setPosition(block.position() + 6 + 3 * k + end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
            first = first or cursor
        if first is not None:
            self.hex_view.setTextCursor(QTextCursor(first.block()))
            self.hex_view.ensureCursorVisible()

    def highlighted_hex(self) -> str:
        """The bytes highlighted in the hex preview, as hex text (tests)."""
        span = self.highlighted
        return "" if span is None else self._data[span[0]:span[1]].hex(" ").upper()

    # ============================================================================ files
    def open_file(self, path: str | Path) -> bool:
        """Show the layout file at ``path``; one that is not a layout's JSON is said, and nothing changes."""
        p = Path(path)
        try:
            if p.stat().st_size > MAX_FILE_BYTES:
                raise LayoutError(f"{p.name}: larger than {MAX_FILE_BYTES // 1024:,} KiB: not a layout")
            doc = json.loads(p.read_text(encoding="utf-8-sig"))
            if not isinstance(doc, dict) or not isinstance(doc.get("fields"), list):
                raise LayoutError(f"{p.name}: a layout is a JSON object with \"fields\"")
            self.set_layout(doc, str(p.absolute()))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            self._say(error_text(LayoutError(f"{p.name}: {exc}")), bad=True)
            return False
        except (LayoutError, KeyError, TypeError, AttributeError) as exc:
            err = exc if isinstance(exc, LayoutError) else LayoutError(f"{p.name}: not a layout ({exc})")
            self._say(error_text(err), bad=True)
            return False
        return True

    def _choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Open layout"), self._folder(),
                                               self.tr("Layout files (*.json);;All files (*)"))
        if path:
            self.open_file(path)

    def from_c(self, text: str) -> bool:
        """Replace the table by the layout of the C struct in ``text``; a problem is said, naming the field."""
        try:
            doc = layout_from_c(text, endian=str(self.endian.currentData()))
        except LayoutError as exc:
            self._say(error_text(exc), bad=True)
            return False
        self.set_layout(doc)
        return True

    def _ask_c(self) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Layout from a C struct"),
            self.tr("Paste a C struct (stdint types, char arrays, arrays of numbers, bit fields); it is read "
                    "packed, in the byte order chosen here:"),
            "typedef struct {\n    uint16_t id;\n    char name[8];\n} message_t;")
        if ok and text.strip():
            self.from_c(text)

    def save(self, *, ask: bool) -> bool:
        """Save to the layout's file (``ask`` or none yet: choose one first)."""
        path = self.path
        if ask or path is None:
            start = str(Path(self._folder()) / f"{self.name.text().strip() or 'layout'}.json")
            path, _f = QFileDialog.getSaveFileName(self, self.tr("Save layout"), start,
                                                   self.tr("Layout files (*.json)"))
            if not path:
                return False
            if not path.lower().endswith(".json"):
                path += ".json"
        return self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        """Write the layout (if it is good) to ``path`` and tell the page (``layoutSaved``)."""
        self.refresh()
        if self._doc is None:
            return False
        p = Path(path).absolute()
        try:
            p.write_text(json.dumps(self._doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            self._say(error_text(LayoutError(f"{p.name}: cannot be written ({exc.strerror or exc})")), bad=True)
            return False
        self.path = str(p)
        self._title()
        self._say(self.tr("Saved to %1").replace("%1", p.name), bad=False)
        self.layoutSaved.emit(str(p))
        return True

    def _folder(self) -> str:
        return str(Path(self.path).parent) if self.path else ""

    def _title(self) -> None:
        where = Path(self.path).name if self.path else self.tr("not saved")
        self.setWindowTitle(self.tr("Layout editor — %1").replace("%1", where))
