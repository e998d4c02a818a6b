"""Checksums appended to a send (自动发送附加位) and checked by decoders: SUM8, XOR8, CRC-8/16/32, plus fixed bytes.

Each is a C call of the standard library where it has one (``zlib.crc32`` is CRC-32; ``binascii.crc_hqx`` is the
CRC-16 of polynomial 0x1021 that XMODEM (from 0) and CCITT-FALSE (from 0xFFFF) are; ``sum`` for SUM8) and a table
otherwise (CRC-16/MODBUS, CRC-8; XOR8 folds the bytes as one integer). Measured by ``tests/perf/bench_decode.py``
(``crc_us``): CRC-16/MODBUS of a 7-byte Modbus frame 0.4 µs, where crccheck's bit-at-a-time Python took 4.6 µs (a
quarter of the Modbus RTU decoder's cost). tests/app/core/test_checksum.py checks every one against crccheck and
the catalogue's check values.
"""

from __future__ import annotations

import binascii
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.core.errors import ChecksumRange, UnknownChecksum

ByteOrder = Literal["big", "little"]


@dataclass(frozen=True, slots=True)
class Algorithm:
    """One checksum the user can append."""

    #: Stable name (the window's ``checksumBox`` item data, settings, quick commands).
    name: str
    label: str
    #: Size of the checksum in bytes.
    width: int
    #: The order a device usually expects: Modbus sends its CRC low byte first.
    default_order: ByteOrder
    compute: Callable[[bytes], int]


def _sum8(data: bytes) -> int:
    return sum(data) & 0xFF


def _sum8_negated(data: bytes) -> int:
    return (-sum(data)) & 0xFF  # two's complement: the frame's bytes then sum to 0


def _xor8(data: bytes) -> int:
    """The bytes XORed together: the message as one integer, folded in halves (a few C operations, not one per
    byte)."""
    n = int.from_bytes(data, "little")
    size = len(data)
    while size > 1:
        half = (size + 1) // 2
        n = (n >> (8 * half)) ^ (n & ((1 << (8 * half)) - 1))
        size = half
    return n


def _reflected_table(poly: int) -> list[int]:
    """A byte's step of a reflected (least significant bit first) CRC of ``poly`` (reversed)."""
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c)
    return table


def _table8(poly: int) -> bytes:
    """A byte's step of an 8-bit CRC of ``poly`` (most significant bit first)."""
    out = bytearray()
    for i in range(256):
        c = i
        for _ in range(8):
            c = ((c << 1) ^ poly) & 0xFF if c & 0x80 else (c << 1) & 0xFF
        out.append(c)
    return bytes(out)


_MODBUS = _reflected_table(0xA001)
#: Two bytes' step of CRC-16/MODBUS (a 16-bit CRC XORed with a 16-bit word is a whole index): made on first use,
#: for messages long enough that halving the steps pays for its 65,536 entries.
_MODBUS_WORDS: list[int] = []
_WORDS_FROM = 32


def _modbus_words() -> list[int]:
    if not _MODBUS_WORDS:
        t = _MODBUS
        _MODBUS_WORDS.extend((t[x & 0xFF] >> 8) ^ t[(t[x & 0xFF] ^ (x >> 8)) & 0xFF] for x in range(65536))
    return _MODBUS_WORDS


def _crc16_modbus(data: bytes) -> int:
    """CRC-16/MODBUS (reflected 0x8005, from 0xFFFF): a table step per byte, or per two bytes when long."""
    crc = 0xFFFF
    n = len(data)
    if n < _WORDS_FROM:
        t = _MODBUS
        for b in data:
            crc = (crc >> 8) ^ t[(crc ^ b) & 0xFF]
        return crc
    words = _modbus_words()
    view = memoryview(data).cast("B")
    even = n & ~1
    for w in view[:even].cast("H"):  # (little-endian words: the first byte is the low one, as the CRC takes it)
        crc = words[crc ^ w]
    if n & 1:
        crc = (crc >> 8) ^ _MODBUS[(crc ^ view[even]) & 0xFF]
    return crc


if memoryview(b"\x01\x00").cast("H")[0] != 1:  # (a big-endian machine: its words would be the wrong way round)
    _WORDS_FROM = 1 << 62

_CRC8 = _table8(0x07)


def _crc8(data: bytes) -> int:
    """CRC-8 (0x07, from 0, as crccheck's ``Crc8``)."""
    crc = 0
    t = _CRC8
    for b in data:
        crc = t[crc ^ b]
    return crc


def _crc16_ccitt_false(data: bytes) -> int:
    return binascii.crc_hqx(data, 0xFFFF)


def _crc16_xmodem(data: bytes) -> int:
    return binascii.crc_hqx(data, 0)


ALGORITHMS: tuple[Algorithm, ...] = (
    Algorithm("none", "None", 0, "big", lambda _d: 0),
    Algorithm("sum8", "SUM8 (add)", 1, "big", _sum8),
    Algorithm("sum8-neg", "SUM8 negated (two's complement)", 1, "big", _sum8_negated),
    Algorithm("xor8", "XOR8 (BCC)", 1, "big", _xor8),
    Algorithm("crc8", "CRC-8", 1, "big", _crc8),
    Algorithm("crc16-modbus", "CRC-16/MODBUS", 2, "little", _crc16_modbus),
    Algorithm("crc16-ccitt-false", "CRC-16/CCITT-FALSE", 2, "big", _crc16_ccitt_false),
    Algorithm("crc16-xmodem", "CRC-16/XMODEM", 2, "big", _crc16_xmodem),
    Algorithm("crc32", "CRC-32", 4, "big", zlib.crc32),
)
_BY_NAME = {a.name: a for a in ALGORITHMS}


def algorithm(name: str) -> Algorithm:
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        raise UnknownChecksum(f"unknown checksum {name!r}") from None


@dataclass(frozen=True, slots=True)
class ChecksumSpec:
    """What to append to every send."""

    name: str = "none"
    #: First byte covered (0-based).
    start: int = 0
    #: Bytes left out at the end (0 = up to the last byte).
    end_offset: int = 0
    #: None = the algorithm's usual order.
    byte_order: ByteOrder | None = None
    #: Fixed bytes appended after the checksum (e.g. ``0D 0A``).
    suffix: bytes = b""

    def checksum(self, payload: bytes) -> bytes:
        """The checksum bytes alone for ``payload`` (over the chosen range). A range that lies past the payload's
        end (it would checksum nothing) raises ChecksumRange in words."""
        algo = algorithm(self.name)
        if not algo.width:
            return b""
        end = len(payload) - self.end_offset
        if end <= self.start and (self.start or self.end_offset):  # (a range set by hand that covers nothing)
            raise ChecksumRange(f"the checksum covers bytes from {self.start + 1:,} to the end minus "
                                f"{self.end_offset:,}, but the payload has {len(payload):,} bytes: it would cover "
                                "nothing; nothing was sent")
        covered = payload[self.start:end]
        value = algo.compute(covered)
        return value.to_bytes(algo.width, self.byte_order or algo.default_order)

    def apply(self, payload: bytes) -> bytes:
        """``payload`` followed by its checksum and the fixed suffix: the bytes that go out."""
        return payload + self.checksum(payload) + self.suffix

    @property
    def active(self) -> bool:
        return self.name != "none" or bool(self.suffix)
