"""Where the receive view stands, as a plain object: following the newest rows or held on a record, the
"↓ N new" count, and the record it stays on when the store is laid out again — no Qt, no window."""

from __future__ import annotations

import subprocess
import sys

from app.core.records import Address, Direction, Record, RecordStore
from app.view.layout import Layout, ViewFilter
from app.view.render import Labels, ViewOptions
from ui.receive.scroll import FLOOD_TAIL_BYTES, LEAD_RECORDS, ScrollAnchor, provisional_layout, rows_to_come

A = Address("127.0.0.1", 5000)


def store_of(n: int, size: int = 10) -> RecordStore:
    store = RecordStore(1 << 40)
    for i in range(n):
        store.append(Record(i + 1, 1_700_000_000_000 + i, Direction.RX, A, b"%0*d\n" % (size - 1, i)))
    return store


def laid_out(store: RecordStore, options: ViewOptions | None = None) -> Layout:
    layout = Layout(store, options or ViewOptions(), cols=80)
    layout.advance()
    return layout


def test_it_follows_until_left_and_counts_what_arrives_after() -> None:
    anchor = ScrollAnchor()
    assert anchor.following and anchor.new_records(100) == 0  # following: nothing is "new"
    anchor.leave(100)
    assert not anchor.following and anchor.new_records(100) == 0 and anchor.new_records(130) == 30
    anchor.leave(120)  # leaving again (already held) keeps where the count started
    assert anchor.new_records(130) == 30
    anchor.follow()
    assert anchor.new_records(130) == 0


def test_held_on_a_row_it_stays_on_that_item_and_row() -> None:
    layout = laid_out(store_of(50))
    items = layout.items
    anchor = ScrollAnchor()
    anchor.leave(50)
    anchor.hold_row(items, 10, head=0)
    assert anchor.at == items.locate(10) and anchor.pos == items.pos(anchor.at[0])
    assert anchor.top(items, exact=True) == anchor.at
    assert anchor.top_row(items, exact=True, page=5) == 10
    following = ScrollAnchor()
    assert following.top_row(items, exact=True, page=5) == items.total_rows - 5  # the last page


def test_a_relayout_finds_the_same_record_once_the_pass_reaches_it() -> None:
    store = store_of(200)
    old = laid_out(store)
    anchor = ScrollAnchor()
    anchor.leave(store.tail)
    anchor.hold_row(old.items, 120, head=store.head)
    record = anchor.pos
    anchor.relaid(old.items, store.head, anchor.top(old.items, True)[0])
    assert anchor.pending and anchor.pos == record
    new = Layout(store, ViewOptions(hex=True), cols=80)  # (another mode: other rows)
    assert not anchor.exact(new, flooding=False)  # not laid out that far yet: a provisional layout shows
    new.advance()
    assert anchor.exact(new, flooding=False)
    item, k = anchor.top(new.items, exact=True)
    assert not anchor.pending and k == 0 and new.items.pos(item) == record


def test_following_is_exact_only_once_laid_out_and_no_flood_runs() -> None:
    store = store_of(20)
    layout = laid_out(store)
    anchor = ScrollAnchor()
    assert anchor.exact(layout, flooding=False) and not anchor.exact(layout, flooding=True)
    anchor.relaid(layout.items, store.head, 0)  # following: nothing to find again
    assert not anchor.pending


def test_a_record_beyond_the_rows_laid_out_is_held_until_found() -> None:
    store = store_of(100)
    layout = Layout(store, ViewOptions(), cols=80)
    anchor = ScrollAnchor()
    anchor.leave(store.tail)
    anchor.hold_record(70)
    assert anchor.top(layout.items, exact=False) == (layout.items.first, 0)  # (nothing laid out yet)
    layout.advance()
    item, _k = anchor.top(layout.items, exact=anchor.exact(layout, False))
    assert layout.items.pos(item) == 70


def test_rows_to_come_are_estimated_from_the_bytes_not_laid_out() -> None:
    store = store_of(10, size=1600)  # ten reads of 1600 bytes: many rows each
    layout = Layout(store, ViewOptions(hex=True), cols=80)
    rows, per = rows_to_come(layout, store, ViewOptions(hex=True), 80)
    assert rows == 10 * 1600 // 16 and per == 100
    layout.advance()
    assert rows_to_come(layout, store, ViewOptions(hex=True), 80) == (0, 1.0)


def test_a_provisional_layout_shows_the_newest_bytes_or_starts_before_the_anchor() -> None:
    store = store_of(3000, size=100)
    options, labels, flt = ViewOptions(), Labels(), ViewFilter()
    anchor = ScrollAnchor()
    tail = provisional_layout(store, options, labels, 80, flt, anchor, page=20)
    assert 0 < tail.store.bytes_from(tail.store.head) <= FLOOD_TAIL_BYTES
    assert tail.text().rstrip().endswith("2999")  # the newest record last
    anchor.leave(store.tail)
    anchor.hold_record(1000)
    held = provisional_layout(store, options, labels, 80, flt, anchor, page=20)
    assert held.items.pos(held.items.first) == 1000 - LEAD_RECORDS
    assert held.items.pos(held.items.item_at(1000)) == 1000


def test_a_flood_s_provisional_tail_is_about_a_page_deep_and_fills_the_page() -> None:
    """The tail painted during a flood is laid out anew for each paint: a page of rows (and a little), not the
    four to eight pages FLOOD_TAIL_BYTES of binary bytes make in text (each an escape, four columns). Plain
    text, a row of the width per row, still fills the page; so does a single read of a megabyte."""
    labels, flt, anchor, page, cols = Labels(), ViewFilter(), ScrollAnchor(), 40, 120
    for payload in (bytes(range(256)) * 4096, b"abcdefghij" * 100_000, b"0123456789abcdef\n" * 60_000):
        for reads in (1, 8):  # one read of a MiB; eight of 128 KiB
            store = RecordStore(1 << 40)
            size = len(payload) // reads
            for i in range(reads):
                store.append(Record(i + 1, 1_700_000_000_000, Direction.RX, A, payload[i * size:(i + 1) * size]))
            for hex_mode in (False, True):
                tail = provisional_layout(store, ViewOptions(log_mode=False, hex=hex_mode), labels, cols, flt,
                                          anchor, page)
                rows = tail.items.total_rows
                assert page + 2 <= rows <= 3 * page, (payload[:4], reads, hex_mode, rows)
                shown = tail.store.bytes_from(tail.store.head)
                assert shown <= FLOOD_TAIL_BYTES
                assert b"".join(r.data for r in tail.store) == payload[-shown:]  # the newest bytes


def test_the_view_state_objects_import_no_qt() -> None:
    code = ("import sys, ui.receive.scroll, ui.receive.find, ui.receive.selection; "
            "print([m for m in sys.modules if m.startswith('PySide6')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
