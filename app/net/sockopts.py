"""Socket options a user can set (the network settings' "Advanced" part): TCP_NODELAY, SO_KEEPALIVE with its
idle time, interval and probe count, SO_RCVBUF / SO_SNDBUF, and the IP TTL (IPv6: the unicast hop limit).

Each is applied when a socket opens and read back, so the window shows what the kernel set rather than what
was asked for: Linux doubles a buffer size for its bookkeeping and caps it at ``net.core.rmem_max``/``wmem_max``
(without CAP_NET_ADMIN); a platform without ``TCP_KEEPIDLE`` keeps its own timing. ``None``/0 leaves an option
as the system has it.
"""

from __future__ import annotations

import contextlib
import socket
from dataclasses import dataclass, field

from app.core.system import BUFFER_REPORT_FACTOR, TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL

_TCP_KEEPIDLE, _TCP_KEEPINTVL, _TCP_KEEPCNT = TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT


@dataclass(frozen=True, slots=True)
class SocketOptions:
    #: TCP_NODELAY: send small writes at once (no Nagle); None leaves the system's choice (asyncio sets it on).
    nodelay: bool | None = None
    #: SO_KEEPALIVE, and its timing (seconds, seconds, probes; 0 = the system's).
    keepalive: bool | None = None
    keep_idle: int = 0
    keep_interval: int = 0
    keep_count: int = 0
    #: Buffer sizes asked for in bytes (0 = the system's).
    rcvbuf: int = 0
    sndbuf: int = 0
    #: IP TTL / IPv6 hop limit (0 = the system's).
    ttl: int = 0

    @property
    def empty(self) -> bool:
        return self == SocketOptions()


@dataclass(slots=True)
class Applied:
    """What the kernel set, read back after applying (only what could be read)."""

    values: dict[str, int | bool] = field(default_factory=dict)
    #: Options that could not be set, with the reason in words.
    failed: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        names = {"nodelay": "TCP_NODELAY", "keepalive": "keepalive", "keep_idle": "idle", "keep_interval":
                 "interval", "keep_count": "probes", "rcvbuf": "receive buffer", "sndbuf": "send buffer",
                 "ttl": "TTL"}
        parts = []
        for k, v in self.values.items():
            shown = ("on" if v else "off") if isinstance(v, bool) else f"{v:,}"
            parts.append(f"{names.get(k, k)} {shown}")
        parts += [f"{names.get(k, k)}: {why}" for k, why in self.failed.items()]
        return ", ".join(parts)


def apply(sock: socket.socket, options: SocketOptions) -> Applied:
    """Set ``options`` on ``sock`` (what does not apply to its type is skipped) and read back what holds."""
    out = Applied()
    tcp = sock.type == socket.SOCK_STREAM
    six = sock.family == socket.AF_INET6

    def setopt(name: str, level: int, opt: int | None, value: int) -> None:
        if opt is None:
            out.failed[name] = "not available on this system"
            return
        try:
            sock.setsockopt(level, opt, value)
        except OSError as exc:
            out.failed[name] = exc.strerror or str(exc)

    if tcp and options.nodelay is not None:
        setopt("nodelay", socket.IPPROTO_TCP, socket.TCP_NODELAY, int(options.nodelay))
    if tcp and options.keepalive is not None:
        setopt("keepalive", socket.SOL_SOCKET, socket.SO_KEEPALIVE, int(options.keepalive))
        if options.keepalive:
            for name, opt, value in (("keep_idle", _TCP_KEEPIDLE, options.keep_idle),
                                     ("keep_interval", _TCP_KEEPINTVL, options.keep_interval),
                                     ("keep_count", _TCP_KEEPCNT, options.keep_count)):
                if value:
                    setopt(name, socket.IPPROTO_TCP, opt, value)
    if options.rcvbuf:
        setopt("rcvbuf", socket.SOL_SOCKET, socket.SO_RCVBUF, options.rcvbuf)
    if options.sndbuf:
        setopt("sndbuf", socket.SOL_SOCKET, socket.SO_SNDBUF, options.sndbuf)
    if options.ttl:
        if six:
            setopt("ttl", socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, options.ttl)
        else:
            setopt("ttl", socket.IPPROTO_IP, socket.IP_TTL, options.ttl)
    out.values = read(sock)
    return out


def read(sock: socket.socket) -> dict[str, int | bool]:
    """The options as the kernel has them now (buffer sizes as usable bytes: Linux reports twice that)."""
    values: dict[str, int | bool] = {}
    tcp = sock.type == socket.SOCK_STREAM
    with contextlib.suppress(OSError):
        if tcp:
            values["nodelay"] = bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            values["keepalive"] = bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE))
            for name, opt in (("keep_idle", _TCP_KEEPIDLE), ("keep_interval", _TCP_KEEPINTVL),
                              ("keep_count", _TCP_KEEPCNT)):
                if opt is not None:
                    values[name] = sock.getsockopt(socket.IPPROTO_TCP, opt)
        halve = BUFFER_REPORT_FACTOR  # (Linux doubles what it was given)
        values["rcvbuf"] = sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) // halve
        values["sndbuf"] = sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) // halve
        if sock.family == socket.AF_INET6:
            values["ttl"] = sock.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS)
        else:
            values["ttl"] = sock.getsockopt(socket.IPPROTO_IP, socket.IP_TTL)
    return values


__all__ = ["Applied", "SocketOptions", "apply", "read"]
