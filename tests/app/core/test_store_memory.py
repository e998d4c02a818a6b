"""The store's bound is the memory it really uses, whatever the mix of records (measured with tracemalloc,
plus the pages written in the arenas, which are memory maps tracemalloc does not see)."""

from __future__ import annotations

import gc
import mmap
import tracemalloc
from collections.abc import Callable

import pytest

from app.core.records import Address, Notice, RecordStore
from tests.conftest import linux_only

A = Address("127.0.0.1", 5000)
LIMIT = 4 * 1024 * 1024
Maker = Callable[[int], tuple[int, bytes, Notice | None]]


def small(i: int) -> tuple[int, bytes, Notice | None]:
    return 0, b"x" * 32, None


def tiny(i: int) -> tuple[int, bytes, Notice | None]:
    return 0, b"x", None


def mid(i: int) -> tuple[int, bytes, Notice | None]:
    return 1, bytes(3000 + i % 1000), None


def big(i: int) -> tuple[int, bytes, Notice | None]:
    return 0, bytes(20_000 + i % 5000), None


def notice(i: int) -> tuple[int, bytes, Notice | None]:
    peer = f"127.0.0.1:{i % 60000}"
    return 2, b"", Notice("peer-connected", f"{peer} connected", "", (peer,))


def mixed(i: int) -> tuple[int, bytes, Notice | None]:
    return (small, tiny, mid, big, notice)[i % 5](i)


def arena_pages(store: RecordStore) -> int:
    """The arena memory the store may hold: the pages written, and the room a chunk kept when it closed (a
    tail of at most an eighth of what it holds, which a recycled arena may have had written before)."""
    from app.core.records import ARENA_BYTES

    page = mmap.PAGESIZE
    total = 0
    for c in store._chunks:
        used = c.offs[-1]
        total += ARENA_BYTES if ARENA_BYTES - used <= used >> 3 else -(-used // page) * page
    return total


@pytest.mark.parametrize("make", [small, tiny, mid, big, notice, mixed], ids=lambda m: m.__name__)
def test_store_uses_no_more_than_its_bound(make: Maker) -> None:
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        store = RecordStore(LIMIT)
        i = 0
        while store.evicted_records < 1000 or i < 50_000:  # well past the bound: evicting all along
            flags, data, note = make(i)
            store.add(i, 1_700_000_000_000 + i, flags, A, data, note)
            i += 1
        used = tracemalloc.get_traced_memory()[0] - base + arena_pages(store)
    finally:
        tracemalloc.stop()
    assert store.size <= LIMIT
    # what the store holds costs at most its bound plus one chunk's arena (freed with the chunk)
    assert used <= LIMIT * 1.05 + 256 * 1024, (used, LIMIT)
    # and the charge is honest: not wildly more than the memory really used either
    assert used >= LIMIT * 0.5, (used, LIMIT)


def test_evicted_arenas_are_reused_but_never_under_a_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """An evicted chunk's arena goes to the pool for the next chunk (warm pages), unless someone still holds
    the chunk: a reader mid-slice must keep seeing its bytes."""
    from app.core import arenas, records

    arenas._pool.clear()
    made: list[mmap.mmap] = []

    def fresh(*args: object, **kwargs: object) -> mmap.mmap:
        made.append(mmap.mmap(*args, **kwargs))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(arenas, "mmap", type("M", (), {"mmap": staticmethod(fresh)}))
    store = RecordStore(limit=3 * records.ARENA_BYTES)
    block = bytes(range(256)) * 1024  # 256 KiB: four to an arena
    for i in range(16):
        store.add(i, 0, 0, None, block)
    held, first = store.locate(store.head)
    expected = held.data(first)
    owners: dict[int, set[int]] = {}  # arena -> the chunks (by start) it served
    for i in range(16, 64):  # the held chunk is evicted meanwhile; others are recycled
        store.add(i, 0, 0, None, bytes([i % 256]) * len(block))
        for c in store._chunks:
            owners.setdefault(id(c.arena), set()).add(c.start)
    assert held.data(first) == expected
    assert any(len(starts) > 1 for starts in owners.values()), "no arena was reused"
    assert len(made) <= 6  # 16 chunks of 4 blocks, a store of 3: after the first few, arenas come back
    assert all(c.arena is not held.arena for c in store._chunks)
    del store
    gc.collect()
    assert 0 < len(arenas._pool) <= arenas.ARENA_POOL  # a dropped store leaves its arenas to the next


@linux_only  # (madvise(MADV_DONTNEED))
def test_a_sealed_chunk_gives_back_the_arena_pages_it_does_not_use() -> None:
    """A recycled arena keeps what an earlier chunk wrote; when a chunk of small records closes, the pages
    past its data are given back (they read as zeros again: no longer resident)."""
    from app.core import arenas, records

    arenas._pool.clear()
    store = RecordStore(limit=2 * records.ARENA_BYTES)
    big = b"\xff" * (records.ARENA_BYTES // 4)
    for i in range(16):  # fills arenas with 0xFF; the oldest are evicted into the pool
        store.add(i, 0, 0, None, big)
    assert arenas._pool
    for i in range(records.CHUNK_RECORDS + 1):  # small records: one chunk closes with little written
        store.add(100 + i, 0, 0, None, b"x")
    small = next(c for c in store._chunks if c.n == records.CHUNK_RECORDS and c.offs[-1] < records.ARENA_BYTES // 2)
    end = -(-small.offs[-1] // mmap.PAGESIZE) * mmap.PAGESIZE
    assert small.arena[end:records.ARENA_BYTES] == bytes(records.ARENA_BYTES - end)


def test_reads_written_into_the_store_keep_its_bound_and_their_bytes() -> None:
    """A socket read lands in the room the store offers (``space``: the rest of the newest arena, at least
    SPACE_MIN) and is kept there (``add_written``): reads of every size up to an arena are charged as the same
    payloads added are, the bound holds, and each record reads back what was written."""
    from app.core import records

    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        store = RecordStore(LIMIT)
        sizes = [1, 100, 4000, 70_000, 300_000, records.ARENA_BYTES]
        written: dict[int, tuple[int, int]] = {}  # position -> (byte, length)
        i = 0
        while store.evicted_records < 200 or i < 2000:
            room = store.space()
            assert records.SPACE_MIN <= len(room) <= records.ARENA_BYTES
            n = min(sizes[i % len(sizes)], len(room))  # (a read fills at most the room it is given)
            room[:n] = bytes([i % 256]) * n
            before, evicted = store.size, store.evicted_records
            pos = store.add_written(i, 0, 0, A, n)
            if store.evicted_records == evicted:  # charged as eviction will take it back
                assert store.size - before == records.data_cost(n)
            written[pos] = (i % 256, n)
            i += 1
        used = tracemalloc.get_traced_memory()[0] - base + arena_pages(store)
        assert all(store.data_at(pos) == bytes([written[pos][0]]) * written[pos][1]
                   for pos in range(store.head, store.tail))
    finally:
        tracemalloc.stop()
    assert store.size <= LIMIT
    assert LIMIT * 0.5 <= used <= LIMIT * 1.05 + records.ARENA_BYTES, (used, LIMIT)


def test_a_stored_record_makes_its_bytes_when_asked_and_equals_a_record() -> None:
    from app.core.records import Direction, Record, StoredRecord

    store = RecordStore(LIMIT)
    store.space()[:5] = b"hello"
    pos = store.add_written(7, 1000, 0, A, 5)
    stored = StoredRecord(7, 1000, A, *store.locate(pos))
    plain = Record(7, 1000, Direction.RX, A, b"hello")
    assert stored == plain and plain == stored and stored.data == b"hello"
    assert stored != Record(7, 1000, Direction.RX, A, b"hellO")
    assert store.record_at(pos) == stored


@linux_only  # (page faults counted by getrusage's ru_minflt for this thread)
def test_reads_into_a_full_store_reuse_warm_arenas_without_page_faults() -> None:
    """Under a flood every read goes into the room the store offers; the arenas of evicted chunks come back
    from the pool. A chunk that closes with only a small tail left (less than SPACE_MIN, under an eighth of
    what it holds) keeps those pages: had they been given back, the next chunk to reuse the arena would fault
    every 4 KiB of them in again (a zeroed page each). Its bound and its bytes are kept all the same."""
    import random
    import resource

    from app.core import arenas, records

    gc.collect()
    arenas._pool.clear()
    store = RecordStore(limit=8 * records.ARENA_BYTES)
    sizes = random.Random(7)
    block = bytes(range(256)) * 2048  # 512 KiB of every byte value

    def flood(nbytes: int) -> None:
        while nbytes > 0:
            room = store.space()
            n = min(sizes.randrange(20_000, len(block)), len(room))
            room[:n] = block[:n]
            store.add_written(0, 0, 0, A, n)
            nbytes -= n

    flood(24 * records.ARENA_BYTES)  # three times the bound: the pool's arenas have all been used once
    faults = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    flood(64 * records.ARENA_BYTES)
    faults = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - faults
    assert store.size <= store.limit and store.evicted_records > 0
    assert all(store.data_at(pos) == block[:store.size_at(pos)] for pos in range(store.head, store.tail))
    # (a few for the interpreter's own allocations; giving the tails back cost 132 here)
    assert faults < 16, faults
