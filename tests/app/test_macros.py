"""Payload macros: expansion, the counter, hex mode, groups, the literal, errors with positions."""

from __future__ import annotations

import re
import time

import pytest

from app.checksum import ChecksumSpec
from app.codec import encode_text, parse_hex
from app.macros import Macros, UnknownMacro


def test_counter_counts_per_send_and_a_preview_does_not() -> None:
    m = Macros(start=1, step=1)
    assert m.expand("seq={{counter:4}}", commit=False) == "seq=0001"
    assert m.expand("seq={{counter:4}}") == "seq=0001"
    assert m.expand("seq={{counter:4}} again {{counter}}") == "seq=0002 again 2"  # one step per send
    assert m.expand("{{counter:2:x}}") == "03"
    assert m.counter == 4


def test_hex_mode_gives_bytes_and_the_checksum_is_computed_after() -> None:
    m = Macros(start=0x1234)
    hex_text = m.expand("01 06 {{counter:2}}", hex_mode=True)
    assert hex_text == "01 06 12 34"
    data = ChecksumSpec("crc16-modbus").apply(parse_hex(hex_text))
    assert data[:4] == b"\x01\x06\x12\x34" and len(data) == 6
    assert len(parse_hex(m.expand("{{random:8}}", hex_mode=True))) == 8
    assert re.fullmatch(r"\d{6}", m.expand("{{random:6}}"))


def test_time_unix_groups_and_the_literal() -> None:
    m = Macros()
    assert m.expand("{{unix}}") == str(int(time.time())) or abs(int(m.expand("{{unix}}")) - time.time()) < 2
    assert len(m.expand("{{unix_ms}}")) >= 13
    assert re.fullmatch(r"\d\d:\d\d", m.expand("{{time:%H:%M}}"))
    assert m.expand("OK {{1}} {{2}}", groups=("temp=23", "23", "C")) == "OK 23 C"
    assert m.expand("hi {{name}}", groups={"name": "设备"}) == "hi 设备"
    assert m.expand("{{{{counter}}") == "{{counter}}"
    assert encode_text(m.expand("{{{{"), "gb2312") == b"{{"


def test_an_unknown_macro_names_itself_and_its_position() -> None:
    with pytest.raises(UnknownMacro, match=r"unknown macro \{\{bogus\}\} at position 4"):
        Macros().expand("ab {{bogus}}")
    with pytest.raises(UnknownMacro, match="not a number"):
        Macros().expand("{{random:x}}")
    with pytest.raises(UnknownMacro, match=r"\{\{5\}\}"):
        Macros().expand("{{5}}", groups=("a",))
