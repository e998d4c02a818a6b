"""The layout: row counts agree with what is painted, for any records, options and width; filters,
idle-gap framing by time, transfers, eviction and the time-sliced pass."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.framing import FramingSpec
from app.core.records import FLAG_TRANSFER, FLAG_TRANSFER_START, Address, Direction, Notice, Record, RecordStore
from app.decode import BUILTINS
from app.view.layout import K_SUMMARY, Layout, Renderer, ViewFilter
from app.view.render import ViewOptions, width

A = Address("127.0.0.1", 5000)
B = Address("::1", 6000)
T0 = 1_700_000_000_000

PIECES = [b"a", b"bc", b"\r", b"\n", b"\r\n", "哈".encode(), "哈".encode()[:1], "哈".encode()[1:], b"\x01",
          b"\xff", b"x" * 30, "温度".encode("gbk"), b"[", "\u202e".encode(), b"\t", "中文字符很宽".encode() * 3]


@st.composite
def record_lists(draw: st.DrawFn) -> list[Record]:
    out = []
    for i in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(["rx", "rx", "tx", "notice", "gone", "error"]))
        peer = draw(st.sampled_from([A, B, None]))
        t = T0 + i * draw(st.sampled_from([1, 10, 100]))
        if kind == "notice":
            out.append(Record(i + 1, t, Direction.NOTICE, peer, b"", Notice("listening", "listening on somewhere")))
        elif kind == "gone":
            out.append(Record(i + 1, t, Direction.NOTICE, peer, b"", Notice("peer-disconnected", "gone", "reset")))
        elif kind == "error":
            out.append(Record(i + 1, t, Direction.NOTICE, None, b"", Notice("error", "a long error " * 5)))
        else:
            data = b"".join(draw(st.lists(st.sampled_from(PIECES), max_size=8)))
            out.append(Record(i + 1, t, Direction.RX if kind == "rx" else Direction.TX, peer, data))
    return out


SPECS = st.sampled_from([FramingSpec(), FramingSpec("delimiter"), FramingSpec("fixed", size=5),
                         FramingSpec("length", length_size=1), FramingSpec("idle", idle_ms=20)])
OPTIONS = st.builds(ViewOptions, hex=st.booleans(), log_mode=st.booleans(),
                    encoding=st.sampled_from(["utf-8", "gb18030"]), framing=SPECS,
                    decoder=st.sampled_from([None, None, BUILTINS["modbus-rtu"], BUILTINS["json"], BUILTINS["tftp"]]))


def store_of(records: list[Record], limit: int = 1 << 40) -> RecordStore:
    store = RecordStore(limit)
    for r in records:
        store.append(r)
    return store


def row_text(runs: list[tuple[str, str]]) -> str:
    return "".join(t for t, _ in runs)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(record_lists(), OPTIONS, st.sampled_from([8, 13, 40, 1024]), st.booleans(), st.sampled_from([16, 48, 0]))
# a long message cut into pieces whose last piece only begins a character (it shows no text of its own): its
# decoded line starts a row of its own after the row the piece before left open (item_text said so too)
@example([Record(1, T0, Direction.RX, A, b"aaabcbc" + "温度".encode("gbk") * 2 + b"a\x81")],
         ViewOptions(encoding="gb18030", decoder=BUILTINS["modbus-rtu"]), 8, False, 16)
@example([Record(1, T0, Direction.RX, A, b"aaabcbc" + "哈哈".encode() + b"\xce\xc2\xb6\xc8")],
         ViewOptions(encoding="utf-8", decoder=BUILTINS["modbus-rtu"]), 8, True, 16)
def test_rows_counted_are_rows_painted(records: list[Record], options: ViewOptions, cols: int,
                                       sliced: bool, piece: int) -> None:
    import app.view.layout as layout_module

    saved = layout_module.PIECE
    layout_module.PIECE = piece or saved  # small pieces: long messages are laid out as several items
    try:
        check_rows(records, options, cols, sliced)
    finally:
        layout_module.PIECE = saved


def check_rows(records: list[Record], options: ViewOptions, cols: int, sliced: bool) -> None:
    store = store_of(records)
    layout = Layout(store, options, cols=cols, summary_bytes=40)
    if sliced:  # a pass cut into slices lays out the same as one pass
        while not layout.advance(deadline=time.perf_counter() - 1):
            pass
    else:
        layout.advance()
    items = layout.items
    total = items.total_rows
    for item in range(items.first, items.end):
        r = layout.render_item(item)
        assert items.rows(item) == len(r.rows) - (1 if r.continues else 0), (item, r.rows)
        assert layout.item_text(item) == r.joined(), (item, r.rows, r.joins)
    rows = layout.rows(0, total + 5)
    assert len(rows) == total
    for k in range(total):  # scrolling to any row paints the same row
        assert layout.rows(k, 1)[0][0] == rows[k][0]
    # nothing wider than the view, but a hex row (16 bytes), a summary (clipped) or a lone wide character
    widest = max(cols, 47) if options.hex else cols
    for runs, _item in rows:
        w = width(row_text(runs))
        assert w <= widest or len(row_text(runs)) == 1 or "bytes" in row_text(runs), (w, cols, runs)
    # the view's text is the streaming renderer's (the text log) at the same width
    streamed = Renderer(options, cols=cols, summary_bytes=40)
    text = "".join(t for rec in records for t, _ in streamed.render([rec])) + "".join(t for t, _ in streamed.flush())
    assert Layout(store, options, cols=cols, summary_bytes=40).text() == text


def test_a_peer_cannot_forge_a_notice_or_hide_characters() -> None:
    forged = "[2026-01-01 00:00:00.000] * 10.0.0.1:80 connected\nok\u202eevil\u200b\x85".encode()
    store = store_of([Record(1, T0, Direction.RX, A, forged)])
    text = Layout(store, ViewOptions(log_mode=True)).text()
    body = text.splitlines()[1:]
    assert body[0].startswith("\\x5B2026") and not any(line.startswith("[") for line in body)
    assert "\\u202E" in body[1] and "\\u200B" in body[1] and "\\u0085" in body[1]


def test_peer_direction_and_text_filters() -> None:
    records = [Record(1, T0, Direction.NOTICE, None, b"", Notice("listening", "listening")),
               Record(2, T0, Direction.NOTICE, A, b"", Notice("peer-connected", "A connected")),
               Record(3, T0, Direction.RX, A, b"temp=21\n"), Record(4, T0, Direction.RX, B, b"temp=99\n"),
               Record(5, T0, Direction.TX, A, b"ack\n"), Record(6, T0, Direction.RX, A, b"hum=40\n")]
    store = store_of(records)
    opts = ViewOptions(log_mode=True)

    def shown(f: ViewFilter) -> str:
        return Layout(store, opts, view_filter=f).text()

    only_a = shown(ViewFilter(peer=A))
    assert "temp=21" in only_a and "temp=99" not in only_a and "listening" in only_a and "A connected" in only_a
    rx = shown(ViewFilter(direction="rx"))
    assert "temp=21" in rx and "ack" not in rx and "listening" not in rx
    assert shown(ViewFilter(direction="notice")).count("*") == 2
    regex = shown(ViewFilter(text=r"temp=\d+", regex=True))
    assert "temp=21" in regex and "temp=99" in regex and "hum" not in regex and "ack" not in regex
    inverted = shown(ViewFilter(text="temp", invert=True))
    assert "temp" not in inverted and "hum=40" in inverted and "ack" in inverted
    assert "hum=40" in shown(ViewFilter(text="RX FROM 127.0.0.1:5000".lower().replace("rx from", "RX from")))


def test_the_text_filter_keeps_matching_lines_in_text_and_messages_in_hex_or_framed() -> None:
    # lines sent in bursts: a read holds eight lines, every third line an error; \n-only line ends
    lines = [f"{'ERR' if k % 3 == 0 else 'ok '} line {k:03d}" for k in range(160)]
    bursts = ["".join(f"{x}\n" for x in lines[i:i + 8]).encode() for i in range(0, 160, 8)]
    store = store_of([Record(k + 1, T0 + k, Direction.RX, A, b) for k, b in enumerate(bursts)]
                     + [Record(99, T0 + 99, Direction.TX, A, b"ERR? ok\n")])
    errors = [x for x in lines if "ERR" in x]
    for log in (True, False):
        opts = ViewOptions(log_mode=log)
        shown = Layout(store, opts, view_filter=ViewFilter(text="ERR")).text().splitlines()
        body = [x for x in shown if not x.startswith("[")]
        assert body == [*errors, "ERR? ok"]  # every line that matches, none that does not (as grep)
        heads = [x for x in shown if x.startswith("[")]
        assert len(heads) == (21 if log else 0)  # each under its record's header, in log mode
        inverted = Layout(store, opts, view_filter=ViewFilter(text="ERR", invert=True)).text().splitlines()
        assert [x for x in inverted if not x.startswith("[")] == [x for x in lines if "ERR" not in x]
        regex = Layout(store, opts, view_filter=ViewFilter(text=r"^ERR line \d+5$", regex=True)).text()
        assert [x for x in regex.splitlines() if not x.startswith("[")] == [x for x in errors if x.endswith("5")]
        # what is laid out for the view is what is rendered
        layout = Layout(store, opts, view_filter=ViewFilter(text="ERR"))
        layout.advance()
        assert [t for t in (("".join(r for r, _ in runs)) for runs, _i in layout.rows(0, 10_000))
                if not t.startswith("[")] == [*errors, "ERR? ok"]
    # hex: the read stays the unit (as its hex shows); framed: the frame
    hexed = Layout(store, ViewOptions(hex=True), view_filter=ViewFilter(text="45 52 52 3F")).text()
    assert hexed.count("0A") == 1
    framed = Layout(store, ViewOptions(log_mode=True, framing=FramingSpec("delimiter")),
                    view_filter=ViewFilter(text="ERR")).text().splitlines()
    assert [x for x in framed if not x.startswith("[")] == [*errors, "ERR? ok"]
    assert len([x for x in framed if x.startswith("[")]) == len(errors) + 1  # a frame a line: \n ends it


def test_idle_gap_ends_the_last_frame_by_time_with_its_first_byte_time() -> None:
    store = store_of([Record(1, T0, Direction.RX, A, b"AB"), Record(2, T0 + 5, Direction.RX, A, b"C"),
                      Record(3, T0 + 100, Direction.RX, A, b"DE")])
    layout = Layout(store, ViewOptions(log_mode=True, framing=FramingSpec("idle", idle_ms=20)))
    layout.advance()
    assert len(layout.items) == 1  # ABC ended when DE came 95 ms later; DE is still open
    assert layout.next_deadline() == T0 + 100 + 20 + 1
    layout.expire(T0 + 110)
    assert len(layout.items) == 1  # not yet
    layout.expire(T0 + 121)
    assert len(layout.items) == 2
    text = "\n".join(row_text(r) for r, _ in layout.rows(0, 10))
    assert "ABC" in text and "DE" in text
    from app.view.render import format_time

    assert f"[{format_time(T0)}]" in text and f"[{format_time(T0 + 100)}]" in text and "1970" not in text


def test_a_file_transfer_is_one_summary_line_that_expands() -> None:
    chunk = bytes(range(256)) * 256  # 64 KiB
    records = [Record(1, T0, Direction.TX, A, b"\x00\x50\x00\x00", flags=FLAG_TRANSFER | FLAG_TRANSFER_START)]
    records += [Record(i + 2, T0, Direction.TX, A, chunk, flags=FLAG_TRANSFER) for i in range(80)]
    records.append(Record(90, T0, Direction.NOTICE, None, b"", Notice("file-sent", "file x sent")))
    store = store_of(records)
    layout = Layout(store, ViewOptions(hex=True, log_mode=True))
    layout.advance()
    assert len(layout.items) == 2 and layout.items.meta(0) & K_SUMMARY
    assert layout.items.total_rows == 3  # header, summary, notice
    summary = row_text(layout.rows(1, 1)[0][0])
    assert summary.startswith("00 50 00 00 00 01 02") and "5,242,884" in summary
    assert len(layout.item_bytes(0)) == 4 + 80 * len(chunk)
    layout.toggle_expanded(0)
    assert layout.items.total_rows == 1 + (4 + 80 * len(chunk) + 15) // 16 + 1
    layout.toggle_expanded(0)
    assert layout.items.total_rows == 3


def test_a_long_send_is_summarised_but_received_data_is_not() -> None:
    big = b"y" * 10_000
    store = store_of([Record(1, T0, Direction.TX, A, big), Record(2, T0, Direction.RX, A, big)])
    text = Layout(store, ViewOptions()).text()
    assert "… 10,000 bytes" in text and text.count("y") == 24 + 10_000 + 1  # (the y of "bytes")


def test_evicted_records_leave_the_layout_cleanly() -> None:
    store = RecordStore(20_000)
    layout = Layout(store, ViewOptions(log_mode=True))
    for i in range(2000):
        store.append(Record(i + 1, T0 + i, Direction.RX, A, f"line {i}\n".encode()))
        if i % 97 == 0:
            layout.advance()
    layout.advance()
    assert layout.items.first > 0 and store.head > 0
    rows = layout.rows(0, layout.items.total_rows)
    assert len(rows) == layout.items.total_rows
    assert row_text(rows[-1][0]) == "line 1999"
    first_item = rows[0][1]
    assert layout.items.pos(first_item) >= store.head


def test_a_lagging_pass_restarts_at_the_oldest_retained_record() -> None:
    store = RecordStore(4_000)
    layout = Layout(store, ViewOptions())
    for i in range(1000):
        store.append(Record(i + 1, T0, Direction.RX, A, b"%d\n" % i))
    layout.advance()
    assert row_text(layout.rows(layout.items.total_rows - 1, 1)[0][0]) == "999"
    assert layout.laid_records < 1000


def test_positions_map_to_items_across_layouts() -> None:
    store = store_of([Record(i + 1, T0, Direction.RX, A, b"message %d\r\n" % i) for i in range(100)])
    a = Layout(store, ViewOptions(log_mode=True))
    b = Layout(store, ViewOptions(hex=True, framing=FramingSpec("delimiter")))
    a.advance()
    b.advance()
    item = a.items.item_at(store.head + 42)
    same = b.items.item_at(a.items.pos(item))
    assert b.item_bytes(same) == b"message 42\r\n"


def test_peers_that_come_and_go_leave_nothing_behind_in_the_layout() -> None:
    """A server's clients churning for hours (the soak: ~170 new clients a minute): each one's header rows and
    streams go when it leaves, so the layout's per-peer state stays as small as the peers still there."""
    records: list[Record] = []
    for i in range(3000):
        peer = Address("127.0.0.1", 10_000 + i)
        records.append(Record(3 * i + 1, T0 + i, Direction.RX, peer, b"temp=35\r\n"))
        records.append(Record(3 * i + 2, T0 + i, Direction.TX, peer, b"HOT\r\n"))
        records.append(Record(3 * i + 3, T0 + i, Direction.NOTICE, peer, b"", Notice("peer-disconnected", "gone")))
    for options in (ViewOptions(log_mode=True), ViewOptions(log_mode=True, hex=True)):
        layout = Layout(store_of(records), options, cols=80)
        layout.advance()
        assert len(layout._header_rows) <= 2 and len(layout._streams) <= 2


def test_what_the_layout_keeps_per_item_goes_with_evicted_records() -> None:
    """Characters split across reads (a prefix carried into the next record) and long messages (pieces): what
    the layout keeps per item for them goes when their records leave the store (the soak grew ~1 MB a minute)."""
    import app.view.layout as layout_module

    saved = layout_module.PIECE
    layout_module.PIECE = 64
    try:
        store = RecordStore(16_000)
        layout = Layout(store, ViewOptions(log_mode=True))
        word = "温度".encode()
        for i in range(4000):
            data = (b"x" * 150 + word) if i % 2 else word[1:] + b"y\n"  # a character split across two reads
            store.append(Record(i + 1, T0 + i, Direction.RX, A, data[:-1] if i % 2 else data))
            if i % 50 == 0:
                layout.advance()
        layout.advance()
        assert layout.items.first > 0 and layout.prefix and layout.pieces
        live = len(layout.items)
        assert len(layout.prefix) <= live and len(layout.pieces) <= live
        assert min(layout.prefix) >= layout.items.first and min(layout.pieces) >= layout.items.first
    finally:
        layout_module.PIECE = saved
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "bc", "\n", "x" * 30, "[", "↳ ", "✓"]), max_size=12).map("".join),
       st.sampled_from([8, 13, 40, 72]))
def test_plain_block_rows_are_the_row_counters(body: str, cols: int) -> None:
    """A body of plain characters (or a decoded line) counted by arithmetic takes the rows RowCount counts."""
    from app.view.render import RowCount

    rc = RowCount(max(8, cols))
    rc.text(body)
    assert Layout(store_of([]), ViewOptions(), cols=cols)._block_rows(body) == rc.opened


def test_a_pass_with_a_decoder_looks_at_the_clock_every_few_messages() -> None:
    """A decoder's cost grows with a message's bytes: a slice that is due stops within 16 messages (256 without
    a decoder), so one slice cannot hold the loop for 256 messages of decoding."""
    records = [Record(i + 1, T0 + i, Direction.RX, A, b'{"n": %d, "pad": "%s"}\n' % (i, b"x" * 4000))
               for i in range(600)]
    store = store_of(records)
    for decoder, most in ((BUILTINS["json"], 16), (None, 256)):
        layout = Layout(store, ViewOptions(log_mode=True, decoder=decoder))
        assert not layout.advance(deadline=time.perf_counter() - 1)  # (already due: one step, then it stops)
        assert 0 < len(layout.items) <= most, (decoder, len(layout.items))
        while not layout.advance(deadline=time.perf_counter() - 1):
            pass
        assert len(layout.items) == len(records)
