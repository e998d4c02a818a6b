"""Find in the receive view as a plain object: the search in slices, the first match it goes to, stepping on
and back (wrapping), progress, and the same search over a new layout — no Qt, no window."""

from __future__ import annotations

import pytest

from app.core.records import Address, Direction, Record, RecordStore
from app.view.layout import Layout
from app.view.render import ViewOptions
from app.view.search import InvalidPattern, Query
from ui.receive.find import FindState

A = Address("127.0.0.1", 5000)


def laid_out(lines: list[bytes], options: ViewOptions | None = None) -> Layout:
    store = RecordStore(1 << 40)
    for i, data in enumerate(lines):
        store.append(Record(i + 1, 1_700_000_000_000 + i, Direction.RX, A, data))
    layout = Layout(store, options or ViewOptions(log_mode=True), cols=80)
    layout.advance()
    return layout


LINES = [b"alpha needle\n", b"beta\n", b"gamma NEEDLE\n", b"delta\n", b"needle epsilon\n"]


def run(find: FindState) -> list[object]:
    """Slices until complete; the matches gone to first."""
    firsts = []
    while True:
        first = find.advance(float("inf"))
        if first is not None:
            firsts.append(first)
        if find.finder is not None and find.finder.done:
            return firsts


def test_a_complete_search_goes_to_its_first_match_and_steps_round() -> None:
    layout = laid_out(LINES)
    find = FindState()
    assert find.progress() == (-1, 0, True) and find.step(False, 0) is None  # nothing running
    find.start(layout, Query("needle"), start_item=layout.items.first)
    firsts = run(find)
    total = len(find.finder.matches)  # type: ignore[union-attr]
    assert total == 3 and firsts == [find.finder.matches[0]]  # type: ignore[union-attr]
    assert find.progress() == (0, 3, True) and find.is_current(find.finder.matches[0])  # type: ignore[union-attr]
    assert [find.step(False, 0) and find.index for _ in range(3)] == [1, 2, 0]  # past the last: the first
    assert find.step(True, 0) is not None and find.index == 2  # before the first: the last


def test_case_and_regex_modes_narrow_the_matches() -> None:
    layout = laid_out(LINES)
    find = FindState()
    find.start(layout, Query("NEEDLE", "text", True), start_item=layout.items.first)
    run(find)
    assert find.progress() == (0, 1, True)
    find.start(layout, Query(r"needle \w+", "regex"), start_item=layout.items.first)
    run(find)
    assert find.progress()[1] == 1
    with pytest.raises(InvalidPattern):
        find.start(layout, Query("(", "regex"), start_item=layout.items.first)


def test_with_no_current_match_a_step_goes_from_the_item_at_the_top() -> None:
    layout = laid_out(LINES)
    find = FindState()
    find.start(layout, Query("needle"), start_item=layout.items.first)
    find.finder.advance()  # type: ignore[union-attr]  # (searched without going anywhere)
    assert find.index == -1 and find.current_match() is None
    matches = find.finder.matches  # type: ignore[union-attr]
    assert find.step(False, matches[1].item) == matches[1] and find.index == 1  # the first from the top item on
    find.stop()
    find.start(layout, Query("needle"), start_item=layout.items.first)
    find.finder.advance()  # type: ignore[union-attr]
    assert find.step(True, matches[1].item) == matches[0] and find.index == 0  # the last before it


def test_matches_between_the_items_on_screen_and_a_stop() -> None:
    layout = laid_out(LINES)
    find = FindState()
    find.start(layout, Query("needle"), start_item=layout.items.first)
    run(find)
    matches = find.finder.matches  # type: ignore[union-attr]
    assert find.matches_between(matches[1].item, matches[1].item) == [matches[1]]
    assert find.current_match() == matches[0]
    find.stop()
    assert find.finder is None and find.current_match() is None and find.matches_between(0, 99) == []


def test_new_items_are_searched_and_a_relayout_runs_the_same_query() -> None:
    layout = laid_out(LINES)
    find = FindState()
    assert not find.extend()  # nothing running
    find.start(layout, Query("needle"), start_item=layout.items.first)
    run(find)
    layout.store.append(Record(99, 1_700_000_001_000, Direction.RX, A, b"late needle\n"))
    layout.advance()
    assert find.extend()  # the new item is to be searched
    run(find)
    assert find.progress() == (0, 4, True)
    hex_layout = laid_out(LINES, ViewOptions(hex=True))
    find.restart(hex_layout, hex_layout.items.first)
    assert find.finder is not None and find.finder.layout is hex_layout and find.finder.query == Query("needle")
    assert find.index == -1
