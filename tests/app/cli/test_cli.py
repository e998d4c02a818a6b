"""netassist-cli's two fixed forms (send, listen) as a process, against real loopback peers."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "app.cli"]
ROOT = Path(__file__).resolve().parents[3]


async def cli(*args: str, timeout: float = 20) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(*CLI, *args, cwd=ROOT, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_send_tcp_expects_a_gb2312_reply_split_across_reads() -> None:
    async def course_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        reply = "哈哈".encode("gb2312")
        writer.write(reply[:1])  # a character split across two reads
        await writer.drain()
        writer.write(reply[1:])
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(course_server, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    code, out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "你好", "--encoding", "gb2312",
                               "--expect", "哈哈", "--timeout", "5")
    server.close()
    assert code == 0, err
    assert f"→ 127.0.0.1:{port} 4 bytes: 你好" in out
    assert "哈哈" in out
    assert "\nmatched '哈哈'\n" in out  # an expectation met says so


async def test_send_udp_hex_expect_and_a_json_log(tmp_path: Path) -> None:
    class Responder(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport = transport

        def datagram_received(self, data: bytes, addr: tuple) -> None:
            self.transport.sendto(b"\x01\x03\x02\x00\x2a" + data[-2:], addr)  # type: ignore[attr-defined]

    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(Responder, local_addr=("127.0.0.1", 0))
    port = transport.get_extra_info("sockname")[1]
    log = tmp_path / "send.jsonl"
    code, out, err = await cli("send", "udp", f"127.0.0.1:{port}", "01 03 00 00 00 01 84 0A", "--hex",
                               "--expect", "01 03 02 00 2A", "--log", str(log), "--json")
    transport.close()
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert any(x.get("dir") == "rx" and x["hex"].startswith("010302002a") for x in lines)
    logged = [json.loads(line) for line in log.read_text().splitlines()]
    assert any(x.get("dir") == "tx" for x in logged) and any(x.get("dir") == "rx" for x in logged)


async def test_send_says_when_no_reply_matches_or_nobody_listens() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    code, _out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "ping", "--expect", "pong", "--timeout",
                                "0.3")
    assert code == 1 and "no reply matching 'pong'" in err
    server.close()
    await server.wait_closed()
    code, _out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "ping")
    assert code == 3 and "refused" in err.lower()
    code, _out, err = await cli("send", "tcp", "127.0.0.1:70000", "ping")
    assert code == 2 and "1–65535" in err


async def test_listen_tcp_replies_counts_and_logs(tmp_path: Path) -> None:
    log = tmp_path / "listen.jsonl"
    proc = await asyncio.create_subprocess_exec(
        *CLI, "listen", "tcp", "127.0.0.1:0", "--count", "2", "--reply", "pong\\n", "--escapes", "--log", str(log),
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    first = (await asyncio.wait_for(proc.stdout.readline(), 10)).decode()
    assert first.startswith("listening on 127.0.0.1:")
    port = int(first.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"ping 1")
    assert await asyncio.wait_for(reader.readexactly(5), 5) == b"pong\n"
    writer.write(b"ping 2")
    assert await asyncio.wait_for(reader.readexactly(5), 5) == b"pong\n"
    rest, _err = await asyncio.wait_for(proc.communicate(), 10)
    assert proc.returncode == 0
    assert "← 127.0.0.1:" in rest.decode() and "ping 2" in rest.decode()
    logged = [json.loads(line) for line in log.read_text().splitlines()]
    assert sum(1 for x in logged if x.get("dir") == "rx") == 2
    writer.close()


async def test_listen_udp_for_a_duration() -> None:
    code, out, err = await cli("listen", "udp", "127.0.0.1:0", "--duration", "0.2")
    assert code == 0, err
    assert out.startswith("listening on 127.0.0.1:")


async def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "netassist-cli"
    proc = await asyncio.create_subprocess_exec(str(script), "--version", stdout=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 0 and out.decode().startswith("NetAssist ")


async def test_listen_and_relay_help_say_that_the_default_is_every_interface() -> None:
    for command in ("listen", "relay"):
        code, out, _err = await cli(command, "--help")
        assert code == 0
        words = " ".join(out.split())
        assert "0.0.0.0" in words and "all interfaces" in words and "127.0.0.1" in words, command


async def test_a_missing_certificate_file_is_a_configuration_error() -> None:
    """Exit 2 (a file the command line names), not 3 (the network): decided by the error's type, whatever its
    code or the OS error underneath; said before any connection is tried."""
    missing = ROOT / "tests" / "no-such-ca.pem"
    code, _out, err = await cli("send", "ws", "wss://127.0.0.1:9/", "x", "--ca-file", str(missing))
    assert code == 2, err
    assert "configuration error" in err and f"the CA file {missing} does not exist" in err
