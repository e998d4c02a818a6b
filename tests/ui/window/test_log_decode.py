"""An opened log's tab has a decoder too: decoderBox (built-ins and layout files), decoded lines under the
messages, fieldsView, kept between starts."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QTreeView

from tests.ui.conftest import child
from tests.ui.receive.test_decode_view import BAD, GOOD, choose, tree_rows
from tests.ui.test_window import listen_on_loopback, page_of, view_text
from tests.ui.window.test_log_tabs import close_window


def test_a_log_tab_decodes_with_a_builtin_or_a_layout_and_keeps_the_choice(make_window: Any, qtbot: Any,
                                                                          tmp_path: Path) -> None:
    settings = tmp_path / "settings.ini"
    w = make_window(settings)
    page = page_of(w, "udp")
    port = listen_on_loopback(qtbot, page)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for frame in (GOOD, BAD):
            s.sendto(frame, ("127.0.0.1", port))
        qtbot.waitUntil(lambda: page.session.counters.total.rx_packets == 2, timeout=5000)
    page.flush()
    saved = tmp_path / "device.jsonl"
    assert w.save_view(page, str(saved)) > 0
    log = w.open_log(str(saved))
    fields = child(log, "fieldsView", QTreeView)
    assert "registers[0]" not in view_text(log) and not fields.isVisibleTo(log)
    choose(log, "modbus-rtu")
    text = view_text(log)
    assert "↳ address=1 function=3 (Read Holding Registers response) byte_count=2 registers[0]=42 crc=0x9B39 ✓" \
        in text and "crc=0x5B38 ✗ (expected 0x9B39)" in text
    assert fields.isVisibleTo(log)
    item = next(k for k in range(log.receive_view.layout.items.first, log.receive_view.layout.items.end)
                if log.receive_view.layout.message_bytes(k) == BAD)
    log.receive.select_message(item)
    model = fields.model()
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == ["address", "function", "byte_count", "registers", "crc"]  # (a tree: registers[0] under it)
    assert "registers[0]" in tree_rows(model)
    # a layout file; a bad one is refused naming its field, on the tab
    layout = tmp_path / "head.json"
    layout.write_text(json.dumps({"name": "head", "fields": [{"name": "unit", "type": "u8"},
                                                               {"name": "fc", "type": "u8"}]}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "bad", "fields": [{"name": "payload", "type": "bytes", "size": "n"}]}))
    assert not log.addDecoderLayout(str(bad))
    assert "payload" in child(log, "stateLabel", QLabel).text()
    assert log.addDecoderLayout(str(layout))
    assert "↳ unit=1 fc=3 (+" in view_text(log)
    assert not child(log, "stateLabel", QLabel).isVisibleTo(log)
    close_window(qtbot, w)

    w2 = make_window(settings)
    again = next(w2.tabs.widget(i) for i in range(w2.tabs.count()) if w2.tabs.widget(i).property("kind") == "log")
    box = child(again, "decoderBox", QComboBox)
    assert box.currentData() == str(layout) and box.findData("modbus-rtu") >= 0
    assert "↳ unit=1 fc=3" in view_text(again)
