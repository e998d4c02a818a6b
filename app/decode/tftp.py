"""TFTP packets into fields (RFC 1350, options RFC 2347): RRQ, WRQ, DATA, ACK, ERROR, OACK."""

from __future__ import annotations

from app.decode.engine import Unfit
from app.decode.reader import FieldReader
from app.decode.result import Decoded

OPCODES = {1: "RRQ", 2: "WRQ", 3: "DATA", 4: "ACK", 5: "ERROR", 6: "OACK"}
ERRORS = {
    0: "Not defined", 1: "File not found", 2: "Access violation", 3: "Disk full or allocation exceeded",
    4: "Illegal TFTP operation", 5: "Unknown transfer ID", 6: "File already exists", 7: "No such user",
    8: "Option negotiation failed",
}


def _options(r: FieldReader) -> None:
    """Option pairs (``blksize`` ``512`` …), each one field named by the option, spanning its name and value."""
    while r.left:
        start = r.pos
        nul = r.data.find(b"\0", start, r.end)
        if nul < 0:
            raise Unfit("option-nul")
        name = r.data[start:nul].decode("ascii", "backslashreplace") or "option"
        r.pos = nul + 1
        r.cstring(name)
        r.fields[-1].offset, r.fields[-1].size = start, r.pos - start


def decode(data: bytes) -> Decoded:
    """One TFTP packet (a UDP datagram): its opcode, then what that opcode carries."""
    r = FieldReader(data)
    try:
        opcode = r.number("opcode", 2, enum=OPCODES, names=True)  # (the protocol's names: never translated)
        if opcode in (1, 2):
            r.cstring("filename")
            r.cstring("mode")
            _options(r)
        elif opcode == 3:
            r.number("block", 2)
            r.raw("data", r.left)
        elif opcode == 4:
            r.number("block", 2)
            r.done("extra-ack")
        elif opcode == 5:
            r.number("code", 2, enum=ERRORS)
            r.cstring("message")
            r.done("extra-error")
        elif opcode == 6:
            _options(r)
        else:
            raise Unfit("tftp-opcode", str(opcode))
    except Unfit as exc:
        return exc.result("tftp", r.fields)
    return Decoded("tftp", r.fields)
