from __future__ import annotations

from app.core.records import Address, Direction, Notice, Record, RecordStore
from app.view.layout import Renderer, render_text
from app.view.render import BAD, TEXT_LINE_CHARS, ViewOptions

A = Address("127.0.0.1", 5000)
B = Address("127.0.0.1", 6000)


def rec(seq: int, data: bytes, d: Direction = Direction.RX, peer: Address | None = A) -> Record:
    return Record(seq, 1_700_000_000_123, d, peer, data)


def test_split_gb2312_renders_whole_in_text_and_log_mode() -> None:
    b = "哈哈".encode("gb2312")
    records = [rec(i + 1, b[i:i + 1]) for i in range(4)]
    assert render_text(records, ViewOptions(encoding="gb2312")) == "哈哈"
    logged = render_text(records, ViewOptions(encoding="gb2312", log_mode=True))
    # each character whole, under the header of the read that completed it, which says the byte it carries; the
    # reads that only began a character show no (empty) record of their own
    assert logged.splitlines() == ["[2023-11-14 22:13:20.123] RX from 127.0.0.1:5000 (2 bytes, 1 of them from before)",
                                   "哈"] * 2
    three = "哈".encode()  # UTF-8: three reads of a byte, then a read that completes nothing and adds a line
    logged = render_text([rec(1, three[:1]), rec(2, three[1:2]), rec(3, three[2:] + b"!"), rec(4, b"ok\n")],
                         ViewOptions(log_mode=True))
    assert logged.splitlines()[0].endswith("RX from 127.0.0.1:5000 (4 bytes, 2 of them from before)")
    assert logged.splitlines()[1:] == ["哈!", "[2023-11-14 22:13:20.123] RX from 127.0.0.1:5000", "ok"]


def test_hex_mode_and_line_width() -> None:
    text = render_text([rec(1, bytes(range(20)))], ViewOptions(hex=True))
    assert text.splitlines() == [
        "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F",
        "10 11 12 13",
    ]
    # a later record continues the open line of the same stream
    assert render_text([rec(1, b"\x01"), rec(2, b"\x02")], ViewOptions(hex=True)) == "01 02"


def test_streams_of_different_peers_start_new_lines() -> None:
    text = render_text([rec(1, b"ab", peer=A), rec(2, b"cd", peer=B), rec(3, b"ef", d=Direction.TX)],
                       ViewOptions())
    assert text.splitlines() == ["ab", "cd", "ef"]


def test_undecodable_bytes_are_their_own_style() -> None:
    runs = Renderer(ViewOptions()).render([rec(1, b"ok\xffok")])
    assert ("\\xFF", BAD) in runs
    assert "".join(t for t, _ in runs) == "ok\\xFFok"


def test_long_runs_without_newline_are_broken() -> None:
    text = render_text([rec(1, b"x" * (TEXT_LINE_CHARS * 2 + 5))], ViewOptions())
    assert [len(line) for line in text.splitlines()] == [TEXT_LINE_CHARS, TEXT_LINE_CHARS, 5]


def test_notices_and_crlf() -> None:
    records = [
        Record(1, 0, Direction.NOTICE, A, b"", Notice("peer-connected", "127.0.0.1:5000 connected")),
        rec(2, b"line1\r\nline2\r"),
    ]
    text = render_text(records, ViewOptions())
    assert text.splitlines()[0].endswith("* 127.0.0.1:5000 connected")
    assert text.splitlines()[1:] == ["line1", "line2"]


def test_incomplete_character_at_end_is_flushed_as_hex() -> None:
    assert render_text([rec(1, "哈".encode()[:2])], ViewOptions()) == "\\xE5\\x93"


def test_control_characters_are_shown_as_marked_hex() -> None:
    runs = Renderer(ViewOptions()).render([rec(1, b"a\x01\x7fb\tc")])
    assert ("\\x01\\x7F", BAD) in runs
    assert "".join(t for t, _ in runs) == "a\\x01\\x7Fb\tc"


def test_framing_groups_the_stream_and_shows_partials_when_the_peer_leaves() -> None:
    from app.core.framing import FramingSpec

    records = [rec(1, b"AT\r"), rec(2, b"\nOK\r\nPART"),
               Record(3, 0, Direction.NOTICE, A, b"", Notice("peer-disconnected", "gone", "closed-by-peer"))]
    text = render_text(records, ViewOptions(framing=FramingSpec("delimiter")))
    assert text.splitlines()[:3] == ["AT", "OK", "PART"]
    logged = render_text(records, ViewOptions(log_mode=True, framing=FramingSpec("delimiter")))
    assert logged.count("RX from 127.0.0.1:5000") == 3
    hexed = render_text([rec(1, b"\x01\x02\x03\x04\x05")], ViewOptions(hex=True, framing=FramingSpec("fixed", size=2)))
    assert hexed.splitlines() == ["01 02", "03 04", "05"]


def test_messages_show_binary_ones_in_hex_in_a_text_view() -> None:
    """A WebSocket page (ViewOptions.messages): each record is a message, text or binary by its own flag; in a
    text view a binary message shows as bytes (hex), a text one as text; in hex, both in hex."""
    from app.core.records import FLAG_TEXT
    from app.view.layout import Layout
    from app.view.search import Finder, Query

    records = [Record(1, 1_700_000_000_123, Direction.RX, A, "héllo".encode(), flags=FLAG_TEXT),
               Record(2, 1_700_000_000_123, Direction.RX, A, b"\xff\x00\x80abc"),
               Record(3, 1_700_000_000_123, Direction.TX, A, b"\x01\x02"),
               Record(4, 1_700_000_000_123, Direction.TX, A, b"done", flags=FLAG_TEXT)]
    log = render_text(records, ViewOptions(log_mode=True, messages=True)).splitlines()
    assert log[1::2] == ["héllo", "FF 00 80 61 62 63", "01 02", "done"]
    assert render_text(records, ViewOptions(hex=True, log_mode=True, messages=True)).splitlines()[1::2] == [
        "68 C3 A9 6C 6C 6F", "FF 00 80 61 62 63", "01 02", "64 6F 6E 65"]
    # without the option (a TCP page) the flags change nothing: the bytes as text
    assert render_text(records, ViewOptions(log_mode=True)).splitlines()[3] == "\\xFF\\x00\\x80abc"
    # streamed (log mode off), the text log's renderer and the view's text agree
    plain = render_text(records, ViewOptions(messages=True))
    renderer = Renderer(ViewOptions(messages=True))
    streamed = "".join(t for t, _ in renderer.render(records) + renderer.flush())
    assert "FF 00 80 61 62 63" in plain and plain.rstrip("\n") == streamed.rstrip("\n")
    # find searches what is shown: the hex of a binary message, the text of a text one
    store = RecordStore(1 << 30)
    for r in records:
        store.append(r)
    layout = Layout(store, ViewOptions(log_mode=True, messages=True))
    layout.advance()
    assert layout.item_text(1).endswith("FF 00 80 61 62 63")
    for text, mode, hits in (("80 61", "text", 1), ("abc", "text", 0), ("héllo", "text", 1),
                             ("61 62", "hex", 1), ("6c 6c", "hex", 1)):
        finder = Finder(layout, Query(text, mode=mode))
        finder.advance()
        assert len(finder.matches) == hits, (text, mode)


def test_the_columns_escapes_add_are_counted_as_the_escapes_are_written() -> None:
    """RowCount counts a line's escapes by runs (one bytes.translate for an ASCII line), never building them:
    the same columns as the escapes written out, for every kind of invisible character."""
    import random

    from app.view.render import escape, escapes_width

    rng = random.Random(5)
    every = [chr(c) for c in [*range(0x00, 0x2A0), 0x061C, 0x180E, *range(0x2000, 0x2070), 0xFEFF,
                              *range(0xDC00, 0xDD00)] if c != 0x0A]
    ascii_only = [chr(c) for c in range(0x80) if c != 0x0A]
    for alphabet in (every, ascii_only):
        for _ in range(5000):
            line = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
            assert len(line) + escapes_width(line) == len(escape(line)), repr(line)
    zeros = "\x00\x00\x00\x00\x00\x03\udcd0\x39" + "\x00" * 56  # (a counter and padding, as datagrams often are)
    assert len(zeros) + escapes_width(zeros) == len(escape(zeros)) == 8 * 4 - 3 + 56 * 4
def test_the_quick_plain_check_never_passes_an_escaped_or_wide_character() -> None:
    """is_plain's quick check (the usual characters) says plain only where the classes of escaped and wide
    characters would."""
    from app.view.render import _ODD, _USUAL, is_plain

    for code in range(0x110000):
        ch = chr(code)
        if _USUAL.search(ch) is None:
            assert _ODD.search(ch) is None, hex(code)
    assert not is_plain("ok\u202eevil") and not is_plain("温度") and not is_plain("a\x85") and is_plain("↳ a=1 ✓")
