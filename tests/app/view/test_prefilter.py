"""Find and the text filter pass over records by their bytes (app.view.prefilter): the same matches and the same
messages shown as rendering every record, on records with escapes, non-ASCII, CR/LF, brackets, in log mode."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.records import Address, Direction, Notice, Record, RecordStore
from app.core.safe_regex import required_literal
from app.view.layout import Layout, ViewFilter
from app.view.render import ViewOptions
from app.view.search import Finder, Match, Query

A = Address("127.0.0.1", 5000)
B = Address("10.0.0.2", 6000)
T0 = 1_700_000_000_000

#: Pieces records are made of: plain words, escapes' look-alikes, controls, line breaks, brackets, non-ASCII
#: (whole and cut), letters that fold to non-ASCII ones.
PIECES = [b"okay", b"ok", b"ay", b"reading ", b"0042", b"x00", b"Bar", b"\x00", b"\x0b", b"\r\n", b"\n", b"\r",
          b"[", b"[ok", b" ", b"\\", "\u017f\u212a".encode(), "\u212aay".encode(), b"\xe4\xb8\xad",
          b"\xe4", b"\xb8\xad", b"\xff", "é".encode(), b"\t", b"temp=12", b"RX"]
QUERIES = [("okay", "text"), ("OKAY", "text"), ("ok", "text"), ("0042", "text"), ("x00", "text"), ("bar", "text"),
           ("ay", "text"), ("sk", "text"), ("中", "text"), ("reading 00", "text"), ("RX", "text"),
           (r"o\w+y", "regex"), (r"ok.*ay", "regex"), (r"(?i)BAR", "regex"), (r"\d{2}42", "regex"),
           (r"ay$", "regex"), (r"^ok", "regex"), (r"ay\nok", "regex"), (r"x0+", "regex"), (r"temp=\d+", "regex"),
           (r"ok(ay)+", "regex"), (r"\[ok", "regex"), (r"y\s+r", "regex"), (r"K", "regex"), (r"中.", "regex"),
           (r"27\.0\.0\.1:5000\nok", "regex"), (r"RX.*ok", "regex"), ("okok", "text"), ("ayay", "text")]

records = st.lists(st.tuples(st.lists(st.sampled_from(PIECES), max_size=6), st.integers(0, 5)), min_size=1,
                   max_size=30)


def store_of(parts: list[tuple[list[bytes], int]]) -> RecordStore:
    store = RecordStore(1 << 40)
    for k, (pieces, kind) in enumerate(parts):
        t = T0 + k * 7
        if kind == 5:
            store.append(Record(k, t, Direction.RX, A, b"", Notice("info", "okay x00 [ok")))
        else:
            direction = Direction.TX if kind == 4 else Direction.RX
            store.append(Record(k, t, direction, B if kind == 3 else A, b"".join(pieces)))
    return store


def matches(layout: Layout, query: Query, prefilter: bool) -> list[Match]:
    finder = Finder(layout, query, start_item=(layout.items.first + layout.items.end) // 2)
    if not prefilter:  # every item rendered and matched: the reference
        finder._needle = b""
        finder._prefilter = None
    while not finder.advance(time.perf_counter() + 0.01):
        pass
    return sorted(set(finder.matches), key=lambda m: (m.item, m.start, m.end))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.sampled_from(QUERIES), st.booleans(), st.booleans(), st.sampled_from(["utf-8", "latin-1"]))
def test_find_by_bytes_finds_what_rendering_every_item_finds(parts: list[tuple[list[bytes], int]],
                                                            query: tuple[str, str], log_mode: bool, case: bool,
                                                            encoding: str) -> None:
    layout = Layout(store_of(parts), ViewOptions(log_mode=log_mode, encoding=encoding), cols=40)
    layout.advance()
    q = Query(query[0], query[1], case)  # type: ignore[arg-type]
    found = matches(layout, q, True)
    assert found == matches(layout, q, False)
    finder = Finder(layout, q)
    finder.advance()
    assert len(finder.matches) == len(set(finder.matches))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.sampled_from(QUERIES), st.booleans(), st.sampled_from(["utf-8", "latin-1", "gbk", "utf-16-le"]))
def test_the_filter_skipping_by_bytes_shows_what_rendering_every_message_shows(
        parts: list[tuple[list[bytes], int]], query: tuple[str, str], log_mode: bool, encoding: str) -> None:
    store = store_of(parts)
    vf = ViewFilter(text=query[0], regex=query[1] == "regex")
    options = ViewOptions(log_mode=log_mode, encoding=encoding)
    fast = Layout(store, options, cols=40, view_filter=vf)
    slow = Layout(store, options, cols=40, view_filter=vf)
    slow._skip = None
    fast.advance()
    slow.advance()
    shown = [fast.item_text(k) for k in range(fast.items.first, fast.items.end)]
    assert shown == [slow.item_text(k) for k in range(slow.items.first, slow.items.end)]
    assert (fast.laid_records, fast.laid_bytes) == (slow.laid_records, slow.laid_bytes)


def test_the_filter_drops_a_chunk_by_one_search_and_keeps_a_match_hidden_behind_one_across_records() -> None:
    """Records searched together: "okok" first matches across records 0 and 1 ("ok" + "okok"), in neither; the
    one inside record 1 is still found. Records that cannot match are never rendered."""
    store = RecordStore(1 << 40)
    for k, data in enumerate([b"ok", b"okok", b"xyz", b"ok", b"ok"] + [b"reading %d" % k for k in range(300)]):
        store.append(Record(k, T0 + k, Direction.RX, A, data))
    layout = Layout(store, ViewOptions(log_mode=True), cols=40, view_filter=ViewFilter(text="okok"))
    rendered: list[int] = []
    record = layout._record
    layout._record = lambda c, j, pos: (rendered.append(pos), record(c, j, pos))  # type: ignore[method-assign]
    layout.advance()
    assert [layout.item_text(k).split("\n", 1)[1] for k in range(layout.items.first, layout.items.end)] == ["okok"]
    assert rendered == [1]
    assert (layout.laid_records, layout.laid_bytes) == (305, sum(len(store[k].data) for k in range(305)))


def test_a_regex_is_found_from_its_literal_in_the_bytes_even_where_the_match_begins_in_the_item_before() -> None:
    store = RecordStore(1 << 40)
    for k, data in enumerate([b"x", b"=", b"12 okay\n", b"noise\n" * 3]):
        store.append(Record(k, T0 + k, Direction.RX, A, data))
    layout = Layout(store, ViewOptions(), cols=80)
    layout.advance()
    finder = Finder(layout, Query(r"x=\d+ okay", "regex"))
    assert finder._prefilter is not None and finder._literal == " okay"
    finder.advance()
    assert [(m.item, m.start) for m in finder.matches] == [(0, 0)]


def test_needles_that_escapes_or_case_folding_can_make_are_found() -> None:
    """Text shown that is not in the bytes as such: the tail of an escape, the Kelvin sign for k."""
    store = RecordStore(1 << 40)
    for k, data in enumerate([b"\x00000042", b"\x0bar", "o\u212aay".encode(), b"plain"]):
        store.append(Record(k, T0 + k, Direction.RX, A, data))
    layout = Layout(store, ViewOptions(), cols=80)
    layout.advance()
    for text, case, item in [("0000042", False, 0), ("Bar", True, 1), ("okay", False, 2)]:
        finder = Finder(layout, Query(text, "text", case))
        finder.advance()
        assert [m.item for m in finder.matches] == [item], text


def test_required_literal() -> None:
    assert required_literal(r"reading 00000\d2 ") == ("reading 00000", False)
    assert required_literal(r"(?i)abc") == ("abc", True)
    assert required_literal(r"ab(?i:cd)+ef") == ("ab", True)
    assert required_literal(r"x{2,}yy") == ("yy", False)
    assert required_literal(r"foo(bar)?baz") == ("foo", False)
    for none in [r"a|b", r"\d+", r"a{,3}", r"[[:alpha:]]+z", r"(ab)*"]:
        assert required_literal(none) is None, none
