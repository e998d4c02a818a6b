"""Expect steps on decoded fields: ``registers[0] > 30`` against a real Modbus RTU device (tests/peers, framed by
pymodbus), through ``netassist-cli run --decode``; the condition grammar, never run as code."""

from __future__ import annotations

import json
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.automation.sequence import InvalidSequence, sequences_from_json
from app.decode import BUILTINS
from app.decode.condition import ConditionError, parse_condition
from tests.app.cli.test_cli import ROOT, cli
from tests.app.cli.test_cli_more import write_sequence

pytest.importorskip("pymodbus.pdu")

POLL = [{"action": "send", "text": "01 03 00 00 00 01", "hex": True, "checksum": "crc16-modbus"},
        {"action": "wait", "ms": 30},
        {"action": "repeat", "start": 1, "times": 10}]


@pytest.fixture
def device() -> Iterator[int]:
    """tests/peers/modbus_device.py: register 0 reads 20, 25, 30, 35 …"""
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests/peers/modbus_device.py")], stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        assert select.select([proc.stdout], [], [], 20)[0], "the Modbus device did not start"
        yield int(proc.stdout.readline())
    finally:
        proc.kill()
        proc.wait(10)


async def test_poll_a_register_until_it_reads_above_30_with_no_hex_in_the_expect(device: int,
                                                                                 tmp_path: Path) -> None:
    seq = write_sequence(tmp_path / "poll.json", [
        *POLL,
        {"action": "expect", "match": "field", "text": "registers[0] > 30 and crc.valid", "ms": 3000},
        {"action": "expect", "match": "field", "text": "function == 3 and registers[0] >= 40", "ms": 3000}])
    code, out, err = await cli("run", str(seq), "tcp", f"127.0.0.1:{device}", "--decode", "modbus-rtu")
    assert code == 0, out + err
    matched = [x for x in out.splitlines() if "expect field" in x]
    assert "registers[0]=35" in matched[0] and "crc=" in matched[0] and "✓" in matched[0]
    assert "registers[0]=40" in matched[1]  # the next answer: the first match consumed what came before it
    assert "passed" in out


async def test_the_step_may_name_its_decoder_and_a_condition_never_met_fails_saying_the_last(
        device: int, tmp_path: Path) -> None:
    seq = write_sequence(tmp_path / "never.json", [
        *POLL, {"action": "expect", "match": "field", "decoder": "modbus-rtu", "text": "registers[0] > 1000",
                "ms": 500}])
    code, out, err = await cli("run", str(seq), "tcp", f"127.0.0.1:{device}", "--json")
    assert code == 1, out + err
    last = json.loads(out.splitlines()[-1])
    assert last["passed"] is False and last["failed_step"] == 4
    assert "registers[0] > 1000" in last["reason"] and "the last: address=1 function=3" in last["reason"]


async def test_usage_errors_exit_2_before_any_socket(tmp_path: Path) -> None:
    seq = write_sequence(tmp_path / "nodecoder.json", [
        {"action": "expect", "match": "field", "text": "registers[0] > 30", "ms": 100}])
    code, _out, err = await cli("run", str(seq), "tcp", "127.0.0.1:9")
    assert code == 2 and "--decode" in err
    bad = write_sequence(tmp_path / "bad.json", [{"action": "expect", "match": "field", "text": "registers[0] >",
                                                 "ms": 100}])
    code, _out, err = await cli("run", str(bad), "tcp", "127.0.0.1:9", "--decode", "modbus-rtu")
    assert code == 2 and "step 1" in err and "at the end" in err


def test_the_grammar_reads_fields_and_refuses_code() -> None:
    good = BUILTINS["modbus-rtu"].decode(bytes.fromhex("01 03 02 00 2A 39 9B"))
    bad = BUILTINS["modbus-rtu"].decode(bytes.fromhex("01 03 02 00 2A 38 5B"))
    cases = {"registers[0] > 30": (True, True), "registers[0] == 0x2A": (True, True), "crc.valid": (True, False),
             "not crc.valid": (False, True), "crc.valid == false": (False, True),
             "function == 3 and address != 2": (True, True), "registers[1] > 0": (False, False),
             "registers[1] != 0": (False, False),  # a field the message lacks meets nothing
             "function.label == 'Read Holding Registers response'": (True, True),
             "function == '3'": (False, False), "(address < 1 or registers[0] < 43) and crc.size == 2": (True, True),
             "registers[0] >= 42.0": (True, True), "-1 < registers[0]": (True, True)}
    for text, (on_good, on_bad) in cases.items():
        condition = parse_condition(text)
        assert (condition.test(good), condition.test(bad)) == (on_good, on_bad), text
    for text in ("", "a >", "a = 1", "__import__('os').system('x')", "a.b()", "(" * 40 + "a" + ")" * 40,
                 "a == 1 b", "lambda: 1"):
        with pytest.raises(ConditionError):
            parse_condition(text)
    # JSON keys with dots: a field whose whole name it is wins
    nested = BUILTINS["json"].decode(b'{"a": {"valid": 5}, "t": 31.5}')
    assert parse_condition("a.valid == 5 and t > 30").test(nested)
    # a sequence file with a bad condition is refused naming the step
    with pytest.raises(InvalidSequence, match="step 2"):
        sequences_from_json(json.dumps({"name": "x", "steps": [
            {"action": "send", "text": "x"}, {"action": "expect", "match": "field", "text": "x >"}]}))
    with pytest.raises(InvalidSequence, match="not a decoder"):
        sequences_from_json(json.dumps({"name": "x", "steps": [
            {"action": "expect", "match": "field", "text": "x", "decoder": "nope"}]}))
