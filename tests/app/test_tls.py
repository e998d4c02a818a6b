"""TLS on the TCP client, server and relay against real peers on loopback: openssl s_server / s_client, socat's
OPENSSL addresses, Python's ssl, plain TCP peers on the wrong side of TLS."""

from __future__ import annotations

import asyncio
import datetime
import os
import socket
import ssl
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.errors import TlsConfigError, TlsError
from app.records import Direction
from app.session import CloseReason, ErrorOccurred, PeerDisconnected, State
from app.tcp_client import TcpClientSession
from app.tcp_relay import TcpRelaySession
from app.tcp_server import TcpServerSession
from app.tls import TlsOptions, self_signed_identity
from tests.app.helpers import Watch, poll_until, read_exactly, start_echo_server
from tests.conftest import need_tool

GB = "你好，世界！网络调试助手".encode("gb2312")
PAYLOAD = GB + bytes(range(256)) + b"\r\nQ\nR\n"  # (Q and R lines are commands to openssl when not -brief)


# ------------------------------------------------------------------------------------------ helpers

def openssl_cert(dest: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate and key made by openssl itself (not by the code under test)."""
    cert, key = dest / f"{name}.crt", dest / f"{name}.key"
    subprocess.run([need_tool("openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={name}",
                    "-addext", f"subjectAltName=DNS:{name},IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=20)
    return cert, key


def expired_cert(dest: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=10)).not_valid_after(now - datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = dest / "expired.crt", dest / "expired.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def fingerprint(cert: Path) -> str:
    return x509.load_pem_x509_certificate(cert.read_bytes()).fingerprint(hashes.SHA256()).hex(":").upper()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port (read from /proc, without connecting to it)."""
    want = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as f:
        return any(line.split()[1] == want and line.split()[3] == "0A" for line in f.readlines()[1:])


@asynccontextmanager
async def s_server(cert: Path, key: Path, *extra: str) -> AsyncIterator[tuple[asyncio.subprocess.Process, int]]:
    """``openssl s_server -brief``: stdin goes to the client, what the client sends comes out on stdout, byte for
    byte; the handshake summary goes to stderr. It says nothing once listening: /proc says when it is."""
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        need_tool("openssl"), "s_server", "-brief", "-accept", f"127.0.0.1:{port}", "-cert", str(cert),
        "-key", str(key), *extra, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        await poll_until(lambda: listening(port) or proc.returncode is not None, timeout=10)
        assert proc.returncode is None
        yield proc, port
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()


async def fail_open(session: TcpClientSession | TcpServerSession) -> TlsError:
    with pytest.raises(TlsError) as info:
        await session.open()
    assert session.state is State.CLOSED and session.last_error is info.value
    return info.value


def notice(w: Watch, kind: str) -> str:
    return next(r.notice.text for r in w.records(Direction.NOTICE) if r.notice.kind == kind)


def tls_client_context(cafile: str | None = None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=cafile)
    if cafile is None:
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    return ctx


# ----------------------------------------------------------------------------------- client side

async def test_client_against_s_server_verify_refuses_self_signed_then_accepts(tmp_path: Path) -> None:
    cert, key = openssl_cert(tmp_path, "localhost")
    async with s_server(cert, key) as (proc, port):
        assert proc.stdin is not None and proc.stdout is not None
        refused = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True))
        error = await fail_open(refused)
        assert error.code == "tls-verify" and "self-signed" in str(error) and "verify failed" in str(error)
        # verify off: accepted; the notice shows who it is anyway
        client = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True, verify=False))
        w = Watch(client)
        await client.open()
        text = notice(w, "tls")
        assert "TLSv1.3" in text and "subject CN=localhost" in text and "issuer CN=localhost" in text
        assert f"SHA-256 {fingerprint(cert)}" in text and "valid from " in text
        client.send(PAYLOAD)
        assert await read_exactly(proc.stdout, len(PAYLOAD)) == PAYLOAD  # plaintext, byte-exact
        proc.stdin.write(GB + b"\x00\xff")
        await proc.stdin.drain()
        await w.until_rx(len(GB) + 2)
        assert w.rx() == GB + b"\x00\xff"
        assert client.counters.total.tx_bytes == len(PAYLOAD)  # plaintext is what is counted
        await client.close()
    # verify on with the certificate as the CA file (and the name it is made out to): accepted
    async with s_server(cert, key) as (proc, port):
        trusting = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True, ca_file=str(cert),
                                                                      server_name="localhost"))
        w = Watch(trusting)
        await trusting.open()
        assert "SNI localhost" in notice(w, "tls")
        await trusting.close()


async def test_client_refuses_expired_and_mismatched_certificates_in_words(tmp_path: Path) -> None:
    cert, key = openssl_cert(tmp_path, "localhost")
    async with s_server(cert, key) as (_proc, port):
        wrong = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True, ca_file=str(cert),
                                                                   server_name="device.example"))
        error = await fail_open(wrong)
        assert error.code == "tls-verify" and "another host name" in str(error) and "device.example" in str(error)
    old_cert, old_key = expired_cert(tmp_path)
    async with s_server(old_cert, old_key) as (_proc, port):
        client = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True, ca_file=str(old_cert),
                                                                    server_name="localhost"))
        error = await fail_open(client)
        assert error.code == "tls-verify" and "has expired" in str(error)


async def test_client_sends_sni_and_alpn_to_s_server(tmp_path: Path) -> None:
    cert, key = openssl_cert(tmp_path, "localhost")
    sni_cert, sni_key = openssl_cert(tmp_path, "sni.example")
    # s_server serves its second certificate only to a client that asked for sni.example
    async with s_server(cert, key, "-servername", "sni.example", "-cert2", str(sni_cert), "-key2",
                        str(sni_key)) as (_proc, port):
        for name, subject in (("sni.example", "CN=sni.example"), ("localhost", "CN=localhost")):
            client = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True, verify=False, server_name=name))
            w = Watch(client)
            await client.open()
            text = notice(w, "tls")
            assert f"SNI {name}" in text and f"server certificate: subject {subject}," in text
            await client.close()
    async with s_server(cert, key, "-alpn", "netassist/1,h2") as (_proc, port):
        client = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True, verify=False,
                                                                    alpn=("h2", "http/1.1")))
        w = Watch(client)
        await client.open()
        assert "ALPN h2" in notice(w, "tls")
        rec = next(r for r in w.records(Direction.NOTICE) if r.notice.kind == "tls")
        assert rec.notice.args[1] == "TLSv1.3" and rec.notice.args[4] == "h2"
        await client.close()


async def test_client_protocol_mismatch_with_s_server(tmp_path: Path) -> None:
    cert, key = openssl_cert(tmp_path, "localhost")
    # a TLS 1.3 cipher suite Python's client does not offer: nothing in common
    async with s_server(cert, key, "-tls1_3", "-ciphersuites", "TLS_AES_128_CCM_8_SHA256") as (_proc, port):
        client = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True, verify=False))
        error = await fail_open(client)
        assert error.code == "tls-protocol" and "mismatch" in str(error)


async def test_tls_client_to_plain_servers_says_it_in_words() -> None:
    echo, echo_port = await start_echo_server()  # answers the ClientHello with itself

    async def banner(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 device ready\r\n")  # a plain protocol that speaks first
        await writer.drain()
        await _reader.read()
        writer.close()

    talker = await asyncio.start_server(banner, "127.0.0.1", 0)
    for port in (echo_port, talker.sockets[0].getsockname()[1]):
        client = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True, verify=False))
        w = Watch(client)
        error = await fail_open(client)
        assert error.code == "tls-not-tls" and "did not answer in TLS" in str(error), error
        assert f"127.0.0.1:{port}" in str(error) and notice(w, "error") == str(error)
    echo.close()
    talker.close()


async def test_client_handshake_timeout_against_a_silent_server() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # accepts, says nothing, until the client leaves
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    client = TcpClientSession("127.0.0.1", server.sockets[0].getsockname()[1],
                              tls=TlsOptions(enabled=True, verify=False, handshake_timeout=0.5))
    loop = asyncio.get_running_loop()
    started = loop.time()
    error = await fail_open(client)
    assert error.code == "tls-timeout" and "timed out" in str(error) and "0.5 s" in str(error)
    assert loop.time() - started < 5
    server.close()


async def test_client_config_errors_are_tls_config(tmp_path: Path) -> None:
    client = TcpClientSession("127.0.0.1", 9, tls=TlsOptions(enabled=True, ca_file=str(tmp_path / "none.pem")))
    error = await fail_open(client)
    assert isinstance(error, TlsConfigError) and error.code == "tls-config" and "does not exist" in str(error)
    (tmp_path / "junk.pem").write_text("not a certificate")
    server = TcpServerSession("127.0.0.1", 0, tls=TlsOptions(enabled=True, cert_file=str(tmp_path / "junk.pem")))
    assert (await fail_open(server)).code == "tls-config"
    assert (await fail_open(TcpServerSession("127.0.0.1", 0, tls=TlsOptions(enabled=True)))).code == "tls-config"
    zero = TcpClientSession("127.0.0.1", 9, tls=TlsOptions(enabled=True, handshake_timeout=0))
    assert "more than 0 s" in str(await fail_open(zero))


async def test_no_tls_and_disabled_tls_are_plain_tcp() -> None:
    echo, port = await start_echo_server()
    client = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=False, verify=False))
    w = Watch(client)
    await client.open()
    client.send(b"plain")
    await w.until_rx(5)
    assert w.rx() == b"plain" and "tls" not in w.notices() and client.stream is not None and not client.stream.tls
    await client.close()
    echo.close()


# ----------------------------------------------------------------------------------- server side

async def tls_server(**opts: object) -> tuple[TcpServerSession, Watch, int]:
    server = TcpServerSession("127.0.0.1", 0, tls=TlsOptions(enabled=True, **opts))  # type: ignore[arg-type]
    w = Watch(server)
    await server.open()
    assert server.state is State.OPEN and server.tls_certificate.startswith(b"-----BEGIN CERTIFICATE-----")
    return server, w, server.local_address.port


async def test_self_signed_server_against_s_client_with_sni_and_alpn() -> None:
    server, w, port = await tls_server(self_signed=True, alpn=("netassist/1", "h2"))
    assert "SHA-256 " in notice(w, "tls-listening")
    proc = await asyncio.create_subprocess_exec(
        need_tool("openssl"), "s_client", "-brief", "-connect", f"127.0.0.1:{port}", "-servername", "device.example",
        "-alpn", "h2", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        await w.until(lambda: "tls" in w.notices(), timeout=10)
        text = notice(w, "tls")
        assert "SNI device.example" in text and "ALPN h2" in text and "no client certificate" in text
        proc.stdin.write(PAYLOAD)
        await proc.stdin.drain()
        await w.until_rx(len(PAYLOAD))
        assert w.rx() == PAYLOAD
        peer = next(iter(server.peers))
        server.send(GB, peer)
        assert await read_exactly(proc.stdout, len(GB)) == GB
        # s_client's end of input is TLS's goodbye: over TLS the connection then closes (no half-close)
        proc.stdin.close()
        await w.until(lambda: not server.peers)
        assert "eof" in w.notices() and "peer-finished" not in w.notices()
        await asyncio.wait_for(proc.wait(), 10)
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()
    await server.close()


async def test_server_against_python_ssl_client_verifying_the_session_certificate(tmp_path: Path) -> None:
    server, w, port = await tls_server(self_signed=True, server_name="device.example")
    ca = tmp_path / "session.crt"
    ca.write_bytes(server.tls_certificate)
    for name in ("localhost", "device.example", "127.0.0.1"):
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls_client_context(str(ca)),
                                                       server_hostname=name)
        writer.write(GB)  # sent at once, possibly along with the handshake's last message
        await w.until(lambda: server.counters.total.rx_bytes >= len(GB))
        peer = next(iter(server.peers))
        assert server.counters.peers[peer].rx_bytes == len(GB)
        server.send(b"\xc4\xe3\xba\xc3", peer)
        assert await read_exactly(reader, 4) == "你好".encode("gb2312")
        writer.close()
        await w.until(lambda: not server.peers)
        server.reset_counters()
    assert w.notices().count("tls") == 3 and "tls-failed" not in w.notices()
    await server.close()
    assert server.state is State.CLOSED


async def test_server_requests_client_certificates(tmp_path: Path) -> None:
    cert_pem, key_pem = self_signed_identity(["client.example"])
    (tmp_path / "client.crt").write_bytes(cert_pem)
    (tmp_path / "client.key").write_bytes(key_pem)
    server, w, port = await tls_server(self_signed=True, request_client_cert=True, ca_file=str(tmp_path / "client.crt"))
    with_cert = tls_client_context()
    with_cert.load_cert_chain(tmp_path / "client.crt", tmp_path / "client.key")
    _reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=with_cert)
    await w.until(lambda: "tls" in w.notices())
    assert "client certificate: subject O=NetAssist self-signed,CN=client.example" in notice(w, "tls")
    writer.close()
    # without one: refused (TLS 1.3 tells the client only after its handshake), in words, per client
    _reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls_client_context())
    await w.until(lambda: "tls-failed" in w.notices())
    text = notice(w, "tls-failed")
    assert "sent no certificate" in text
    assert [e.error.code for e in w.of(ErrorOccurred)] == ["tls-verify"]
    writer.close()
    await server.close()


async def test_plain_clients_on_a_tls_port_are_told_in_words_and_the_server_goes_on() -> None:
    server, w, port = await tls_server(self_signed=True, handshake_timeout=0.5)
    for payload in (b"hello\r\n", b"GET / HTTP/1.0\r\n\r\n"):
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(payload)
        n = w.notices().count("tls-failed")
        await w.until(lambda n=n: w.notices().count("tls-failed") == n + 1)
        writer.close()
    _reader, silent = await asyncio.open_connection("127.0.0.1", port)  # says nothing: timed out
    await w.until(lambda: w.notices().count("tls-failed") == 3, timeout=5)
    silent.close()
    failed = [r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "tls-failed"]
    assert [n.detail for n in failed] == ["tls-not-tls", "tls-not-tls", "tls-timeout"]
    assert "did not speak TLS" in failed[0].text and "plain HTTP" in failed[1].text
    assert "sent no TLS handshake within 0.5 s" in failed[2].text
    assert not server.peers and server.state is State.OPEN
    # and it still serves a TLS client
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls_client_context())
    await w.until(lambda: len(server.peers) == 1)
    server.send(b"still here")
    assert await read_exactly(reader, 10) == b"still here"
    server.kick(next(iter(server.peers)))  # TLS's goodbye, then the close
    assert await asyncio.wait_for(reader.read(), 5) == b""
    await w.until(lambda: not server.peers)
    assert w.of(PeerDisconnected)[-1].reason is CloseReason.KICKED
    writer.close()
    await server.close()


async def test_protocol_mismatch_from_s_client_is_a_notice() -> None:
    server, w, port = await tls_server(self_signed=True)
    proc = await asyncio.create_subprocess_exec(
        need_tool("openssl"), "s_client", "-brief", "-connect", f"127.0.0.1:{port}", "-tls1_2", "-cipher",
        "AES128-SHA", stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    await w.until(lambda: "tls-failed" in w.notices(), timeout=10)
    await asyncio.wait_for(proc.wait(), 10)
    rec = next(r for r in w.records(Direction.NOTICE) if r.notice.kind == "tls-failed")
    assert rec.notice.detail == "tls-protocol" and "no cipher both sides accept" in rec.notice.text
    await server.close()


async def test_socat_openssl_client_sends_and_leaves_at_once() -> None:
    """socat sends its input right after the handshake and says goodbye at its end: nothing is lost, even
    what comes with the handshake's last message."""
    server, w, port = await tls_server(self_signed=True)
    proc = await asyncio.create_subprocess_exec(
        need_tool("socat"), "-t", "5", "-", f"OPENSSL:127.0.0.1:{port},verify=0",
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(PAYLOAD)
        await proc.stdin.drain()
        await w.until_rx(len(PAYLOAD), timeout=10)
        server.send(GB)
        assert await read_exactly(proc.stdout, len(GB)) == GB
        proc.stdin.close()
        await w.until(lambda: "peer-disconnected" in w.notices(), timeout=10)
        assert w.rx() == PAYLOAD
        await asyncio.wait_for(proc.wait(), 10)
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()
    await server.close()


# ------------------------------------------------------------------------------------------- relay

async def test_relay_tls_towards_clients_plain_towards_the_target(tmp_path: Path) -> None:
    echo, echo_port = await start_echo_server()
    relay = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", echo_port,
                            listen_tls=TlsOptions(enabled=True, self_signed=True))
    w = Watch(relay)
    await relay.open()
    ca = tmp_path / "relay.crt"
    ca.write_bytes(relay.tls_certificate)
    reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port,
                                                   ssl=tls_client_context(str(ca)), server_hostname="localhost")
    writer.write(PAYLOAD)  # before the target is even connected
    assert await read_exactly(reader, len(PAYLOAD)) == PAYLOAD
    client = next(iter(relay.pairs))
    rx = w.records(Direction.RX)
    assert b"".join(r.data for r in rx if r.peer == client) == PAYLOAD  # the plaintext the TLS hides
    assert b"".join(r.data for r in rx if r.peer != client) == PAYLOAD
    assert notice(w, "tls").startswith(f"TLS with {client}: TLSv1.3")
    # a plain client on the relay's TLS side: a notice in words, no pair
    _r, plain = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    plain.write(b"hello\r\n")
    await w.until(lambda: "tls-failed" in w.notices())
    assert len(relay.pairs) == 1
    plain.close()
    writer.close()
    await w.until(lambda: not relay.pairs)
    await relay.close()
    echo.close()


async def test_relay_plain_towards_clients_tls_towards_a_socat_target(tmp_path: Path) -> None:
    cert, key = openssl_cert(tmp_path, "localhost")
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        need_tool("socat"), "-d", "-d", f"OPENSSL-LISTEN:{port},bind=127.0.0.1,reuseaddr,cert={cert},key={key},"
        "verify=0", "PIPE", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        while b"listening on" not in await asyncio.wait_for(proc.stderr.readline(), 10):
            pass
        relay = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", port, target_tls=TlsOptions(
            enabled=True, ca_file=str(cert), server_name="localhost"))
        w = Watch(relay)
        await relay.open()
        reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
        writer.write(PAYLOAD)
        assert await read_exactly(reader, len(PAYLOAD)) == PAYLOAD  # through TLS to socat and back
        text = notice(w, "tls")
        assert f"TLS with 127.0.0.1:{port}:" in text and "server certificate: subject CN=localhost" in text
        assert f"SHA-256 {fingerprint(cert)}" in text
        assert relay.counters.total.rx_bytes == 2 * len(PAYLOAD)
        writer.close()
        await w.until(lambda: not relay.pairs)
        await relay.close()
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()


async def test_relay_tls_target_that_is_plain_closes_the_client_in_words() -> None:
    echo, echo_port = await start_echo_server()
    relay = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", echo_port, target_tls=TlsOptions(enabled=True, verify=False))
    w = Watch(relay)
    await relay.open()
    reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    assert await asyncio.wait_for(reader.read(), 10) == b""  # closed: the target does not speak TLS
    error = next(r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "error")
    assert error.detail == "tls-not-tls" and "did not answer in TLS" in error.text
    writer.close()
    await relay.close()
    echo.close()


def test_openssl_is_installed() -> None:
    assert os.access(need_tool("openssl"), os.X_OK)
