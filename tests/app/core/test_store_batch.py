"""RecordStore.add_received (the UDP page's batch append) keeps exactly what add() one record at a time keeps:
the same chunks, columns, arena bytes, charges and evictions."""

from __future__ import annotations

import random

import pytest

from app.core.records import CHUNK_RECORDS, Address, RecordStore

A, B = Address("127.0.0.1", 5000), Address("127.0.0.1", 5001)


def batches(seed: int) -> list[list[tuple[Address, bytes]]]:
    """Batches of datagrams: empty ones, small ones, ones near the largest, two sources; enough to span chunks
    closed on records (CHUNK_RECORDS) and on arena room."""
    rng = random.Random(seed)
    out = []
    for _ in range(40):
        batch = []
        for _ in range(rng.choice((1, 7, 256, 1500))):
            size = rng.choice((0, 1, 64, 64, 64, 1472, 40_000, 65_507))
            batch.append((rng.choice((A, B)), bytes([rng.randrange(256)]) * size))
        out.append(batch)
    return out


def columns(store: RecordStore) -> list[tuple]:
    return [(c.start, c.n, list(c.seqs), list(c.times), bytes(c.flags), list(c.peers), list(c.offs),
             bytes(c.arena[:c.offs[-1]])) for c, _i, _end in store.chunks(store.head)]


@pytest.mark.parametrize("limit", [64 * 1024 * 1024, 3 * 1024 * 1024, 100, 0])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_batch_is_kept_as_the_same_records_one_at_a_time_would_be(limit: int, seed: int) -> None:
    one, many = RecordStore(limit), RecordStore(limit)
    seq = 1
    for t, batch in enumerate(batches(seed)):
        for peer, data in batch:
            one.add(seq, t, 0, peer, data)
            seq += 1
        first_seq = seq - len(batch)
        buf = bytearray(b"".join(d for _p, d in batch))
        pos = many.add_received(first_seq, t, [p for p, _d in batch], memoryview(buf), [len(d) for _p, d in batch])
        assert pos == many.tail - len(batch)
        assert (many.head, many.tail, many.size) == (one.head, one.tail, one.size)
        assert (many.evicted_bytes, many.evicted_records) == (one.evicted_bytes, one.evicted_records)
    assert one.tail > CHUNK_RECORDS  # (the batches spanned chunks)
    assert columns(many) == columns(one)
    assert [r.data for r in many] == [r.data for r in one]
