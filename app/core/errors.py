"""The one family of errors a user can cause, each with a plain-words message."""

from __future__ import annotations

import errno
import socket


class NetAssistError(Exception):
    """Base of every error the user can cause; ``str()`` is the plain-words message.

    ``code`` is a stable identifier the window maps to a translated message.
    """

    code = "error"

    def __init__(self, message: str, *, position: int | None = None, os_error: OSError | None = None):
        super().__init__(message)
        self.message = message
        #: 0-based character position in the user's input, where it helps (hex, escapes).
        self.position = position
        #: The underlying OS error, where there was one.
        self.os_error = os_error


class AddressInUse(NetAssistError):
    code = "address-in-use"


class AddressNotAvailable(NetAssistError):
    code = "address-not-available"


class PermissionDenied(NetAssistError):
    code = "permission-denied"


class HostNotFound(NetAssistError):
    code = "host-not-found"


class ConnectionRefused(NetAssistError):
    code = "refused"


class TimedOut(NetAssistError):
    code = "timed-out"


class Unreachable(NetAssistError):
    code = "unreachable"


class ConnectionReset(NetAssistError):
    code = "reset"


class PortUnreachable(NetAssistError):
    """An ICMP "port unreachable" came back for a datagram."""

    code = "port-unreachable"


class InvalidHex(NetAssistError):
    code = "invalid-hex"


class InvalidEscape(NetAssistError):
    code = "invalid-escape"


class DatagramTooLarge(NetAssistError):
    code = "datagram-too-large"


class UnencodableText(NetAssistError):
    code = "unencodable"


class ClientLimitReached(NetAssistError):
    code = "client-limit"


class NotOpen(NetAssistError):
    code = "not-open"


class NoTarget(NetAssistError):
    code = "no-target"


class EmptyPayload(NetAssistError):
    """Nothing to send (an empty editor): refused unless the user allows empty payloads."""

    code = "empty-payload"


class InvalidAddress(NetAssistError):
    code = "invalid-address"


class UnknownEncoding(NetAssistError, LookupError):
    """A text encoding Python does not know (a hand-edited setting, an imported command)."""

    code = "unknown-encoding"


class UnknownChecksum(NetAssistError, ValueError):
    code = "unknown-checksum"


class ChecksumRange(NetAssistError, ValueError):
    """The checksum's byte range lies past the payload's end: it would cover nothing."""

    code = "checksum-range"


class InvalidLog(NetAssistError, ValueError):
    """A session log with lines that are not records (which, and why, in words)."""

    code = "invalid-log"


class FileProblem(NetAssistError):
    """A file to send or to write cannot be used: missing, a folder, a device, unreadable, a full disk …"""

    code = "file"


class PeerNotReading(NetAssistError):
    """A send would grow a peer's send queue past its bound: the peer is not reading."""

    code = "not-reading"


class SendTooLarge(NetAssistError):
    """One send is larger than a connection's send queue may hold: it is refused whole (nothing went); a payload
    that large goes as a stream that waits for the peer (a file send, or the window's Send)."""

    code = "send-too-large"


class InvalidCommands(NetAssistError, ValueError):
    """A quick-command list (an import, a settings value) that cannot be used as it is."""

    code = "invalid-commands"


class PatternTimeout(NetAssistError):
    """A pattern's match took longer than its budget (it was abandoned)."""

    code = "pattern-timeout"


class TlsError(NetAssistError):
    """A TLS handshake or TLS setting failed; the subclasses say which way, so the window can say what to
    change (verify off, the CA file, the port)."""

    code = "tls"


class TlsConfigError(TlsError):
    """A TLS setting cannot be used: a certificate, key or CA file missing or unreadable, a key that does not
    match its certificate, a server without any certificate."""

    code = "tls-config"


class TlsVerifyFailed(TlsError):
    """A certificate was refused: self-signed, expired, made out to another host name, from an unknown CA; or
    the peer refused ours, or a required client certificate was not sent."""

    code = "tls-verify"


class TlsTimeout(TlsError):
    """The TLS handshake did not finish in time (typically: the peer speaks nothing, or not TLS)."""

    code = "tls-timeout"


class TlsProtocolError(TlsError):
    """Both sides speak TLS but cannot agree (TLS version, cipher, ALPN), or the TLS stream broke."""

    code = "tls-protocol"


class TlsNotTls(TlsError):
    """One side speaks TLS and the other plain TCP (a plain client on a TLS port, a TLS client on a plain one)."""

    code = "tls-not-tls"


class TlsClosed(TlsError):
    """The peer closed the connection in the middle of the TLS handshake."""

    code = "tls-closed"


class WsError(NetAssistError):
    """A WebSocket went wrong; the subclasses say whose doing it was."""

    code = "ws"


class WsBadUrl(WsError):
    """A WebSocket URL that cannot be used (not ws:// or wss://, no host, a bad port): the user's to fix."""

    code = "ws-url"


class WsHandshakeFailed(WsError):
    """The opening handshake failed: the server answered with another HTTP status (404, 403 …) or not with a
    WebSocket upgrade, refused our subprotocols, or the connection ended first; a client sent no request."""

    code = "ws-handshake"


class WsProtocolError(WsError):
    """The peer broke the WebSocket protocol (a bad frame, text that is not UTF-8, a message too big): the
    connection was closed with the matching close code."""

    code = "ws-protocol"


class NetworkError(NetAssistError):
    """Any other OS-level failure, with the OS's own words."""

    code = "network"


_ERRNO_MAP: dict[int, tuple[type[NetAssistError], str]] = {
    errno.EADDRINUSE: (AddressInUse, "address already in use"),
    errno.EADDRNOTAVAIL: (AddressNotAvailable, "address not available on this machine"),
    errno.EACCES: (PermissionDenied, "permission denied"),
    errno.EPERM: (PermissionDenied, "permission denied"),
    errno.ECONNREFUSED: (ConnectionRefused, "connection refused"),
    errno.ETIMEDOUT: (TimedOut, "timed out"),
    errno.ENETUNREACH: (Unreachable, "network unreachable"),
    errno.EHOSTUNREACH: (Unreachable, "host unreachable"),
    errno.ECONNRESET: (ConnectionReset, "connection reset by peer"),
    errno.EPIPE: (ConnectionReset, "connection closed by peer (broken pipe)"),
    errno.EMSGSIZE: (DatagramTooLarge, "message too long"),
}


def from_os_error(exc: BaseException, context: str = "") -> NetAssistError:
    """Turn an OS/asyncio exception into the matching :class:`NetAssistError`.

    ``context`` (e.g. ``"bind 0.0.0.0:7788"``) prefixes the message.
    """
    if isinstance(exc, NetAssistError):
        return exc
    prefix = f"{context}: " if context else ""
    if isinstance(exc, socket.gaierror):
        return HostNotFound(f"{prefix}host not found ({exc.strerror or exc})", os_error=exc)
    if isinstance(exc, TimeoutError):
        return TimedOut(f"{prefix}timed out", os_error=exc if isinstance(exc, OSError) else None)
    if isinstance(exc, OSError):
        if exc.errno in _ERRNO_MAP:
            cls, words = _ERRNO_MAP[exc.errno]
            return cls(f"{prefix}{words}", os_error=exc)
        if isinstance(exc, ConnectionRefusedError):
            return ConnectionRefused(f"{prefix}connection refused", os_error=exc)
        if isinstance(exc, ConnectionResetError):
            return ConnectionReset(f"{prefix}connection reset by peer", os_error=exc)
        return NetworkError(f"{prefix}{exc.strerror or exc}", os_error=exc)
    return NetworkError(f"{prefix}{exc}")
