"""What differs by operating system, in one place: Linux's fast path and a portable fallback for each.

The rest of the engine (and the window's loop) asks this module, never ``sys.platform`` or ``hasattr(select,
…)``. Linux is where this is built and tested; Windows and macOS are exercised here only through the
Windows-surface simulation (``shared/tools/windows_surface``: no ``poll``/``epoll``, no ``resource``/``fcntl``,
no anonymous private maps, no Linux-only socket options). What each fallback costs is said beside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import mmap
import os
import select
import socket
import sys
from collections.abc import Callable, Iterable

#: `make test`'s second run (tests/windows_surface) sets this: answer as a system without Linux's extras would.
SIMULATED_ELSEWHERE = os.environ.get("NETASSIST_WINDOWS_SURFACE") == "1"
LINUX = sys.platform.startswith("linux") and not SIMULATED_ELSEWHERE
WINDOWS = sys.platform == "win32"
MACOS = sys.platform == "darwin"

# ------------------------------------------------------------------------------------------ readiness
#: One epoll set can stand for every reader (the window's loop uses it: ui/loop.py); elsewhere one Qt notifier
#: per socket.
HAS_EPOLL = hasattr(select, "epoll")
_HAS_POLL = hasattr(select, "poll")
#: poll() events that say a peer has finished (its FIN or a reset is waiting to be read).
_LEFT = (getattr(select, "POLLRDHUP", 0x2000) | select.POLLHUP | select.POLLERR) if _HAS_POLL else 0


def readable(fd: int) -> bool:
    """True when ``fd`` has something to read now (data, an end of stream or an error). Never blocks."""
    if _HAS_POLL:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    return readable_by_select(fd)


def readable_by_select(fd: int) -> bool:
    """:func:`readable` without poll() (select() cannot watch a descriptor past FD_SETSIZE: then True, and the
    reader finds out)."""
    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):  # closed under us: let the reader find out
        return True


def count_left(socks: Iterable[socket.socket]) -> int:
    """How many of these connected, non-blocking stream sockets' peers have left (an end of stream or a reset
    waits to be read) though the loop has not read it yet. Linux: one poll() with POLLRDHUP. Elsewhere: a
    one-byte MSG_PEEK on each (b"" is an end of stream, data or EWOULDBLOCK means still there; select() would
    be limited to FD_SETSIZE sockets)."""
    socks = list(socks)
    if _HAS_POLL:
        poller = select.poll()
        for sock in socks:
            poller.register(sock.fileno(), _LEFT)
        return sum(1 for _fd, ev in poller.poll(0) if ev & _LEFT)
    return count_left_by_peeking(socks)


def count_left_by_peeking(socks: Iterable[socket.socket]) -> int:
    """:func:`count_left` without poll(): a one-byte MSG_PEEK on each socket."""
    left = 0
    peek = socket.MSG_PEEK | getattr(socket, "MSG_DONTWAIT", 0)
    for sock in socks:
        view = socket.socket(fileno=sock.fileno())  # (asyncio hands out a TransportSocket, which cannot recv)
        try:
            left += view.recv(1, peek) == b""
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:  # reset
            left += 1
        finally:
            view.detach()
    return left


def reset_waiting(sock: socket.socket) -> bool:
    """A connected stream socket whose peer answered with a reset (it had closed completely): Linux, one poll()
    for POLLHUP/POLLERR; elsewhere a one-byte MSG_PEEK that fails with the reset (an end of stream alone is
    not a reset)."""
    if _HAS_POLL:
        poller = select.poll()
        poller.register(sock.fileno(), select.POLLHUP | select.POLLERR)
        return bool(poller.poll(0))
    return reset_by_peeking(sock)


def reset_by_peeking(sock: socket.socket) -> bool:
    """:func:`reset_waiting` without poll(): the socket's pending error (SO_ERROR, which reading clears: the
    caller closes the connection on a True), else a one-byte MSG_PEEK that fails with the reset (after a FIN,
    Linux answers a peek with the end of stream even when a reset followed)."""
    view = socket.socket(fileno=sock.fileno())
    try:
        if view.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
            return True
        view.recv(1, socket.MSG_PEEK | getattr(socket, "MSG_DONTWAIT", 0))
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True
    finally:
        view.detach()
    return False


async def wait_readable(fileno: int, poll: Callable[[float], bool], timeout: float) -> bool:
    """Wait up to ``timeout`` s for ``fileno`` (a pipe or socket) to be readable; True when it is. Uses the
    loop's reader where it has one (selector loops); a proactor loop (qasync and asyncio on Windows) has no
    ``add_reader``, so there a worker thread waits in ``poll(timeout)`` (a Connection's ``poll``)."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    try:
        loop.add_reader(fileno, wake)
    except NotImplementedError:
        return bool(await loop.run_in_executor(None, poll, timeout))
    try:
        await asyncio.wait_for(ready, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fileno)


def read_by_hand(loop: asyncio.AbstractEventLoop, fd: int, callback: Callable[[], object]) -> bool:
    """Have ``callback`` called whenever ``fd`` is readable, in place of the reader asyncio's own transport
    registered for it (a UDP socket read in batches rather than a datagram per call): selector loops
    (asyncio's on Linux and macOS, qasync's, the window's in ui/loop.py), through their ``_add_reader``, which
    unlike ``add_reader`` lets a transport's socket be read by someone else; closing the transport removes it.
    A proactor loop (Windows' asyncio, and qasync there) has no readers at all: False, and the transport goes on
    reading a datagram per call."""
    add = getattr(loop, "_add_reader", None)
    if add is None:
        return False
    add(fd, callback)
    return True


# ---------------------------------------------------------------------------------------------- memory
_PRIVATE: int | None = (mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS) if hasattr(mmap, "MAP_ANONYMOUS") else None
_DONTNEED: int | None = getattr(mmap, "MADV_DONTNEED", None)
PAGE = mmap.PAGESIZE


def anonymous_map(size: int) -> mmap.mmap:
    """``size`` bytes of zeroed memory that become real only as they are written. Linux/macOS: a private
    anonymous map (its freed pages really go; a shared one keeps them as shmem). Windows: an anonymous map
    backed by the paging file, whose untouched pages cost nothing either."""
    if _PRIVATE is not None:
        return mmap.mmap(-1, size, flags=_PRIVATE)
    return mmap.mmap(-1, size)


def release_pages(area: mmap.mmap, start: int, length: int) -> None:
    """Give the pages of ``area[start:start+length]`` back to the system (their content is lost). Where
    ``madvise(MADV_DONTNEED)`` is missing (Windows) nothing happens: an arena's unused tail is simply never
    written there."""
    if _DONTNEED is not None and length > 0:
        area.madvise(_DONTNEED, start, length)


_malloc_trim: Callable[[int], int] | None = None
if LINUX:
    try:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        _malloc_trim = _libc.malloc_trim
        _malloc_trim.argtypes = [ctypes.c_size_t]
        _malloc_trim.restype = ctypes.c_int
    except (OSError, AttributeError):  # musl and others: nothing to do
        _malloc_trim = None


def trim_heap() -> bool:
    """Return free C-heap memory to the system (glibc's ``malloc_trim``); elsewhere nothing to do (Windows'
    and macOS's allocators give large free blocks back themselves). True when something was returned."""
    return bool(_malloc_trim(0)) if _malloc_trim is not None else False


# ----------------------------------------------------------------------------------------- open files
try:
    import resource as _resource
except ImportError:  # Windows: no such limit (its handle limit is in the millions)
    _resource = None  # type: ignore[assignment]  # (the module or None; mypy checks as on Linux)

#: The process's open-files limit as (soft, hard), or None where the system has none to read (Windows).
def files_limit() -> tuple[float, float] | None:
    if _resource is None:
        return None
    soft, hard = _resource.getrlimit(_resource.RLIMIT_NOFILE)
    inf = float("inf")
    return (inf if soft == _resource.RLIM_INFINITY else soft, inf if hard == _resource.RLIM_INFINITY else hard)


def set_files_limit(soft: int, hard: float) -> None:
    """Set the soft open-files limit (raises OSError/ValueError when refused). No-op without limits."""
    if _resource is not None:
        _resource.setrlimit(_resource.RLIMIT_NOFILE,
                            (soft, _resource.RLIM_INFINITY if hard == float("inf") else int(hard)))


# ------------------------------------------------------------------------------------- socket options
# (Python's socket module lacks several Linux option names: their numbers are Linux's ABI, given here.)
#: Linux: a receive buffer past net.core.rmem_max, with CAP_NET_ADMIN. None elsewhere.
SO_RCVBUFFORCE: int | None = getattr(socket, "SO_RCVBUFFORCE", 33 if LINUX else None)
#: Linux reports (and keeps) twice the buffer size it was given; the other half is its bookkeeping.
BUFFER_REPORT_FACTOR = 2 if LINUX else 1
#: Linux: ICMP errors reach an unconnected UDP socket only with IP_RECVERR on, through its error queue.
IP_RECVERR: int | None = getattr(socket, "IP_RECVERR", 11 if LINUX else None)
IPV6_RECVERR: int | None = getattr(socket, "IPV6_RECVERR", 25 if LINUX else None)
MSG_ERRQUEUE: int = getattr(socket, "MSG_ERRQUEUE", 0x2000) if IP_RECVERR is not None else 0
#: Keepalive timing: Linux and Windows (10 1709+) name the idle time TCP_KEEPIDLE, macOS TCP_KEEPALIVE.
TCP_KEEPIDLE: int | None = getattr(socket, "TCP_KEEPIDLE", getattr(socket, "TCP_KEEPALIVE", None))
TCP_KEEPINTVL: int | None = getattr(socket, "TCP_KEEPINTVL", None)
TCP_KEEPCNT: int | None = getattr(socket, "TCP_KEEPCNT", None)
#: Linux: the count of datagrams the kernel dropped for a full receive buffer, in each recvmsg's ancillary data.
SO_RXQ_OVFL: int | None = getattr(socket, "SO_RXQ_OVFL", 40 if LINUX else None)
#: Linux (4.6+): a socket's memory figures in one getsockopt; the last of them is the same drop count.
SO_MEMINFO: int | None = getattr(socket, "SO_MEMINFO", 55 if LINUX else None)
_SK_MEMINFO_VARS, _SK_MEMINFO_DROPS = 9, 8

#: Windows: WSAIoctl code that stops a UDP socket from failing every later receive with WSAECONNRESET after
#: one ICMP port-unreachable (CPython gh-91227 / gh-127057; socket.ioctl refuses codes it does not know).
_SIO_UDP_CONNRESET = 0x9800000C


def keep_udp_receiving(sock: socket.socket) -> bool:
    """Windows: switch SIO_UDP_CONNRESET off, so an ICMP port-unreachable (a peer that is not listening) does
    not stop the socket receiving. Elsewhere nothing to do. True when the option was set."""
    if not WINDOWS:
        return False
    with contextlib.suppress(OSError, AttributeError):
        ws2 = ctypes.WinDLL("ws2_32")  # type: ignore[attr-defined]  # (Windows only; mypy checks as on Linux)
        off = ctypes.c_uint32(0)
        returned = ctypes.c_uint32(0)
        ok = ws2.WSAIoctl(ctypes.c_void_p(sock.fileno()), ctypes.c_uint32(_SIO_UDP_CONNRESET), ctypes.byref(off),
                          ctypes.sizeof(off), None, 0, ctypes.byref(returned), None, None)
        return ok == 0
    return False


def kernel_drops(sock: socket.socket) -> int | None:
    """How many datagrams the kernel dropped at this UDP socket since it was made, nearly all for a full receive
    buffer: the counter Linux hands out with each ``recvmsg`` when SO_RXQ_OVFL is on. asyncio reads with
    ``recvfrom`` (no ancillary data), so it is read here instead, whenever asked: Linux 4.6+ with one
    ``getsockopt(SO_MEMINFO)`` (a few microseconds; a thousand sockets a second cost about a millisecond),
    older kernels from the "drops" column of /proc/net/udp(6), found by the socket's inode (a read of every
    UDP socket on the machine). None where the system does not say (Windows, macOS): unknown, not zero."""
    if SO_MEMINFO is None:
        return None
    try:
        raw = sock.getsockopt(socket.SOL_SOCKET, SO_MEMINFO, 4 * _SK_MEMINFO_VARS)
    except OSError:  # closed, or a kernel without SO_MEMINFO
        return drops_from_proc(sock)
    if len(raw) < 4 * (_SK_MEMINFO_DROPS + 1):
        return drops_from_proc(sock)
    return int.from_bytes(raw[4 * _SK_MEMINFO_DROPS:4 * (_SK_MEMINFO_DROPS + 1)], sys.byteorder)


def drops_from_proc(sock: socket.socket) -> int | None:
    """:func:`kernel_drops` from /proc/net/udp or udp6 (the last column, matched on the socket's inode)."""
    try:
        inode = str(os.fstat(sock.fileno()).st_ino)
    except (OSError, ValueError):
        return None
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(name, encoding="ascii") as table:
                next(table, None)  # (the header)
                for line in table:
                    fields = line.split()
                    if len(fields) > 12 and fields[9] == inode:
                        return int(fields[12])
        except (OSError, ValueError):
            continue
    return None


def interface_ipv4_addresses() -> list[str]:
    """The IPv4 address of each network interface (Linux: SIOCGIFADDR per interface; elsewhere none here, the
    host name's addresses are listed by the caller instead)."""
    if not LINUX:
        return []
    try:
        import fcntl
    except ImportError:
        return []
    import struct

    out: list[str] = []
    siocgifaddr = 0x8915
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _index, name in socket.if_nameindex():
            try:
                req = struct.pack("256s", name.encode()[:15])
                res = fcntl.ioctl(s.fileno(), siocgifaddr, req)
                out.append(socket.inet_ntoa(res[20:24]))
            except OSError:
                continue
    return out


__all__ = ["BUFFER_REPORT_FACTOR", "HAS_EPOLL", "IPV6_RECVERR", "IP_RECVERR", "LINUX", "MACOS", "MSG_ERRQUEUE",
           "PAGE", "SO_MEMINFO", "SO_RCVBUFFORCE", "SO_RXQ_OVFL", "TCP_KEEPCNT", "TCP_KEEPIDLE", "TCP_KEEPINTVL",
           "WINDOWS", "anonymous_map", "count_left", "count_left_by_peeking", "drops_from_proc", "files_limit",
           "interface_ipv4_addresses", "keep_udp_receiving", "kernel_drops", "read_by_hand", "readable",
           "readable_by_select", "release_pages", "reset_by_peeking", "reset_waiting", "set_files_limit", "trim_heap",
           "wait_readable"]
