from __future__ import annotations

from app.automation.history import MAX_TEXT, MAX_TOTAL, HistoryEntry, SendHistory
from app.core.records import Address, Counters, Direction, Record, RecordStore, data_cost


def test_history_newest_first_dedup_cap_and_json() -> None:
    h = SendHistory(cap=3)
    for t in ("a", "b", "c"):
        h.add(HistoryEntry(t))
    h.add(HistoryEntry("a"))
    assert [e.text for e in h] == ["a", "c", "b"]
    h.add(HistoryEntry("d"))
    assert [e.text for e in h] == ["d", "a", "c"]
    h.add(HistoryEntry("d", hex=True))  # same text in hex mode is a different entry
    assert [(e.text, e.hex) for e in h] == [("d", True), ("d", False), ("a", False)]
    h2 = SendHistory.from_json(h.to_json(), cap=3)
    assert list(h2) == list(h)
    assert len(SendHistory.from_json("not json")) == 0
    h.add(HistoryEntry("哈哈", encoding="gb2312"))
    assert SendHistory.from_json(h.to_json())[0] == HistoryEntry("哈哈", False, "gb2312")


def test_history_keeps_what_a_settings_file_can_carry() -> None:
    h = SendHistory()
    h.add(HistoryEntry("x" * (100 * 1024 * 1024)))  # a 100 MB paste is sent, not remembered
    assert len(h) == 0
    for k in range(100):  # a hundred sends just under the per-entry cap: the oldest go past the total
        h.add(HistoryEntry(f"{k:03d}" + "y" * (MAX_TEXT - 3)))
    assert sum(len(e.text) for e in h) <= MAX_TOTAL and h[0].text.startswith("099")
    assert len(h.to_json()) < MAX_TOTAL + 4096
    big = '[' + ",".join(f'{{"text": "{k:03d}{"z" * 60000}"}}' for k in range(100)) + ']'
    assert sum(len(e.text) for e in SendHistory.from_json(big)) <= MAX_TOTAL  # an old, bigger file too


def _rec(seq: int, n: int) -> Record:
    return Record(seq, 0, Direction.RX, Address("127.0.0.1", 1), b"x" * n)


def test_store_evicts_oldest_and_keeps_evicted_count() -> None:
    store = RecordStore(limit=4 * data_cost(250))
    for i in range(1, 11):
        store.append(_rec(i, 250))
    assert store.size <= store.limit
    assert [r.seq for r in store] == [7, 8, 9, 10]
    assert store.evicted_records == 6
    assert store.evicted_bytes == 6 * 250
    store.clear()
    assert len(store) == 0 and store.size == 0


def test_store_keeps_a_single_record_larger_than_the_limit() -> None:
    store = RecordStore(limit=100)
    store.append(_rec(1, 10_000))
    assert len(store) == 1


def test_counters_reset_keeps_peer_objects() -> None:
    c = Counters()
    p = c.peer(Address("::1", 5))
    p.rx_bytes = 5
    c.total.tx_bytes = 7
    c.reset()
    assert c.peer(Address("::1", 5)) is p and p.rx_bytes == 0 and c.total.tx_bytes == 0
