"""The one family of errors a user can meet, each with a plain-words message and a cause: whose doing it was.

As h11 tells a ``LocalProtocolError`` from a ``RemoteProtocolError``, every error here says what to fix by its
type: :class:`InputError` (what the user typed: a hex payload, a macro, an address), :class:`ConfigError` (a file
or a setting: a certificate, a layout, a sequence, the settings), :class:`NetworkError` (the network or this
machine: refused, unreachable, timed out, an address in use, an unknown host) or :class:`PeerError` (the other
side: a reset, a broken protocol, bad TLS). The command line's exit status and the words around a message follow
from the cause (:attr:`NetAssistError.cause`), never from a code or a message's text.
"""

from __future__ import annotations

import enum
import errno
import socket
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from app.core.records import Address


class Cause(enum.Enum):
    """Whose doing an error was, so what the user changes to get past it."""

    #: What the user typed (a payload, a macro, an address, a command line).
    INPUT = "input"
    #: A file or a setting the user chose (a certificate, a layout, a sequence, a limit, the settings file).
    CONFIG = "configuration"
    #: The network or this machine (refused, unreachable, timed out, an address in use, an unknown host).
    NETWORK = "network"
    #: The other side (a reset, a peer that does not read, a broken protocol, bad TLS).
    PEER = "peer"


class NetAssistError(Exception):
    """Base of every error the user can meet; ``str()`` is the plain-words message.

    Not raised itself: each error derives from one of :class:`InputError`, :class:`ConfigError`,
    :class:`NetworkError`, :class:`PeerError`, which set :attr:`cause`. ``code`` is a stable identifier the
    window maps to a translated message (it names the error, it does not decide anything).
    """

    code = "error"
    #: Whose doing it was (set by the four cause classes).
    cause: ClassVar[Cause]

    def __init__(self, message: str, *, position: int | None = None, os_error: OSError | None = None):
        super().__init__(message)
        self.message = message
        #: 0-based character position in the user's input, where it helps (hex, escapes).
        self.position = position
        #: The underlying OS error, where there was one.
        self.os_error = os_error


class InputError(NetAssistError):
    """What the user typed cannot be used (bad hex, an unknown macro, a bad address, a bad command line)."""

    code = "input"
    cause = Cause.INPUT


class ConfigError(NetAssistError):
    """A file or a setting cannot be used (a certificate file, a layout, a sequence file, a setting)."""

    code = "configuration"
    cause = Cause.CONFIG


class NetworkError(NetAssistError):
    """The network or this machine said no (refused, unreachable, timed out, address in use, unknown host); as
    itself: any other OS-level failure, with the OS's own words."""

    code = "network"
    cause = Cause.NETWORK


class PeerError(NetAssistError):
    """The other side did something wrong (reset the connection, stopped reading, broke the protocol, bad TLS)."""

    code = "peer"
    cause = Cause.PEER


class AddressInUse(NetworkError):
    code = "address-in-use"


class AddressNotAvailable(NetworkError):
    code = "address-not-available"


class PermissionDenied(NetworkError):
    code = "permission-denied"


class HostNotFound(NetworkError):
    code = "host-not-found"


class ConnectionRefused(NetworkError):
    code = "refused"


class TimedOut(NetworkError):
    code = "timed-out"


class Unreachable(NetworkError):
    code = "unreachable"


class ConnectionReset(PeerError):
    code = "reset"


class PortUnreachable(NetworkError):
    """An ICMP "port unreachable" came back for a datagram."""

    code = "port-unreachable"


class InvalidHex(InputError):
    code = "invalid-hex"


class InvalidEscape(InputError):
    code = "invalid-escape"


class DatagramTooLarge(InputError):
    code = "datagram-too-large"


class UnencodableText(InputError):
    code = "unencodable"


class ClientLimitReached(ConfigError):
    code = "client-limit"


class NotOpen(NetworkError):
    code = "not-open"


class NoTarget(NetworkError):
    code = "no-target"


class EmptyPayload(InputError):
    """Nothing to send (an empty editor): refused unless the user allows empty payloads."""

    code = "empty-payload"


class InvalidAddress(InputError):
    code = "invalid-address"


class UnknownEncoding(InputError, LookupError):
    """A text encoding Python does not know (a hand-edited setting, an imported command)."""

    code = "unknown-encoding"


class UnknownChecksum(InputError, ValueError):
    code = "unknown-checksum"


class ChecksumRange(InputError, ValueError):
    """The checksum's byte range lies past the payload's end: it would cover nothing."""

    code = "checksum-range"


class InvalidLog(ConfigError, ValueError):
    """A session log with lines that are not records (which, and why, in words)."""

    code = "invalid-log"


class FileProblem(ConfigError):
    """A file to send or to write cannot be used: missing, a folder, a device, unreadable, a full disk …"""

    code = "file"


class PeerNotReading(PeerError):
    """A send would grow a peer's send queue past its bound: the peer is not reading. Where one peer was refused,
    ``peer`` names it and ``waiting`` says how many bytes were still waiting for it."""

    code = "not-reading"

    def __init__(self, message: str, *, peer: Address | None = None, waiting: int | None = None):
        super().__init__(message)
        #: The peer that was refused (an Address), where there was one.
        self.peer = peer
        #: Bytes still waiting to be sent to it, where known.
        self.waiting = waiting


class SendTooLarge(InputError):
    """One send is larger than a connection's send queue may hold: it is refused whole (nothing went); a payload
    that large goes as a stream that waits for the peer (a file send, or the window's Send)."""

    code = "send-too-large"


class InvalidCommands(ConfigError, ValueError):
    """A quick-command list (an import, a settings value) that cannot be used as it is."""

    code = "invalid-commands"


class PatternTimeout(InputError):
    """A pattern's match took longer than its budget (it was abandoned)."""

    code = "pattern-timeout"


class TlsError(NetAssistError):
    """A TLS handshake or TLS setting failed; the subclasses say which way, so the window can say what to
    change (verify off, the CA file, the port), and each is also one of the cause classes (not raised itself)."""

    code = "tls"


class TlsConfigError(ConfigError, TlsError):
    """A TLS setting cannot be used: a certificate, key or CA file missing or unreadable, a key that does not
    match its certificate, a server without any certificate."""

    code = "tls-config"


class TlsVerifyFailed(PeerError, TlsError):
    """A certificate was refused: self-signed, expired, made out to another host name, from an unknown CA; or
    the peer refused ours, or a required client certificate was not sent."""

    code = "tls-verify"


class TlsTimeout(NetworkError, TlsError):
    """The TLS handshake did not finish in time (typically: the peer speaks nothing, or not TLS)."""

    code = "tls-timeout"


class TlsProtocolError(PeerError, TlsError):
    """Both sides speak TLS but cannot agree (TLS version, cipher, ALPN), or the TLS stream broke."""

    code = "tls-protocol"


class TlsNotTls(PeerError, TlsError):
    """One side speaks TLS and the other plain TCP (a plain client on a TLS port, a TLS client on a plain one)."""

    code = "tls-not-tls"


class TlsClosed(PeerError, TlsError):
    """The peer closed the connection in the middle of the TLS handshake."""

    code = "tls-closed"


class WsError(NetAssistError):
    """A WebSocket went wrong; the subclasses say whose doing it was (not raised itself)."""

    code = "ws"


class WsBadHeader(InputError, WsError):
    """A handshake header the user wrote that is not ``Name: value``."""

    code = "ws"


class WsBadUrl(InputError, WsError):
    """A WebSocket URL that cannot be used (not ws:// or wss://, no host, a bad port): the user's to fix."""

    code = "ws-url"


class WsHandshakeFailed(PeerError, WsError):
    """The opening handshake failed: the server answered with another HTTP status (404, 403 …) or not with a
    WebSocket upgrade, refused our subprotocols, or the connection ended first; a client sent no request."""

    code = "ws-handshake"


class WsProtocolError(PeerError, WsError):
    """The peer broke the WebSocket protocol (a bad frame, text that is not UTF-8, a message too big): the
    connection was closed with the matching close code."""

    code = "ws-protocol"


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
