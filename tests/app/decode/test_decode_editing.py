"""What the layout editor and the fields tree stand on, without Qt: a layout as table rows and back
(app.decode.layout_rows), a C struct read as a layout (app.decode.cstruct), decoded fields as a tree
(app.decode.tree)."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from app.decode import LayoutDecoder, LayoutError, load_layout, parse_layout
from app.decode.cstruct import layout_from_c
from app.decode.layout_rows import LayoutRow, field_from_row, layout_from_rows, rows_from_layout
from app.decode.tree import bit_groups, field_tree

EVERY_KIND = {"name": "every kind", "endian": "little", "fields": [
    {"name": "opcode", "type": "u16", "endian": "big", "enum": {"1": "RRQ", "0x02": "WRQ"}},
    {"name": "temp", "type": "f32"},
    {"name": "length", "type": "u8"},
    {"name": "payload", "type": "bytes", "size": "length"},
    {"name": "label", "type": "string", "size": 4, "encoding": "gbk"},
    {"name": "path", "type": "cstring"},
    {"name": "flags", "type": "bits", "size": 1, "bits": [{"name": "ack", "width": 1}, {"name": "mode", "width": 3}]},
    {"name": "state", "type": "bits", "size": 1, "bits": [{"name": "on", "width": 1, "enum": {"1": "ON"}}]},
    {"name": "n", "type": "u8"},
    {"name": "regs", "type": "array", "count": "n", "of": {"type": "u16", "endian": "big"}},
    {"name": "names", "type": "array", "count": 2, "of": {"type": "string", "size": 2}},
    {"name": "points", "type": "array", "size": 4,
     "fields": [{"name": "x", "type": "i8"}, {"name": "y", "type": "i8"}]},
    {"name": "rest", "type": "array", "of": {"type": "u8"}},
    {"name": "crc", "type": "checksum", "algorithm": "crc16-modbus", "over": [0, -2]},
]}


def test_a_layout_round_trips_through_the_table() -> None:
    parse_layout(EVERY_KIND)  # (a layout the loader takes)
    name, endian, rows = rows_from_layout(EVERY_KIND)
    assert (name, endian) == ("every kind", "little")
    by_name = {r.name: r for r in rows}
    assert by_name["opcode"].enum == "1=RRQ, 0x02=WRQ" and by_name["opcode"].endian == "big"
    assert by_name["flags"].details == "ack:1, mode:3" and by_name["flags"].size == "1"
    assert by_name["regs"].size == "n" and by_name["regs"].details == "u16 big"
    assert by_name["points"].size == "4 bytes" and by_name["points"].details.startswith("[")
    assert by_name["crc"].details == "crc16-modbus" and by_name["crc"].over == "0:-2"
    assert by_name["label"].details == "gbk"
    # back from the cells (as the table holds them: text) to the same JSON
    cells = [LayoutRow.from_cells(r.cells()) for r in rows]
    assert layout_from_rows(name, endian, cells) == EVERY_KIND


def test_a_saved_table_loads_back_and_decodes(tmp_path: Path) -> None:
    rows = [LayoutRow("opcode", "u16", enum="1=RRQ, 2=WRQ"), LayoutRow("filename", "cstring"),
            LayoutRow("mode", "cstring", details="ascii")]
    path = tmp_path / "rrq.json"
    path.write_text(json.dumps(layout_from_rows("course RRQ", "big", rows)))
    decoded = LayoutDecoder(load_layout(path)).decode(struct.pack("!H8sb5sb", 1, b"test.jpg", 0, b"octet", 0))
    assert [(f.name, f.value, f.label) for f in decoded.fields] == [
        ("opcode", 1, "RRQ"), ("filename", "test.jpg", None), ("mode", "octet", None)]


@pytest.mark.parametrize(("row", "words"), [
    (LayoutRow("t", "u9"), "type 'u9'"),
    (LayoutRow("op", "u8", enum="1=RRQ, 2"), "enum '2'"),
    (LayoutRow("crc", "checksum"), "algorithm"),
    (LayoutRow("crc", "checksum", details="crc16-modbus", over="0..-2"), "range '0..-2'"),
    (LayoutRow("f", "bits", size="1", details="a:x"), "'a:x'"),
    (LayoutRow("f", "bits", size="one", details="a:1"), "size in bytes"),
    (LayoutRow("regs", "array", size="4"), "element"),
    (LayoutRow("regs", "array", size="4", details="{nope"), "not JSON"),
])
def test_a_cell_that_cannot_be_read_names_its_field(row: LayoutRow, words: str) -> None:
    with pytest.raises(LayoutError) as info:
        field_from_row(row, 3)
    assert words in str(info.value) and f"field {row.name!r} (fields[3])" in str(info.value)
    assert info.value.field == row.name


def test_cells_that_do_not_apply_to_the_type_are_left_out() -> None:
    assert field_from_row(LayoutRow("data", "bytes", endian="little", enum="1=A", over="0:2")) == {
        "name": "data", "type": "bytes"}


def test_a_firmware_struct_becomes_a_layout() -> None:
    source = """
    #pragma pack(push, 1)
    typedef struct __attribute__((packed)) sensor_msg {
        uint16_t id;          // which sensor
        char name[8];         /* NUL-padded */
        uint8_t raw[4];
        int16_t samples[3];
        unsigned long long stamp;
        float temp, humidity;
        uint8_t ack : 1;
        uint8_t mode : 3;
        const volatile bool ready;
    } sensor_msg_t;
    """
    doc = layout_from_c(source)
    assert doc["name"] == "sensor_msg_t" and doc["endian"] == "little"
    assert doc["fields"] == [
        {"name": "id", "type": "u16"},
        {"name": "name", "type": "string", "size": 8},
        {"name": "raw", "type": "bytes", "size": 4},
        {"name": "samples", "type": "array", "count": 3, "of": {"type": "i16"}},
        {"name": "stamp", "type": "u64"},
        {"name": "temp", "type": "f32"},
        {"name": "humidity", "type": "f32"},
        # (a little-endian target fills the unit from bit 0: ack is the least significant bit)
        {"name": "bits1", "type": "bits", "size": 1, "bits": [
            {"name": "_unused1", "width": 4}, {"name": "mode", "width": 3}, {"name": "ack", "width": 1}]},
        {"name": "ready", "type": "u8"},
    ]
    decoder = LayoutDecoder(parse_layout(doc))
    data = struct.pack("<H8s4s3hQffBB", 7, b"probe", b"\x01\x02\x03\x04", -1, 0, 1, 2**40, 21.5, 40.0,
                       0b1011, 1)
    values = {f.name: f.value for f in decoder.decode(data).fields}
    assert values["id"] == 7 and values["name"] == "probe" and values["samples[0]"] == -1
    assert values["stamp"] == 2**40 and values["temp"] == 21.5 and values["ack"] == 1 and values["mode"] == 5
    assert decoder.decode(data).leftover == 0


def test_bare_declarations_and_big_endian_bit_order() -> None:
    doc = layout_from_c("uint8_t a : 2; uint8_t b : 6; __le16 len;", endian="big")
    assert doc["fields"] == [
        {"name": "bits1", "type": "bits", "size": 1, "bits": [{"name": "a", "width": 2}, {"name": "b", "width": 6}]},
        {"name": "len", "type": "u16", "endian": "little"}]


@pytest.mark.parametrize(("source", "words"), [
    ("struct { uint8_t *p; };", "field 'p': a pointer"),
    ("struct { struct inner x; };", "field 'x': nested"),
    ("struct { my_t x; };", "field 'x': type 'my_t'"),
    ("struct { uint8_t buf[LEN]; };", "field 'buf'"),
    ("union u { int a; };", "union"),
    ("struct { };", "no field declarations"),
    ("struct { uint8_t x : 9; };", "9 bits"),
])
def test_what_the_c_reader_does_not_take_is_said_naming_the_field(source: str, words: str) -> None:
    with pytest.raises(LayoutError) as info:
        layout_from_c(source)
    assert words in str(info.value)


def test_the_c_reader_never_runs_the_text() -> None:
    # (text that would do something if it were evaluated is only tokens here)
    with pytest.raises(LayoutError):
        layout_from_c("__import__('os').system('false'); uint8_t x;")
    with pytest.raises(LayoutError):
        layout_from_c("x" * 300_000)


def test_fields_as_a_tree_with_group_offsets() -> None:
    layout = parse_layout(EVERY_KIND)
    decoder = LayoutDecoder(layout)
    data = (struct.pack(">H", 1) + struct.pack("<f", 1.5) + b"\x02" + b"\xAA\xBB" + b"abcd" + b"p\0" + b"\x95"
            + b"\x80" + b"\x02" + struct.pack(">HH", 10, 20) + b"xxyy" + b"\x01\xFF\x02\xFE" + b"\x09")
    decoded = decoder.decode(data + b"\0\0")  # (a wrong CRC still decodes: valid false)
    assert decoded.ok, decoded.error
    tree = {n.label: n for n in field_tree(decoded.fields, bit_groups(layout))}
    assert list(tree)[:7] == ["opcode", "temp", "length", "payload", "label", "path", "flags"]
    flags = tree["flags"]
    assert flags.field is None and [c.label for c in flags.children] == ["ack", "mode"]
    assert (flags.offset, flags.size) == (15, 1)
    regs = tree["regs"]
    assert [c.label for c in regs.children] == ["[0]", "[1]"] and regs.span() == (18, 22)
    assert regs.children[1].field is not None and regs.children[1].field.value == 20
    points = tree["points"]
    assert [c.label for c in points.children] == ["[0]", "[1]"]
    assert [c.label for c in points.children[1].children] == ["x", "y"]
    assert points.children[1].span() == (28, 30) and points.span() == (26, 30)
    assert tree["crc"].field is not None and tree["crc"].span() == (31, 33)


def test_a_flat_decoder_stays_flat_and_json_nests_by_dots() -> None:
    from app.decode import decoder_for

    modbus = decoder_for("modbus-rtu").decode(bytes.fromhex("01 03 02 00 2A 39 9B"))
    tree = field_tree(modbus.fields)
    assert [n.label for n in tree] == ["address", "function", "byte_count", "registers", "crc"]
    assert [c.label for c in tree[3].children] == ["[0]"] and tree[3].span() == (3, 5)
    doc = decoder_for("json").decode(b'{"a": {"b": [1, 2]}, "c.d": 3}')
    nested = field_tree(doc.fields, dotted=True)
    assert [n.label for n in nested] == ["a", "c"]
    assert [c.label for c in nested[0].children] == ["b"]
    assert [c.label for c in nested[0].children[0].children] == ["[0]", "[1]"]
    assert nested[0].span() is None  # (JSON says no offsets)
