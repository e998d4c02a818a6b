"""Host names and addresses: asynchronous resolution, and this machine's own addresses."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from pathlib import Path

from app.core.errors import HostNotFound, InvalidAddress
from app.core.system import interface_ipv4_addresses, keep_udp_receiving

WILDCARDS = ("0.0.0.0", "::")
LOOPBACKS = ("127.0.0.1", "::1")


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def loops_to_itself(listening: list[tuple[str, int]], target_host: str, target_port: int) -> bool:
    """Whether a relay listening on ``listening`` (its sockets' ``(host, port)``) and relaying to
    ``target_host:target_port`` (an IP address or ``localhost``; a name is not resolved here) would connect to
    itself: the same address, or the same port on a wildcard and a loopback target. Each such connection would
    make another, up to the pair limit."""
    host = target_host.strip("[]").split("%", 1)[0]
    targets = LOOPBACKS if host.lower() == "localhost" else (host,)
    for t in targets:
        try:
            ip = ipaddress.ip_address(t)
        except ValueError:
            return False
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        for lhost, lport in listening:
            if lport != target_port:
                continue
            if lhost.split("%", 1)[0] in WILDCARDS and (ip.is_loopback or ip.is_unspecified):
                return True
            try:
                if ipaddress.ip_address(lhost.split("%", 1)[0]) == ip:
                    return True
            except ValueError:
                continue
    return False


def family_of(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def check_port(port: int, *, listen: bool = False) -> int:
    """``port`` as an int, or InvalidAddress in words: 1-65535 to send or connect to; 0 (any free port) is
    allowed too where we listen or bind."""
    try:
        value = int(port)
    except (TypeError, ValueError):
        raise InvalidAddress(f"port {port!r} is not a number") from None
    low = 0 if listen else 1
    if not low <= value <= 65535:
        allowed = "0–65535 (0 = any free port)" if listen else "1–65535"
        raise InvalidAddress(f"port {port} is out of range: a port must be {allowed}")
    return value


async def resolve(host: str, port: int, kind: socket.SocketKind = socket.SOCK_STREAM,
                  *, passive: bool = False) -> list[tuple[socket.AddressFamily, tuple]]:
    """Resolve ``host`` without blocking the loop; (family, sockaddr) pairs, IPv4 first for names.

    An empty host means every IPv4 interface when ``passive``. Raises :class:`HostNotFound`.
    """
    check_port(port, listen=passive)
    host = host.strip()
    if not host:
        if not passive:
            raise InvalidAddress("no host given")
        host = "0.0.0.0"
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    loop = asyncio.get_running_loop()
    flags = socket.AI_PASSIVE if passive else 0
    try:
        infos = await loop.getaddrinfo(host, port, type=kind, flags=flags)
    except socket.gaierror as exc:
        raise HostNotFound(f"host not found: {host} ({exc.strerror or exc})", os_error=exc) from None
    except UnicodeError:
        raise HostNotFound(f"host not found: {host} (invalid name)") from None
    seen: set[tuple] = set()
    out: list[tuple[socket.AddressFamily, tuple]] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6) or sockaddr in seen:
            continue
        seen.add(sockaddr)
        out.append((family, sockaddr))
    if not out:
        raise HostNotFound(f"host not found: {host} (no IPv4/IPv6 address)")
    if not is_ip(host):  # names: IPv4 first, as most devices and course servers listen on IPv4 only
        out.sort(key=lambda fs: fs[0] != socket.AF_INET)
    return out


async def bound_socket(host: str, port: int, kind: socket.SocketKind) -> socket.socket:
    """A non-blocking socket bound to ``host:port`` (resolved; empty host = all IPv4 interfaces).

    SO_REUSEADDR so a restarted server gets its port back at once; IPv6 sockets are IPv6-only so that
    ``::`` and ``0.0.0.0`` can be bound side by side. Raises OSError or :class:`HostNotFound`.
    """
    family, sockaddr = (await resolve(host, port, kind, passive=True))[0]
    sock = socket.socket(family, kind)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.setblocking(False)
        sock.bind(sockaddr)
        if kind == socket.SOCK_DGRAM:
            keep_udp_receiving(sock)  # (Windows: one ICMP port-unreachable must not end its receiving)
    except BaseException:
        sock.close()
        raise
    return sock


def machine_addresses() -> list[str]:
    """Wildcards, loopbacks, then every address of this machine's interfaces, without duplicates."""
    found: list[str] = [*WILDCARDS, *LOOPBACKS]
    found += _ipv4_interface_addresses()
    found += _ipv6_interface_addresses()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            found.append(str(info[4][0]))
    except OSError:
        pass
    out: list[str] = []
    for a in found:
        if a not in out:
            out.append(a)
    return out


def _ipv4_interface_addresses() -> list[str]:
    return interface_ipv4_addresses()


def _ipv6_interface_addresses() -> list[str]:
    path = Path("/proc/net/if_inet6")
    if not path.exists():
        return []
    out: list[str] = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) < 6:
            continue
        raw, scope, ifname = parts[0], parts[3], parts[5]
        addr = str(ipaddress.IPv6Address(bytes.fromhex(raw)))
        out.append(f"{addr}%{ifname}" if scope == "20" else addr)
    return out


def has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False
