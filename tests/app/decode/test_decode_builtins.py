"""The built-in decoders against bytes made by independent sources: pymodbus's framers, the Modbus
specification's published frames, the course's struct.pack, pynmea2 and a real GPS log sentence."""

from __future__ import annotations

import struct

import pytest
from crccheck.crc import Crc16Modbus
from hypothesis import given, settings
from hypothesis import strategies as st

from app.decode import BUILTINS, decoder_for, format_line

pymodbus_pdu = pytest.importorskip("pymodbus.pdu")
from pymodbus.framer import FramerRTU, FramerSocket  # noqa: E402
from pymodbus.pdu import DecodePDU, ExceptionResponse  # noqa: E402
from pymodbus.pdu import bit_message as bits  # noqa: E402
from pymodbus.pdu import register_message as regs  # noqa: E402

RTU = FramerRTU(DecodePDU(False))
TCP = FramerSocket(DecodePDU(False))


def fields(decoded) -> dict[str, object]:
    return {f.name: f.value for f in decoded.fields}


def rtu(message) -> bytes:
    return RTU.buildFrame(message)


# ------------------------------------------------------------------------------------------ Modbus RTU


@pytest.mark.parametrize(("message", "kind", "expect"), [
    (regs.ReadHoldingRegistersRequest(address=107, count=3, dev_id=17), "Read Holding Registers request",
     {"address": 17, "function": 3, "start": 107, "quantity": 3}),
    (regs.ReadHoldingRegistersResponse(registers=[42, 7, 65535], dev_id=1), "Read Holding Registers response",
     {"address": 1, "function": 3, "byte_count": 6, "registers[0]": 42, "registers[1]": 7, "registers[2]": 65535}),
    (regs.ReadInputRegistersRequest(address=8, count=1, dev_id=17), "Read Input Registers request",
     {"start": 8, "quantity": 1}),
    (regs.ReadInputRegistersResponse(registers=[300], dev_id=17), "Read Input Registers response",
     {"byte_count": 2, "registers[0]": 300}),
    (bits.ReadCoilsRequest(address=19, count=19, dev_id=17), "Read Coils request", {"start": 19, "quantity": 19}),
    (bits.ReadCoilsResponse(bits=[True, False, True] + [False] * 13, dev_id=17), "Read Coils response",
     {"byte_count": 2, "coils": "05 00"}),
    (bits.ReadDiscreteInputsRequest(address=196, count=22, dev_id=17), "Read Discrete Inputs request",
     {"start": 196, "quantity": 22}),
    (bits.ReadDiscreteInputsResponse(bits=[True] * 8 + [False] * 8 + [True] * 8, dev_id=17),
     "Read Discrete Inputs response", {"byte_count": 3, "inputs": "FF 00 FF"}),
    (bits.WriteSingleCoilRequest(address=172, bits=[True], dev_id=17), "Write Single Coil",
     {"coil": 172, "value": 0xFF00}),
    (regs.WriteSingleRegisterRequest(address=1, registers=[3], dev_id=17), "Write Single Register",
     {"register": 1, "value": 3}),
    (bits.WriteMultipleCoilsRequest(address=19, bits=[True] * 10, dev_id=17), "Write Multiple Coils request",
     {"start": 19, "quantity": 10, "byte_count": 2, "values": "FF 03"}),
    (bits.WriteMultipleCoilsResponse(address=19, count=10, dev_id=17), "Write Multiple Coils response",
     {"start": 19, "quantity": 10}),
    (regs.WriteMultipleRegistersRequest(address=1, registers=[10, 258], dev_id=17),
     "Write Multiple Registers request", {"start": 1, "quantity": 2, "byte_count": 4, "registers[0]": 10,
                                          "registers[1]": 258}),
    (regs.WriteMultipleRegistersResponse(address=1, count=2, dev_id=17), "Write Multiple Registers response",
     {"start": 1, "quantity": 2}),
    (ExceptionResponse(3, 2, device_id=1), "Read Holding Registers exception", {"function": 0x83, "exception": 2}),
])
def test_modbus_rtu_frames_pymodbus_builds(message, kind: str, expect: dict[str, object]) -> None:
    frame = rtu(message)
    decoded = decoder_for("modbus-rtu").decode(frame)
    assert decoded.error is None, (frame.hex(" "), decoded.error)
    assert decoded.get("function").label == kind
    got = fields(decoded)
    assert {k: got[k] for k in expect} == expect
    crc = decoded.fields[-1]
    assert crc.name == "crc" and crc.valid is True and crc.offset == len(frame) - 2
    assert sum(f.size for f in decoded.fields) == len(frame)  # every byte in one field


def test_modbus_published_examples_and_the_readme_screenshot_crc() -> None:
    modbus = BUILTINS["modbus-rtu"]
    # The Modbus over serial line specification's Write Single Coil example (slave 17, coil 173 ON), CRC 4E 8B:
    coil = modbus.decode(bytes.fromhex("11 05 00 AC FF 00 4E 8B"))
    assert coil.get("crc").valid is True and coil.get("value").label == "ON"
    # The README's screenshot device answered 01 03 02 00 2A 38 5B: 42 in one register, with a wrong CRC.
    wrong = modbus.decode(bytes.fromhex("01 03 02 00 2A 38 5B"))
    assert wrong.error is None and wrong.get("registers[0]").value == 42
    assert wrong.get("crc").valid is False and wrong.get("crc").to_json()["valid"] is False
    assert wrong.get("crc").expected.to_bytes(2, "little") == bytes.fromhex("39 9B")  # the right one
    assert format_line(wrong) == ("address=1 function=3 (Read Holding Registers response) byte_count=2 "
                                  "registers[0]=42 crc=0x5B38 ✗ (expected 0x9B39)")
    right = modbus.decode(bytes.fromhex("01 03 02 00 2A 39 9B"))
    assert right.get("crc").valid is True and format_line(right).endswith("crc=0x9B39 ✓")
    assert rtu(regs.ReadHoldingRegistersResponse(registers=[42], dev_id=1)) == bytes.fromhex("01 03 02 00 2A 39 9B")


def test_a_truncated_modbus_frame_says_why() -> None:
    full = rtu(regs.ReadHoldingRegistersResponse(registers=[42, 43], dev_id=1))  # 01 03 04 00 2A 00 2B + CRC
    decoded = decoder_for("modbus-rtu").decode(full[:-2])  # the CRC never came: its place is taken by data
    assert decoded.error == "does not fit: 2 bytes short for registers"
    assert fields(decoded)["registers[0]"] == 42
    assert decoded.get("crc").valid is False
    assert format_line(decoded).endswith("⚠ does not fit: 2 bytes short for registers")
    tiny = decoder_for("modbus-rtu").decode(b"\x01\x03")
    assert tiny.error is not None and tiny.error.startswith("does not fit: 2 bytes short")


def test_a_read_of_coils_with_three_status_bytes_reads_as_a_response() -> None:
    # The one body both readings fit (03 xx xx xx): the module's docstring says why it is a response.
    frame = rtu(bits.ReadCoilsResponse(bits=[True] * 24, dev_id=1))
    decoded = decoder_for("modbus-rtu").decode(frame)
    assert decoded.get("function").label == "Read Coils response" and fields(decoded)["coils"] == "FF FF FF"
    # … while an FC 3 body of 03 xx xx xx cannot be a response (registers take 2 bytes): a request from 0x0300.
    request = rtu(regs.ReadHoldingRegistersRequest(address=0x0301, count=2, dev_id=1))
    assert fields(decoder_for("modbus-rtu").decode(request))["start"] == 0x0301


# ------------------------------------------------------------------------------------------ Modbus TCP


def test_modbus_tcp_adus_pymodbus_builds() -> None:
    response = TCP.buildFrame(regs.ReadHoldingRegistersResponse(registers=[42, 7], dev_id=1, transaction_id=5))
    decoded = decoder_for("modbus-tcp").decode(response)
    assert decoded.error is None and decoded.leftover == 0
    assert fields(decoded) == {"transaction": 5, "protocol": 0, "length": 7, "unit": 1, "function": 3,
                               "byte_count": 4, "registers[0]": 42, "registers[1]": 7}
    request = TCP.buildFrame(regs.WriteMultipleRegistersRequest(address=4, registers=[1, 2, 3], dev_id=9,
                                                                transaction_id=0x1234))
    decoded = decoder_for("modbus-tcp").decode(request + b"\x00")  # a byte of the next ADU: left over
    assert decoded.error is None and decoded.leftover == 1
    assert decoded.get("function").label == "Write Multiple Registers request"
    assert fields(decoded)["registers[2]"] == 3 and fields(decoded)["transaction"] == 0x1234
    cut = decoder_for("modbus-tcp").decode(response[:-3])
    assert cut.error == "does not fit: 3 bytes short for the PDU (the length says 7)"


# ------------------------------------------------------------------------------------------ TFTP


def test_the_course_tftp_request() -> None:
    packet = struct.pack("!H8sb5sb", 1, b"test.jpg", 0, b"octet", 0)
    decoded = decoder_for("tftp").decode(packet)
    assert decoded.error is None
    assert fields(decoded) == {"opcode": 1, "filename": "test.jpg", "mode": "octet"}
    assert decoded.get("opcode").label == "RRQ"
    assert format_line(decoded) == "opcode=1 (RRQ) filename=test.jpg mode=octet"


def test_tftp_data_ack_error_and_options() -> None:
    tftp = decoder_for("tftp")
    data = tftp.decode(struct.pack("!HH", 3, 1) + b"\x00\xffhi")
    assert fields(data) == {"opcode": 3, "block": 1, "data": "00 FF 68 69"} and data.get("opcode").label == "DATA"
    assert fields(tftp.decode(struct.pack("!HH", 4, 7))) == {"opcode": 4, "block": 7}
    error = tftp.decode(struct.pack("!HH", 5, 1) + b"File not found\0")
    assert error.get("code").label == "File not found" and fields(error)["message"] == "File not found"
    wrq = tftp.decode(struct.pack("!H", 2) + b"a.bin\0octet\0blksize\0" + b"1428\0tsize\0" + b"0\0")
    assert fields(wrq) == {"opcode": 2, "filename": "a.bin", "mode": "octet", "blksize": "1428", "tsize": "0"}
    assert wrq.get("blksize").offset == 14 and wrq.get("blksize").size == 13
    oack = tftp.decode(struct.pack("!H", 6) + b"blksize\x001428\0")
    assert fields(oack) == {"opcode": 6, "blksize": "1428"}
    assert tftp.decode(struct.pack("!H", 1) + b"test.jpg").error == "does not fit: no NUL ends filename"
    assert "opcode 9" in tftp.decode(b"\x00\x09").error


# ------------------------------------------------------------------------------------------ NMEA


def test_nmea_sentences_pynmea2_renders() -> None:
    pynmea2 = pytest.importorskip("pynmea2")
    gga = str(pynmea2.GGA("GP", "GGA", ("184353.07", "1929.045", "S", "02410.506", "E", "1", "04", "2.6",
                                        "100.00", "M", "-33.9", "M", "", "0000")))
    decoded = decoder_for("nmea").decode(gga.encode() + b"\r\n")
    assert decoded.error is None
    got = fields(decoded)
    assert got["talker"] == "GP" and got["sentence"] == "GGA"
    assert got["lat"] == "1929.045" and got["lat_dir"] == "S" and got["satellites"] == "04"
    assert decoded.get("quality").label == "GPS"
    assert decoded.get("checksum").valid is True
    parsed = pynmea2.parse(gga)  # (pynmea2 reads the same sentence to the same fields)
    assert (parsed.timestamp.strftime("%H%M%S"), parsed.lat, parsed.lon) == ("184353", got["lat"], got["lon"])
    lat = decoded.get("lat")
    assert gga.encode()[lat.offset:lat.offset + lat.size] == b"1929.045"
    assert format_line(decoded).endswith("checksum=0x6D ✓")


def test_a_real_gps_log_sentence_and_a_wrong_checksum() -> None:
    # The classic GGA every NMEA reference quotes (checksum 47), then the same with one digit changed.
    real = b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"
    decoded = decoder_for("nmea").decode(real)
    assert decoded.error is None and decoded.get("checksum").valid is True
    assert fields(decoded)["altitude"] == "545.4"
    bad = decoder_for("nmea").decode(real.replace(b"545.4", b"545.5"))
    assert bad.get("checksum").valid is False
    assert "checksum=0x47 ✗ (expected 0x46)" in format_line(bad)
    assert decoder_for("nmea").decode(b"GPGGA,1").error == "does not fit: an NMEA sentence starts with $ or !"
    rmc = decoder_for("nmea").decode(b"$GNRMC,081836,A,3751.65,S,14507.36,E,000.0,360.0,130998,011.3,E*7C")
    assert rmc.get("status").label == "valid" and rmc.get("date").value == "130998"
    assert rmc.get("talker").value == "GN"


# ------------------------------------------------------------------------------------------ JSON


def test_json_lines_flatten_compact_and_readable() -> None:
    decoded = decoder_for("json").decode(b'{"temp": 21.5, "ids": [1, {"x": "a b"}], "ok": true, "none": null}\n')
    assert decoded.error is None
    assert fields(decoded) == {"temp": 21.5, "ids[0]": 1, "ids[1].x": "a b", "ok": True, "none": None}
    assert format_line(decoded) == 'temp=21.5 ids[0]=1 ids[1].x="a b" ok=true none=null'
    two = decoder_for("json").decode(b'{"a": 1}\r\n{"a": 2}\r\n')
    assert fields(two) == {"[0].a": 1, "[1].a": 2}
    assert decoder_for("json").decode(b'{"a": ').error.startswith("not JSON: Expecting value")
    assert fields(decoder_for("json").decode(b"[]")) == {"value": "[]"}


@st.composite
def rtu_frames(draw: st.DrawFn) -> bytes:
    """Frames of the shapes the line's fast path takes (and their near misses): a function code, a body of any
    size, often a byte count that matches it, a coil's ON/OFF word, a right CRC or a wrong one."""
    fc = draw(st.sampled_from([1, 2, 3, 4, 5, 6, 15, 16, 7, 0x83]) | st.integers(0, 255))
    body = draw(st.binary(max_size=12) | st.binary(min_size=240, max_size=256))
    if body and draw(st.booleans()):
        body = bytes([len(body) - 1]) + body[1:]
    if len(body) >= 4 and draw(st.booleans()):
        body = body[:2] + draw(st.sampled_from([b"\xff\x00", b"\x00\x00"])) + body[4:]
    frame = bytes([draw(st.integers(0, 255)), fc]) + body
    crc = Crc16Modbus.calc(frame).to_bytes(2, "little")
    return frame + (crc if draw(st.booleans()) else draw(st.binary(min_size=2, max_size=2)))


@settings(max_examples=1000, deadline=None)
@given(rtu_frames() | st.binary(max_size=20))
def test_the_modbus_rtu_line_made_directly_is_the_decoded_line(frame: bytes) -> None:
    """The view counts a Modbus RTU message's decoded line from ``line_rtu`` (no fields made); it is
    ``format_line`` of the fields, or None (then the fields are made)."""
    fast = BUILTINS["modbus-rtu"].line
    assert fast is not None
    line = fast(frame)
    if line is not None:
        assert line == format_line(BUILTINS["modbus-rtu"].decode(frame))


def test_the_usual_modbus_frames_take_the_direct_line() -> None:
    fast = BUILTINS["modbus-rtu"].line
    assert fast is not None
    for message in (regs.ReadHoldingRegistersResponse(registers=[42, 7], dev_id=1),
                    regs.ReadInputRegistersRequest(address=8, count=1, dev_id=17),
                    regs.WriteSingleRegisterRequest(address=1, registers=[3], dev_id=2),
                    bits.WriteSingleCoilRequest(address=1, bits=[True], dev_id=2),
                    regs.WriteMultipleRegistersResponse(address=1, count=2, dev_id=2)):
        frame = rtu(message)
        line = fast(frame)
        assert line is not None and line == format_line(BUILTINS["modbus-rtu"].decode(frame)), message
