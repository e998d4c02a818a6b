"""TLS on the TCP client, server and relay against real peers on loopback: openssl s_server / s_client, socat's
OPENSSL addresses, Python's ssl, plain TCP peers on the wrong side of TLS."""

from __future__ import annotations

import asyncio
import contextlib
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

from app.core.errors import TlsConfigError, TlsError
from app.core.records import Direction
from app.net.session import CloseReason, ErrorOccurred, PeerDisconnected, State
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_relay import TcpRelaySession
from app.net.sessions.tcp_server import TcpServerSession
from app.net.tls import TlsOptions, self_signed_identity
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


async def test_client_server_names_ssl_cannot_send_are_config_errors() -> None:
    for name in ("x" * 70, "a..b"):  # a label over 63 characters, an empty one
        client = TcpClientSession("127.0.0.1", 9, tls=TlsOptions(enabled=True, verify=False, server_name=name))
        error = await fail_open(client)
        assert error.code == "tls-config" and "not a usable host name" in str(error)
    # blank: the host connected to is the name sent
    nameless = TcpClientSession("b" * 64 + ".example", 9, tls=TlsOptions(enabled=True, verify=False))
    assert (await fail_open(nameless)).code == "tls-config"


async def test_client_refused_for_want_of_a_certificate_after_a_tls13_handshake_says_so(tmp_path: Path) -> None:
    cert, key = openssl_cert(tmp_path, "localhost")
    async with s_server(cert, key, "-Verify", "1") as (_proc, port):  # requires a client certificate
        client = TcpClientSession("127.0.0.1", port, tls=TlsOptions(enabled=True, verify=False))
        w = Watch(client)
        with contextlib.suppress(TlsError):  # (TLS 1.3: the refusal comes after the client's handshake is done)
            await client.open()
        await w.until(lambda: client.state is State.CLOSED, timeout=10)
        error = client.last_error
        assert error is not None and error.code == "tls-verify", error
        assert "the server requires a client certificate" in str(error)


class TlsApp(asyncio.Protocol):
    """The server side of one TLS connection of ``SlowTlsServer``."""

    def __init__(self) -> None:
        self.transport: asyncio.BaseTransport | None = None
        self.data = bytearray()
        self.lost = asyncio.Event()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.data.extend(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost.set()


class SlowTlsServer:
    """A TLS server (openssl's certificate) that accepts at once but answers the handshakes only once ``go`` is
    set: a slow device."""

    def __init__(self, cert: Path, key: Path) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.go = asyncio.Event()
        self.accepted: list[asyncio.Transport] = []
        self.apps: list[TlsApp] = []  # the handshakes that succeeded
        self.tasks: set[asyncio.Task[None]] = set()
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> SlowTlsServer:
        outer = self

        class Accept(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                assert isinstance(transport, asyncio.Transport)
                transport.pause_reading()
                outer.accepted.append(transport)
                outer.tasks.add(asyncio.get_running_loop().create_task(outer._answer(transport)))

        self.server = await asyncio.get_running_loop().create_server(Accept, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def _answer(self, raw: asyncio.Transport) -> None:
        await self.go.wait()
        app = TlsApp()
        try:
            transport = await asyncio.get_running_loop().start_tls(raw, app, self.context, server_side=True)
        except (OSError, ssl.SSLError):  # the client left meanwhile
            raw.close()
            return
        assert transport is not None
        app.connection_made(transport)
        self.apps.append(app)

    async def answered(self) -> None:
        """Wait until every handshake was answered (succeeded or failed)."""
        await asyncio.wait_for(asyncio.gather(*self.tasks), 10)

    def close(self) -> None:
        for app in self.apps:
            if app.transport is not None:
                app.transport.abort()
        if self.server is not None:
            self.server.close()


async def test_client_cancelled_in_a_slow_handshake_then_connected_again_has_one_connection(tmp_path: Path) -> None:
    cert, key = openssl_cert(tmp_path, "localhost")
    slow = await SlowTlsServer(cert, key).start()
    client = TcpClientSession("127.0.0.1", slow.port, tls=TlsOptions(enabled=True, verify=False))
    w = Watch(client)
    loop = asyncio.get_running_loop()
    first = loop.create_task(client.open())  # Connect
    await poll_until(lambda: len(slow.accepted) == 1)  # connected; its handshake waits for the server
    await client.close()  # Cancel
    assert client.state is State.CLOSED
    await asyncio.wait_for(first, 5)  # the first connect stopped with it (it did not wait for the handshake)
    second = loop.create_task(client.open())  # Connect again
    await poll_until(lambda: len(slow.accepted) == 2)
    slow.go.set()  # the server answers both handshakes now
    await asyncio.wait_for(second, 10)
    await slow.answered()
    assert client.state is State.OPEN and len(slow.apps) == 1  # the first one's socket was closed: no orphan
    for app in slow.apps:
        assert app.transport is not None
        app.transport.write(b"hello")  # type: ignore[attr-defined]
    await w.until_rx(5)
    await client.close()  # Disconnect
    await asyncio.wait_for(asyncio.gather(*(app.lost.wait() for app in slow.apps)), 10)
    assert client.state is State.CLOSED and w.rx() == b"hello" and w.of(PeerDisconnected)
    slow.close()


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


async def test_self_signed_certificates_for_names_a_certificate_cannot_hold(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "实验室-主机")  # a machine name that is not ASCII
    for name in ("x" * 70, "a..b", "y" * 63 + "." + "z" * 63):  # not a host name; a CN over 64 characters
        server, w, _port = await tls_server(self_signed=True, server_name=name)
        cert = x509.load_pem_x509_certificate(server.tls_certificate)
        common_name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        assert 1 <= len(common_name) <= 64 and "SHA-256 " in notice(w, "tls-listening")
        sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert "localhost" in sans.get_values_for_type(x509.DNSName)
        await server.close()
        assert server.state is State.CLOSED
    # a name that is not ASCII is certified in the form TLS carries it: a client asking for it verifies it
    server, w, port = await tls_server(self_signed=True, server_name="设备.local")
    assert "CN=设备.local" in notice(w, "tls-listening")
    ca = tmp_path / "session.crt"
    ca.write_bytes(server.tls_certificate)
    _reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls_client_context(str(ca)),
                                                    server_hostname="设备.local")
    await w.until(lambda: "tls" in w.notices())
    assert "SNI xn--srs139i.local" in notice(w, "tls")
    writer.close()
    await server.close()


async def test_server_serves_a_trusted_certificate_file(tmp_path: Path) -> None:
    """OpenSSL's "TRUSTED CERTIFICATE" form loads in ssl: it is served, shown and saved as a certificate."""
    cert, key = openssl_cert(tmp_path, "localhost")
    trusted = tmp_path / "trusted.pem"
    subprocess.run([need_tool("openssl"), "x509", "-in", str(cert), "-addtrust", "serverAuth", "-out", str(trusted)],
                   check=True, capture_output=True, timeout=20)
    assert trusted.read_bytes().startswith(b"-----BEGIN TRUSTED CERTIFICATE-----")
    server, w, port = await tls_server(cert_file=str(trusted), key_file=str(key))
    assert f"SHA-256 {fingerprint(cert)}" in notice(w, "tls-listening")
    assert x509.load_pem_x509_certificate(server.tls_certificate).fingerprint(hashes.SHA256()) == \
        x509.load_pem_x509_certificate(cert.read_bytes()).fingerprint(hashes.SHA256())
    _reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls_client_context(str(cert)),
                                                    server_hostname="localhost")
    await w.until(lambda: len(server.peers) == 1)
    writer.close()
    await server.close()
    # a certificate file with no certificate ssl or we can read: refused before listening, in words
    (tmp_path / "key-only.pem").write_bytes(key.read_bytes())
    port = free_port()
    refused = TcpServerSession("127.0.0.1", port, tls=TlsOptions(enabled=True, cert_file=str(tmp_path / "key-only.pem"),
                                                                 key_file=str(key)))
    assert (await fail_open(refused)).code == "tls-config" and not listening(port)


async def test_tls_handshakes_under_way_are_capped_and_the_rest_said_once_a_second() -> None:
    small = TcpServerSession("127.0.0.1", 0, client_limit=10, tls=TlsOptions(enabled=True, self_signed=True))
    await small.open()
    assert small._tls_accept is not None and small._tls_accept.limit == 256  # (never fewer)
    await small.close()
    server, w, port = await tls_server(self_signed=True)
    accept = server._tls_accept
    assert accept is not None and accept.limit == server.client_limit
    accept.limit = 2
    silent = [await asyncio.open_connection("127.0.0.1", port) for _ in range(2)]  # say nothing: under way
    await poll_until(lambda: accept.pending == 2)
    for _ in range(5):  # a flood: each closed at once
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        with contextlib.suppress(ConnectionResetError):
            assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()
    assert accept.pending == 2 and accept.refused == 5

    def capped() -> list[str]:
        return [r.notice.text for r in w.records(Direction.NOTICE)
                if r.notice.kind == "tls-failed" and r.notice.detail == "client-limit"]

    assert len(capped()) == 1 and "too many TLS handshakes under way (2)" in capped()[0]  # one notice, not five
    await w.until(lambda: len(capped()) == 2, timeout=5)  # then the rest, in one
    assert "4 more connections were disconnected" in capped()[1]
    for _reader, writer in silent:
        writer.close()
    await poll_until(lambda: accept.pending == 0)
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls_client_context())
    await w.until(lambda: len(server.peers) == 1)  # and it serves again
    writer.close()
    await server.close()


def early_closes(w: Watch, why: str) -> list:
    """The notices of connections a TLS listener closed before their handshake, for ``why``."""
    return [r.notice for r in w.records(Direction.NOTICE)
            if r.notice.kind == "tls-failed" and r.notice.args[2:3] == (why,)]


async def test_idle_connections_from_one_address_leave_room_for_a_client_from_another() -> None:
    """300 connections from 127.0.0.1 that never send a ClientHello, more than the cap of 256: before, they
    filled the cap and a real client was reset until the handshake timeout. Now one address has 16 handshakes
    under way and a quarter of the cap waiting its turn; a client from 127.0.0.2 is served at once."""
    server = TcpServerSession("127.0.0.1", 0, client_limit=256, tls=TlsOptions(enabled=True, self_signed=True))
    w = Watch(server)
    await server.open()
    port, accept = server.local_address.port, server._tls_accept
    assert accept is not None and accept.limit == 256
    idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(300)]
    await poll_until(lambda: accept.pending + accept.refused == 300)
    assert (accept.pending, accept.refused) == (16 + 64, 300 - 80)
    loop = asyncio.get_running_loop()
    started = loop.time()
    _reader, writer = await asyncio.wait_for(asyncio.open_connection(
        "127.0.0.1", port, ssl=tls_client_context(), local_addr=("127.0.0.2", 0)), 5)
    assert loop.time() - started < 2  # (the handshake timeout is 10 s)
    await w.until(lambda: len(server.peers) == 1)
    assert next(iter(server.peers)).host == "127.0.0.2"
    refused = early_closes(w, "source")
    assert 1 <= len(refused) <= 2 and refused[0].detail == "client-limit"  # said once, not 220 times
    assert "too many TLS handshakes under way from 127.0.0.1 (16, and 64 waiting their turn)" in refused[0].text
    for _r, idle_writer in idle:
        idle_writer.close()
    writer.close()
    await server.close()


async def test_connections_that_send_nothing_are_closed_after_the_first_byte_wait_in_words() -> None:
    server, w, port = await tls_server(self_signed=True)  # (handshake timeout 10 s)
    accept = server._tls_accept
    assert accept is not None and accept.admission.first_byte_s == 3
    accept.admission.first_byte_s = 0.3
    idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(20)]  # 16 under way, 4 waiting
    loop = asyncio.get_running_loop()
    started = loop.time()
    for reader, _writer in idle:  # each closed by the server, long before the handshake timeout
        with contextlib.suppress(ConnectionResetError):
            assert await asyncio.wait_for(reader.read(), 5) == b""
    assert loop.time() - started < 3
    assert accept.silent == 20 and accept.pending == 0 and not server.peers
    await w.until(lambda: len(early_closes(w, "first-byte")) == 2, timeout=5)  # the first, then the rest in one
    first, rest = early_closes(w, "first-byte")
    assert first.detail == rest.detail == "tls-timeout"
    assert first.text.endswith("TLS handshake timed out: the client sent no TLS handshake within 0.3 s (does it "
                               "speak TLS?)")
    assert "19 more clients sent no TLS handshake within 0.3 s" in rest.text
    for _reader, writer in idle:
        writer.close()
    # a client that speaks at once is served as before
    _reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls_client_context())
    await w.until(lambda: len(server.peers) == 1)
    writer.close()
    await server.close()


async def test_the_memory_of_a_burst_of_handshakes_is_given_back_after_it() -> None:
    server, _w, port = await tls_server(self_signed=True)
    accept = server._tls_accept
    assert accept is not None and accept.settled == 0
    accept.admission.burst = 3  # (64 by default)
    for _ in range(3):
        _reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls_client_context())
        writer.close()
    await poll_until(lambda: accept.settled == 1, timeout=5)  # a collection and a heap trim, once
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


async def test_relay_target_server_name_that_cannot_be_sent_is_said_in_words() -> None:
    bad = TlsOptions(enabled=True, verify=False, server_name="x" * 70)
    refused = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", 9, target_tls=bad)
    with pytest.raises(TlsConfigError, match="not a usable host name"):
        await refused.open()
    assert refused.state is State.CLOSED
    echo, echo_port = await start_echo_server()
    relay = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", echo_port, target_tls=TlsOptions(enabled=True, verify=False))
    w = Watch(relay)
    await relay.open()
    relay.target_tls = bad  # (read by each pair's connect; whatever it raises, the client is told and closed)
    reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    assert await asyncio.wait_for(reader.read(), 5) == b""  # not left waiting
    await w.until(lambda: not relay.pairs)
    assert f"connect to 127.0.0.1:{echo_port}" in notice(w, "error")
    writer.close()
    await relay.close()
    echo.close()


async def tls_send_and_leave(port: int, data: bytes) -> None:
    """A TLS client whose last handshake message, first bytes and goodbye go in one segment (as socat's can)."""
    loop = asyncio.get_running_loop()
    sock = socket.socket()
    sock.setblocking(False)
    await loop.sock_connect(sock, ("127.0.0.1", port))
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = tls_client_context().wrap_bio(incoming, outgoing, server_hostname="localhost")
    while True:
        try:
            tls.do_handshake()
            break
        except ssl.SSLWantReadError:
            await loop.sock_sendall(sock, outgoing.read())
            incoming.write(await asyncio.wait_for(loop.sock_recv(sock, 65536), 5))
    tls.write(data)
    with contextlib.suppress(ssl.SSLWantReadError):
        tls.unwrap()
    await loop.sock_sendall(sock, outgoing.read())
    sock.close()


async def test_relay_forwards_what_a_tls_client_sent_before_it_left_and_the_target_answered(tmp_path: Path) -> None:
    cert, key = openssl_cert(tmp_path, "localhost")
    slow = await SlowTlsServer(cert, key).start()
    relay = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", slow.port, listen_tls=TlsOptions(enabled=True,
                            self_signed=True), target_tls=TlsOptions(enabled=True, verify=False))
    w = Watch(relay)
    await relay.open()
    await tls_send_and_leave(relay.local_address.port, b"request before the target answered")
    await w.until(lambda: "peer-disconnected" in w.notices())  # the client has left; the target not answered
    assert w.rx() == b"request before the target answered"
    await poll_until(lambda: len(slow.accepted) == 1)  # the relay is connecting to the target
    slow.go.set()
    await slow.answered()
    assert len(slow.apps) == 1
    target = slow.apps[0]
    await asyncio.wait_for(target.lost.wait(), 10)  # its bytes went on, then its end
    assert bytes(target.data) == b"request before the target answered"
    await relay.close()
    slow.close()


def test_openssl_is_installed() -> None:
    assert os.access(need_tool("openssl"), os.X_OK)


async def test_relay_closes_tls_connections_that_send_nothing() -> None:
    echo, echo_port = await start_echo_server()
    relay = TcpRelaySession("127.0.0.1", 0, "127.0.0.1", echo_port,
                            listen_tls=TlsOptions(enabled=True, self_signed=True))
    w = Watch(relay)
    await relay.open()
    accept = relay._tls_accept
    assert accept is not None
    accept.admission.first_byte_s = 0.3
    reader, writer = await asyncio.open_connection("127.0.0.1", relay.local_address.port)
    with contextlib.suppress(ConnectionResetError):
        assert await asyncio.wait_for(reader.read(), 5) == b""
    await w.until(lambda: len(early_closes(w, "first-byte")) == 1)
    assert accept.silent == 1 and not relay.pairs
    writer.close()
    await relay.close()
    echo.close()
