"""Decoding in the window: decoderBox on every page, the decoded line under each message (text, hex, log mode,
a flood), layouts loaded from files (a bad one refused naming its field), fieldsView — against real peers."""

from __future__ import annotations

import asyncio
import json
import socket
import struct
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPlainTextEdit, QPushButton, QTreeView

from tests.ui.conftest import child, click
from tests.ui.test_window import connect_client, listen_on_loopback, page_of, udp_loop, view_text

REQUEST = "01 03 00 00 00 01 84 0A"
GOOD = bytes.fromhex("01 03 02 00 2A 39 9B")
BAD = bytes.fromhex("01 03 02 00 2A 38 5B")


def choose(page: Any, data: str) -> None:
    box = child(page, "decoderBox", QComboBox)
    idx = box.findData(data)
    assert idx >= 0, data
    box.setCurrentIndex(idx)


def send_hex(qtbot: Any, page: Any, hex_text: str) -> None:
    child(page, "sendHex", QCheckBox).setChecked(True)
    child(page, "sendEdit", QPlainTextEdit).setPlainText(hex_text)
    click(qtbot, child(page, "sendButton", QPushButton))


async def modbus_peer(answers: list[bytes]) -> tuple[asyncio.Server, int]:
    """A Modbus RTU device over TCP: each request read is answered with the next of ``answers``."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for answer in answers:
            if not await reader.read(256):
                break
            writer.write(answer)
            await writer.drain()
        await reader.read(1)
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def test_every_page_has_a_decoder_box_with_the_builtins(make_window: Any) -> None:
    w = make_window()
    for i in range(w.tabs.count()):
        box = child(w.tabs.widget(i), "decoderBox", QComboBox)
        assert [box.itemData(k) for k in range(box.count())][:6] == [
            "none", "modbus-rtu", "modbus-tcp", "tftp", "nmea", "json"]
        assert box.currentData() == "none"


def test_modbus_answer_decodes_with_a_checked_crc_in_text_hex_and_log_mode(make_window: Any, qtbot: Any,
                                                                           run: Any) -> None:
    server, port = run(modbus_peer([GOOD, BAD]))
    try:
        w = make_window()
        page = page_of(w, "tcp-client")
        choose(page, "modbus-rtu")
        connect_client(qtbot, page, port)
        send_hex(qtbot, page, REQUEST)
        qtbot.waitUntil(lambda: "registers[0]=42" in view_text(page), timeout=5000)
        send_hex(qtbot, page, REQUEST)
        qtbot.waitUntil(lambda: "✗" in view_text(page), timeout=5000)
        text = view_text(page)
        assert "↳ address=1 function=3 (Read Holding Registers request) start=0 quantity=1 crc=0x0A84 ✓" in text
        assert "registers[0]=42 crc=0x9B39 ✓" in text
        assert "crc=0x5B38 ✗ (expected 0x9B39)" in text
        for hex_on, log_on in ((True, True), (True, False), (False, False)):
            child(page, "receiveHex", QCheckBox).setChecked(hex_on)
            child(page, "logMode", QCheckBox).setChecked(log_on)
            text = view_text(page)
            assert text.count("registers[0]=42") == 2 and "✓" in text and "✗" in text, (hex_on, log_on, text)
            assert ("01 03 02 00 2A 39 9B" in text) == hex_on
            assert ("RX from" in text) == log_on
        page.flush()  # the rows painted carry it too, the ✗ in the error style
        view = page.receive_view
        assert "registers[0]=42" in view.shownText().replace("\n", "")  # (wrapped at the view's width)
        styles = {style for runs, _item in view._rows_on_screen()[0] for text_, style in runs if "✗" in text_}
        assert styles == {"error"}
        choose(page, "none")
        assert "registers[0]" not in view_text(page)
    finally:
        server.close()


def test_the_course_tftp_request_over_udp_decodes(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    port = listen_on_loopback(qtbot, page)
    choose(page, "tftp")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(struct.pack("!H8sb5sb", 1, b"test.jpg", 0, b"octet", 0), ("127.0.0.1", port))
        qtbot.waitUntil(lambda: "↳ opcode=1 (RRQ) filename=test.jpg mode=octet" in view_text(page), timeout=5000)


def test_a_layout_file_decodes_and_a_bad_one_is_refused_naming_its_field(make_window: Any, qtbot: Any,
                                                                         tmp_path: Path) -> None:
    good = tmp_path / "reading.json"
    good.write_text(json.dumps({"name": "reading", "fields": [
        {"name": "id", "type": "u8"}, {"name": "temp", "type": "i16"}, {"name": "crc", "type": "checksum",
                                                                        "algorithm": "crc16-modbus"}]}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "bad", "fields": [
        {"name": "payload", "type": "bytes", "size": "length"}]}))
    w = make_window()
    page = page_of(w, "udp")
    port = udp_loop(qtbot, page)
    assert page.addDecoderLayout(str(good))
    box = child(page, "decoderBox", QComboBox)
    assert box.currentData() == str(good)
    assert not page.addDecoderLayout(str(bad))
    assert box.currentData() == str(good) and box.findData(str(bad)) < 0
    state = child(page, "stateLabel", QLabel).text()
    assert "payload" in state and "length" in state
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        body = struct.pack(">Bh", 7, -12)
        crc = _crc16_modbus(body)
        s.sendto(body + struct.pack("<H", crc), ("127.0.0.1", port))
        qtbot.waitUntil(lambda: "↳ id=7 temp=-12 crc=" in view_text(page), timeout=5000)
    assert "✓" in view_text(page)
    # the choice and the listed layout survive a restart of the page's settings
    settings = page.to_settings()
    assert settings["decoder"] == str(good) and settings["decoder_layouts"] == [str(good)]


def _crc16_modbus(data: bytes) -> int:
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def test_decoded_lines_after_a_flood_and_a_hex_toggle(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    framing = page.receive_settings.framing  # framed by size: each answer is one message however reads fall
    framing.apply_settings({**framing.to_settings(), "mode": "fixed", "size": len(GOOD)})
    choose(page, "modbus-rtu")
    n = 100_000

    async def flood() -> None:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(n // 1000):
            writer.write(GOOD * 1000)
            await writer.drain()
        writer.close()

    t0 = time.perf_counter()
    run(flood())
    view = page.receive_view
    store = page.session.store

    def laid_out() -> bool:
        page.flush()
        return page.session.counters.total.rx_bytes >= n * len(GOOD) and view.layout.next >= store.tail \
            and len(view.layout.items) >= n

    qtbot.waitUntil(laid_out, timeout=10_000)
    assert view.shownText().replace("\n", "").count("registers[0]=42 crc=0x9B39 ✓") >= 3
    child(page, "receiveHex", QCheckBox).setChecked(True)
    qtbot.waitUntil(laid_out, timeout=10_000)
    shown = view.shownText()
    assert shown.count("01 03 02 00 2A 39 9B") >= 3 and shown.replace("\n", "").count("registers[0]=42") >= 3
    assert time.perf_counter() - t0 < 10


def test_clicking_a_message_lists_its_fields_with_offsets(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    port = listen_on_loopback(qtbot, page)
    fields = child(page, "fieldsView", QTreeView)
    assert not fields.isVisible()  # (no decoder: no panel)
    choose(page, "modbus-rtu")
    assert fields.isVisible()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(GOOD, ("127.0.0.1", port))
        qtbot.waitUntil(lambda: "registers[0]=42" in view_text(page), timeout=5000)
    page.flush()
    view = page.receive_view
    rows = view._rows_on_screen()[0]
    line = next(k for k, (runs, _item) in enumerate(rows) if "2A 39 9B" in "".join(t for t, _ in runs)
                or "*9" in "".join(t for t, _ in runs))
    y = line * view._line_height() + view._line_height() // 2
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(10, y))
    model = fields.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=2000)
    by_name = tree_rows(model)
    assert by_name["address"][1:4] == ["1", "0", "1"]
    assert by_name["registers"][2:5] == ["3", "2", "00 2A"]  # (the array, its element under it)
    assert by_name["registers[0]"][1:5] == ["42", "3", "2", "00 2A"]
    assert by_name["crc"][1].startswith("0x9B39 ✓") and by_name["crc"][2:4] == ["5", "2"]


def tree_rows(model: Any) -> dict[str, list[str]]:
    """Every row of a fields tree by its path (``registers``, ``registers[0]``, ``points[1].x``)."""
    out: dict[str, list[str]] = {}

    def walk(parent: Any, path: str) -> None:
        for r in range(model.rowCount(parent)):
            row = [model.index(r, c, parent).data() for c in range(model.columnCount(parent))]
            label = row[0]
            full = path + label if label.startswith("[") or not path else f"{path}.{label}"
            out[full] = row
            walk(model.index(r, 0, parent), full)

    from PySide6.QtCore import QModelIndex
    walk(QModelIndex(), "")
    return out


def click_message(qtbot: Any, page: Any, marker: str) -> None:
    """Click the first row on screen that shows ``marker``."""
    page.flush()
    view = page.receive_view
    rows = view._rows_on_screen()[0]
    line = next(k for k, (runs, _item) in enumerate(rows) if marker in "".join(t for t, _ in runs))
    y = line * view._line_height() + view._line_height() // 2
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(10, y))


NESTED = {"name": "sensor", "endian": "big", "fields": [
    {"name": "id", "type": "u16"},
    {"name": "name", "type": "string", "size": 5},
    {"name": "flags", "type": "bits", "size": 1, "bits": [{"name": "ack", "width": 1}, {"name": "mode", "width": 7}]},
    {"name": "n", "type": "u8"},
    {"name": "points", "type": "array", "count": "n", "fields": [{"name": "x", "type": "i8"},
                                                                  {"name": "y", "type": "i8"}]}]}
MESSAGE = b"\x00\x07probe\x85\x02\x01\xff\x02\xfe"


def test_the_fields_tree_nests_and_a_selected_field_is_highlighted_in_hex_and_text(
        make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    layout = tmp_path / "sensor.json"
    layout.write_text(json.dumps(NESTED))
    w = make_window()
    page = page_of(w, "udp")
    port = udp_loop(qtbot, page)
    assert page.addDecoderLayout(str(layout))
    child(page, "receiveHex", QCheckBox).setChecked(True)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(MESSAGE, ("127.0.0.1", port))
        qtbot.waitUntil(lambda: "points[1].y=-2" in view_text(page), timeout=5000)
    fields = child(page, "fieldsView", QTreeView)
    click_message(qtbot, page, "00 07 70")
    model = fields.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=2000)
    rows = tree_rows(model)
    assert rows["flags"][2:5] == ["7", "1", "85"] and rows["flags.ack"][1:4] == ["1", "7", "1"]
    assert rows["flags.mode"][1] == "5"
    assert rows["points"][2:5] == ["9", "4", "01 FF 02 FE"]
    assert rows["points[1]"][2:5] == ["11", "2", "02 FE"] and rows["points[1].y"][1:4] == ["-2", "12", "1"]
    view = page.receive_view
    assert view.highlightedBytes() is None
    assert fields.select_field("points[1]")
    assert view.highlightedBytes() == (11, 13)
    assert view.highlightedText() == "02 FE"
    assert fields.select_field("name")
    assert view.highlightedBytes() == (2, 7) and view.highlightedText() == "70 72 6F 62 65"
    # in text mode the same field is the text it decodes to
    child(page, "receiveHex", QCheckBox).setChecked(False)
    qtbot.waitUntil(lambda: "probe" in view.visibleText(), timeout=5000)
    assert view.highlightedBytes() is None  # (the view was laid out again: that message is chosen again)
    click_message(qtbot, page, "probe")
    qtbot.waitUntil(lambda: fields.select_field("name"), timeout=2000)
    assert view.highlightedBytes() == (2, 7) and view.highlightedText() == "probe"
    fields.clearSelection()
    assert view.highlightedBytes() is None
