"""Chart extractors: numbers out of a stream's bytes wherever reads cut it (app/chart/extract.py)."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.chart.extract import (
    JUSTFLOAT_TAIL,
    MAX_LINE,
    ChartSource,
    FieldsExtractor,
    JustFloatExtractor,
    LinesExtractor,
    RegexExtractor,
)
from app.view.search import InvalidPattern


def feed_in_pieces(extractor, data: bytes, cuts: list[int]) -> list:
    """``data`` fed as the reads ``cuts`` make of it; every sample, in order."""
    out = []
    last = 0
    for c in [*sorted(set(cuts)), len(data)]:
        out += extractor.feed(data[last:c])
        last = c
    return out


LABELLED = b"temp:23.5,hum:41\r\ntemp=-1.25 hum = 4e2\npressure: 1013.2\ttemp:0\n"
LABELLED_SAMPLES = [[("temp", 23.5), ("hum", 41.0)], [("temp", -1.25), ("hum", 400.0)],
                    [("pressure", 1013.2), ("temp", 0.0)]]
UNLABELLED = b"1,2,3\n4 5\t6\r\n-7.5,,8\n"
UNLABELLED_SAMPLES = [[("ch1", 1.0), ("ch2", 2.0), ("ch3", 3.0)], [("ch1", 4.0), ("ch2", 5.0), ("ch3", 6.0)],
                      [("ch1", -7.5), ("ch2", 8.0)]]


@pytest.mark.parametrize(("data", "samples"), [(LABELLED, LABELLED_SAMPLES), (UNLABELLED, UNLABELLED_SAMPLES)])
def test_lines_split_at_every_byte_boundary_give_the_same_samples(data: bytes, samples: list) -> None:
    for cut in range(len(data) + 1):
        e = LinesExtractor()
        assert feed_in_pieces(e, data, [cut]) == samples, cut
        assert e.bad == 0


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), min_size=1,
                                 max_size=6), min_size=1, max_size=12),
       labelled=st.booleans(), sep=st.sampled_from([",", " ", "\t", ", "]), end=st.sampled_from(["\n", "\r\n"]),
       cuts=st.lists(st.integers(0, 2000), max_size=30))
def test_lines_cut_anywhere_into_many_reads(values: list[list[float]], labelled: bool, sep: str, end: str,
                                             cuts: list[int]) -> None:
    text = ""
    expected = []
    for row in values:
        names = [f"s{k}" if labelled else f"ch{k + 1}" for k in range(len(row))]
        text += sep.join(f"{n}:{v!r}" if labelled else repr(v) for n, v in zip(names, row, strict=True)) + end
        expected.append(list(zip(names, row, strict=True)))
    data = text.encode()
    e = LinesExtractor()
    assert feed_in_pieces(e, data, [c for c in cuts if c <= len(data)]) == expected
    assert e.bad == 0


def test_bad_numbers_are_counted_not_plotted() -> None:
    e = LinesExtractor()
    samples = e.feed(b"temp:abc,hum:41\n1,x,3\nnan inf 5\nready\nvolts:\n")
    # a garbled unlabelled value keeps its column: 3 stays ch3
    assert samples == [[("hum", 41.0)], [("ch1", 1.0), ("ch3", 3.0)], [("ch3", 5.0)]]
    assert e.bad == 6  # abc, x, nan, inf, ready, the empty value of volts


def test_a_line_with_no_end_is_bounded_and_counted() -> None:
    e = LinesExtractor()
    assert e.feed(b"1" * (MAX_LINE + 1)) == []
    assert e.bad == 1 and e.pending == b""
    assert e.feed(b"\n2\n") == [[("ch1", 2.0)]]


def test_utf8_labels_split_inside_a_character() -> None:
    data = "温度:23.5\n".encode()
    e = LinesExtractor()
    assert feed_in_pieces(e, data, [1, 2, 4]) == [[("温度", 23.5)]]


def test_an_unsynchronised_stream_drops_the_remains_of_a_cut_line() -> None:
    e = LinesExtractor()
    e.unsync()
    assert e.feed(b"3.5,hum:41\ntemp:1,hum:2\n") == [[("temp", 1.0), ("hum", 2.0)]]
    e = LinesExtractor()
    e.unsync()  # a stream whose first byte starts a line after the cut loses nothing
    assert e.feed(b"\ntemp:1\n") == [[("temp", 1.0)]]


def test_regex_named_and_unnamed_groups() -> None:
    e = RegexExtractor(r"T=(?P<temp>\S+) H=(\S+) P=(\S+)")
    data = b"T=21.5 H=40 P=1013\r\nnoise\nT=x H=41 P=1012 T=22 H=42 P=1011\n"
    for cut in range(len(data) + 1):
        e = RegexExtractor(r"T=(?P<temp>\S+) H=(\S+) P=(\S+)")
        assert feed_in_pieces(e, data, [cut]) == [
            [("temp", 21.5), ("ch1", 40.0), ("ch2", 1013.0)],
            [("ch1", 41.0), ("ch2", 1012.0)],  # temp "x" is bad
            [("temp", 22.0), ("ch1", 42.0), ("ch2", 1011.0)]]
        assert e.bad == 1


def test_regex_without_groups_and_optional_groups() -> None:
    assert RegexExtractor(r"-?\d+(?:\.\d+)?").feed(b"a 1 b 2.5\n") == [[("ch1", 1.0)], [("ch1", 2.5)]]
    e = RegexExtractor(r"v=(\d+)(?:/(?P<max>\d+))?")
    assert e.feed(b"v=3 v=4/9\n") == [[("ch1", 3.0)], [("ch1", 4.0), ("max", 9.0)]]


def test_a_regex_that_needs_backtracking_is_refused_in_words() -> None:
    with pytest.raises(InvalidPattern, match="backtracking"):
        ChartSource("regex", r"(\d+) \1").check()
    with pytest.raises(InvalidPattern):
        ChartSource("regex", r"(").check()


def frame(*values: float) -> bytes:
    return struct.pack(f"<{len(values)}f", *values) + JUSTFLOAT_TAIL


JF_ROWS = [(1.0, 2.5, -3.0), (0.0, 0.0, 0.0), (4.0, 1e6, -0.5), (0.0, 7.25, 0.0)]
JF_SAMPLES = [[(f"ch{k + 1}", v) for k, v in enumerate(row)] for row in JF_ROWS]


def test_justfloat_frames_split_at_every_byte_and_several_in_one_read() -> None:
    data = b"".join(frame(*row) for row in JF_ROWS)
    for cut in range(len(data) + 1):
        e = JustFloatExtractor()
        assert feed_in_pieces(e, data, [cut]) == JF_SAMPLES, cut
        assert e.bad == 0
    e = JustFloatExtractor()
    assert e.feed(data) == JF_SAMPLES  # four frames, one read


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), min_size=1,
                               max_size=16), min_size=1, max_size=10),
       cuts=st.lists(st.integers(0, 800), max_size=20))
def test_justfloat_cut_anywhere(rows: list[list[float]], cuts: list[int]) -> None:
    data = b"".join(frame(*row) for row in rows)
    e = JustFloatExtractor()
    got = feed_in_pieces(e, data, [c for c in cuts if c <= len(data)])
    assert got == [[(f"ch{k + 1}", v) for k, v in enumerate(row)] for row in rows]
    assert e.bad == 0


def test_a_tail_across_two_floats_is_not_a_frame_end() -> None:
    # 0.0 then a float whose low bytes are 80 7F: the bytes 00 00 80 7F straddle two floats
    straddler = struct.unpack("<f", b"\x80\x7f\x20\x41")[0]
    data = frame(0.0, straddler, 5.0)
    assert JUSTFLOAT_TAIL in data[:8]
    for cut in range(len(data) + 1):
        assert feed_in_pieces(JustFloatExtractor(), data, [cut]) == [[("ch1", 0.0), ("ch2", straddler),
                                                                       ("ch3", 5.0)]]


def test_justfloat_out_of_step_finds_its_frames_again() -> None:
    e = JustFloatExtractor()
    data = b"\x01\x02\x03" + frame(1, 2) + frame(3, 4) + frame(5, 6)  # started two bytes into a frame
    assert e.feed(data) == [[("ch1", 3.0), ("ch2", 4.0)], [("ch1", 5.0), ("ch2", 6.0)]]
    assert e.bad == 1
    e = JustFloatExtractor()
    e.unsync()  # known to start inside a frame: nothing before the first tail is read
    assert e.feed(frame(1, 2)[4:] + frame(3, 4)) == [[("ch1", 3.0), ("ch2", 4.0)]]
    assert e.bad == 0


def test_justfloat_garbage_is_bounded() -> None:
    e = JustFloatExtractor()
    assert e.feed(b"\xaa" * 100_000) == []
    assert len(e.pending) < 2000 and e.bad == 1
    assert e.feed(frame(9.0)) == []  # its tail ends the junk
    assert e.feed(frame(8.0)) == [[("ch1", 8.0)]]


def test_justfloat_non_finite_channels_are_bad() -> None:
    e = JustFloatExtractor()
    assert e.feed(frame(1.0, float("nan"), 3.0)) == [[("ch1", 1.0), ("ch3", 3.0)]]
    assert e.bad == 1


def test_fields_from_a_decoder() -> None:
    def decoder(data: bytes) -> list[tuple[str, object]]:  # a stub of the decode package: a Modbus-like answer
        if len(data) < 5:
            raise ValueError("short")
        reg = int.from_bytes(data[3:5], "big")
        return [("unit", "V"), ("registers[0]", reg), ("volts", reg / 100), ("ok", True), ("bad", float("inf"))]

    e = FieldsExtractor(decoder)
    assert e.feed(b"\x01\x03\x02\x01\x4a") == [[("registers[0]", 330.0), ("volts", 3.3)]]
    assert e.bad == 1  # inf
    assert e.feed(b"\x01") == []
    assert e.bad == 2  # the decoder's exception
    assert ChartSource("fields", decoder=decoder).extractor() is not None
    with pytest.raises(ValueError, match="decoder"):
        ChartSource("fields").check()


def test_fields_of_a_built_in_decoder() -> None:
    from crccheck.crc import Crc16Modbus

    from app.chart.extract import decoded_fields
    from app.decode import decoder_for

    body = bytes.fromhex("010302014A")
    frame = body + Crc16Modbus.calc(body).to_bytes(2, "little")
    e = FieldsExtractor(decoded_fields(decoder_for("modbus-rtu")))
    samples = e.feed(frame)
    assert ("registers[0]", 330.0) in samples[0]
    assert e.bad == 0
    assert e.feed(b"\x01") == []  # does not fit: one bad value, not a plotted address
    assert e.bad == 1
