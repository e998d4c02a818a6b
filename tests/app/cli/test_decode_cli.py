"""``netassist-cli decode`` as a process: its forms, its one JSON object and its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def cli(*args: str) -> tuple[int, dict | None, str]:
    done = subprocess.run([sys.executable, "-m", "app.cli", "decode", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=30)
    out = json.loads(done.stdout) if done.stdout.strip() else None
    return done.returncode, out, done.stderr


def test_a_builtin_decoder_with_hex_prints_one_json_object() -> None:
    code, out, err = cli("--decoder", "modbus-rtu", "--hex", "01 03 02 00 2A 38 5B")
    assert code == 0, err
    assert out is not None and set(out) == {"decoder", "fields", "error"}
    assert out["decoder"] == "modbus-rtu" and out["error"] is None
    by_name = {f["name"]: f for f in out["fields"]}
    assert by_name["registers[0]"] == {"name": "registers[0]", "value": 42, "offset": 3, "size": 2}
    assert by_name["function"]["label"] == "Read Holding Registers response"
    assert by_name["crc"]["valid"] is False  # (decoded: the checksum is shown, not assumed; exit 0)


def test_a_text_payload_and_a_layout_file(tmp_path: Path) -> None:
    layout = tmp_path / "rrq.json"
    layout.write_text(json.dumps({"name": "course RRQ", "endian": "big", "fields": [
        {"name": "opcode", "type": "u16", "enum": {"1": "RRQ"}},
        {"name": "filename", "type": "cstring"}, {"name": "mode", "type": "cstring"}]}))
    code, out, err = cli("--layout", str(layout), "--escapes", r"\x00\x01test.jpg\x00octet\x00")
    assert code == 0, err
    assert out == {"decoder": "course RRQ", "error": None, "fields": [
        {"name": "opcode", "value": 1, "offset": 0, "size": 2, "label": "RRQ"},
        {"name": "filename", "value": "test.jpg", "offset": 2, "size": 9},
        {"name": "mode", "value": "octet", "offset": 11, "size": 6}]}
    code, out, _ = cli("--decoder", "nmea", "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47")
    assert code == 0 and out["fields"][-1]["valid"] is True


def test_bytes_that_do_not_fit_exit_1_with_the_reason_in_words() -> None:
    code, out, _ = cli("--decoder", "modbus-rtu", "--hex", "01 03 04 00 2A 00 2B")
    assert code == 1
    assert out["error"] == "does not fit: 2 bytes short for registers"
    assert out["fields"][3]["name"] == "registers[0]"  # what came is still shown


def test_a_bad_layout_or_usage_exits_2_naming_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"fields": [{"name": "len", "type": "u8"},
                                          {"name": "payload", "type": "bytes", "size": "length"}]}))
    code, out, err = cli("--layout", str(bad), "--hex", "00")
    assert code == 2 and out is None
    assert "payload" in err and "'length' is not the name of an earlier" in err
    code, _, err = cli("--decoder", "modbus-ascii", "00")
    assert code == 2 and "invalid choice" in err
    code, _, err = cli("--decoder", "tftp", "--layout", str(bad), "00")
    assert code == 2 and "not allowed with" in err
    code, _, err = cli("00")
    assert code == 2
    code, _, err = cli("--decoder", "tftp", "--hex", "0G")
    assert code == 2 and "hex" in err
