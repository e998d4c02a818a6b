from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.codec import (
    ENCODINGS,
    StreamDecoder,
    decode_all,
    encode_text,
    encoding,
    format_hex,
    parse_hex,
    visible,
)
from app.core.errors import InvalidEscape, InvalidHex, UnencodableText


@pytest.mark.parametrize(
    "text",
    ["48 65 6C", "48656c", "0x48,0x65,0x6c", "0X48 0x65\n6C", "48\t65\r\n6c", "48-65:6C", " 48 65 6c "],
)
def test_parse_hex_accepts_common_spellings(text: str) -> None:
    assert parse_hex(text) == b"Hel"


def test_parse_hex_empty_and_lone_prefixed_digit() -> None:
    assert parse_hex("") == b""
    assert parse_hex("0x5 0xA") == b"\x05\x0a"


@pytest.mark.parametrize(
    ("text", "position"),
    [("48 6G", 4), ("48 656", 3), ("4", 0), ("0x", 0), ("41 42 zz", 6), ("AB CD E", 6)],
)
def test_parse_hex_errors_name_the_position(text: str, position: int) -> None:
    with pytest.raises(InvalidHex) as err:
        parse_hex(text)
    assert err.value.position == position
    assert f"position {position + 1}" in str(err.value)


def test_format_hex_options() -> None:
    assert format_hex(b"\x01\xab\xff") == "01 AB FF"
    assert format_hex(b"\x01\xab", sep="", upper=False) == "01ab"
    assert format_hex(bytes(range(5)), per_line=2) == "00 01\n02 03\n04"


@given(st.binary(max_size=300), st.sampled_from([" ", "", ","]), st.booleans())
def test_hex_format_parse_round_trip(data: bytes, sep: str, upper: bool) -> None:
    text = format_hex(data, sep=sep, upper=upper)
    if sep == "" and data:
        text = "0x" + text if len(data) == 1 else text
    assert parse_hex(text) == data


def test_escapes() -> None:
    assert encode_text(r"a\r\n\t\\\0\x41\xff", escapes=True) == b"a\r\n\t\\\x00A\xff"
    assert encode_text(r"a\r\n", escapes=False) == b"a\\r\\n"
    # \xNN is a raw byte even in UTF-16; the other escapes are characters in the chosen encoding
    assert encode_text(r"A\n\x01", "utf-16-le", escapes=True) == b"A\x00\n\x00\x01"


@pytest.mark.parametrize(("text", "position"), [(r"ab\q", 2), (r"ab\x4", 2), (r"ab\xZZ", 2), ("ab\\", 2)])
def test_invalid_escape_names_position(text: str, position: int) -> None:
    with pytest.raises(InvalidEscape) as err:
        encode_text(text, escapes=True)
    assert err.value.position == position


def test_gb2312_send_and_unencodable() -> None:
    assert encode_text("哈哈", "gb2312") == "哈哈".encode("gb2312")
    assert encode_text("喆", "gb2312") == "喆".encode("gbk")  # GB2312 devices get the GBK bytes
    with pytest.raises(UnencodableText) as err:
        encode_text("ab哈", "latin-1")
    assert err.value.position == 2
    with pytest.raises(UnencodableText) as err:
        encode_text(r"\x41哈", "ascii", escapes=True)
    assert err.value.position == 4


def test_gb2312_split_one_byte_at_a_time_decodes_whole() -> None:
    dec = StreamDecoder("gb2312")
    out = "".join(dec.decode(bytes([b])) for b in "哈哈".encode("gb2312"))
    assert out == "哈哈"
    # a character outside GB2312 proper still decodes (GB18030 superset)
    assert decode_all("喆".encode("gbk"), "gb2312") == "喆"


def test_undecodable_bytes_are_kept_as_escapes_not_dropped() -> None:
    text = decode_all(b"A\xffB", "utf-8")
    assert text == "A\udcffB"  # byte 0xFF kept as an escaped surrogate
    assert visible(text) == "A\\xFFB"
    dec = StreamDecoder("utf-8")
    assert dec.decode(b"ok\xe5\x93") == "ok"
    assert visible(dec.flush()) == "\\xE5\\x93"
    # UTF-16's odd trailing byte is below 0x80, which plain surrogateescape cannot keep
    assert visible(decode_all(b"A\x00B", "utf-16-le")) == "A\\x42"


def test_encoding_lookup() -> None:
    assert encoding("GB2312").name == "gb2312"
    assert encoding("utf8").name == "utf-8"
    with pytest.raises(LookupError):
        encoding("no-such-codec")


@given(st.text(max_size=80), st.sampled_from([e.name for e in ENCODINGS if e.name not in ("ascii", "latin-1")]),
       st.lists(st.integers(min_value=0, max_value=400), max_size=8))
def test_incremental_decoding_of_any_split_equals_whole(text: str, name: str, cuts: list[int]) -> None:
    try:
        data = encode_text(text, name)
    except UnencodableText:
        data = text.encode("utf-8")
    points = sorted({c % (len(data) + 1) for c in cuts})
    pieces = [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]
    dec = StreamDecoder(name)
    assert "".join(dec.decode(p) for p in pieces) + dec.flush() == decode_all(data, name)


@given(st.binary(max_size=200), st.sampled_from([e.name for e in ENCODINGS]),
       st.lists(st.integers(min_value=0, max_value=200), max_size=6))
def test_incremental_decoding_of_random_bytes_never_loses_or_crashes(data: bytes, name: str,
                                                                     cuts: list[int]) -> None:
    points = sorted({c % (len(data) + 1) for c in cuts})
    pieces = [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]
    dec = StreamDecoder(name)
    out = "".join(dec.decode(p) for p in pieces) + dec.flush()
    assert out == decode_all(data, name)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in visible(out))  # every bad byte became \xNN


@pytest.mark.parametrize("name", [e.name for e in ENCODINGS])
def test_a_bad_range_with_a_low_byte_keeps_every_byte(name: str) -> None:
    # Found by hypothesis: GB18030 reports b"\x80" + b"0" as one bad range, and Python's surrogateescape
    # silently kept only the first byte. Every byte must come out, whole or incrementally.
    data = b"\x800"
    dec = StreamDecoder(name)
    incremental = visible(dec.decode(data) + dec.flush())
    assert incremental == visible(decode_all(data, name))
    if not name.startswith("utf-16"):  # in UTF-16 these two bytes are one valid character
        assert incremental.endswith(("0", "\\x30"))
