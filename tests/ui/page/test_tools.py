"""Issue 4's tools, used from the window against real sockets and peer processes."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox

from app.automation.autoreply import Rule
from tests.ui.conftest import child
from tests.ui.test_window import (
    connect_client,
    count,
    listen_on_loopback,
    page_of,
    recv,
    type_and_send,
    udp_loop,
    view_text,
)

PEERS = Path(__file__).parents[2] / "peers"


def test_checksum_preview_and_send(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    box = child(page, "checksumBox", QComboBox)
    box.setCurrentIndex(box.findData("crc16-modbus"))
    child(page, "sendHex", QCheckBox).setChecked(True)
    child(page, "sendEdit", QPlainTextEdit).setPlainText("01 03 00 00 00 0A")
    preview = child(page, "sendPreview", QLabel)
    assert preview.isVisible() and "01 03 00 00 00 0A C5 CD" in preview.text()
    child(page, "appendBytes", QLineEdit).setText("0D 0A")
    assert "C5 CD 0D 0A" in preview.text()
    type_and_send(qtbot, page, "01 03 00 00 00 0A")
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 10, timeout=5000)
    assert page.session.store[-1].data == bytes.fromhex("01 03 00 00 00 0A C5 CD 0D 0A")


def test_periodic_send_counts_and_stops(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    child(page, "sendEdit", QPlainTextEdit).setPlainText("tick")
    child(page, "periodMs", QSpinBox).setValue(5)
    child(page, "periodCount", QSpinBox).setValue(20)
    check = child(page, "periodicSend", QCheckBox)
    check.setChecked(True)
    qtbot.waitUntil(lambda: not check.isChecked(), timeout=5000)
    qtbot.waitUntil(lambda: page.session.counters.total.rx_packets == 20, timeout=5000)
    assert "Sent 20" in child(page, "periodicStatus", QLabel).text()
    assert page.session.counters.total.tx_packets == 20
    assert child(page, "sendHistory").model().rowCount() == 1  # once, not once per tick
    # "until stopped", then stopped by the user
    child(page, "periodCount", QSpinBox).setValue(0)
    check.setChecked(True)
    qtbot.waitUntil(lambda: page.session.counters.total.tx_packets >= 30, timeout=5000)
    check.setChecked(False)
    qtbot.waitUntil(lambda: "stopped" in child(page, "periodicStatus", QLabel).text(), timeout=5000)


def test_file_send_with_length_header_to_the_course_receiver(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    data = bytes(range(256)) * 4096  # 1 MiB
    path = tmp_path / "firmware.bin"
    path.write_bytes(data)
    proc = subprocess.Popen([sys.executable, str(PEERS / "upload_receiver.py")], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        w = make_window()
        page = page_of(w, "tcp-client")
        connect_client(qtbot, page, port)
        header = child(page, "fileHeader", QComboBox)
        header.setCurrentIndex(header.findData("4-big"))
        task = page.send_file(str(path))
        qtbot.waitUntil(task.done, timeout=20000)
        progress = child(page, "fileProgress")
        assert progress.value() == progress.maximum() == len(data)
        assert progress.text() == "Sent 1,048,576 bytes"
        assert "File firmware.bin sent: 1,048,576 bytes" in view_text(page)
        report = json.loads(proc.stdout.readline())
        assert report["size"] == len(data)
    finally:
        proc.kill()
        proc.wait()


def test_framing_regroups_history(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"T=21\r\nT=2")
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 9, timeout=5000)
    sock.sendall(b"2\r\n")
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 12, timeout=5000)
    child(page, "logMode", QCheckBox).setChecked(True)
    assert view_text(page).count("RX from") == 2  # as received: two reads
    box = child(page, "framingBox", QComboBox)
    box.setCurrentIndex(box.findData("delimiter"))
    text = view_text(page)
    assert text.count("RX from") == 2 and "T=21\n" in text and "T=22" in text
    box.setCurrentIndex(box.findData("fixed"))
    child(page, "framingSize", QSpinBox).setValue(4)
    assert view_text(page).count("RX from") == 3  # 12 bytes in frames of 4
    sock.close()


def test_auto_reply_answers_a_real_client(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    page.set_auto_reply([Rule("PING", "exact", "PONG")], echo=False)
    child(page, "autoReply", QCheckBox).setChecked(True)
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"PING")
    assert recv(qtbot, sock) == b"PONG"
    assert page._auto_reply.rules[0].hits == 1
    child(page, "autoReply", QCheckBox).setChecked(False)
    child(page, "echoMode", QCheckBox).setChecked(True)  # one click: echo
    sock.sendall(b"anything")
    assert recv(qtbot, sock) == b"anything"
    sock.close()


def test_quick_commands_send_with_ctrl_digit_and_persist(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    settings = tmp_path / "quick.ini"
    w = make_window(settings)
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    child(page, "sendEdit", QPlainTextEdit).setPlainText("AT+GMR\\r\\n")
    page.add_quick_from_editor()
    assert child(page, "quickCommands").rowCount() == 1
    page.receive_view.setFocus()
    qtbot.keyClick(page.receive_view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 8, timeout=5000)
    assert page.session.store[-1].data == b"AT+GMR\r\n"
    # edit: load into the editor, change, save back into the selected command
    page.quick.select(0)
    page.load_quick_into_editor()
    assert child(page, "sendEdit", QPlainTextEdit).toPlainText() == "AT+GMR\\r\\n"
    child(page, "sendEdit", QPlainTextEdit).setPlainText("AT+GMR?\\r\\n")
    page.store_editor_into_quick()
    assert page.quick.commands[0].text == "AT+GMR?\\r\\n" and page.quick.commands[0].name == "AT+GMR\\r\\n"
    page.quick.commands[0].text = "AT+GMR\\r\\n"
    export = tmp_path / "quick.json"
    w.set_quick_commands(page.quick.commands)
    w.action_export_quick  # noqa: B018 (exists)
    export.write_text(json.dumps([{"name": "x", "text": "01 02", "hex": True}]), encoding="utf-8")
    w.import_quick(str(export))
    assert [c.name for c in w.quick_commands] == ["AT+GMR\\r\\n", "x"]
    assert page_of(w, "tcp-server").quick.table.rowCount() == 2  # every tab shows the same list
    # one click on a command's ▶ sends it
    sent = page.session.counters.total.tx_packets
    child(page, "quickSend1").click()
    qtbot.waitUntil(lambda: page.session.counters.total.tx_packets == sent + 1, timeout=5000)
    w.save_settings()
    w2 = make_window(settings)
    assert [c.text for c in w2.quick_commands] == ["AT+GMR\\r\\n", "01 02"]


def test_log_to_file_then_open_log_renders_like_the_live_view(make_window: Any, qtbot: Any, tmp_path: Path,
                                                             run: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    box = child(page, "encodingBox", QComboBox)
    box.setCurrentIndex(box.findData("gb2312"))
    page.start_logging(str(tmp_path / "session.log"))
    page.start_receive_to_file(str(tmp_path / "raw.bin"))
    port = listen_on_loopback(qtbot, page)
    payload = "温度=23℃\r\n".encode("gbk") + b"\x01\xff"

    async def client() -> None:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(payload)
        await writer.drain()
        writer.close()

    run(client())
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == len(payload), timeout=5000)
    qtbot.waitUntil(lambda: "finished sending" in view_text(page), timeout=5000)
    page.stop_logging()
    page.stop_receive_to_file()
    assert (tmp_path / "raw.bin").read_bytes() == payload
    assert "温度=23℃" in (tmp_path / "session.log").read_text(encoding="utf-8")
    live = view_text(page)
    log_page = w.open_log(str(tmp_path / "session.jsonl"))
    log_page.set_encoding("gb2312")
    assert log_page.receive_view.toPlainText() == live
    log_page.receive_hex.setChecked(True)
    assert "01 FF" in log_page.receive_view.toPlainText()
    # Save view… writes the retained store; it loads back the same
    assert w.save_view(page, str(tmp_path / "saved.jsonl")) == len(page.session.store)
    assert w.open_log(str(tmp_path / "saved.jsonl")).store[-1].data == page.session.store[-1].data
    qtbot.waitUntil(lambda: count(child(page, "rxCount", QLabel)) == len(payload), timeout=2000)


def test_logging_to_a_name_ending_in_jsonl_keeps_the_two_logs_apart(make_window: Any, qtbot: Any,
                                                                    tmp_path: Path) -> None:
    from app.export.logs import SkippedLines, load_jsonl

    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    assert page.start_logging(str(tmp_path / "trace.jsonl"))
    type_and_send(qtbot, page, "hello log")
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 9, timeout=5000)
    page.stop_logging()
    skipped = SkippedLines()
    records = list(load_jsonl(tmp_path / "trace.jsonl", skipped))  # (before: the text log was written in too)
    assert not skipped, skipped.words()
    assert [r.data for r in records if r.data] == [b"hello log", b"hello log"]
    assert "hello log" in (tmp_path / "trace.log").read_text(encoding="utf-8")
