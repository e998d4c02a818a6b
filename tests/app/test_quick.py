from __future__ import annotations

import pytest

from app.quick import QuickCommand, from_json, to_json


def test_round_trip_and_errors() -> None:
    cmds = [QuickCommand("读寄存器", "01 03 00 00 00 0A", hex=True, checksum="crc16-modbus"),
            QuickCommand("reset", "AT+RST\\r\\n")]
    assert from_json(to_json(cmds)) == cmds
    assert from_json('[{"text": "only text"}]') == [QuickCommand("only text", "only text")]
    with pytest.raises(ValueError):
        from_json('{"not": "a list"}')
    with pytest.raises(ValueError, match="command 2"):
        from_json('[{"text": "a"}, {"name": "no text"}]')
