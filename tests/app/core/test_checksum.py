from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.checksum import ALGORITHMS, ChecksumSpec, algorithm

CHECK = b"123456789"


@pytest.mark.parametrize(
    ("name", "value"),
    [  # published check values (CRC catalogue): the checksum of "123456789"
        ("sum8", 0xDD), ("sum8-neg", 0x23), ("xor8", 0x31), ("crc8", 0xF4),
        ("crc16-modbus", 0x4B37), ("crc16-ccitt-false", 0x29B1), ("crc16-xmodem", 0x31C3),
        ("crc32", 0xCBF43926),
    ],
)
def test_check_values(name: str, value: int) -> None:
    assert algorithm(name).compute(CHECK) == value


def test_modbus_low_byte_first_others_msb_first() -> None:
    # the classic "read holding registers" request: 01 03 00 00 00 0A -> CRC C5 CD on the wire
    assert ChecksumSpec("crc16-modbus").apply(bytes.fromhex("01030000000A")).hex(" ") == "01 03 00 00 00 0a c5 cd"
    assert ChecksumSpec("crc16-ccitt-false").checksum(CHECK) == b"\x29\xb1"
    assert ChecksumSpec("crc16-ccitt-false", byte_order="little").checksum(CHECK) == b"\xb1\x29"
    assert ChecksumSpec("crc32").checksum(CHECK) == bytes.fromhex("cbf43926")


def test_range_suffix_and_negated_sum_closes_to_zero() -> None:
    frame = b"\x02" + CHECK + b"\x03"
    spec = ChecksumSpec("crc16-modbus", start=1, end_offset=1, suffix=b"\r\n")
    assert spec.apply(frame) == frame + (0x4B37).to_bytes(2, "little") + b"\r\n"
    out = ChecksumSpec("sum8-neg").apply(CHECK)
    assert sum(out) & 0xFF == 0
    assert ChecksumSpec().apply(b"abc") == b"abc" and not ChecksumSpec().active
    assert ChecksumSpec(suffix=b"\r\n").apply(b"abc") == b"abc\r\n"


def test_every_algorithm_has_a_width_matching_its_output() -> None:
    for a in ALGORITHMS:
        assert len(ChecksumSpec(a.name).checksum(CHECK)) == a.width


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80) | st.binary(min_size=200, max_size=600))
def test_every_algorithm_agrees_with_crccheck(data: bytes) -> None:
    """Ours are table-driven or the standard library's C (app/core/checksum.py); crccheck computes the same."""
    from crccheck.checksum import Checksum8, ChecksumXor8
    from crccheck.crc import Crc8, Crc16CcittFalse, Crc16Modbus, Crc16Xmodem, Crc32

    reference = {"sum8": Checksum8.calc, "sum8-neg": lambda d: (-Checksum8.calc(d)) & 0xFF,
                 "xor8": ChecksumXor8.calc, "crc8": Crc8.calc, "crc16-modbus": Crc16Modbus.calc,
                 "crc16-ccitt-false": Crc16CcittFalse.calc, "crc16-xmodem": Crc16Xmodem.calc, "crc32": Crc32.calc}
    for name, calc in reference.items():
        assert algorithm(name).compute(data) == calc(data), name
        assert algorithm(name).compute(memoryview(data)) == calc(data), name
