"""``netassist-cli export LOG.jsonl OUT.csv --decode NAME``: Modbus frames (built by pymodbus) sent to a real
``listen --log``, the log exported as CSV, the values read back equal to the values sent."""

from __future__ import annotations

import asyncio
import csv
import json
import random
from pathlib import Path

import pytest

from app.core.framing import FramingSpec
from app.core.records import Address, Direction, Record
from app.decode import BUILTINS
from app.export.fields_csv import MAX_COLUMNS, record_messages, view_messages, write_fields_csv
from app.view.render import ViewOptions
from tests.app.cli.test_cli import CLI, ROOT, cli

pytest.importorskip("pymodbus.pdu")
from pymodbus.framer import FramerRTU
from pymodbus.pdu import DecodePDU
from pymodbus.pdu import register_message as regs

RTU = FramerRTU(DecodePDU(False))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


async def test_modbus_frames_logged_by_listen_export_as_one_row_per_message(tmp_path: Path) -> None:
    rng = random.Random(7)
    sent = [[rng.randrange(65536) for _ in range(1 + k % 3)] for k in range(40)]
    frames = [RTU.buildFrame(regs.ReadHoldingRegistersResponse(registers=r, dev_id=1 + k % 5))
              for k, r in enumerate(sent)]
    frames[13] = frames[13][:-1] + bytes([frames[13][-1] ^ 0xFF])  # a wrong CRC
    log = tmp_path / "device.jsonl"
    proc = await asyncio.create_subprocess_exec(
        *CLI, "listen", "udp", "127.0.0.1:0", "--count", str(len(frames)), "--log", str(log), "--json",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    first = json.loads(await asyncio.wait_for(proc.stdout.readline(), 10))
    port = int(first["listening"].rsplit(":", 1)[1])
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, remote_addr=("127.0.0.1", port))
    for frame in frames:
        transport.sendto(frame)  # (40 small datagrams: the receive buffer holds them all)
    _out, err = await asyncio.wait_for(proc.communicate(), 10)
    transport.close()
    assert proc.returncode == 0, err
    out = tmp_path / "fields.csv"
    code, said, err = await cli("export", str(log), str(out), "--decode", "modbus-rtu")
    assert code == 0, err
    assert f"{len(frames)} messages" in said
    rows = read_csv(out)
    assert len(rows) == len(frames)
    header = list(rows[0])
    assert header[:3] == ["time", "direction", "peer"] and header[-1] == "error"
    assert header[3:-1] == ["address", "function", "byte_count", "registers[0]", "crc", "crc.valid",
                            "registers[1]", "registers[2]"]
    for k, (row, values) in enumerate(zip(rows, sent, strict=True)):
        assert row["direction"] == "rx" and row["peer"].startswith("127.0.0.1:")
        assert int(row["address"]) == 1 + k % 5 and row["function"] == "3"
        assert [int(row[f"registers[{i}]"]) for i in range(len(values))] == values
        assert all(row[f"registers[{i}]"] == "" for i in range(len(values), 3))
        assert row["crc.valid"] == ("false" if k == 13 else "true")
        assert row["error"] == ""
    # --format csv with another name, and a layout file
    layout = tmp_path / "head.json"
    layout.write_text(json.dumps({"name": "head", "fields": [{"name": "unit", "type": "u8"},
                                                               {"name": "fc", "type": "u8"}]}))
    code, _said, err = await cli("export", str(log), str(tmp_path / "head.txt"), "--format", "csv",
                                 "--decode", str(layout))
    assert code == 0, err
    assert [r["unit"] for r in read_csv(tmp_path / "head.txt")][:3] == ["1", "2", "3"]


async def test_export_csv_usage_errors_exit_2(tmp_path: Path) -> None:
    log = tmp_path / "x.jsonl"
    log.write_text("")
    code, _o, err = await cli("export", str(log), str(tmp_path / "x.csv"))
    assert code == 2 and "--decode" in err
    code, _o, err = await cli("export", str(log), str(tmp_path / "x.pcapng"), "--decode", "modbus-rtu")
    assert code == 2 and "CSV" in err
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "bad", "fields": [{"name": "payload", "type": "bytes", "size": "n"}]}))
    code, _o, err = await cli("export", str(log), str(tmp_path / "x.csv"), "--decode", str(bad))
    assert code == 2 and "payload" in err
    assert not (tmp_path / "x.csv").exists()


def test_frames_a_text_that_is_a_formula_and_the_column_cap(tmp_path: Path) -> None:
    peer = Address("127.0.0.1", 9)
    recs = [Record(1, 1_700_000_000_000, Direction.RX, peer, b'{"a": "=1+2", "b": 1}\n'),
            Record(2, 1_700_000_000_001, Direction.RX, peer, b'{"a": "x"}\n{"b"'),
            Record(3, 1_700_000_000_002, Direction.RX, peer, b': 2}\n')]
    out = tmp_path / "j.csv"
    summary = write_fields_csv(lambda: record_messages(recs), out, BUILTINS["json"])
    rows = read_csv(out)
    assert summary.rows == 3 and rows[0]["a"] == "'=1+2" and rows[0]["b"] == "1"
    assert rows[1]["error"]  # a record is not a whole document
    # framed as the view frames it (a line end): one row per line
    summary = write_fields_csv(lambda: view_messages(recs, ViewOptions(framing=FramingSpec("delimiter"))), out,
                               BUILTINS["json"])
    rows = read_csv(out)
    assert [(r["a"], r["b"], r["error"]) for r in rows] == [("'=1+2", "1", ""), ("x", "", ""), ("", "2", "")]
    wide = [Record(1, 0, Direction.RX, peer, json.dumps(list(range(MAX_COLUMNS + 5))).encode())]
    summary = write_fields_csv(lambda: record_messages(wide), out, BUILTINS["json"])
    assert summary.columns == MAX_COLUMNS and summary.dropped == 5
