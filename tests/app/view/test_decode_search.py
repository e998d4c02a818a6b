"""Find and the text filter over decoded lines: ``function=3`` and ``valid=false`` find messages."""

from __future__ import annotations

import time

import pytest

from app.core.framing import FramingSpec
from app.core.records import Address, Direction, Record, RecordStore
from app.decode import BUILTINS
from app.view.layout import Layout, ViewFilter
from app.view.render import ViewOptions
from app.view.search import Finder, Query

A = Address("127.0.0.1", 5020)
T0 = 1_700_000_000_000
MODBUS = BUILTINS["modbus-rtu"]
REQUEST = bytes.fromhex("01 03 00 00 00 02 C4 0B")  # read holding registers 0-1 (function 3)
GOOD = bytes.fromhex("01 03 02 00 2A 39 9B")  # a response, CRC right
BAD = bytes.fromhex("01 03 02 00 2A 38 5B")  # the README's old peer: CRC wrong
WRITE = bytes.fromhex("01 06 00 01 00 03 98 0B")  # write single register (function 6)


def records() -> list[Record]:
    out = []
    for i in range(600):
        data, direction = [(REQUEST, Direction.TX), (GOOD, Direction.RX), (WRITE, Direction.TX),
                           (BAD if i == 451 else GOOD, Direction.RX)][i % 4]
        out.append(Record(i + 1, T0 + i, direction, A, data))
    return out


def laid_out(options: ViewOptions, view_filter: ViewFilter | None = None) -> Layout:
    store = RecordStore(1 << 40)
    for r in records():
        store.append(r)
    layout = Layout(store, options, cols=200, view_filter=view_filter)
    layout.advance()
    return layout


def find_all(layout: Layout, text: str, mode: str = "text") -> Finder:
    finder = Finder(layout, Query(text, mode))  # type: ignore[arg-type]
    slices = 0
    while not finder.advance(time.perf_counter() + 0.002):
        slices += 1
    return finder


OPTIONS = [ViewOptions(decoder=MODBUS), ViewOptions(decoder=MODBUS, log_mode=True),
           ViewOptions(decoder=MODBUS, hex=True), ViewOptions(decoder=MODBUS, hex=True, log_mode=True)]


@pytest.mark.parametrize("options", OPTIONS, ids=["text", "log", "hex", "hex-log"])
def test_find_matches_the_decoded_line(options: ViewOptions) -> None:
    layout = laid_out(options)
    finder = find_all(layout, "function=6")
    assert len(finder.matches) == 150
    for m in finder.matches[:5]:
        assert layout.message_bytes(m.item) == WRITE
        assert layout.item_text(m.item)[m.start:m.end] == "function=6"
    # a regex over the decoded line
    assert len(find_all(layout, r"registers\[0\]=42 crc=\S+ ✓", "regex").matches) == 299


@pytest.mark.parametrize("options", OPTIONS, ids=["text", "log", "hex", "hex-log"])
def test_valid_false_finds_the_message_whose_checksum_fails(options: ViewOptions) -> None:
    layout = laid_out(options)
    finder = find_all(layout, "valid=false")
    assert len(finder.matches) == 1
    m = finder.matches[0]
    assert layout.message_bytes(m.item) == BAD
    # the match is the checksum as the line shows it
    assert layout.item_text(m.item)[m.start:m.end] == "crc=0x5B38 ✗ (expected 0x9B39)"
    assert len(find_all(layout, "crc.valid=true").matches) == 599
    # without a decoder, nothing of the kind is there to find
    assert find_all(laid_out(ViewOptions(hex=options.hex, log_mode=options.log_mode)), "valid=false").matches == []
    assert find_all(laid_out(ViewOptions(hex=options.hex, log_mode=options.log_mode)), "function=6").matches == []


@pytest.mark.parametrize("options", [*OPTIONS, ViewOptions(decoder=MODBUS, framing=FramingSpec("fixed", size=7))],
                         ids=["text", "log", "hex", "hex-log", "framed"])
def test_the_text_filter_matches_the_decoded_line(options: ViewOptions) -> None:
    shown = laid_out(options, ViewFilter(text="valid=false"))
    if options.framing.active:  # fixed 7-byte frames of a mixed stream: count what the filter keeps
        assert shown.items.end - shown.items.first >= 1
        assert all("✗" in shown.item_text(k) for k in range(shown.items.first, shown.items.end))
        return
    assert shown.items.end - shown.items.first == 1
    assert shown.message_bytes(shown.items.first) == BAD
    writes = laid_out(options, ViewFilter(text="function=6"))
    assert writes.items.end - writes.items.first == 150
    text = writes.text()
    assert "function=6 (Write Single Register" in text and "function=3" not in text
    # inverted: every message but the one whose CRC fails
    others = laid_out(options, ViewFilter(text="valid=false", invert=True))
    assert others.items.end - others.items.first == 599
    # the filter does not match in the line what is not there
    assert laid_out(options, ViewFilter(text="function=9")).items.end == laid_out(
        options, ViewFilter(text="function=9")).items.first
