"""Certificates for TLS (see ``app.net.tls``): a self-signed one made for a session, the certificates a PEM file
holds, what a user checks in one (``CertInfo``), and whether a host name can be sent as SNI.

Certificates are read and made with the maintained ``cryptography`` library, imported where it is used (it adds
~50 ms to every start otherwise).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime
import hashlib
import ipaddress
import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.errors import TlsConfigError

if TYPE_CHECKING:
    from cryptography import x509

#: How long a self-signed session certificate is valid (it is made anew at every open).
SELF_SIGNED_DAYS = 30
#: The most characters X.509 allows in a common name.
_CN_MAX = 64
#: A certificate in PEM: OpenSSL also reads (and ``load_cert_chain`` accepts) its "TRUSTED" and "X509" forms.
_PEM_CERT = re.compile(rb"-----BEGIN (?P<kind>(?:TRUSTED |X509 )?)CERTIFICATE-----(?P<body>.*?)"
                       rb"-----END (?P=kind)CERTIFICATE-----", re.S)


def is_ip(name: str) -> bool:
    with contextlib.suppress(ValueError):
        return bool(ipaddress.ip_address(name))
    return False


def a_label(name: str) -> str | None:
    """``name`` as the ASCII host name TLS carries (``设备.local`` → ``xn--srs139i.local``), or None if Python's
    ssl cannot encode it (a label over 63 characters, an empty one as in ``a..b``)."""
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def check_server_name(name: str) -> None:
    """Raise TlsConfigError (in words) if ``name`` cannot be sent as SNI (and checked against a certificate)."""
    if not name or is_ip(name):
        return
    try:
        name.encode("idna")
    except UnicodeError as exc:
        shown = name if len(name) <= 40 else name[:40] + "…"
        why = str(exc.__cause__ or exc).removeprefix("UnicodeError: ")
        raise TlsConfigError(f"the server name {shown!r} is not a usable host name: {why} (each part between "
                             "dots must be 1 to 63 characters)") from None


def self_signed_identity(names: Sequence[str] = (), days: int = SELF_SIGNED_DAYS) -> tuple[bytes, bytes]:
    """A new EC P-256 key and a certificate signed by itself, valid from a minute ago for ``days`` days, for
    ``names`` (host names or IP addresses) plus ``localhost``, this machine's name and the loopback addresses.
    A name a certificate cannot hold (see ``a_label``) is left out. Returns (certificate PEM, unencrypted key
    PEM). Raises TlsConfigError."""
    try:
        return _self_signed(names, days)
    except ValueError as exc:
        raise TlsConfigError(f"cannot make a self-signed certificate for {', '.join(names) or 'localhost'}: "
                             f"{exc}") from None


def _subject_names(wanted: Sequence[str]) -> tuple[list[x509.GeneralName], str]:
    """The certificate's alternative names for ``wanted`` (each usable one once) and its common name: the first
    usable host name as given (at most 64 characters), else ``localhost``."""
    from cryptography import x509

    sans: dict[str, x509.GeneralName] = {}
    first = ""
    for name in wanted:
        if is_ip(name):
            with contextlib.suppress(ValueError):  # (an IPv6 address with a zone cannot be certified)
                sans.setdefault(name, x509.IPAddress(ipaddress.ip_address(name)))
            continue
        label = a_label(name)
        if not label:
            continue
        sans.setdefault(label.lower(), x509.DNSName(label))
        first = first or name
    return list(sans.values()), (first or "localhost")[:_CN_MAX]


def _self_signed(names: Sequence[str], days: int) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    sans, common_name = _subject_names([n for n in names if n] + ["localhost", socket.gethostname(), "127.0.0.1",
                                                                   "::1"])
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "NetAssist self-signed")])
    now = datetime.datetime.now(datetime.UTC)
    public = key.public_key()
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                  ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def certificate_ders(pem: bytes) -> list[bytes]:
    """The certificates a PEM file holds, in order, as DER (of a "TRUSTED CERTIFICATE" the certificate alone,
    without the trust settings OpenSSL appends to it). Other blocks (a key) are skipped."""
    out = []
    for m in _PEM_CERT.finditer(pem):
        try:
            der = base64.b64decode(m["body"])
        except (binascii.Error, ValueError):
            continue
        if m["kind"] == b"TRUSTED ":
            der = _first_der(der)
        if der:
            out.append(der)
    return out


def _first_der(blob: bytes) -> bytes:
    """The first DER element of ``blob`` (b"" if it is not one)."""
    if len(blob) < 2 or blob[0] != 0x30:
        return b""
    size, start = blob[1], 2
    if size & 0x80:
        n = size & 0x7F
        size, start = int.from_bytes(blob[2:2 + n], "big"), 2 + n
    end = start + size
    return blob[:end] if end <= len(blob) else b""


@dataclass(frozen=True, slots=True)
class CertInfo:
    """What a user checks in a certificate."""

    subject: str
    issuer: str
    not_before: str
    not_after: str
    sha256: str

    @classmethod
    def from_der(cls, der: bytes) -> CertInfo:
        """(A peer's certificate that cryptography cannot read still has a fingerprint.)"""
        from cryptography import x509

        try:
            return cls.from_cert(x509.load_der_x509_certificate(der))
        except ValueError as exc:
            return cls(f"(unreadable: {exc})", "?", "?", "?", hashlib.sha256(der).digest().hex(":").upper())

    @classmethod
    def from_pem(cls, pem: bytes) -> CertInfo:
        """The first certificate of a PEM file (see ``certificate_ders``). Raises ValueError if it holds none."""
        ders = certificate_ders(pem)
        if not ders:
            raise ValueError("no certificate in PEM form")
        return cls.from_der(ders[0])

    @classmethod
    def from_cert(cls, cert: x509.Certificate) -> CertInfo:
        from cryptography.hazmat.primitives import hashes

        def when(t: datetime.datetime) -> str:
            return t.strftime("%Y-%m-%d %H:%M:%S UTC")

        return cls(cert.subject.rfc4514_string() or "(empty)", cert.issuer.rfc4514_string() or "(empty)",
                   when(cert.not_valid_before_utc), when(cert.not_valid_after_utc),
                   cert.fingerprint(hashes.SHA256()).hex(":").upper())

    def describe(self) -> str:
        return (f"subject {self.subject}, issuer {self.issuer}, valid from {self.not_before} to {self.not_after}, "
                f"SHA-256 {self.sha256}")
