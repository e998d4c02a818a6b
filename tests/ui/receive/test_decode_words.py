"""A decoder's own words in the window's language: the built-ins' labels, the checksum verdict and why a message
does not fit are said in Chinese in the Chinese window, while field names and values stay as they are (so find
and the filter match ``function=3`` and ``valid=false`` in every language); the English window and the CLI say
the engine's English (their tests: tests/ui/receive/test_decode_view.py, tests/app/cli)."""

from __future__ import annotations

import re
import socket
from typing import Any

from PySide6.QtWidgets import QLineEdit

from app.decode import BUILTINS, ENGLISH, decoder_for, format_line, modbus, nmea, tftp
from tests.ui.receive.test_decode_view import BAD, GOOD, choose
from tests.ui.test_window import listen_on_loopback, page_of

#: pymodbus's framing of a Read Holding Registers response with two registers (01 03 04 00 2A 00 2B + CRC), cut
#: before its CRC: the decoder takes the last two bytes for the CRC, so the registers are 2 bytes short.
TRUNCATED = bytes.fromhex("01 03 04 00 2A 00 2B")


def test_the_decoded_lines_speak_chinese_in_the_chinese_window(chinese: None, make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    choose(page, "modbus-rtu")
    port = listen_on_loopback(qtbot, page)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for frame in (BAD, TRUNCATED, GOOD):
            s.sendto(frame, ("127.0.0.1", port))
        qtbot.waitUntil(lambda: page.session.counters.total.rx_packets == 3, timeout=5000)
    page.flush()
    view = page.receive_view
    lines = [x for x in view.toPlainText().splitlines() if x.startswith("↳ ")]
    assert lines == [
        "↳ address=1 function=3 (读保持寄存器响应) byte_count=2 registers[0]=42 crc=0x5B38 ✗ （应为 0x9B39）",
        "↳ address=1 function=3 (读保持寄存器响应) byte_count=4 registers[0]=42 crc=0x2B00 ✗ （应为 0x9AD9） "
        "⚠ 不符合：registers 缺少 2 字节",
        "↳ address=1 function=3 (读保持寄存器响应) byte_count=2 registers[0]=42 crc=0x9B39 ✓",
    ], lines
    # names and values are the same in every language: find and the filter match them as in English
    bar = page.receive.find_bar
    bar.open_bar()
    bar.edit.setText("valid=false")
    bar.find()
    qtbot.waitUntil(lambda: view.finder is not None and view.finder.done, timeout=5000)
    assert len(view.finder.matches) == 2
    assert view.selectedText() == "crc=0x5B38 ✗ （应为 0x9B39）"
    field = page.findChild(QLineEdit, "textFilter")
    field.setText("byte_count=4")
    qtbot.waitUntil(lambda: view.filter.text == "byte_count=4", timeout=3000)
    page.flush()
    assert [x for x in view.toPlainText().splitlines() if x.startswith("↳ ")] == lines[1:2]


def test_the_fields_panel_and_the_layout_preview_say_why_in_chinese(chinese: None, qtbot: Any) -> None:
    from ui.receive.fields import FieldsView

    panel = FieldsView()
    qtbot.addWidget(panel)
    panel.show_message(decoder_for("modbus-rtu"), TRUNCATED)
    model = panel.model()
    rows = [[model.index(r, c).data() for c in range(2)] for r in range(model.rowCount())]
    assert rows[1] == ["function", "3 (读保持寄存器响应)"]
    assert rows[-1][1] == "不符合：registers 缺少 2 字节", rows


def test_every_word_a_decoder_says_is_marked_for_translation() -> None:
    """ui/texts.py marks each code of app.decode's English (a pair's "many" form), every Modbus function name and
    every word of the built-ins' tables; TFTP's opcodes and Modbus TCP's protocol name are names, never words."""
    from ui import texts

    for code, english in ENGLISH.items():
        if code in ("word", "modbus-function"):
            continue
        assert texts._DECODE.get(code) == (english[1] if isinstance(english, tuple) else english), code
    assert set(texts._DECODE) <= set(ENGLISH)
    assert texts._MODBUS_FUNCTIONS == modbus.FUNCTIONS
    words = {*modbus.EXCEPTIONS.values(), *modbus.COIL_VALUES.values(), *tftp.ERRORS.values(),
             *(w for table in nmea.LABELS.values() for w in table.values())}
    assert words <= set(texts._DECODE_WORDS), words - set(texts._DECODE_WORDS)


def test_the_english_window_says_the_engines_words(qapp: Any) -> None:
    """Without a translator nothing is said differently: the view takes the engine's English (no ``say``)."""
    from ui.texts import DecodeWords, decode_words

    assert decode_words() is None
    words = DecodeWords()
    decoded = BUILTINS["modbus-rtu"].decode(TRUNCATED)
    assert format_line(decoded, say=words) == format_line(decoded)


def test_chinese_says_no_english_word_but_names_and_values(chinese: None) -> None:
    """Every built-in, on messages that fit and that do not: what is left in Latin letters is a field's name or
    value, a protocol's own name, or Python's own JSON message (an argument)."""
    from ui.texts import decode_words

    say = decode_words()
    assert say is not None
    samples = {
        "modbus-rtu": [BAD, TRUNCATED, bytes.fromhex("01 83 02 C0 F1"), bytes.fromhex("11 05 00 AC FF 00 4E 8B"),
                       b"\x01\x03", bytes.fromhex("01 05 00 AC FF 00 00 4E 8B")],
        "modbus-tcp": [bytes.fromhex("00 01 00 00 00 07 01 03"), bytes.fromhex("00 01 00 00 00 01 01 03")],
        "tftp": [b"\x00\x05\x00\x01nope\x00", b"\x00\x04\x00\x01\x00", b"\x00\x09", b"\x00\x01test.jpg"],
        "nmea": [b"$GPGSA,A,3,,,,,,,,,,,,,1.0,1.0,1.0*30", b"GPGGA,1", b"$GPRMC,1,A*zz"],
        "json": [b"", b"\xff", b"{\"a\": "],
    }
    for name, messages in samples.items():
        for data in messages:
            decoded = BUILTINS[name].decode(data)
            line = format_line(decoded, say=say)
            english = format_line(decoded)
            assert re.search(r"[\u4e00-\u9fff]", line) or line == english, (name, line)
            for f in decoded.fields:  # (names and values: as in English)
                assert f"{f.name}=" in line
            words = re.sub(r"\b\w+(\[\d+\])?=\S*", "", line)  # what is left once names and values are out
            words = re.sub(r"Expecting value|UTF-8|JSON|NUL|Modbus( RTU)?|CRC|PDU|ACK|ERROR|RRQ|TFTP|NMEA|0x[0-9A-F]+|"
                           r"registers|filename|'zz'", "", words)
            assert not re.search(r"[A-Za-z]{2,}", words), (name, line)
