"""Find over a whole layout: text, regex and hex bytes; matches map back to the rows and columns painted."""

from __future__ import annotations

import time

import pytest

from app.core.framing import FramingSpec
from app.core.records import Address, Direction, Notice, Record, RecordStore
from app.view.layout import Layout
from app.view.render import ViewOptions
from app.view.search import Finder, InvalidPattern, Query

A = Address("127.0.0.1", 5000)
B = Address("10.0.0.2", 6000)
T0 = 1_700_000_000_000


def laid_out(records: list[Record], options: ViewOptions, cols: int = 100) -> Layout:
    store = RecordStore(1 << 40)
    for r in records:
        store.append(r)
    layout = Layout(store, options, cols=cols)
    layout.advance()
    return layout


def find_all(layout: Layout, text: str, mode: str = "text", case: bool = False) -> Finder:
    finder = Finder(layout, Query(text, mode, case))  # type: ignore[arg-type]
    while not finder.advance(time.perf_counter() + 0.001):
        pass
    return finder


def painted(layout: Layout, finder: Finder, k: int) -> str:
    """The text a match covers, read back from the rows as painted."""
    m = finder.matches[k]
    (r0, c0), (r1, c1) = layout.text_position(m.item, m.start), layout.text_position(m.item, m.end)
    rows = ["".join(t for t, _ in runs) for runs, _ in layout.rows(r0, r1 - r0 + 1)]
    if r0 == r1:
        return rows[0][c0:c1]
    return rows[0][c0:] + "".join(rows[1:-1]) + rows[-1][:c1]


NUMBERED = [Record(i + 1, T0 + i, Direction.RX, A if i % 3 else B, b"line %05d temp=%d\r\n" % (i, i % 7))
            for i in range(20_000)]


@pytest.mark.parametrize("options", [ViewOptions(log_mode=True), ViewOptions(), ViewOptions(hex=True),
                                     ViewOptions(log_mode=True, framing=FramingSpec("delimiter"))],
                         ids=["log", "plain", "hex", "framed"])
def test_a_needle_is_found_once_and_painted_where_it_is(options: ViewOptions) -> None:
    layout = laid_out(NUMBERED, options)
    needle = "6C 69 6E 65 20 30 30 30 31 37" if options.hex else "line 00017"
    finder = find_all(layout, needle)
    assert len(finder.matches) == 1
    assert painted(layout, finder, 0).lower() == needle.lower()
    assert layout.item_bytes(finder.matches[0].item).startswith(b"line 00017")


def test_case_regex_headers_and_hex_bytes() -> None:
    layout = laid_out(NUMBERED[:300], ViewOptions(log_mode=True))
    assert len(find_all(layout, "LINE 0000", case=False).matches) == 10
    assert find_all(layout, "LINE 0000", case=True).matches == []
    regex = find_all(layout, r"temp=[56]\b", "regex")
    assert len(regex.matches) == sum(1 for i in range(300) if i % 7 in (5, 6))
    assert painted(layout, regex, 0) in ("temp=5", "temp=6")
    # headers are shown text too: a peer's address finds every message from it
    assert len(find_all(layout, "RX from 10.0.0.2:6000").matches) == 100
    hexed = find_all(layout, "30 30 31 37 20 74", "hex")  # b"0017 t"
    assert len(hexed.matches) == 1 and painted(layout, hexed, 0) == "0017 t"
    with pytest.raises(InvalidPattern):
        Finder(layout, Query("(", "regex"))
    with pytest.raises(InvalidPattern):
        Finder(layout, Query("0G", "hex"))


def test_a_needle_split_across_two_reads_is_found_in_streamed_text() -> None:
    records = [Record(1, T0, Direction.RX, A, b"hello wo"), Record(2, T0, Direction.RX, A, b"rld and more")]
    layout = laid_out(records, ViewOptions())
    finder = find_all(layout, "world")
    assert len(finder.matches) == 1 and painted(layout, finder, 0) == "world"


def test_escapes_and_wrapped_lines_are_found_as_shown() -> None:
    records = [Record(1, T0, Direction.RX, A, b"a\x01b\xffc" + b"x" * 150 + b"needle" + b"y" * 50)]
    layout = laid_out(records, ViewOptions(), cols=40)
    finder = find_all(layout, "\\x01b\\xFF")
    assert len(finder.matches) == 1 and painted(layout, finder, 0) == "\\x01b\\xFF"
    wrapped = find_all(layout, "xneedley")  # across a wrapped row boundary
    assert len(wrapped.matches) == 1 and painted(layout, wrapped, 0) == "xneedley"


def test_notices_are_searched_and_next_wraps() -> None:
    records = [Record(1, T0, Direction.NOTICE, None, b"", Notice("listening", "listening on 0.0.0.0:7788")),
               Record(2, T0, Direction.RX, A, b"7788 is the port"),
               Record(3, T0, Direction.NOTICE, A, b"", Notice("peer-connected", "127.0.0.1:5000 connected"))]
    layout = laid_out(records, ViewOptions(log_mode=True))
    finder = find_all(layout, "7788")
    assert [m.item for m in finder.matches] == [0, 1]
    assert finder.index_after(1, 10**9) == 0  # past the last: wraps to the first
    assert finder.index_after(0, 0) == 0 and finder.index_after(0, finder.matches[0].start) == 1
    assert finder.index_before(0, 0) == 1


def test_a_million_records_near_the_start_found_within_a_second_in_short_slices() -> None:
    store = RecordStore(1 << 40)
    for i in range(1_000_000):
        store.add(i, T0 + i, 0, A, b"message %07d ok\r\n" % i)
    layout = Layout(store, ViewOptions(log_mode=True), cols=120)
    layout.advance()
    started = time.perf_counter()
    finder = Finder(layout, Query("message 0000042 "), start_item=layout.items.end - 10)
    slices = []
    while True:
        t0 = time.perf_counter()
        done = finder.advance(t0 + 0.02)
        slices.append(time.perf_counter() - t0)
        if finder.matches or done:
            break
    assert finder.matches and time.perf_counter() - started < 1.0
    assert max(slices) < 0.05


def test_offsets_and_positions_are_inverse() -> None:
    records = [Record(1, T0, Direction.RX, A, b"ab"), Record(2, T0, Direction.RX, A, b"cd\nef" + b"g" * 50),
               Record(3, T0, Direction.TX, A, b"xyz\n")]
    layout = laid_out(records, ViewOptions(), cols=20)
    total = layout.items.total_rows
    for row in range(total):
        text = "".join(t for t, _ in layout.rows(row, 1)[0][0])
        for col in range(len(text)):  # (the end of a row and the start of the next are the same offset)
            item, offset = layout.offset_at(row, col)
            assert layout.item_text(item)[offset] == text[col]
            assert layout.text_position(item, offset) == (row, col), (row, col, item, offset)


def test_a_needle_deep_in_a_long_record_is_found_in_its_piece() -> None:
    data = b"".join(b"filler line %06d\n" % i for i in range(6000)) + b"the needle\n"  # ~110 KiB, 7 pieces
    layout = laid_out([Record(1, T0, Direction.RX, A, data)], ViewOptions(log_mode=True))
    assert len(layout.items) > 5
    finder = find_all(layout, "the needle")
    assert len(finder.matches) == 1 and painted(layout, finder, 0) == "the needle"
    assert finder.matches[0].item == layout.items.end - 1


def test_find_and_the_filter_run_a_regex_in_linear_time_on_peer_data() -> None:
    """``(a+)+b`` against a peer's 40 × a + ! backtracks for ever on Python's re; on RE2 it is one pass."""
    from app.view.layout import ViewFilter

    evil = [Record(1, T0, Direction.RX, A, b"a" * 40 + b"!\n"), Record(2, T0 + 1, Direction.RX, A, b"xyz\n")]
    store = RecordStore(1 << 40)
    for r in evil:
        store.append(r)
    for options in (ViewOptions(), ViewOptions(log_mode=True)):
        assert find_all(laid_out(evil, options), "(a+)+b", "regex").matches == []
        assert len(find_all(laid_out(evil, options), "(a+)+!", "regex").matches) == 1
        for invert, items in ((False, 0), (True, 2)):
            shown = Layout(store, options, view_filter=ViewFilter(text="(a+)+b", regex=True, invert=invert))
            shown.advance()
            assert shown.items.end - shown.items.first == items
    # what only backtracking can run is refused in words, before it meets any data
    with pytest.raises(InvalidPattern, match="needs backtracking"):
        find_all(laid_out(evil, ViewOptions()), r"(a)\1", "regex")
    with pytest.raises(ValueError, match="needs backtracking"):
        ViewFilter(text=r"(?<=a)a", regex=True).pattern()
