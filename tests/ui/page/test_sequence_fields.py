"""The Sequence tab with an expect step on decoded fields, the page's decoderBox giving the decoder, against a
real Modbus RTU device (tests/peers/modbus_device.py, framed by pymodbus)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QListWidget

from app.automation.sequence import Sequence, Step
from tests.app.automation.test_sequence_fields import device  # noqa: F401 (the fixture)
from tests.ui.conftest import child
from tests.ui.page.test_sequence_tab import run_current
from tests.ui.receive.test_decode_view import choose
from tests.ui.test_window import connect_client, page_of, view_text

pytest.importorskip("pymodbus.pdu")


def poll_until(condition: str) -> Sequence:
    return Sequence("warm", [Step("send", "01 03 00 00 00 01", hex=True, checksum="crc16-modbus"),
                             Step("wait", ms=30), Step("repeat", start=1, times=8),
                             Step("expect", condition, match="field", ms=3000)])


def test_a_sequence_polls_a_register_until_it_reads_above_30(make_window: Any, qtbot: Any,
                                                             device: int) -> None:  # noqa: F811
    w = make_window()
    w.set_sequences([poll_until("registers[0] > 30")])
    page = page_of(w, "tcp-client")
    connect_client(qtbot, page, device)
    status = run_current(qtbot, page)  # no decoder chosen: the step says what it needs
    assert status.text().startswith("Failed at step 4"), status.text()
    results = child(page, "sequenceResults", QListWidget)
    assert "needs a decoder" in results.item(results.count() - 1).text()
    choose(page, "modbus-rtu")
    status = run_current(qtbot, page)
    assert status.text().startswith("Passed"), status.text()
    last = results.item(results.count() - 1).text()
    assert last.startswith("✓") and "registers[0]=" in last and "✓" in last[1:]
    qtbot.waitUntil(lambda: "Sequence “warm” passed" in view_text(page), timeout=5000)
