"""Defects a first real use found in the session page (issue 10), each driven through the real window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from tests.ui.conftest import child, click
from tests.ui.test_window import open_page, page_of, type_and_send, udp_loop


def wheel(widget: QWidget, steps: int = -1) -> None:
    """A mouse-wheel turn over ``widget`` (negative: towards the user, i.e. scroll down)."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_column_and_changes_a_field_only_with_focus(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    w.resize(1100, 420)  # short enough that the settings column scrolls
    page = page_of(w, "tcp-server")
    qtbot.waitUntil(lambda: page.isVisible())
    column = child(page, "settingsColumn", QScrollArea)
    bar = column.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    framing = child(page, "framingBox", QComboBox)
    encoding = child(page, "encodingBox", QComboBox)
    before = (framing.currentIndex(), encoding.currentIndex(), child(page, "localPort", QSpinBox).value())
    for box in (framing, encoding, child(page, "localPort", QSpinBox)):
        wheel(box)
    assert (framing.currentIndex(), encoding.currentIndex(), child(page, "localPort", QSpinBox).value()) == before
    assert bar.value() > 0, "the column did not scroll"
    framing.setFocus()
    qtbot.waitUntil(framing.hasFocus, timeout=2000)
    wheel(framing)
    assert framing.currentIndex() != before[0], "a focused box changes with the wheel"


def test_an_error_keeps_the_column_still_and_goes_when_its_cause_does(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    state = child(page, "stateLabel", QLabel)
    send_hex = child(page, "sendHex", QCheckBox)
    w.show()
    qtbot.waitUntil(state.isVisible)
    open_button_y = child(page, "encodingBox", QComboBox).mapTo(page, QPoint(0, 0)).y()
    send_hex.setChecked(True)
    type_and_send(qtbot, page, "01 0Z")
    assert "Invalid hex" in state.text() or "hex" in state.text().lower()
    QApplication.processEvents()
    assert child(page, "encodingBox", QComboBox).mapTo(page, QPoint(0, 0)).y() == open_button_y
    child(page, "sendEdit", QPlainTextEdit).clear()  # the cause is gone: so is the error
    assert "hex" not in state.text().lower()
    assert not child(page, "sendError", QLabel).isVisible()


def test_an_empty_payload_is_refused_unless_allowed(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    page.checksum.box.setCurrentIndex(page.checksum.box.findData("crc16-modbus"))
    type_and_send(qtbot, page, "")
    assert "Nothing to send" in child(page, "sendError", QLabel).text() or \
        "nothing to send" in child(page, "sendError", QLabel).text()
    assert page.session.counters.total.tx_bytes == 0
    child(page, "allowEmpty", QCheckBox).setChecked(True)
    type_and_send(qtbot, page, "")
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 2, timeout=5000)  # the checksum alone


def test_ports_out_of_range_are_said_not_cut(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    client = page_of(w, "tcp-client")
    port = child(client, "remotePort", QSpinBox)
    port.setFocus()
    port.lineEdit().selectAll()
    qtbot.keyClicks(port, "70000")
    assert port.value() == 70000  # not silently 7000
    state = child(client, "stateLabel", QLabel)
    assert "1–65535" in state.text()
    port.setValue(0)
    assert "1–65535" in state.text()
    click(qtbot, child(client, "openButton"))
    qtbot.waitUntil(lambda: "1–65535" in state.text(), timeout=3000)
    assert client.session.state.value == "closed"
    port.setValue(7788)
    assert "65535" not in state.text()
    server = page_of(w, "tcp-server")
    local = child(server, "localPort", QSpinBox)
    local.setValue(0)
    assert local.text() == "any" or local.specialValueText() == local.text()
    child(server, "localHost", QComboBox).setCurrentText("127.0.0.1")
    open_page(qtbot, server)
    assert server.session.local_address.port > 0


def test_udp_offers_only_the_framings_that_fit_a_datagram(make_window: Any) -> None:
    w = make_window()
    modes = [child(page_of(w, "udp"), "framingBox", QComboBox).itemData(i)
             for i in range(child(page_of(w, "udp"), "framingBox", QComboBox).count())]
    assert modes == ["raw", "delimiter"]
    tcp = child(page_of(w, "tcp-server"), "framingBox", QComboBox)
    assert "idle" in [tcp.itemData(i) for i in range(tcp.count())]


def test_the_encoding_box_says_it_covers_sending_too(make_window: Any) -> None:
    page = page_of(make_window(), "tcp-client")
    box = child(page, "encodingBox", QComboBox)
    for words in (box.accessibleName().lower(), box.toolTip().lower()):
        assert "sent" in words or "send" in words, words


def test_the_send_area_keeps_its_shape_after_a_restart(make_window: Any, qtbot: Any, tmp_path: Any) -> None:
    from app.automation.history import HistoryEntry

    settings = tmp_path / "restart.ini"
    shapes = []
    for round_ in range(2):
        w = make_window(settings)
        w.resize(1280, 800)
        w.show()
        page = page_of(w, "udp")
        qtbot.waitUntil(lambda page=page: page.isVisible())
        edit = child(page, "sendEdit", QPlainTextEdit)
        QApplication.processEvents()
        shapes.append((edit.width(), child(page, "sendHistory", QComboBox).width()))
        if round_ == 0:
            page.history.add(HistoryEntry("a long command remembered from the last session 0123456789", False,
                                          "utf-8"))
            w.save_settings()
    assert shapes[0] == shapes[1]


def test_macros_expand_per_send_and_the_preview_shows_the_next(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    child(page, "macrosEnabled", QCheckBox).setChecked(True)
    child(page, "sendEdit", QPlainTextEdit).setPlainText("n={{counter:3}}")
    assert "n=000" in child(page, "sendPreview", QLabel).text() or "6E 3D 30 30 30" in \
        child(page, "sendPreview", QLabel).text()
    type_and_send(qtbot, page, "n={{counter:3}}")
    type_and_send(qtbot, page, "n={{counter:3}}")
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 10, timeout=5000)
    page.flush()
    text = page.receive_view.toPlainText()
    assert "n=000" in text and "n=001" in text
    type_and_send(qtbot, page, "{{nope}}")
    assert "nope" in child(page, "sendError", QLabel).text()


def test_a_periodic_send_with_macros_sends_the_next_expansion_each_time(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    child(page, "macrosEnabled", QCheckBox).setChecked(True)
    child(page, "sendEdit", QPlainTextEdit).setPlainText("t{{counter}};")
    page.periodic.period.setValue(10)
    page.periodic.count.setValue(3)
    page.periodic.check.setChecked(True)
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 9, timeout=5000)
    page.flush()
    text = page.receive_view.toPlainText()
    assert "t0;" in text and "t1;" in text and "t2;" in text


def test_a_quick_command_with_macros_expands_each_time(make_window: Any, qtbot: Any) -> None:
    from app.automation.quick import QuickCommand

    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    command = QuickCommand("tick", "q{{counter}};", macros=True)
    assert page.send_quick(command) and page.send_quick(command)
    assert page.send_quick(QuickCommand("raw", "{{counter}}"))  # no macros asked: sent as typed
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 6 + 11, timeout=5000)
    page.flush()
    text = page.receive_view.toPlainText()
    assert "q0;" in text and "q1;" in text and "{{counter}}" in text


def test_macros_that_ask_for_too_much_are_refused_in_words_under_the_editor(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    child(page, "macrosEnabled", QCheckBox).setChecked(True)
    error = child(page, "sendError", QLabel)
    for text, words in (("n={{counter:-5}}", "width must be 0–64"), ("{{counter:999999999}}", "width must be 0–64"),
                        ("{{counter", "opens no macro"), ("{{random:65536}}" * 65, "would make")):
        child(page, "sendEdit", QPlainTextEdit).setPlainText(text)
        page.send_area.validate()
        assert words in error.text() and "Unexpected" not in error.text(), (text, error.text())
    child(page, "sendHex", QCheckBox).setChecked(True)
    child(page, "sendEdit", QPlainTextEdit).setPlainText("{{counter:99999999}}")
    page.send_area.validate()
    assert "width must be 0–64" in error.text()
    type_and_send(qtbot, page, "{{counter:99999999}}")
    assert page.session.counters.total.tx_bytes == 0


def test_a_checksum_range_past_the_payloads_end_is_refused_in_words(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    box = child(page, "checksumBox", QComboBox)
    box.setCurrentIndex(box.findData("crc16-modbus"))
    child(page, "checksumStart", QSpinBox).setValue(10)
    type_and_send(qtbot, page, "ab")  # (before: "ab" went out with the CRC of nothing, 0xFFFF)
    assert "would cover nothing" in child(page, "sendError", QLabel).text()
    assert page.session.counters.total.tx_bytes == 0
    child(page, "checksumStart", QSpinBox).setValue(0)
    child(page, "checksumEnd", QSpinBox).setValue(2)
    type_and_send(qtbot, page, "ab")
    assert page.session.counters.total.tx_bytes == 0
    child(page, "checksumEnd", QSpinBox).setValue(1)
    type_and_send(qtbot, page, "ab")
    qtbot.waitUntil(lambda: page.session.counters.total.tx_bytes == 4, timeout=5000)
