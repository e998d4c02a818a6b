"""Sending a file with backpressure and a length header; saving received bytes to files."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.automation.transfer import FileSendOptions, ReceiveToFile, length_header, send_file
from app.core.errors import NetAssistError
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession
from tests.app.helpers import Watch

PEERS = Path(__file__).parents[2] / "peers"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def test_64_mib_to_a_slow_reader_with_a_length_header_is_exact_and_bounded(tmp_path: Path) -> None:
    data = os.urandom(64 * 1024 * 1024)
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    del data
    proc = await asyncio.create_subprocess_exec(sys.executable, str(PEERS / "upload_receiver.py"), "--slow",
                                                stdout=subprocess.PIPE)
    assert proc.stdout is not None
    port = int(await asyncio.wait_for(proc.stdout.readline(), 10))
    client = TcpClientSession("127.0.0.1", port, store_limit=4 * 1024 * 1024)
    await client.open()
    peak = base = rss_mb()

    def progress(_p: object) -> None:
        nonlocal peak
        peak = max(peak, rss_mb())

    result = await asyncio.wait_for(send_file(client, path, FileSendOptions(header_size=4), on_progress=progress), 120)
    assert result.done and result.sent == 64 * 1024 * 1024
    report = json.loads(await asyncio.wait_for(proc.stdout.readline(), 60))
    assert report == {"size": 64 * 1024 * 1024, "sha256": digest}
    # the peer read slowly; we never held the file in memory (nor let the socket buffer grow unbounded)
    assert peak - base < 32, f"memory grew {peak - base:.0f} MB sending a 64 MiB file"
    assert client.counters.total.tx_bytes == 4 + 64 * 1024 * 1024
    await client.close()
    await proc.wait()


async def test_udp_file_in_datagrams(tmp_path: Path) -> None:
    path = tmp_path / "small.bin"
    path.write_bytes(bytes(range(256)) * 20)  # 5,120 bytes
    rx, tx = UdpSession("127.0.0.1", 0), UdpSession("127.0.0.1", 0)
    w = Watch(rx)
    await rx.open()
    await tx.open()
    await send_file(tx, path, FileSendOptions(datagram_size=1000, pause_ms=1), to=rx.local_address)
    await w.until_rx(5120)
    assert [len(r.data) for r in w.records(rx.store[0].direction.RX)] == [1000] * 5 + [120]
    assert w.rx() == path.read_bytes()
    with pytest.raises(NetAssistError):
        await send_file(tx, path, FileSendOptions(datagram_size=70000), to=rx.local_address)
    await rx.close()
    await tx.close()


def test_length_header_limits() -> None:
    assert length_header(5, FileSendOptions(header_size=2, header_order="little")) == b"\x05\x00"
    with pytest.raises(NetAssistError, match="does not fit"):
        length_header(70000, FileSendOptions(header_size=2))


async def test_receive_to_one_file_or_one_per_client(tmp_path: Path) -> None:
    server = TcpServerSession("127.0.0.1", 0)
    await server.open()
    together = ReceiveToFile(server, tmp_path / "all.bin")
    apart = ReceiveToFile(server, tmp_path / "client.bin", per_peer=True)
    w = Watch(server)  # subscribed last: its checks run after the file writers have seen each event
    writers = []
    expected = 0
    for payload in (b"first client ", b"second client"):
        _, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
        writer.write(payload)
        writers.append(writer)
        expected += len(payload)
        await w.until(lambda n=expected: together.written >= n)
    peers = list(server.peers)
    assert sorted((tmp_path / "all.bin").read_bytes()) == sorted(b"first client second client")
    assert apart.path_for(peers[0]).read_bytes() in (b"first client ", b"second client")
    assert {apart.path_for(p).read_bytes() for p in peers} == {b"first client ", b"second client"}
    together.close()
    apart.close()
    for writer in writers:
        writer.close()
    await server.close()


async def test_receive_to_file_past_4_gib(tmp_path: Path) -> None:
    """Appends land beyond the 4 GiB mark (a sparse file: nothing close to 4 GiB is written here)."""
    path = tmp_path / "big.bin"
    with path.open("wb") as f:
        f.truncate(4 * 1024**3 + 10)
    server = TcpServerSession("127.0.0.1", 0)
    await server.open()
    saver = ReceiveToFile(server, path)
    w = Watch(server)
    _, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    writer.write(b"tail")
    await w.until(lambda: saver.written == 4)
    saver.close()
    assert path.stat().st_size == 4 * 1024**3 + 14
    with path.open("rb") as f:
        f.seek(4 * 1024**3 + 10)
        assert f.read() == b"tail"
    writer.close()
    await server.close()


@pytest.mark.parametrize("kind", ["missing", "folder", "device", "fifo", "unreadable"])
def test_only_regular_readable_files_can_be_sent(tmp_path: Path, kind: str) -> None:
    import os

    from app.automation.transfer import check_file
    from app.core.errors import FileProblem

    path = tmp_path / "thing"
    if kind == "folder":
        path.mkdir()
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "unreadable":
        path.write_bytes(b"secret")
        path.chmod(0)
    words = {"missing": "no such file", "folder": "is a folder", "device": "not a regular file",
             "fifo": "not a regular file", "unreadable": "permission denied"}[kind]
    if kind == "unreadable" and os.access(path, os.R_OK):  # root reads anything
        pytest.skip("running as root: every file is readable")
    with pytest.raises(FileProblem) as err:
        check_file(path)  # returns at once: a FIFO is not opened (that would wait for a writer)
    assert words in str(err.value)


def open_files_under(folder: Path) -> int:
    """Descriptors this process holds on files in ``folder`` (read from /proc/self/fd)."""
    n = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            n += os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder))
        except OSError:
            continue
    return n


async def test_one_file_per_client_closes_files_as_clients_leave_and_is_bounded(tmp_path: Path) -> None:
    """300 short clients, at most 100 files: a client's file is closed when it leaves, the 101st client on
    writes into the shared file (said once in a notice), and every byte received is in a file."""
    from app.net.session import PeerDisconnected

    server = TcpServerSession("127.0.0.1", 0, finished_linger=0)  # (a client that finished is closed at once)
    await server.open()
    saver = ReceiveToFile(server, tmp_path / "client.bin", per_peer=True, max_files=100)
    w = Watch(server)
    try:
        for batch in range(15):
            writers = []
            for i in range(20):
                _, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
                writer.write(f"client {batch * 20 + i}\n".encode())
                writers.append(writer)
            for writer in writers:
                writer.close()
            await w.until(lambda n=(batch + 1) * 20: len(w.of(PeerDisconnected)) >= n)
        assert saver.open_files <= 1 and open_files_under(tmp_path) <= 1  # (only the shared file stays open)
        files = sorted(tmp_path.iterdir())
        assert len(files) == 101  # 100 clients' own files and the shared one
        assert sum(f.stat().st_size for f in files) == saver.written == server.counters.total.rx_bytes
        assert saver.shared_peers == 200 and w.notices().count("receive-files-limit") == 1
    finally:
        saver.close()
        await server.close()
    assert open_files_under(tmp_path) == 0
