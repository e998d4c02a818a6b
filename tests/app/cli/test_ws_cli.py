"""netassist-cli's WebSocket forms as processes: ``listen ws``, ``send ws URL``, ``connect ws URL``, against each
other and against the ``websockets`` library's own server."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from websockets.asyncio.server import ServerConnection, serve

from tests.app.cli.test_cli import CLI, ROOT, cli


async def test_listen_ws_and_send_ws_with_expect_text_and_hex() -> None:
    proc = await asyncio.create_subprocess_exec(*CLI, "listen", "ws", "127.0.0.1:0", "--count", "2", "--reply",
                                                "收到", "--json", cwd=ROOT, stdout=asyncio.subprocess.PIPE)
    try:
        assert proc.stdout is not None
        first = json.loads(await asyncio.wait_for(proc.stdout.readline(), 10))
        url = f"ws://{first['listening']}/any/path"
        code, out, err = await cli("send", "ws", url, "你好", "--expect", "收到")
        assert code == 0, err
        assert "WebSocket open with" in out and "→" in out and "你好" in out and "收到" in out
        code, out, err = await cli("send", "ws", url, "01 02 ff", "--hex", "--expect", "e6 94 b6")
        assert code == 0, err
        out_server, _ = await asyncio.wait_for(proc.communicate(), 10)
        lines = [json.loads(line) for line in out_server.decode().splitlines()]
        rx = [x for x in lines if x.get("dir") == "rx"]
        assert [x["hex"] for x in rx] == ["你好".encode().hex(), "0102ff"]
        assert proc.returncode == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def test_connect_ws_sends_stdin_lines_with_headers_and_subprotocol() -> None:
    got: list[object] = []

    async def handler(ws: ServerConnection) -> None:
        got.append(ws.request.headers.get("X-Key") if ws.request else None)
        got.append(ws.subprotocol)
        async for message in ws:
            got.append(message)
            await ws.send(f"echo {message!s}")

    async with serve(handler, "127.0.0.1", 0, subprotocols=["chat"]) as srv:  # type: ignore[list-item]
        port = srv.sockets[0].getsockname()[1]
        proc = await asyncio.create_subprocess_exec(
            *CLI, "connect", "ws", f"ws://127.0.0.1:{port}/", "--header", "X-Key: 42", "--subprotocol", "chat",
            "--count", "2", cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(proc.communicate(b"one\ntwo\n"), 15)
    assert proc.returncode == 0, err.decode()
    assert got == ["42", "chat", "one\n", "two\n"]
    assert "echo one" in out.decode() and "echo two" in out.decode()


async def test_ws_cli_errors_in_words_and_exit_status() -> None:
    code, _out, err = await cli("send", "ws", "http://127.0.0.1:1/", "x")
    assert code == 2 and "is not a WebSocket URL" in err
    proc = await asyncio.create_subprocess_exec(*CLI, "listen", "ws", "127.0.0.1:0", "--path", "/only",
                                                "--duration", "10", "--json", cwd=ROOT,
                                                stdout=asyncio.subprocess.PIPE)
    try:
        assert proc.stdout is not None
        first = json.loads(await asyncio.wait_for(proc.stdout.readline(), 10))
        code, _out, err = await cli("send", "ws", f"ws://{first['listening']}/elsewhere", "x")
        assert code == 3 and "404" in err and "No WebSocket at /elsewhere" in err
    finally:
        proc.kill()
        await proc.wait()


async def test_a_peer_cannot_forge_lines_on_the_terminal_through_notices(tmp_path: Path) -> None:
    """A wss:// server whose certificate's CN, O and OU start a new line with a forged record header: the
    CLI's human output says the TLS notice on one line, the line breaks and U+2028 as escapes (as the logs do),
    and its JSON output is one line per record however it is read."""
    import ssl

    from tests.app.export.test_logs import forged_certificate

    forged = "[2030-01-01 00:00:00.000] RX 10.9.9.9:22"
    cert, key = forged_certificate(tmp_path, forged)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()  # (the WebSocket request's first line: the handshake is over, the notice said)
        writer.close()

    peer = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=ctx)
    url = f"wss://127.0.0.1:{peer.sockets[0].getsockname()[1]}/"
    try:
        code, out, err = await cli("send", "ws", url, "hi", "--insecure")
        _code, out_json, _err = await cli("send", "ws", url, "hi", "--insecure", "--json")
    finally:
        peer.close()
    assert code != 0 and "TLS with" in out, (out, err)
    assert not [line for line in out.splitlines() if line.startswith("[2030")], out
    assert "\\x0A" in out and "\\x0D" in out and "\\u2028" in out
    for line in out_json.splitlines():  # (splits at U+2028 too, as many readers do)
        json.loads(line)
    assert "TLS with" in out_json
async def test_run_a_sequence_over_ws_as_a_process(tmp_path: object) -> None:
    """``run SEQUENCE.json ws URL``: send steps go as one message each, a text frame or a binary one by the step's
    own format; expect steps wait for the server's messages; a failing expect exits 1; the file's target works."""
    from pathlib import Path

    got: list[object] = []

    async def handler(ws: ServerConnection) -> None:
        async for message in ws:
            got.append(message)
            await ws.send(b"\x01\x02" if isinstance(message, bytes) else f"ok {message}")

    steps = [{"action": "send", "text": "hello 你好"}, {"action": "expect", "text": "ok hello", "ms": 5000},
             {"action": "send", "text": "FF 00", "hex": True},
             {"action": "expect", "text": "01 02", "match": "hex", "ms": 5000}]
    folder = Path(str(tmp_path))
    seq = folder / "ws.json"
    seq.write_text(json.dumps({"name": "ws check", "steps": steps}), encoding="utf-8")
    async with serve(handler, "127.0.0.1", 0) as srv:
        url = f"ws://127.0.0.1:{srv.sockets[0].getsockname()[1]}/"
        code, out, err = await cli("run", str(seq), "ws", url, "--json")
        assert code == 0, err + out
        assert got == ["hello 你好", b"\xff\x00"]  # a text frame, then a binary one
        summary = next(json.loads(x) for x in out.splitlines() if x.startswith('{"sequence"'))
        assert summary["passed"] and summary["steps"] == 4
        # from the file's target; a reply that never comes fails the run (exit 1), the step named
        failing = folder / "fail.json"
        failing.write_text(json.dumps({"name": "late", "target": {"proto": "ws", "url": url}, "steps": [
            {"action": "send", "text": "x"}, {"action": "expect", "text": "never", "ms": 300}]}), encoding="utf-8")
        code, out, err = await cli("run", str(failing))
        assert code == 1 and "step 2" in err, (code, out, err)
    code, _out, err = await cli("run", str(seq), "ws", "http://127.0.0.1:1/")
    assert code == 2 and "ws://" in err
