# The module surface Windows' CPython has, for `make test`'s second run (PYTHONPATH=tests/windows_surface):
# a copy of shared/tools/windows_surface/sitecustomize.py (no poll/epoll, no resource/fcntl/termios, no
# MAP_ANONYMOUS, no Linux-only socket options), plus one correction that copy cannot make: `socket` imports
# `selectors`, which chose epoll as asyncio's default selector before epoll was removed; Windows' selector loop
# uses select(). What this cannot show — Windows' proactor loop, its socket errors — is in docs/architecture.md.
import mmap
import os
import select
import selectors
import socket
import sys

for name in [n for n in dir(select) if n.startswith(("POLL", "EPOLL")) or n in ("poll", "epoll", "devpoll", "kqueue")]:
    delattr(select, name)
for name in ("MAP_ANONYMOUS", "MAP_PRIVATE", "MADV_DONTNEED", "MAP_SHARED"):
    if hasattr(mmap, name):
        delattr(mmap, name)
for name in ("SO_RCVBUFFORCE", "IP_RECVERR", "IPV6_RECVERR", "TCP_KEEPIDLE", "SO_REUSEPORT"):
    if hasattr(socket, name):
        delattr(socket, name)
sys.modules["resource"] = None  # type: ignore[assignment]
sys.modules["fcntl"] = None  # type: ignore[assignment]
sys.modules["termios"] = None  # type: ignore[assignment]
selectors.DefaultSelector = selectors.SelectSelector  # type: ignore[misc]
os.environ["NETASSIST_WINDOWS_SURFACE"] = "1"
