"""``--decode NAME|FILE.json`` on listen, send, connect and run, as processes against real loopback peers:
``--json`` records gain ``"fields"``, the human output a decoded line; a bad layout exits 2 before any socket."""

from __future__ import annotations

import asyncio
import json
import struct
from pathlib import Path

from tests.app.cli.test_cli import CLI, ROOT, cli
from tests.app.cli.test_cli_more import write_sequence
from tests.app.helpers import start_echo_server

GOOD = bytes.fromhex("01 03 02 00 2A 39 9B")


async def modbus_device() -> tuple[asyncio.Server, int]:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        writer.write(GOOD)
        await writer.drain()
        await reader.read()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def test_send_decodes_the_request_and_the_answer_in_json_and_in_words() -> None:
    server, port = await modbus_device()
    code, out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "01 03 00 00 00 01 84 0A", "--hex",
                               "--expect", "01 03 02", "--decode", "modbus-rtu", "--json")
    assert code == 0, err
    records = [json.loads(x) for x in out.splitlines() if '"dir"' in x]
    rx = next(r for r in records if r["dir"] == "rx")
    by_name = {f["name"]: f for f in rx["fields"]}
    assert by_name["registers[0]"] == {"name": "registers[0]", "value": 42, "offset": 3, "size": 2}
    assert by_name["crc"]["valid"] is True and rx["decode_error"] is None
    tx = next(r for r in records if r["dir"] == "tx")
    assert {f["name"]: f["value"] for f in tx["fields"]}["quantity"] == 1
    code, out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "01 03 00 00 00 01 84 0A", "--hex",
                               "--expect", "01 03 02", "--decode", "modbus-rtu")
    server.close()
    assert code == 0, err
    assert "↳ address=1 function=3 (Read Holding Registers response) byte_count=2 registers[0]=42 crc=0x9B39 ✓" \
        in out


async def test_listen_udp_decodes_the_course_tftp_request() -> None:
    proc = await asyncio.create_subprocess_exec(
        *CLI, "listen", "udp", "127.0.0.1:0", "--count", "1", "--decode", "tftp", cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    first = (await asyncio.wait_for(proc.stdout.readline(), 10)).decode()
    port = int(first.rsplit(":", 1)[1])
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, remote_addr=("127.0.0.1", port))
    transport.sendto(struct.pack("!H8sb5sb", 1, b"test.jpg", 0, b"octet", 0))
    rest, err = await asyncio.wait_for(proc.communicate(), 10)
    transport.close()
    assert proc.returncode == 0, err
    assert "↳ opcode=1 (RRQ) filename=test.jpg mode=octet" in rest.decode()


async def test_connect_and_run_take_a_layout_file(tmp_path: Path) -> None:
    layout = tmp_path / "greeting.json"
    layout.write_text(json.dumps({"name": "greeting", "fields": [
        {"name": "kind", "type": "u8", "enum": {"0x48": "H"}}, {"name": "rest", "type": "string"}]}))
    server, port = await start_echo_server()
    proc = await asyncio.create_subprocess_exec(
        *CLI, "connect", "tcp", f"127.0.0.1:{port}", "--count", "1", "--decode", str(layout), "--json",
        cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(b"Hello\n"), 10)
    assert proc.returncode == 0, err
    rx = next(json.loads(x) for x in out.decode().splitlines() if '"rx"' in x)
    assert rx["fields"][0] == {"name": "kind", "value": 72, "offset": 0, "size": 1, "label": "H"}
    assert rx["fields"][1]["value"] == "ello\n"
    seq = write_sequence(tmp_path / "hi.json", [{"action": "send", "text": "Hi"},
                                                {"action": "expect", "text": "Hi", "ms": 3000}])
    code, out, err = await cli("run", str(seq), "tcp", f"127.0.0.1:{port}", "--decode", str(layout))
    server.close()
    assert code == 0, err
    assert "↳ kind=72 (H) rest=i" in out


async def test_a_bad_layout_exits_2_naming_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"fields": [{"name": "payload", "type": "bytes", "size": "length"}]}))
    code, _out, err = await cli("listen", "tcp", "127.0.0.1:0", "--duration", "5", "--decode", str(bad))
    assert code == 2 and "payload" in err and "length" in err
    code, _out, err = await cli("send", "tcp", "127.0.0.1:1", "x", "--decode", "modbus-ascii")
    assert code == 2 and "modbus-rtu" in err  # (an unknown name: the built-ins are listed)
