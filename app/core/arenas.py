"""The byte arenas a record store's chunks copy payloads into: anonymous private memory maps, pooled.

A map's pages become memory as they are written and go back to the system when it is unmapped, so a long
session leaves no holes in the C heap. A fresh map costs a zeroed page per 4 KiB written, so the arenas of
evicted chunks are kept for the next ones; a chunk that closes gives back the pages it did not use (unless
they are few: :func:`seal`).
"""

from __future__ import annotations

import mmap
import sys
from typing import Any

from app.core.system import PAGE, anonymous_map, release_pages

#: An arena's size (address space: only the pages written become memory).
ARENA_BYTES = 1024 * 1024
#: Arenas of evicted or dropped chunks kept for the next chunks (their pages already faulted in). A fresh
#: map costs a zeroed page per 4 KiB written (about 0.5 ms a MiB here): with a full store under a flood,
#: every new chunk was fresh and ingest ran at a fifth of the plain receiver's speed. Shared by all stores;
#: at most this many MiB stay resident (one default store's worth: what glibc's heap used to keep warm).
ARENA_POOL = 32
_pool: list[mmap.mmap] = []
_MMAP, _PAGE = mmap.mmap, PAGE


def new_arena() -> mmap.mmap:
    if _pool:
        return _pool.pop()
    return anonymous_map(ARENA_BYTES)


def seal(chunk: Any) -> None:
    """A chunk is full: give back the pages of its arena it does not use (a recycled arena keeps the pages
    an earlier chunk wrote; without this a chunk of small records would hold a whole MiB) — unless that room
    is no more than an eighth of what the chunk holds, which its records were charged for already (the
    ``len // 8`` of ``records.data_cost``). A chunk filled by large reads closes with a tail of under
    ``records.SPACE_MIN``: giving those pages back cost a madvise per chunk and, worse, a page fault for every
    4 KiB of it when the arena was reused (under a flood about 1,500 faults per 256 MiB, each a zeroed page)."""
    arena = chunk.arena
    used = chunk.offs[-1]
    end = -(-used // _PAGE) * _PAGE
    if isinstance(arena, _MMAP) and end < ARENA_BYTES and ARENA_BYTES - used > used >> 3:
        release_pages(arena, end, ARENA_BYTES - end)


def recycle(chunk: Any, holders: int) -> None:
    """Give an evicted chunk's arena to the pool, unless someone besides ``holders`` references still
    holds the chunk (a reader mid-slice must never see its bytes change)."""
    # (getrefcount also counts this function's parameter and its own argument)
    if len(_pool) < ARENA_POOL and sys.getrefcount(chunk) <= holders + 2:
        seal(chunk)
        _pool.append(chunk.arena)
        chunk.arena = _EMPTY


#: What an evicted chunk's arena becomes when its map went back to the pool.
_EMPTY = b""
