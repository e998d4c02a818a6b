"""Payload macros: expansion, the counter, hex mode, groups, the literal, errors with positions."""

from __future__ import annotations

import re
import time

import pytest

from app.core.checksum import ChecksumSpec
from app.core.codec import encode_text, parse_hex
from app.core.macros import Macros, UnknownMacro


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


def test_every_macro_is_bounded_and_refused_in_words_before_anything_is_made() -> None:
    import tracemalloc

    from app.core.macros import MAX_OUTPUT, MacroTooLarge

    m = Macros()
    tracemalloc.start()
    try:
        for text, hex_mode, words in (("{{counter:999999999}}", False, "width must be 0–64"),
                                      ("{{counter:99999999}}", True, "width must be 0–64"),
                                      ("{{counter:-5}}", False, "width must be 0–64"),
                                      ("a {{counter", False, "opens no macro"),
                                      ("{{random:65537}}", False, "out of range"),
                                      ("{{random:65536}}" * 100, False, "would make"),
                                      ("{{random:65536}}" * 30, True, "would make")):
            with pytest.raises((UnknownMacro, MacroTooLarge), match=words):
                m.expand(text, hex_mode=hex_mode)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20  # (before: a gigabyte for the first one)
    assert m.counter == 0
    assert len(m.expand("{{random:65536}}" * 64)) == 64 * 65536 <= MAX_OUTPUT  # right at the bound: made
    assert m.expand("{{counter:64}}") == "0" * 64


def test_checking_a_saved_sequence_makes_nothing_random(monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    import random

    from app.automation.sequence import sequences_from_json

    made = [0]
    for name in ("randrange", "randbytes"):
        real = getattr(random.Random, name)

        def counting(self: random.Random, *args: int, _real: object = real) -> object:
            made[0] += 1
            return _real(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(random.Random, name, counting)
    steps = [{"action": "send", "text": "{{random:65536}}", "macros": True, "hex": i % 2 == 1} for i in range(50)]
    (sequence,) = sequences_from_json(json.dumps({"name": "big", "steps": steps}))
    assert len(sequence.steps) == 50
    assert made[0] == 0  # (before: 3.3 million draws, ~1.7 s; a thousand such steps took 35 s at start-up)
    assert len(sequence.steps[1].payload()) == 65536  # a real send still makes them
