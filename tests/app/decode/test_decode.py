"""Layouts: checked before use (a bad one names its field), decoded into fields with offsets, round-trips against
struct.pack, messages that do not fit said in words, and the decoded line."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.checksum import algorithm
from app.core.errors import NetAssistError
from app.decode import LayoutDecoder, LayoutError, decoder_for, format_line, load_layout, parse_layout


def decoder(fields: list[dict], endian: str = "big") -> LayoutDecoder:
    return LayoutDecoder(parse_layout({"name": "t", "endian": endian, "fields": fields}))


def values(decoded) -> dict[str, object]:
    return {f.name: f.value for f in decoded.fields}


# ------------------------------------------------------------------------------------------ round trip

_NUMBERS = {"u8": ("B", 0, 2**8 - 1), "u16": ("H", 0, 2**16 - 1), "u32": ("I", 0, 2**32 - 1),
            "u64": ("Q", 0, 2**64 - 1), "i8": ("b", -2**7, 2**7 - 1), "i16": ("h", -2**15, 2**15 - 1),
            "i32": ("i", -2**31, 2**31 - 1), "i64": ("q", -2**63, 2**63 - 1)}


@st.composite
def layout_and_message(draw: st.DrawFn) -> tuple[list[dict], str, bytes, list[tuple[str, object]]]:
    """A random layout of numbers (either byte order, per field), fixed bytes and length-prefixed bytes; values
    for it; the message struct.pack makes of them; and what each field must decode to."""
    endian = draw(st.sampled_from(["big", "little"]))
    fields: list[dict] = []
    message = b""
    expect: list[tuple[str, object]] = []
    for i in range(draw(st.integers(1, 8))):
        name = f"f{i}"
        kind = draw(st.sampled_from([*_NUMBERS, "f32", "f64", "bytes", "prefixed"]))
        order = draw(st.sampled_from([None, "big", "little"]))
        prefix = ">" if (order or endian) == "big" else "<"
        if kind in _NUMBERS:
            code, lo, hi = _NUMBERS[kind]
            v = draw(st.integers(lo, hi))
            fields.append({"name": name, "type": kind, **({"endian": order} if order else {})})
            message += struct.pack(prefix + code, v)
            expect.append((name, v))
        elif kind in ("f32", "f64"):
            code = "f" if kind == "f32" else "d"
            v = draw(st.floats(allow_nan=False, width=32 if kind == "f32" else 64))
            fields.append({"name": name, "type": kind, **({"endian": order} if order else {})})
            message += struct.pack(prefix + code, v)
            expect.append((name, v))
        elif kind == "bytes":
            blob = draw(st.binary(max_size=12))
            fields.append({"name": name, "type": "bytes", "size": len(blob)})
            message += struct.pack(f"{len(blob)}s", blob)
            expect.append((name, blob.hex(" ").upper()))
        else:
            blob = draw(st.binary(max_size=12))
            fields.append({"name": f"{name}_len", "type": "u8"})
            fields.append({"name": name, "type": "bytes", "size": f"{name}_len"})
            message += struct.pack(f"B{len(blob)}s", len(blob), blob)
            expect += [(f"{name}_len", len(blob)), (name, blob.hex(" ").upper())]
    return fields, endian, message, expect


@settings(max_examples=300, deadline=None)
@given(layout_and_message())
def test_random_layouts_decode_what_struct_packed(case: tuple[list[dict], str, bytes, list]) -> None:
    fields, endian, message, expect = case
    decoded = decoder(fields, endian).decode(message)
    assert decoded.error is None and decoded.leftover == 0
    assert [(f.name, f.value) for f in decoded.fields] == expect
    offset = 0
    for f in decoded.fields:  # every field says where its bytes are, back to back
        assert f.offset == offset
        offset += f.size
    assert offset == len(message)
    json.dumps(decoded.to_json())  # and it prints as JSON


@settings(max_examples=100, deadline=None)
@given(layout_and_message(), st.data())
def test_a_random_message_cut_short_says_how_many_bytes_for_which_field(case, data: st.DataObject) -> None:
    fields, endian, message, _ = case
    if not message:
        return
    cut = data.draw(st.integers(0, len(message) - 1))
    decoded = decoder(fields, endian).decode(message[:cut])
    assert decoded.error is not None and decoded.error.startswith("does not fit: ")
    assert " short for " in decoded.error
    assert all(f.offset + f.size <= cut for f in decoded.fields)  # what is shown came whole


# ------------------------------------------------------------------------------------------ field types


def test_the_course_tftp_request_decodes_with_a_layout() -> None:
    layout = decoder([{"name": "opcode", "type": "u16", "enum": {"1": "RRQ", "2": "WRQ"}},
                      {"name": "filename", "type": "cstring"}, {"name": "mode", "type": "cstring"}])
    decoded = layout.decode(struct.pack("!H8sb5sb", 1, b"test.jpg", 0, b"octet", 0))
    assert values(decoded) == {"opcode": 1, "filename": "test.jpg", "mode": "octet"}
    assert decoded.get("opcode").label == "RRQ"
    assert [(f.offset, f.size) for f in decoded.fields] == [(0, 2), (2, 9), (11, 6)]
    assert format_line(decoded) == "opcode=1 (RRQ) filename=test.jpg mode=octet"


def test_strings_bits_arrays_of_structs_and_a_checksum() -> None:
    layout = decoder([
        {"name": "name", "type": "string", "size": 6, "encoding": "gb2312"},
        {"name": "flags", "type": "bits", "size": 1, "bits": [{"name": "ack", "width": 1},
                                                              {"name": "kind", "width": 3, "enum": {"5": "five"}},
                                                              {"name": "n", "width": 4}]},
        {"name": "points", "type": "array", "count": "n",
         "fields": [{"name": "x", "type": "i16", "endian": "little"}, {"name": "y", "type": "u8"}]},
        {"name": "tail", "type": "array", "of": {"type": "u16"}, "size": 4},
        {"name": "rest", "type": "bytes"},
        {"name": "crc", "type": "checksum", "algorithm": "crc16-modbus", "over": [0, -2]},
    ])
    body = "你好".encode("gb2312") + b"\0\0" + bytes([0b1101_0010]) + struct.pack("<hB", -2, 7)
    body += struct.pack("<hB", 300, 9) + struct.pack(">HH", 1, 2)
    message = body + algorithm("crc16-modbus").compute(body).to_bytes(2, "little")
    decoded = layout.decode(message)
    assert decoded.error is None, decoded.error
    assert values(decoded) == {"name": "你好", "ack": 1, "kind": 5, "n": 2, "points[0].x": -2, "points[0].y": 7,
                               "points[1].x": 300, "points[1].y": 9, "tail[0]": 1, "tail[1]": 2, "rest": "",
                               "crc": int.from_bytes(message[-2:], "little")}
    assert decoded.get("kind").label == "five"
    assert decoded.get("crc").valid is True
    assert decoded.get("points[1].x").offset == 10
    line = format_line(decoded)
    assert "kind=5 (five)" in line and "points[1].x=300" in line and line.endswith("✓")


def test_a_wrong_checksum_is_shown_not_assumed() -> None:
    layout = decoder([{"name": "data", "type": "bytes", "size": 5},
                      {"name": "crc", "type": "checksum", "algorithm": "crc16-modbus"}])
    bad = layout.decode(bytes.fromhex("01 03 02 00 2A 38 5B"))
    good = layout.decode(bytes.fromhex("01 03 02 00 2A 39 9B"))
    assert bad.get("crc").valid is False and bad.get("crc").to_json()["valid"] is False
    assert good.get("crc").valid is True
    assert format_line(bad).endswith("crc=0x5B38 ✗ (expected 0x9B39)")


def test_a_truncated_message_says_why_in_words_and_keeps_what_came() -> None:
    layout = decoder([{"name": "count", "type": "u8"},
                      {"name": "registers", "type": "array", "count": "count", "of": {"type": "u16"}}])
    decoded = layout.decode(bytes.fromhex("03 00 01 00"))  # 3 registers promised, 1½ came
    assert decoded.error == "does not fit: 3 bytes short for registers"
    assert values(decoded) == {"count": 3, "registers[0]": 1}
    assert format_line(decoded).endswith("⚠ does not fit: 3 bytes short for registers")
    assert decoder([{"name": "s", "type": "cstring"}]).decode(b"abc").error == "does not fit: no NUL ends s"
    assert decoder([{"name": "a", "type": "u32"}]).decode(b"\1").error == "does not fit: 3 bytes short for a"


def test_floats_and_leftover_bytes() -> None:
    decoded = decoder([{"name": "t", "type": "f32"}, {"name": "v", "type": "f64"}], "little").decode(
        struct.pack("<fd", 1.3, math.pi) + b"xy")
    assert decoded.error is None and decoded.leftover == 2
    assert decoded.get("t").value == pytest.approx(1.3) and decoded.get("v").value == math.pi
    assert format_line(decoded) == f"t=1.3 v={math.pi!r} (+2 bytes not decoded)"


def test_an_array_of_empty_elements_ends_instead_of_spinning() -> None:
    element = [{"name": "m", "type": "array", "count": "z", "of": {"type": "u8"}}]  # (z = 0: nothing in it)
    counted = decoder([{"name": "n", "type": "u32"}, {"name": "z", "type": "u8"},
                       {"name": "a", "type": "array", "count": "n", "fields": element}])
    assert counted.decode(b"\xff\xff\xff\xff\0").error is None  # (4 billion empty elements: nothing to show)
    rest = decoder([{"name": "z", "type": "u8"}, {"name": "a", "type": "array", "fields": element}])
    assert "takes no bytes" in rest.decode(b"\0\1").error
    many = decoder([{"name": "n", "type": "u32"}, {"name": "z", "type": "u8"},
                    {"name": "a", "type": "array", "count": "n", "of": {"type": "bytes", "size": "z"}}])
    assert "more than 100,000 fields" in many.decode(b"\xff\xff\xff\xff\0").error
    with pytest.raises(LayoutError, match="its elements take no bytes"):
        decoder([{"name": "a", "type": "array", "of": {"type": "bytes", "size": 0}}])


# ------------------------------------------------------------------------------------------ bad layouts


@pytest.mark.parametrize(("fields", "field", "words"), [
    ([{"name": "x", "type": "u17"}], "x", "type 'u17' is not one of"),
    ([{"name": "x", "type": "u8", "sise": 3}], "x", "u8 has no 'sise'"),
    ([{"name": "data", "type": "bytes", "size": "len"}], "data", "size 'len' is not the name of an earlier"),
    ([{"name": "s", "type": "string"}, {"name": "d", "type": "bytes", "size": "s"}], "d", "earlier integer"),
    ([{"name": "registers", "type": "array", "of": {"type": "u16"}, "count": 2, "size": 4}], "registers",
     "a count or a size, not both"),
    ([{"name": "r", "type": "array"}], "r", "needs \"of\""),
    ([{"name": "c", "type": "checksum", "algorithm": "md5"}], "c", "algorithm 'md5' is not one of"),
    ([{"name": "c", "type": "checksum", "algorithm": "crc32", "over": [0]}], "c", "\"over\" must be"),
    ([{"name": "e", "type": "u8", "enum": {"one": "x"}}], "e", "enum key 'one' is not a number"),
    ([{"name": "f", "type": "f32", "enum": {"1": "x"}}], "f", "a float cannot have an enum"),
    ([{"name": "b", "type": "bits", "size": 1, "bits": [{"name": "a", "width": 9}]}], "b", "add up to 9"),
    ([{"name": "s", "type": "string", "encoding": "klingon"}], "s", "encoding 'klingon'"),
    ([{"name": "a", "type": "u8"}, {"name": "a", "type": "u8"}], "a", "a second field of that name"),
    ([{"type": "u8"}], "fields[0]", "needs a \"name\""),
    ([{"name": "x", "type": "u8", "endian": "middle"}], "x", "endian must be"),
    ([{"name": "data", "type": "bytes"}, {"name": "s", "type": "cstring"}], "data", "'s' has none"),
])
def test_a_bad_layout_is_refused_naming_its_field(fields: list[dict], field: str, words: str) -> None:
    with pytest.raises(LayoutError) as caught:
        parse_layout({"name": "bad", "fields": fields})
    assert caught.value.field == field
    assert words in str(caught.value)
    assert field in str(caught.value)
    assert isinstance(caught.value, NetAssistError) and caught.value.code == "layout"


def test_a_layout_file_is_read_never_run(tmp_path: Path) -> None:
    hostile = tmp_path / "evil.json"
    hostile.write_text('{"name": "__import__(\'os\').system(\'touch pwned\')", "fields": '
                       '[{"name": "x", "type": "u8"}]}')
    layout = load_layout(hostile)  # (the name is only a name)
    assert layout.fields[0].name == "x" and not (tmp_path / "pwned").exists()
    broken = tmp_path / "broken.json"
    broken.write_text('{"fields": [')
    with pytest.raises(LayoutError, match=r"broken.json: not JSON: .* line 1"):
        load_layout(broken)
    with pytest.raises(LayoutError, match="cannot be read"):
        load_layout(tmp_path / "missing.json")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(LayoutError):
        load_layout(deep)


def test_decoder_for_names_a_builtin_or_a_layout_file(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"fields": [{"name": "x", "type": "u8"}]}))
    layout = decoder_for(str(path))
    assert layout.name == "one" and layout.decode(b"\7").fields[0].value == 7
    assert decoder_for("tftp").name == "tftp"
    with pytest.raises(LayoutError, match="not a decoder"):
        decoder_for("modbus")
