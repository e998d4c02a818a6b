"""Checksums appended to a send (自动发送附加位): SUM8, XOR8, CRC-8/16/32 via crccheck, plus fixed bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from crccheck.checksum import Checksum8, ChecksumXor8
from crccheck.crc import Crc8, Crc16CcittFalse, Crc16Modbus, Crc16Xmodem, Crc32

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


def _sum8_negated(data: bytes) -> int:
    return (-Checksum8.calc(data)) & 0xFF  # two's complement: the frame's bytes then sum to 0


ALGORITHMS: tuple[Algorithm, ...] = (
    Algorithm("none", "None", 0, "big", lambda _d: 0),
    Algorithm("sum8", "SUM8 (add)", 1, "big", Checksum8.calc),
    Algorithm("sum8-neg", "SUM8 negated (two's complement)", 1, "big", _sum8_negated),
    Algorithm("xor8", "XOR8 (BCC)", 1, "big", ChecksumXor8.calc),
    Algorithm("crc8", "CRC-8", 1, "big", Crc8.calc),
    Algorithm("crc16-modbus", "CRC-16/MODBUS", 2, "little", Crc16Modbus.calc),
    Algorithm("crc16-ccitt-false", "CRC-16/CCITT-FALSE", 2, "big", Crc16CcittFalse.calc),
    Algorithm("crc16-xmodem", "CRC-16/XMODEM", 2, "big", Crc16Xmodem.calc),
    Algorithm("crc32", "CRC-32", 4, "big", Crc32.calc),
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
