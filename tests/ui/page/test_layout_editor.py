"""The layout editor (``layoutEditor``, from *Edit layout…*): a table of fields, a live preview of the message
selected in the view (or hex pasted) with each field's bytes highlighted, a bad layout said naming its field,
Save listing the file in ``decoderBox`` — against a real UDP peer."""

from __future__ import annotations

import json
import socket
import struct
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QPushButton, QTableWidget, QTreeView

from app.decode import LayoutDecoder, load_layout
from app.decode.layout_rows import LayoutRow
from tests.ui.conftest import child, click
from tests.ui.receive.test_decode_view import click_message, tree_rows
from tests.ui.test_window import page_of, udp_loop, view_text

READING = struct.pack(">BhH", 7, -12, 500)  # id, temp, humidity


def set_cell(editor: Any, row: int, column: int, text: str) -> None:
    child(editor, "layoutTable", QTableWidget).item(row, column).setText(text)
    editor.refresh()  # (the editor refreshes 150 ms after the last change; a test need not wait)


def test_editing_a_layout_previews_the_selected_message_and_saving_lists_it(make_window: Any, qtbot: Any,
                                                                             tmp_path: Path) -> None:
    w = make_window()
    page = page_of(w, "udp")
    port = udp_loop(qtbot, page)
    child(page, "decoderBox", QComboBox).setCurrentIndex(child(page, "decoderBox", QComboBox).findData("json"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(READING, ("127.0.0.1", port))
        qtbot.waitUntil(lambda: "↳" in view_text(page), timeout=5000)
    page.flush()
    click_message(qtbot, page, "↳")
    click(qtbot, child(page, "editLayout", QPushButton))
    editor = child(page, "layoutEditor")
    qtbot.waitUntil(editor.isVisible, timeout=2000)
    assert child(editor, "layoutBytes", QPlainTextEdit).toPlainText() == "07 FF F4 01 F4"
    # the table starts from an example (the course's TFTP request); make it this device's reading
    table = child(editor, "layoutTable", QTableWidget)
    editor.set_rows([LayoutRow("id", "u8"), LayoutRow("temp", "i16")])
    preview = child(editor, "layoutPreview", QTreeView)
    rows = tree_rows(preview.model())
    assert rows["id"][1:4] == ["7", "0", "1"] and rows["temp"][1:4] == ["-12", "1", "2"]
    problem = child(editor, "layoutError", QLabel)
    assert "3 of 5 bytes" in problem.text()
    # add a row after temp, live: the preview follows each edit
    table.setCurrentCell(1, 0)
    click(qtbot, child(editor, "layoutAdd", QPushButton))
    assert table.rowCount() == 3 and table.currentRow() == 2
    set_cell(editor, 2, 0, "humidity")
    set_cell(editor, 2, 1, "u16")
    qtbot.waitUntil(lambda: tree_rows(preview.model()).get("humidity", [""])[1] == "500", timeout=2000)
    assert "5 of 5 bytes" in problem.text()
    # choosing a row highlights its field's bytes in the hex preview
    table.setCurrentCell(1, 0)
    assert editor.highlighted == (1, 3) and editor.highlighted_hex() == "FF F4"
    # a bad layout is said naming its field; the last good preview stays
    set_cell(editor, 2, 2, "")
    set_cell(editor, 1, 1, "bytes")
    set_cell(editor, 1, 2, "length")
    assert "temp" in problem.text() and "length" in problem.text()
    assert tree_rows(preview.model())["humidity"][1] == "500"
    set_cell(editor, 1, 1, "i16")  # (fixed again: the size cell means nothing for a number)
    assert "5 of 5 bytes" in problem.text()
    # Save: a file the loader reads, listed in decoderBox and chosen; the view decodes with it
    child(editor, "layoutName").setText("reading")
    path = tmp_path / "reading.json"
    assert editor.save_to(path)
    assert LayoutDecoder(load_layout(path)).decode(READING).get("humidity").value == 500  # type: ignore[union-attr]
    box = child(page, "decoderBox", QComboBox)
    assert box.currentData() == str(path)
    qtbot.waitUntil(lambda: "↳ id=7 temp=-12 humidity=500" in view_text(page), timeout=5000)
    # a message clicked while the editor is open goes to its preview
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(struct.pack(">BhH", 8, 30, 1), ("127.0.0.1", port))
        qtbot.waitUntil(lambda: "↳ id=8" in view_text(page), timeout=5000)
    click_message(qtbot, page, "↳ id=8")
    assert child(editor, "layoutBytes", QPlainTextEdit).toPlainText() == "08 00 1E 00 01"
    child(editor, "layoutBytes", QPlainTextEdit).setPlainText("00")
    click(qtbot, child(editor, "layoutUseSelected", QPushButton))  # (the message whose fields are listed)
    assert child(editor, "layoutBytes", QPlainTextEdit).toPlainText() == "08 00 1E 00 01"
    editor.close()


def test_rows_move_and_go_and_a_layout_file_opens_in_the_editor(make_window: Any, qtbot: Any,
                                                                  tmp_path: Path) -> None:
    layout = tmp_path / "rrq.json"
    layout.write_text(json.dumps({"name": "rrq", "fields": [
        {"name": "opcode", "type": "u16", "enum": {"1": "RRQ"}}, {"name": "filename", "type": "cstring"},
        {"name": "mode", "type": "cstring"}]}))
    w = make_window()
    page = page_of(w, "udp")
    assert page.addDecoderLayout(str(layout))
    editor = page.edit_layout()  # (decoderBox names a layout file: the editor opens it)
    table = child(editor, "layoutTable", QTableWidget)
    assert [table.item(r, 0).text() for r in range(3)] == ["opcode", "filename", "mode"]
    assert table.item(0, 4).text() == "1=RRQ"
    table.setCurrentCell(2, 0)
    click(qtbot, child(editor, "layoutUp", QPushButton))
    assert [table.item(r, 0).text() for r in range(3)] == ["opcode", "mode", "filename"]
    assert table.currentRow() == 1
    click(qtbot, child(editor, "layoutDown", QPushButton))
    click(qtbot, child(editor, "layoutRemove", QPushButton))
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["opcode", "filename"]
    # hex pasted decodes too
    child(editor, "layoutBytes", QPlainTextEdit).setPlainText("0x00, 0x01, 74 65 73 74 00")
    editor.refresh()
    assert tree_rows(child(editor, "layoutPreview", QTreeView).model())["filename"][1] == "test"
    child(editor, "layoutBytes", QPlainTextEdit).setPlainText("00 0G")
    editor.refresh()
    assert "hex" in child(editor, "layoutError", QLabel).text().lower()
    # Save writes back to the file it opened
    child(editor, "layoutBytes", QPlainTextEdit).setPlainText("")
    click(qtbot, child(editor, "layoutSave", QPushButton))
    assert [f["name"] for f in json.loads(layout.read_text())["fields"]] == ["opcode", "filename"]
    editor.close()


def test_a_c_struct_becomes_the_table(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    editor = page.edit_layout()
    child(editor, "layoutEndian", QComboBox).setCurrentIndex(1)  # little-endian
    assert editor.from_c("typedef struct { uint16_t id; char name[4]; uint8_t ok : 1; } hello_t;")
    table = child(editor, "layoutTable", QTableWidget)
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["id", "name", "bits1"]
    assert child(editor, "layoutName").text() == "hello_t"
    assert table.item(2, 6).text() == "_unused1:7, ok:1"
    child(editor, "layoutBytes", QPlainTextEdit).setPlainText("07 00 61 62 00 00 01")
    editor.refresh()
    rows = tree_rows(child(editor, "layoutPreview", QTreeView).model())
    assert rows["id"][1] == "7" and rows["name"][1] == "ab" and rows["bits1.ok"][1] == "1"
    assert not editor.from_c("struct { float *p; };")
    assert "'p'" in child(editor, "layoutError", QLabel).text()
    editor.close()
