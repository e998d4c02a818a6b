"""TLS for the TCP client, server and relay: the options a user picks, the ``ssl.SSLContext`` they make, what a
finished handshake says, and why a failed one failed, in words (certificates: ``app.net.tls_cert``).

The sessions hand the context to asyncio (``ssl=`` on create_connection, ``loop.start_tls`` on the server side,
see ``app.net.stream.TlsAccept``), so their Protocols see plaintext only: records hold it, counters count it.
Certificates are read with the maintained ``cryptography`` library: ``ssl.getpeercert()`` says nothing when
verification is off, which is exactly when a user wants to see who is on the other end.
"""

from __future__ import annotations

import contextlib
import os
import ssl
import tempfile
import weakref
from dataclasses import dataclass
from typing import Any

from app.core.errors import (
    NetAssistError,
    TlsClosed,
    TlsConfigError,
    TlsNotTls,
    TlsProtocolError,
    TlsTimeout,
    TlsVerifyFailed,
    from_os_error,
)
from app.net.tls_cert import (
    CertInfo,
    certificate_ders,
    check_server_name,
    is_ip,
    self_signed_identity,
)

DEFAULT_HANDSHAKE_TIMEOUT = 10.0
#: How long closing waits for the peer's close_notify (asyncio's 30 s would keep a silent kicked client listed).
SHUTDOWN_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class TlsOptions:
    """What the user chose for one side of a connection. ``enabled`` False is plain TCP (as ``None`` is).

    Client side: ``verify`` the server's certificate (and host name) against the system's CAs plus
    ``ca_file``; present ``cert_file``/``key_file`` if the server asks; send ``server_name`` as SNI and check
    the certificate against it (blank: the host connected to); offer ``alpn``.
    Server side: serve ``cert_file``/``key_file`` or, with ``self_signed``, a certificate made for this session
    (for ``server_name`` if given, ``localhost`` and the loopback addresses); choose from ``alpn``; with
    ``request_client_cert`` ask each client for a certificate: required and checked against ``ca_file`` (and
    the system's CAs) with ``verify``, optional without. (Python's ssl cannot accept just any client
    certificate: one that is sent must chain to ``ca_file`` even then.)
    """

    enabled: bool = False
    verify: bool = True
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    server_name: str = ""
    alpn: tuple[str, ...] = ()
    self_signed: bool = False
    request_client_cert: bool = False
    handshake_timeout: float = DEFAULT_HANDSHAKE_TIMEOUT


def active(opts: TlsOptions | None) -> TlsOptions | None:
    """``opts`` if TLS is on, else None (so a session tests one thing)."""
    return opts if opts is not None and opts.enabled else None


# ------------------------------------------------------------------------------------------ contexts

def client_context(opts: TlsOptions, host: str = "") -> ssl.SSLContext:
    """The context a TLS client connects to ``host`` with. Raises TlsConfigError (in words) for an unusable file
    or a server name (``opts.server_name``, else ``host``) that cannot be sent as SNI."""
    check_server_name(opts.server_name or host)
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if not opts.verify:
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE  # (in this order)
    _load_ca(ctx, opts)
    if opts.cert_file:
        _load_identity(ctx, opts.cert_file, opts.key_file)
    _set_alpn(ctx, opts)
    return ctx


def connect_args(opts: TlsOptions, context: ssl.SSLContext | None, host: str) -> dict[str, Any]:
    """The TLS arguments of ``loop.create_connection`` for a client connecting to ``host`` with ``context``."""
    return {"ssl": context, "server_hostname": opts.server_name or host,
            "ssl_handshake_timeout": opts.handshake_timeout, "ssl_shutdown_timeout": SHUTDOWN_TIMEOUT}


def server_context(opts: TlsOptions, host: str = "") -> ssl.SSLContext:
    """The context a TLS server (or a relay's listening side) accepts with (see the next)."""
    return server_context_and_certificate(opts, host)[0]


def server_context_and_certificate(opts: TlsOptions, host: str = "") -> tuple[ssl.SSLContext, bytes]:
    """``server_context`` and the PEM of the certificate it serves (to show its fingerprint, to save it). With
    ``self_signed`` a key and certificate are made now (also for the listening ``host`` unless a wildcard),
    loaded through a private temporary file removed at once (``load_cert_chain`` reads only files).
    Raises TlsConfigError."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if opts.self_signed:
        names = [opts.server_name] + ([host] if host not in ("", "0.0.0.0", "::") else [])
        cert_pem, key_pem = self_signed_identity(names)
        fd, path = tempfile.mkstemp(prefix="netassist-", suffix=".pem")  # mode 0600: only we can read the key
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(cert_pem + key_pem)
            ctx.load_cert_chain(path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)
    elif opts.cert_file:
        _load_identity(ctx, opts.cert_file, opts.key_file)
        with open(opts.cert_file, "rb") as f:  # (just loaded: readable)
            ders = certificate_ders(f.read())
        if not ders:  # (a form OpenSSL reads that is not PEM)
            raise TlsConfigError(f"the certificate file {opts.cert_file} holds no certificate in PEM form")
        cert_pem = "".join(ssl.DER_cert_to_PEM_cert(der) for der in ders).encode("ascii")
    else:
        raise TlsConfigError("a TLS server needs a certificate and key file, or a self-signed certificate")
    if opts.request_client_cert:
        ctx.verify_mode = ssl.CERT_REQUIRED if opts.verify else ssl.CERT_OPTIONAL
        ctx.load_default_certs(ssl.Purpose.CLIENT_AUTH)
        _load_ca(ctx, opts)
    _set_alpn(ctx, opts)
    ctx.sni_callback = _note_sni
    return ctx, cert_pem


def _load_ca(ctx: ssl.SSLContext, opts: TlsOptions) -> None:
    if not opts.ca_file:
        return
    try:
        ctx.load_verify_locations(cafile=opts.ca_file)
    except FileNotFoundError as exc:
        raise TlsConfigError(f"the CA file {opts.ca_file} does not exist", os_error=exc) from None
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        raise TlsConfigError(f"the CA file {opts.ca_file} holds no usable certificate ({_words(exc)})") from None


def _load_identity(ctx: ssl.SSLContext, cert_file: str, key_file: str) -> None:
    for path, what in ((cert_file, "certificate"), (key_file, "key")):
        if path and not os.path.isfile(path):
            raise TlsConfigError(f"the {what} file {path} does not exist")
    try:
        ctx.load_cert_chain(cert_file, key_file or None)
    except (OSError, ValueError) as exc:
        why = _words(exc)
        if "KEY_VALUES_MISMATCH" in str(exc):
            why = "the key does not belong to the certificate"
        raise TlsConfigError(f"the certificate {cert_file} and its key cannot be used ({why})") from None


def _set_alpn(ctx: ssl.SSLContext, opts: TlsOptions) -> None:
    """(And the other settings both sides share: checked here, not deep in asyncio.)"""
    if not opts.handshake_timeout > 0:
        raise TlsConfigError(f"the TLS handshake timeout must be more than 0 s (not {opts.handshake_timeout})")
    try:
        ctx.set_alpn_protocols(list(opts.alpn))
    except (ValueError, TypeError) as exc:
        raise TlsConfigError(f"unusable ALPN protocol list {list(opts.alpn)}: {exc}") from None


#: The SNI host name each server-side connection was asked for (read back by ``handshake_info``).
_SNI: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()


def _note_sni(ssl_object: object, server_name: str | None, _ctx: ssl.SSLContext) -> None:
    if server_name:
        _SNI[ssl_object] = server_name


# --------------------------------------------------------------------------------- handshake notice

@dataclass(frozen=True, slots=True)
class TlsInfo:
    """A finished handshake: what was agreed and who the peer is."""

    server_side: bool
    version: str
    cipher: str
    bits: int
    alpn: str
    #: The SNI host name: the one sent (client side) or the one the client asked for (server side).
    server_name: str
    peer_cert: CertInfo | None

    @property
    def args(self) -> tuple[str, ...]:
        """The values a translated notice template needs, in order."""
        c = self.peer_cert
        return (self.version, self.cipher, str(self.bits), self.alpn, self.server_name,
                *((c.subject, c.issuer, c.not_before, c.not_after, c.sha256) if c else ("",) * 5))

    def describe(self) -> str:
        whose = "client" if self.server_side else "server"
        parts = [self.version, f"cipher {self.cipher} ({self.bits} bits)",
                 f"ALPN {self.alpn}" if self.alpn else "no ALPN"]
        if self.server_name:
            parts.append(f"SNI {self.server_name}")
        cert = f"{whose} certificate: {self.peer_cert.describe()}" if self.peer_cert else f"no {whose} certificate"
        return ", ".join(parts) + "; " + cert


def handshake_info(ssl_object: ssl.SSLObject) -> TlsInfo:
    """Read a finished handshake off asyncio's ``ssl_object`` (``transport.get_extra_info("ssl_object")``)."""
    name, _proto, bits = ssl_object.cipher() or ("?", "", 0)
    der = ssl_object.getpeercert(binary_form=True)
    sni = _SNI.get(ssl_object, "") if ssl_object.server_side else (ssl_object.server_hostname or "")
    if sni and not ssl_object.server_side and is_ip(sni):
        sni = ""  # an IP address is not sent as SNI (it is still checked against the certificate)
    return TlsInfo(ssl_object.server_side, ssl_object.version() or "?", name, bits or 0,
                   ssl_object.selected_alpn_protocol() or "", sni, CertInfo.from_der(der) if der else None)


def describe(ssl_object: ssl.SSLObject) -> str:
    """The handshake notice's text: version, cipher, ALPN, SNI, and the peer's certificate."""
    return handshake_info(ssl_object).describe()


# ---------------------------------------------------------------------------------------- failures

#: OpenSSL's X509_V_ERR_* codes (``SSLCertVerificationError.verify_code``) in words: "the certificate …".
_VERIFY_WORDS = {
    2: "was issued by an unknown CA (its issuer's certificate is not here)",
    7: "has a signature that does not match",
    9: "is not valid yet",
    10: "has expired",
    18: "is self-signed (no trusted CA vouches for it)",
    19: "chains up to a self-signed CA that is not trusted here",
    20: "was issued by an unknown CA (its issuer is not trusted here)",
    21: "was issued by an unknown CA (cannot verify its signature)",
    23: "has been revoked",
    24: "was issued by a certificate that is not a CA",
    26: "is not meant for this purpose",
    62: "is made out to another host name",
    64: "is made out to another IP address",
}
#: Reasons OpenSSL gives when the bytes that came were not TLS at all.
_NOT_TLS = {"WRONG_VERSION_NUMBER", "HTTP_REQUEST", "HTTPS_PROXY_REQUEST", "UNEXPECTED_MESSAGE",
            "PACKET_LENGTH_TOO_LONG", "UNKNOWN_PROTOCOL", "RECORD_LAYER_FAILURE", "LENGTH_TOO_SHORT",
            "UNEXPECTED_RECORD", "RECORD_LENGTH_MISMATCH"}
#: Reasons that mean both sides speak TLS but found nothing in common.
_MISMATCH = {
    "UNSUPPORTED_PROTOCOL": "no TLS version both sides accept",
    "TLSV1_ALERT_PROTOCOL_VERSION": "the peer accepts none of our TLS versions",
    "VERSION_TOO_LOW": "the peer's TLS version is too old for us",
    "WRONG_SSL_VERSION": "the peer speaks another TLS version",
    "NO_SHARED_CIPHER": "no cipher both sides accept",
    "SSLV3_ALERT_HANDSHAKE_FAILURE": "the peer found nothing acceptable in our offer (version, cipher or key)",
    "NO_APPLICATION_PROTOCOL": "no ALPN protocol both sides accept",
    "TLSV1_ALERT_NO_APPLICATION_PROTOCOL": "the peer accepts none of our ALPN protocols",
    "NO_SUITABLE_SIGNATURE_ALGORITHM": "no signature algorithm both sides accept",
    "TLSV1_ALERT_INSUFFICIENT_SECURITY": "the peer finds our offer too weak",
}
#: Alerts that say the peer refused our certificate, or wanted one we did not send.
_REFUSED = {
    "TLSV1_ALERT_UNKNOWN_CA": "the peer does not trust the CA of our certificate",
    "SSLV3_ALERT_BAD_CERTIFICATE": "the peer refused our certificate",
    "SSLV3_ALERT_CERTIFICATE_UNKNOWN": "the peer refused our certificate",
    "SSLV3_ALERT_CERTIFICATE_EXPIRED": "the peer says our certificate has expired",
    "SSLV3_ALERT_CERTIFICATE_REVOKED": "the peer says our certificate was revoked",
    "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE": "the peer does not accept our kind of certificate",
    "TLSV13_ALERT_CERTIFICATE_REQUIRED": "the server requires a client certificate (none was given)",
    "PEER_DID_NOT_RETURN_A_CERTIFICATE": "the client sent no certificate (this server requires one)",
    "TLSV1_ALERT_ACCESS_DENIED": "the peer denied access",
}


def tls_error(exc: BaseException, *, server_side: bool, timeout: float = DEFAULT_HANDSHAKE_TIMEOUT,
              where: str = "") -> NetAssistError:
    """Why a TLS handshake failed, in words, as a NetAssistError (``where`` prefixes the message).

    ``server_side``: we were the server (the peer is a client), which changes the words: a plain client on a
    TLS port versus a TLS client on a plain port."""
    prefix = f"{where}: " if where else ""
    peer = "client" if server_side else "server"
    if isinstance(exc, NetAssistError):
        return exc
    if isinstance(exc, ssl.SSLCertVerificationError):
        whose = "client's" if server_side else "server's"
        words = _VERIFY_WORDS.get(exc.verify_code, "cannot be verified")
        msg = exc.verify_message or _words(exc)
        return TlsVerifyFailed(f"{prefix}certificate verify failed: the {whose} certificate {words} ({msg})",
                               os_error=exc)
    if isinstance(exc, ConnectionAbortedError) and "handshake" in str(exc):
        said = ("sent no TLS handshake" if server_side else "did not answer the TLS handshake")
        return TlsTimeout(f"{prefix}TLS handshake timed out: the {peer} {said} within {timeout:g} s "
                          f"(does it speak TLS?)", os_error=exc)
    reason = getattr(exc, "reason", None) or ""
    if isinstance(exc, ssl.SSLEOFError | ConnectionResetError | BrokenPipeError | ssl.SSLZeroReturnError) or \
            reason in ("UNEXPECTED_EOF_WHILE_READING", "SSLV3_ALERT_CLOSE_NOTIFY"):
        hint = "" if server_side else " (is it a plain TCP port, or did it refuse our TLS settings?)"
        return TlsClosed(f"{prefix}the {peer} closed the connection during the TLS handshake{hint}",
                         os_error=exc if isinstance(exc, OSError) else None)
    if not isinstance(exc, ssl.SSLError):
        return from_os_error(exc, where)
    if reason in _NOT_TLS:
        words = ("the client spoke plain HTTP to this TLS port (use https://)" if reason == "HTTP_REQUEST" else
                 "the client did not speak TLS (plain TCP to this TLS port?)" if server_side else
                 "the server did not answer in TLS (is it a plain TCP port?)")
        return TlsNotTls(f"{prefix}{words} ({_words(exc)})", os_error=exc)
    if reason in _REFUSED:
        return TlsVerifyFailed(f"{prefix}{_REFUSED[reason]} ({_words(exc)})", os_error=exc)
    if reason in _MISMATCH:
        return TlsProtocolError(f"{prefix}TLS protocol mismatch: {_MISMATCH[reason]} ({_words(exc)})", os_error=exc)
    return TlsProtocolError(f"{prefix}TLS handshake failed: {_words(exc)}", os_error=exc)


def tls_lost(exc: ssl.SSLError) -> NetAssistError | None:
    """An established TLS connection ended with ``exc``: None if the peer just closed without TLS's goodbye
    (close_notify), as many do; else the error in words."""
    if isinstance(exc, ssl.SSLEOFError | ssl.SSLZeroReturnError) or exc.reason == "UNEXPECTED_EOF_WHILE_READING":
        return None
    if exc.reason in _REFUSED:  # (TLS 1.3: a server refuses the client's certificate after the handshake)
        return TlsVerifyFailed(f"{_REFUSED[exc.reason]} ({_words(exc)})", os_error=exc)
    return TlsProtocolError(f"the TLS connection broke: {_words(exc)}", os_error=exc)


def _words(exc: BaseException) -> str:
    """OpenSSL's reason as lower-case words (``WRONG_VERSION_NUMBER`` → "wrong version number")."""
    reason = getattr(exc, "reason", None)
    return str(reason).lower().replace("_", " ") if reason else (str(exc) or type(exc).__name__)
