"""netassist-cli's other subcommands (connect, run, relay, export) and send's --count/--macros, as processes
against real loopback peers, with their exit codes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from tests.app.cli.test_cli import CLI, ROOT, cli
from tests.app.helpers import start_echo_server


async def cli_in(stdin: bytes, *args: str, timeout: float = 20) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(*CLI, *args, cwd=ROOT, stdin=asyncio.subprocess.PIPE,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(stdin), timeout)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def collecting_server() -> tuple[asyncio.Server, int, bytearray, asyncio.Event]:
    got = bytearray()
    closed = asyncio.Event()

    async def collect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            got.extend(data)
        writer.close()
        closed.set()

    server = await asyncio.start_server(collect, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], got, closed


async def test_send_count_expands_macros_per_send_and_a_bad_macro_sends_nothing() -> None:
    server, port, got, closed = await collecting_server()
    code, out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "n={{counter:3}};", "--count", "3",
                               "--interval", "5", "--macros", "--counter-start", "8")
    assert code == 0, err
    await asyncio.wait_for(closed.wait(), 5)
    assert bytes(got) == b"n=008;n=009;n=010;"
    assert out.count("→") == 3
    code, _out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "x{{nope}}", "--macros")
    assert code == 2 and "unknown macro {{nope}} at position 2" in err
    server.close()


async def test_network_errors_exit_3_with_the_reason_in_words() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    for args in (("send", "tcp", f"127.0.0.1:{port}", "ping"), ("connect", "tcp", f"127.0.0.1:{port}")):
        code, _out, err = await cli(*args)
        assert code == 3 and "refused" in err.lower(), (args, code, err)
    holder = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    busy = holder.sockets[0].getsockname()[1]
    code, _out, err = await cli("listen", "tcp", f"127.0.0.1:{busy}", "--duration", "0.1")
    holder.close()
    assert code == 3 and "in use" in err, err


async def test_connect_sends_stdin_lines_and_stops_at_the_expected_reply() -> None:
    server, port = await start_echo_server()
    code, out, err = await cli_in("你好\nREADY?\n".encode(), "connect", "tcp", f"127.0.0.1:{port}",
                                  "--expect", "READY", "--timeout", "5")
    server.close()
    assert code == 0, err
    assert "→" in out and "←" in out and "你好" in out
    code, _out, err = await cli_in(b"01 02 03\n", "connect", "tcp", f"127.0.0.1:{port}", "--hex",
                                   "--expect", "04", "--timeout", "0.3")
    assert code in (1, 3)  # the server is gone (refused) or, racing its close, no "04" came


async def test_connect_udp_hex_prints_replies_as_json(tmp_path: Path) -> None:
    class Echo(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.t = transport

        def datagram_received(self, data: bytes, addr: tuple) -> None:
            self.t.sendto(data[::-1], addr)  # type: ignore[attr-defined]

    transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    port = transport.get_extra_info("sockname")[1]
    log = tmp_path / "c.jsonl"
    code, out, err = await cli_in(b"01 02 03\n", "connect", "udp", f"127.0.0.1:{port}", "--hex", "--json",
                                  "--count", "1", "--log", str(log))
    transport.close()
    assert code == 0, err
    rx = [json.loads(x) for x in out.splitlines() if '"rx"' in x]
    assert rx and rx[0]["hex"] == "030201"
    assert any(json.loads(x).get("dir") == "rx" for x in log.read_text().splitlines())


def write_sequence(path: Path, steps: list[dict[str, object]], **extra: object) -> Path:
    path.write_text(json.dumps({"name": "poll", "steps": steps, **extra}), encoding="utf-8")
    return path


async def test_run_passes_against_an_echo_peer_and_fails_with_the_step_against_a_silent_one(tmp_path: Path) -> None:
    steps: list[dict[str, object]] = [
        {"action": "send", "text": "01 03 00 00 00 01", "hex": True, "checksum": "crc16-modbus"},
        {"action": "expect", "text": "01 03 00 00 00 01 84 0A", "match": "hex", "ms": 3000},
        {"action": "send", "text": "T={{counter}}\\n", "macros": True},
        {"action": "expect", "text": r"T=\d", "match": "regex", "ms": 3000},
        {"action": "repeat", "start": 3, "times": 2},
    ]
    seq = write_sequence(tmp_path / "poll.json", steps)
    server, port = await start_echo_server()
    code, out, err = await cli("run", str(seq), "tcp", f"127.0.0.1:{port}")
    assert code == 0, err
    assert out.count("✓") == 6 and "passed" in out
    server.close()

    silent, sport, _got, _closed = await collecting_server()
    seq2 = write_sequence(tmp_path / "silent.json", steps[:2], target={"proto": "tcp", "host": "127.0.0.1",
                                                                      "port": sport})
    code, out, err = await cli("run", str(seq2), "--json")
    silent.close()
    assert code == 1
    results = [json.loads(x) for x in out.splitlines() if x.startswith('{"step"')]
    assert [r["outcome"] for r in results] == ["sent", "timed-out"]
    assert "failed at step 2" in err


async def test_run_refuses_a_bad_file_before_connecting(tmp_path: Path) -> None:
    server, port, got, _closed = await collecting_server()
    bad = write_sequence(tmp_path / "bad.json", [{"action": "send", "text": "01 0G", "hex": True}])
    code, _out, err = await cli("run", str(bad), "tcp", f"127.0.0.1:{port}")
    assert code == 2 and "invalid hex" in err
    code, _out, err = await cli("run", str(tmp_path / "missing.json"), "tcp", f"127.0.0.1:{port}")
    assert code == 2 and "cannot read" in err
    code, _out, err = await cli("run", str(write_sequence(tmp_path / "ok.json", [{"action": "wait", "ms": 1}])))
    assert code == 2 and "give the peer" in err
    server.close()
    assert not got


async def test_relay_tcp_prints_both_directions() -> None:
    server, port = await start_echo_server()
    proc = await asyncio.create_subprocess_exec(
        *CLI, "relay", "tcp", "127.0.0.1:0", f"127.0.0.1:{port}", "--count", "2", cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    first = (await asyncio.wait_for(proc.stdout.readline(), 10)).decode()
    assert first.startswith("relaying 127.0.0.1:")
    relay_port = int(first.split()[1].rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", relay_port)
    writer.write(b"through")
    assert await asyncio.wait_for(reader.readexactly(7), 5) == b"through"
    rest, err = await asyncio.wait_for(proc.communicate(), 10)
    writer.close()
    server.close()
    assert proc.returncode == 0, err
    assert rest.decode().count("through") == 2


async def test_export_turns_a_cli_log_into_pcapng_tshark_reads(tmp_path: Path) -> None:
    import shutil

    server, port = await start_echo_server()
    log = tmp_path / "s.jsonl"
    code, _out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "ping", "--expect", "ping", "--log", str(log))
    server.close()
    assert code == 0, err
    out = tmp_path / "s.pcapng"
    code, printed, err = await cli("export", str(log), str(out))
    assert code == 0, err
    assert "packets" in printed and out.read_bytes()[:4] == b"\x0a\x0d\x0d\x0a"
    code, _printed, err = await cli("export", str(tmp_path / "none.jsonl"), str(out))
    assert code == 2 and "no such log file" in err
    if shutil.which("tshark"):
        proc = await asyncio.create_subprocess_exec("tshark", "-n", "-r", str(out), "-q", "-z", "follow,tcp,raw,0",
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        followed, _ = await asyncio.wait_for(proc.communicate(), 30)
        assert proc.returncode == 0 and b"70696e67" in followed  # "ping", both ways


async def test_send_appends_a_checksum_and_expects_the_modbus_reply() -> None:
    async def device(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readexactly(8)
        if request == bytes.fromhex("01 03 00 00 00 01 84 0A"):  # the CRC, low byte first
            writer.write(bytes.fromhex("01 03 02 00 2A 39 9B"))
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(device, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    code, out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "01 03 00 00 00 01", "--hex",
                               "--checksum", "crc16-modbus", "--expect", "01 03 02", "--timeout", "5")
    server.close()
    assert code == 0, err
    assert "01 03 00 00 00 01 84 0A" in out


async def test_relay_udp_maps_a_source_to_the_target_and_back() -> None:
    class Echo(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.t = transport

        def datagram_received(self, data: bytes, addr: tuple) -> None:
            self.t.sendto(data.upper(), addr)  # type: ignore[attr-defined]

    loop = asyncio.get_running_loop()
    target, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    proc = await asyncio.create_subprocess_exec(
        *CLI, "relay", "udp", "127.0.0.1:0", f"127.0.0.1:{target.get_extra_info('sockname')[1]}", "--count", "2",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    first = (await asyncio.wait_for(proc.stdout.readline(), 10)).decode()
    relay_port = int(first.split()[1].rsplit(":", 1)[1])
    got: asyncio.Queue[bytes] = asyncio.Queue()

    class Source(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, addr: tuple) -> None:
            got.put_nowait(data)

    source, _ = await loop.create_datagram_endpoint(Source, remote_addr=("127.0.0.1", relay_port))
    source.sendto(b"abc")
    assert await asyncio.wait_for(got.get(), 5) == b"ABC"
    rest, err = await asyncio.wait_for(proc.communicate(), 10)
    source.close()
    target.close()
    assert proc.returncode == 0, err
    assert "abc" in rest.decode() and "ABC" in rest.decode()


async def test_connect_ends_when_the_peer_closes_though_stdin_stays_open() -> None:
    async def bye(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"bye\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(bye, "127.0.0.1", 0)
    proc = await asyncio.create_subprocess_exec(*CLI, "connect", "tcp",
                                                f"127.0.0.1:{server.sockets[0].getsockname()[1]}", cwd=ROOT,
                                                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), 10)  # (communicate() would close stdin: not here)
    finally:
        server.close()
    assert proc.returncode == 0, err
    assert "bye" in out.decode()


async def test_send_udp_to_an_ipv6_target() -> None:
    import socket

    if not socket.has_ipv6:
        return
    got: asyncio.Queue[bytes] = asyncio.Queue()

    class Sink(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, addr: tuple) -> None:
            got.put_nowait(data)

    transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(Sink, local_addr=("::1", 0))
    port = transport.get_extra_info("sockname")[1]
    code, _out, err = await cli("send", "udp", f"[::1]:{port}", "six")
    transport.close()
    assert code == 0, err
    assert await asyncio.wait_for(got.get(), 5) == b"six"


async def test_run_sees_a_greeting_the_peer_sends_on_connect(tmp_path: Path) -> None:
    async def greeter(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"READY\r\n")  # at once, before anything is asked
        await writer.drain()
        while data := await reader.read(100):
            writer.write(data)
        writer.close()

    server = await asyncio.start_server(greeter, "127.0.0.1", 0)
    seq = write_sequence(tmp_path / "greet.json", [{"action": "expect", "text": "READY", "ms": 3000},
                                                   {"action": "send", "text": "go"},
                                                   {"action": "expect", "text": "go", "ms": 3000}])
    code, out, err = await cli("run", str(seq), "tcp", f"127.0.0.1:{server.sockets[0].getsockname()[1]}")
    server.close()
    assert code == 0, err
    assert out.count("✓") == 3


async def test_export_names_a_bad_line_and_refuses_a_fifo_in_words_with_status_2(tmp_path: Path) -> None:
    import os

    from tests.app.export.test_logs import write_bad_log

    log = tmp_path / "bad.jsonl"
    write_bad_log(log)
    code, _out, err = await cli("export", str(log), str(tmp_path / "out.pcapng"))
    assert code == 2 and "Traceback" not in err, err
    assert "line 2: peer is not an address" in err and not (tmp_path / "out.pcapng").exists()
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    code, _out, err = await cli("export", str(fifo), str(tmp_path / "out.pcapng"), timeout=10)
    assert code == 2 and "FIFO" in err, err


async def test_macros_that_ask_for_too_much_are_refused_in_words_and_send_nothing(tmp_path: Path) -> None:
    server, port, got, _closed = await collecting_server()
    code, _out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "{{random:65536}}" * 100, "--macros")
    assert code == 2 and "would make 6,553,600 characters" in err and "Traceback" not in err, err
    code, _out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "n={{counter:-5}}", "--macros")
    assert code == 2 and "width must be 0–64" in err, err
    seq = tmp_path / "big.json"
    seq.write_text(json.dumps({"name": "big", "steps": [
        {"action": "send", "text": "{{random:65536}}" * 40, "hex": True, "macros": True}]}), encoding="utf-8")
    code, _out, err = await cli("run", str(seq), "tcp", f"127.0.0.1:{port}")  # (before: 3.8 GB)
    assert code == 2 and "would make" in err, err
    server.close()
    assert bytes(got) == b""


async def test_expect_runs_in_linear_time_and_ends_within_its_timeout() -> None:
    """``--expect '^(a+)+$'`` against 40 × a + ! backtracked for 25 s past a 2 s timeout on Python's re."""
    async def evil(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        writer.write(b"a" * 40 + b"!")
        await reader.read(100)  # (until the client goes)
        writer.close()

    server = await asyncio.start_server(evil, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()
    start = loop.time()
    code, _out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "go", "--expect", "^(a+)+$", "--timeout", "2",
                                timeout=15)
    assert code == 1 and "no reply matching" in err, err
    code, _out, err = await cli_in(b"go\n", "connect", "tcp", f"127.0.0.1:{port}", "--expect", "^(a+)+$",
                                   "--timeout", "2", timeout=15)
    assert code == 1, err
    assert loop.time() - start < 12  # (both ended on their timeouts, not on the backtracking)
    # a pattern RE2 cannot express still works, in the bounded worker
    code, _out, err = await cli("send", "tcp", f"127.0.0.1:{port}", "go", "--expect", r"(a)\1{39}!", "--timeout",
                                "5", timeout=15)
    assert code == 0, err
    server.close()


async def test_run_takes_options_anywhere_and_a_file_not_in_utf8_is_a_usage_error(tmp_path: Path) -> None:
    server, port = await start_echo_server()
    seq = tmp_path / "ping.json"
    seq.write_text(json.dumps({"name": "ping", "steps": [
        {"action": "send", "text": "ping"}, {"action": "expect", "text": "ping", "ms": 3000}]}), encoding="utf-8")
    code, out, err = await cli("run", str(seq), "--quiet", "tcp", f"127.0.0.1:{port}")
    assert code == 0 and out == "", err  # (before: "unrecognized arguments: tcp 127.0.0.1:…", status 2)
    code, out, err = await cli("run", str(seq), "tcp", "--json", f"127.0.0.1:{port}")
    assert code == 0 and '"passed": true' in out, err
    server.close()
    latin = tmp_path / "latin.json"
    latin.write_bytes(json.dumps({"name": "caf\u00e9", "steps": [{"action": "send", "text": "x"}]}).encode()
                      .replace(b"\\u00e9", b"\xe9"))
    code, out, err = await cli("run", str(latin), "tcp", f"127.0.0.1:{port}")
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err, err
async def test_connect_prints_a_split_character_once_whole_each_line_once_and_says_it_matched() -> None:
    """哈哈 in GB2312 a byte a read (the peer sends the next byte once our next line came, after the last was read):
    no "1 bytes:" with nothing after it, the byte count honest, no blank line after a line, and "matched"."""
    lines: list[bytes] = []

    async def course_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for b in "哈哈".encode("gb2312"):
            lines.append(await reader.readline())  # the CLI sent its next stdin line: it has read the last byte
            writer.write(bytes([b]))
            await writer.drain()
        await reader.read()
        writer.close()

    server = await asyncio.start_server(course_server, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    proc = await asyncio.create_subprocess_exec(*CLI, "connect", "tcp", f"127.0.0.1:{port}", "--encoding", "gb2312",
                                                "--expect", "哈哈", "--timeout", "5", cwd=ROOT,
                                                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    out: list[str] = []
    for k in range(4):
        proc.stdin.write(f"next {k}\n".encode())
        await proc.stdin.drain()
        # what the CLI printed for this step: its TX line, and the RX of the byte before
        while not any(f"next {k}" in line for line in out):
            out.append((await asyncio.wait_for(proc.stdout.readline(), 10)).decode())
    rest, err = await asyncio.wait_for(proc.communicate(), 20)
    server.close()
    out += rest.decode().splitlines(keepends=True)
    assert proc.returncode == 0, err
    assert [x.strip() for x in lines] == [f"next {k}".encode() for k in range(4)]
    rx = [x for x in out if "←" in x]
    assert len(rx) == 2 and all(x.rstrip("\n").endswith("2 bytes (1 of them from before): 哈") for x in rx), out
    assert not any(x.rstrip("\n").endswith("bytes:") or x.rstrip("\n").endswith("bytes: ") for x in out)
    assert "\n" not in [x for x in out]  # no blank line after "→ … next k"
    assert [x.rstrip("\n").split("→ ")[1].split(" ", 1)[1] for x in out if "→" in x] == [
        f"7 bytes: next {k}" for k in range(4)]
    last_rx = max(i for i, x in enumerate(out) if "←" in x)
    assert out[last_rx + 1].strip() == "matched '哈哈'"  # under the record that matched
