"""Process limits: how many files (sockets) this process may hold open at once.

Desktop sessions usually start with a soft RLIMIT_NOFILE of 1,024 (and a hard limit far above it). A UDP relay
keeps a socket per source and a TCP server one per client, so a thousand of either would run the whole program
out of files: no log file, no settings, no new socket anywhere. The soft limit is the process's own to raise,
up to the hard limit, without any privilege.
"""

from __future__ import annotations

import contextlib

from app.core.system import files_limit, set_files_limit

#: The most files asked for: enough for every table the engine bounds, and no more (an "unlimited" hard limit
#: must not become a limit in the billions, which some systems refuse and some tools then loop over).
FD_LIMIT_CAP = 65536
#: What macOS allows past its ``OPEN_MAX`` only through sysctl: tried when the full request is refused.
_FALLBACK = 10240


def fd_limit() -> int:
    """The soft limit on open files now in force (0: this system has none to read)."""
    limits = files_limit()
    if limits is None:  # Windows: no such limit (its handle limit is in the millions)
        return 0
    return FD_LIMIT_CAP if limits[0] == float("inf") else int(limits[0])


def raise_fd_limit(cap: int = FD_LIMIT_CAP) -> int:
    """Raise the soft limit on open files to the hard limit, at most ``cap``; never lowers it. Cheap and
    idempotent (call it at startup, and again wherever many sockets are about to open). Returns the soft limit
    now in force (0 where the system has none)."""
    limits = files_limit()
    if limits is None:
        return 0
    soft, hard = limits
    if soft == float("inf"):
        return cap
    want = cap if hard == float("inf") else min(int(hard), cap)
    for ask in (want, min(want, _FALLBACK)):
        if ask <= soft:
            break
        with contextlib.suppress(OSError, ValueError):
            set_files_limit(ask, hard)
            break
    return fd_limit()


__all__ = ["FD_LIMIT_CAP", "fd_limit", "raise_fd_limit"]
