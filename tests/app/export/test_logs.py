"""Session logs: both forms, loading back, and surviving kill -9 of the logging process."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
from pathlib import Path

from app.automation.periodic import PeriodicSender
from app.core.records import Direction
from app.export.logs import SessionLogger, load_jsonl, save_records
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import TcpServerSession
from app.view.layout import render_text
from app.view.render import ViewOptions
from tests.app.helpers import Watch

PEERS = Path(__file__).parents[2] / "peers"


async def test_logs_in_both_forms_and_load_back(tmp_path: Path) -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    logger = SessionLogger(server, text_path=tmp_path / "s.log", jsonl_path=tmp_path / "s.jsonl",
                           options=ViewOptions(encoding="gb2312"))
    await server.open()
    reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    payload = "哈哈".encode("gb2312") + b"\x00\xff\r\n"
    writer.write(payload[:1])
    await w.until_rx(1)
    writer.write(payload[1:])
    await w.until_rx(len(payload))
    server.send(b"reply")
    assert await asyncio.wait_for(reader.readexactly(5), 5) == b"reply"
    writer.close()
    await w.until(lambda: "peer-finished" in w.notices())
    await server.close()
    logger.close()

    records = list(load_jsonl(tmp_path / "s.jsonl"))
    assert [r.seq for r in records] == [r.seq for r in server.store]
    assert b"".join(r.data for r in records if r.direction is Direction.RX) == payload
    assert [r.notice.kind for r in records if r.notice] == ["listening", "peer-connected", "peer-finished",
                                                            "peer-disconnected", "closed"]
    text = (tmp_path / "s.log").read_text(encoding="utf-8")
    assert "哈哈" in text and "\\x00\\xFF" in text and "TX to 127.0.0.1:" in text
    # an opened log renders the same text as the live view did
    opts = ViewOptions(encoding="gb2312", log_mode=True)
    assert render_text(records, opts) == render_text(server.store, opts)


def test_save_view_in_both_forms(tmp_path: Path) -> None:
    from app.core.records import Address, Record

    recs = [Record(i + 1, 1000 * i, Direction.RX, Address("127.0.0.1", 1), bytes([65 + i]) * 3) for i in range(3)]
    assert save_records(recs, tmp_path / "v.jsonl", jsonl=True) == 3
    assert list(load_jsonl(tmp_path / "v.jsonl")) == recs
    save_records(recs, tmp_path / "v.txt", jsonl=False, options=ViewOptions(hex=True))
    assert "41 41 41" in (tmp_path / "v.txt").read_text()


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "torn.jsonl"
    good = json.dumps({"seq": 1, "t": 0, "dir": "rx", "peer": "[::1]:5", "hex": "4142"})
    path.write_text(good + "\n" + good[:20], encoding="utf-8")
    records = list(load_jsonl(path))
    assert len(records) == 1 and records[0].data == b"AB" and str(records[0].peer) == "[::1]:5"


async def test_logs_survive_kill_9(tmp_path: Path) -> None:
    text_log, jsonl_log = tmp_path / "k.log", tmp_path / "k.jsonl"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(PEERS / "logging_server.py"), str(text_log), str(jsonl_log), stdout=subprocess.PIPE)
    assert proc.stdout is not None
    port = int(await asyncio.wait_for(proc.stdout.readline(), 10))
    client = TcpClientSession("127.0.0.1", port)
    await client.open()
    loop = asyncio.get_running_loop()
    sent_at: list[float] = []
    enough = asyncio.Event()

    def send() -> None:
        client.send(b"msg %06d\n" % len(sent_at))
        sent_at.append(loop.time())

    def progress(_stats: object) -> None:
        # keep sending until the log on disk holds messages older than two flush intervals
        if len(sent_at) >= 250 and jsonl_log.exists() and b"msg 000150" in _rx_bytes(jsonl_log):
            enough.set()

    sender = PeriodicSender(send, period_ms=10, on_progress=progress)
    sender.start()
    await asyncio.wait_for(enough.wait(), 15)
    proc.send_signal(signal.SIGKILL)
    killed_at = loop.time()
    sender.stop()
    await proc.wait()
    await client.close()

    lines = jsonl_log.read_bytes().split(b"\n")
    complete, tail = lines[:-1], lines[-1]
    for line in complete:
        json.loads(line)  # every complete line parses
    assert tail == b"" or not tail.endswith(b"}")  # nothing but a possibly torn last line
    got = _rx_bytes(jsonl_log)
    older = [i for i, t in enumerate(sent_at) if t < killed_at - 1.5]
    assert older, "the run was too short to say anything"
    for i in older:  # nothing older than the flush interval (plus margin) is missing
        assert b"msg %06d\n" % i in got, i
    assert text_log.read_text(encoding="utf-8").count("RX from") >= 1


def _rx_bytes(path: Path) -> bytes:
    return b"".join(r.data for r in load_jsonl(path) if r.direction is Direction.RX)


def forged_certificate(dest: Path, forged: str) -> tuple[Path, Path]:
    """A self-signed certificate whose subject's CN, O and OU start a new line (three ways) with ``forged``."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"x\n{forged}"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"\r\n{forged}"),
                      x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"\u2028{forged}")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_path, key_path = dest / "forged.crt", dest / "forged.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


async def test_a_peer_cannot_forge_log_lines_through_notices_or_line_separators(tmp_path: Path) -> None:
    """A TLS server whose certificate's CN holds line breaks, and data with U+2028/U+2029/U+0085: every
    line of the view and of the .log is one the app wrote (a header, a notice, data under its header), and the
    .jsonl splits into exactly its records however it is read."""
    import ssl

    from app.net.tls import TlsOptions
    from app.view.layout import Layout

    forged = "[2030-01-01 00:00:00.000] RX 10.9.9.9:22"
    cert, key = forged_certificate(tmp_path, forged)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))

    async def handle(_r: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(f"one\u2028{forged}\u2029{forged}\x85{forged}\n".encode())
        await writer.drain()

    peer = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=ctx)
    client = TcpClientSession("127.0.0.1", peer.sockets[0].getsockname()[1],
                              tls=TlsOptions(enabled=True, verify=False))
    w = Watch(client)
    logger = SessionLogger(client, text_path=tmp_path / "c.log", jsonl_path=tmp_path / "c.jsonl")
    try:
        await client.open()
        await w.until(lambda: b"\n" in w.rx())
    finally:
        await client.close()
        peer.close()
        logger.close()
    assert "tls" in w.notices()
    log = (tmp_path / "c.log").read_text(encoding="utf-8")
    view = Layout(client.store, ViewOptions(log_mode=True)).text()  # what the receive view shows
    for text in (log, view):
        lines = text.splitlines()  # (splits at U+2028, U+2029, U+0085 too, as many readers do)
        assert not [line for line in lines if line.startswith("[2030")], text
        assert "\\x0A" in text and "\\u2028" in text and "\\u2029" in text and "\\u0085" in text
    raw = (tmp_path / "c.jsonl").read_text(encoding="utf-8")
    assert len(raw.splitlines()) == len(list(load_jsonl(tmp_path / "c.jsonl"))) == len(client.store)
    assert [r.notice for r in load_jsonl(tmp_path / "c.jsonl")] == [r.notice for r in client.store]


def deleted_files_open() -> list[str]:
    """Files this process still writes though they were deleted (``/proc/self/fd`` marks them)."""
    import os

    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.endswith(" (deleted)") and "netassist-log" in target:
            out.append(target)
    return out


async def test_a_log_whose_folder_is_removed_stops_and_says_so(tmp_path: Path) -> None:
    import shutil
    import time

    folder = tmp_path / "netassist-logs"
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    stopped: asyncio.Future[object] = asyncio.get_running_loop().create_future()
    logger = SessionLogger(server, text_path=folder / "netassist-log.log", jsonl_path=folder / "netassist-log.jsonl",
                           on_error=lambda exc: stopped.done() or stopped.set_result(exc))
    await server.open()
    _reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    try:
        writer.write(b"before\n")
        await w.until_rx(7)
        logger.flush()
        shutil.rmtree(folder)
        written = logger.jsonl.written + logger.text.written  # type: ignore[union-attr]
        started = time.monotonic()
        for _ in range(2000):  # keep receiving: nothing may go into the deleted files
            writer.write(b"x" * 1024)
            await writer.drain()
            if stopped.done():
                break
            await asyncio.sleep(0.001)
        exc = await asyncio.wait_for(stopped, 2)
        assert time.monotonic() - started < 1.5
        assert "was removed" in str(exc) and "stopped" in str(exc)
        assert logger.error is exc and deleted_files_open() == []
        assert logger.jsonl.written + logger.text.written == written  # type: ignore[union-attr]
        assert not folder.exists()  # (not made again behind the user's back)
    finally:
        writer.close()
        await server.close()
        logger.close()


async def test_a_log_file_deleted_in_its_folder_goes_on_in_a_new_file_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "netassist-logs"
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    text, jsonl = folder / "netassist-log.log", folder / "netassist-log.jsonl"
    logger = SessionLogger(server, text_path=text, jsonl_path=jsonl)
    await server.open()
    _reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    try:
        writer.write(b"before\n")
        await w.until_rx(7)
        logger.flush()
        text.unlink()
        jsonl.unlink()
        await w.until(lambda: "log-reopened" in w.notices(), timeout=2)  # (within WATCH_S, no data needed)
        assert deleted_files_open() == []
        writer.write(b"after\n")
        await w.until_rx(13)
    finally:
        writer.close()
        await server.close()
        logger.close()
    assert logger.error is None and logger.reopened == 1
    log = text.read_text(encoding="utf-8")
    assert "was deleted or moved away while logging" in log and "after" in log and "before" not in log
    assert b"after\n" in b"".join(r.data for r in load_jsonl(jsonl))
def write_bad_log(path: Path) -> None:
    """Two good records around lines a hand, another program or a bad disk could leave."""
    good = json.dumps({"seq": 1, "t": 0, "dir": "rx", "peer": "127.0.0.1:5", "hex": "4142"})
    path.write_text("\n".join([
        good,
        json.dumps({"seq": 2, "t": 0, "dir": "rx", "peer": 5, "hex": "41"}),
        '{"seq": 3, "t": 1e999, "dir": "rx", "peer": null, "hex": ""}',
        json.dumps({"seq": 4, "t": 0, "dir": "sideways", "peer": None, "hex": ""}),
        json.dumps({"seq": 5, "t": 0, "dir": "rx", "peer": None, "hex": "zz"}),
        json.dumps({"seq": 6, "t": 0, "dir": "notice", "peer": None, "hex": "", "notice": {"kind": 1, "text": "x"}}),
        json.dumps([1, 2]),
        good.replace('"seq": 1', '"seq": 7'),
    ]) + "\n", encoding="utf-8")


def test_every_line_is_checked_by_type_and_a_bad_one_is_skipped_and_named(tmp_path: Path) -> None:
    from app.export.logs import SkippedLines

    path = tmp_path / "bad.jsonl"
    write_bad_log(path)
    skipped = SkippedLines()
    records = list(load_jsonl(path, skipped))
    assert [r.seq for r in records] == [1, 7]
    assert skipped.count == 6
    words = skipped.words()
    assert "line 2: peer is not an address" in words and "line 3: t is not a whole number" in words
    assert "line 4: dir is not rx, tx or notice" in words and "1 more" in words


def test_a_fifo_a_device_or_a_folder_is_refused_as_a_log_in_words(tmp_path: Path) -> None:
    import os

    import pytest

    from app.core.errors import FileProblem

    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)  # (opened for reading, a FIFO blocks until a writer comes: it must not even be opened so)
    for path, what in ((fifo, "FIFO"), (Path("/dev/zero"), "device"), (tmp_path, "folder")):
        with pytest.raises(FileProblem, match=what):
            list(load_jsonl(path))
