"""Find and the text filter over decoded lines in the window, with real Modbus RTU traffic arriving."""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtWidgets import QLineEdit

from tests.ui.receive.test_decode_view import BAD, GOOD, choose
from tests.ui.test_window import listen_on_loopback, page_of

REQUEST = bytes.fromhex("01 03 00 00 00 01 84 0A")
WRITE = bytes.fromhex("01 06 00 01 00 03 98 0B")


def test_find_and_the_filter_match_decoded_text_while_traffic_arrives(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    choose(page, "modbus-rtu")
    port = listen_on_loopback(qtbot, page)
    frames = [[REQUEST, GOOD, WRITE, GOOD][k % 4] for k in range(2000)]
    frames[1501] = BAD
    view = page.receive_view
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for k, frame in enumerate(frames[:1600]):
            s.sendto(frame, ("127.0.0.1", port))
            if k % 200 == 199:  # (bounded bursts: loopback UDP drops what the receive buffer cannot hold)
                qtbot.waitUntil(lambda k=k: page.session.counters.total.rx_packets >= k + 1, timeout=5000)
        qtbot.waitUntil(lambda: page.session.counters.total.rx_packets == 1600, timeout=5000)
        bar = page.receive.find_bar
        bar.open_bar()
        bar.edit.setText("valid=false")
        bar.find()
        # more traffic while the search runs: the search goes on over it, in slices
        for frame in frames[1600:]:
            s.sendto(frame, ("127.0.0.1", port))
        qtbot.waitUntil(lambda: view.finder is not None and view.find_state.progress()[2], timeout=10000)
        assert len(view.finder.matches) == 1
        assert view.selectedText() == "crc=0x5B38 ✗ (expected 0x9B39)"
        assert view.layout.message_bytes(view.finder.matches[0].item) == BAD
        bar.edit.setText("function=6")
        bar.find()
        qtbot.waitUntil(lambda: view.finder is not None and view.find_state.progress()[2]
                        and len(view.finder.matches) >= 400, timeout=10000)
        assert view.selectedText() == "function=6"
        qtbot.waitUntil(lambda: page.session.counters.total.rx_packets == 2000, timeout=5000)
    field = page.findChild(QLineEdit, "textFilter")
    field.setText("valid=false")
    qtbot.waitUntil(lambda: view.filter.text == "valid=false", timeout=3000)
    page.flush()
    text = view.toPlainText()
    assert text.count("↳ ") == 1 and "crc=0x5B38 ✗" in text
    field.setText("function=6")
    qtbot.waitUntil(lambda: view.filter.text == "function=6", timeout=3000)
    page.flush()
    text = view.toPlainText()
    assert text.count("↳ address=1 function=6 (Write Single Register") == 500 and "function=3" not in text


def test_save_view_offers_the_decoded_fields_as_csv_when_a_decoder_is_on(make_window: Any, qtbot: Any,
                                                                         tmp_path: Any, monkeypatch: Any) -> None:
    import csv

    from PySide6.QtWidgets import QFileDialog

    w = make_window()
    page = page_of(w, "udp")
    port = listen_on_loopback(qtbot, page)
    offered: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (offered.append(a[3]), ("", ""))[1]))
    w.log_actions.choose_save_view()
    assert "*.csv" not in offered[-1]  # no decoder: nothing to put in columns
    choose(page, "modbus-rtu")
    w.log_actions.choose_save_view()
    assert "*.csv" in offered[-1]
    frames = [REQUEST, GOOD, WRITE, BAD]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for frame in frames:
            s.sendto(frame, ("127.0.0.1", port))
        qtbot.waitUntil(lambda: page.session.counters.total.rx_packets == 4, timeout=5000)
    out = tmp_path / "fields.csv"
    assert w.save_view(page, str(out)) == 4
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["function"] for r in rows] == ["3", "3", "6", "3"]
    assert [r["crc.valid"] for r in rows] == ["true", "true", "true", "false"]
    assert rows[1]["registers[0]"] == "42" and rows[0]["quantity"] == "1"
