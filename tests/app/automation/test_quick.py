from __future__ import annotations

import pytest

from app.automation.quick import QuickCommand, from_json, to_json
from app.core.errors import NetAssistError


def test_round_trip_and_errors() -> None:
    cmds = [QuickCommand("读寄存器", "01 03 00 00 00 0A", hex=True, checksum="crc16-modbus"),
            QuickCommand("reset", "AT+RST\\r\\n")]
    assert from_json(to_json(cmds)) == cmds
    assert from_json('[{"text": "only text"}]') == [QuickCommand("only text", "only text")]
    with pytest.raises(ValueError):
        from_json('{"not": "a list"}')
    with pytest.raises(ValueError, match="command 2"):
        from_json('[{"text": "a"}, {"name": "no text"}]')


@pytest.mark.parametrize("text, words", [
    ('[{"text": "a", "encoding": "klingon"}]', "klingon"),
    ('[{"text": "a", "checksum": "crc99"}]', "crc99"),
    ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
    ("[1, 2", "not valid JSON"),
])
def test_import_is_checked_whole_with_one_error_family(text: str, words: str) -> None:
    # an unknown encoding or checksum is refused on import (not later, on send); deep nesting is not a crash
    with pytest.raises(NetAssistError, match=words) as err:
        from_json(text)
    assert isinstance(err.value, ValueError) and err.value.code == "invalid-commands"


def test_the_macros_flag_goes_through_export_and_import() -> None:
    from app.automation.quick import QuickCommand, from_json, to_json

    commands = [QuickCommand("tick", "T{{counter}}", macros=True), QuickCommand("plain", "P")]
    back = from_json(to_json(commands))
    assert [c.macros for c in back] == [True, False]
