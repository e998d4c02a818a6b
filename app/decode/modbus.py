"""Modbus RTU and Modbus TCP frames into fields: requests and responses of function codes 1–6, 15 and 16,
exceptions, the RTU CRC checked (CRC-16/MODBUS, low byte first) and the TCP MBAP header.

A request and a response of one function code carry different bodies, and the frame does not say which it is;
it is decided from the body's length (the bytes between the function code and the CRC, or the end of a TCP PDU):

- read functions (1 coils, 2 discrete inputs, 3 holding registers, 4 input registers): a *response* when its first
  byte (the byte count) equals the bytes after it — and, for 3 and 4, is even (registers are 2 bytes) —, else a
  *request* when the body is 4 bytes (start, quantity), else a response that does not fit (a byte count that
  promises more than came: "3 bytes short for registers"). The one body both readings fit is a read of coils or
  inputs whose body is ``03 xx xx xx``: read as a response (3 bytes of status), since the request reading would
  start at address 0x0300–0x03FF;
- 5 and 6 (write one coil / register): request and response are the same 4 bytes (the response echoes);
- 15 and 16 (write many): a 4-byte body is the *response* (start, quantity); a longer one the *request* (start,
  quantity, byte count, values);
- a function code with its high bit set is an exception response: the code's function and an exception code.
Any other function code shows its body as bytes.
"""

from __future__ import annotations

import contextlib
import functools
import struct

from app.core.checksum import algorithm
from app.decode.engine import Unfit
from app.decode.reader import FieldReader
from app.decode.result import Decoded, DecodedField, Words, english

FUNCTIONS = {
    1: "Read Coils", 2: "Read Discrete Inputs", 3: "Read Holding Registers", 4: "Read Input Registers",
    5: "Write Single Coil", 6: "Write Single Register", 7: "Read Exception Status", 8: "Diagnostics",
    11: "Get Comm Event Counter", 12: "Get Comm Event Log", 15: "Write Multiple Coils",
    16: "Write Multiple Registers", 17: "Report Server ID", 20: "Read File Record", 21: "Write File Record",
    22: "Mask Write Register", 23: "Read/Write Multiple Registers", 24: "Read FIFO Queue",
    43: "Encapsulated Interface Transport",
}
EXCEPTIONS = {
    1: "Illegal Function", 2: "Illegal Data Address", 3: "Illegal Data Value", 4: "Server Device Failure",
    5: "Acknowledge", 6: "Server Device Busy", 8: "Memory Parity Error", 10: "Gateway Path Unavailable",
    11: "Gateway Target Device Failed to Respond",
}
COIL_VALUES = {0xFF00: "ON", 0x0000: "OFF"}
_CRC = algorithm("crc16-modbus")


def _function_name(code: int) -> str:
    return FUNCTIONS.get(code, f"function {code}")


@functools.cache
def _function(code: int, how: str = "function") -> tuple[str, Words]:
    """A function code's label, in English and as words: its name (``how`` "function"), or "… request",
    "… response", "… exception" (the window says the name in its language: the code is the first argument).
    Kept once made: a flood of frames asks for the same few."""
    words = (f"modbus-{how}", (str(code), _function_name(code)))
    return english(*words), words


def _registers(r: FieldReader, n: int) -> None:
    """``n`` registers (2 bytes each, most significant first): those that came, then what is short, in words."""
    r.words("registers", n)  # (one struct call for them all)
#: What the function field's label says, by code (made once: every message has one).
_REQUESTS = {code: f"{name} request" for code, name in FUNCTIONS.items()}
_RESPONSES = {code: f"{name} response" for code, name in FUNCTIONS.items()}
_EXCEPTIONS = {code | 0x80: f"{name} exception" for code, name in FUNCTIONS.items()}


def read_pdu(r: FieldReader) -> None:
    """The PDU from ``r.pos`` to ``r.end``: function code and body (see the module's docstring for how a request
    and a response are told apart)."""
    data = r.data
    r.need("function", 1)
    fc = data[r.pos]
    body = r.end - r.pos - 1
    first = data[r.pos + 1] if body >= 1 else -1
    if fc & 0x80:
        r.number("function", 1, label=_function(fc & 0x7F, "exception"))
        r.number("exception", 1, enum=EXCEPTIONS)
        r.done("extra-exception")
        return
    if fc in (1, 2, 3, 4):
        registers = fc in (3, 4)
        response = body >= 1 and first == body - 1 and not (registers and first % 2)
        if response or body != 4:
            r.number("function", 1, label=_function(fc, "response"))
            count = r.number("byte_count", 1)
            if registers:
                if count % 2:
                    raise Unfit("odd-count", str(count))
                _registers(r, count // 2)
            else:
                r.raw("coils" if fc == 1 else "inputs", count)
            r.done("extra-count")
        else:
            r.number("function", 1, label=_function(fc, "request"))
            r.number("start", 2)
            r.number("quantity", 2)
        return
    if fc in (5, 6):
        r.number("function", 1, label=_function(fc))
        if fc == 5:
            r.number("coil", 2)
            r.number("value", 2, enum=COIL_VALUES)
        else:
            r.number("register", 2)
            r.number("value", 2)
        r.done("extra-function", str(fc), _function_name(fc))
        return
    if fc in (15, 16):
        if body == 4:
            r.number("function", 1, label=_function(fc, "response"))
            r.number("start", 2)
            r.number("quantity", 2)
            return
        r.number("function", 1, label=_function(fc, "request"))
        r.number("start", 2)
        r.number("quantity", 2)
        count = r.number("byte_count", 1)
        if fc == 15:
            r.raw("values", count)
        else:
            if count % 2:
                raise Unfit("odd-count", str(count))
            _registers(r, count // 2)
        r.done("extra-count")
        return
    r.number("function", 1, label=_function(fc))
    if r.left:
        r.raw("data", r.left)


def decode_rtu(data: bytes) -> Decoded:
    """A Modbus RTU frame: address, PDU, CRC (checked over everything before it; low byte first)."""
    if len(data) < 4:
        r = FieldReader(data)
        with contextlib.suppress(Unfit):
            r.number("address", 1)
            r.number("function", 1, label=_function(data[1] & 0x7F) if len(data) > 1 else None)
        return Decoded.unfit("modbus-rtu", r.fields, "rtu-short", str(4 - len(data)))
    r = FieldReader(data, len(data) - 2)
    error: Unfit | None = None
    try:
        r.number("address", 1)
        read_pdu(r)
    except Unfit as exc:
        error = exc
    crc_at = len(data) - 2
    read = data[crc_at] | data[crc_at + 1] << 8
    expected = _CRC.compute(data[:crc_at])
    r.fields.append(DecodedField("crc", read, crc_at, 2, "checksum", None, read == expected, expected))
    if error is not None:
        return error.result("modbus-rtu", r.fields)
    return Decoded("modbus-rtu", r.fields)


_CRC16 = _CRC.compute
_U16 = struct.Struct(">HH").unpack_from


def line_rtu(data: bytes) -> str | None:
    """``format_line(decode_rtu(data))`` made directly, without the fields, for the frames a flood is made of:
    read requests and responses (1–4), writes of one coil or register (5, 6) and the responses to writes of many
    (15, 16), whole. None for any other frame (the caller decodes it). The view's pass asks this of every message
    to count its decoded line's rows: 2 µs where decoding and formatting take 6 (bench_decode's
    ``modbus_line_us`` beside ``modbus_rtu_us``, a shared box). tests/app/decode/test_decode_builtins.py holds
    it to ``format_line``."""
    n = len(data)
    if n < 6:
        return None
    crc_at = n - 2
    read = data[crc_at] | data[crc_at + 1] << 8
    expected = _CRC16(data[:crc_at])
    crc = f"crc=0x{read:04X} ✓" if read == expected else f"crc=0x{read:04X} ✗ (expected 0x{expected:04X})"
    fc = data[1]
    body = crc_at - 2
    if fc in (3, 4):
        count = data[2]
        if body >= 1 and count == body - 1 and not count % 2:
            values = struct.unpack_from(f">{count // 2}H", data, 3)
            regs = " ".join([f"registers[{i}]={v}" for i, v in enumerate(values)])
            return (f"address={data[0]} function={fc} ({_RESPONSES[fc]}) byte_count={count} {regs} {crc}" if regs
                    else f"address={data[0]} function={fc} ({_RESPONSES[fc]}) byte_count={count} {crc}")
    if body != 4:
        return None
    a, b = _U16(data, 2)
    if fc in (1, 2, 3, 4):
        if fc in (1, 2) and data[2] == 3:  # (read as a response of 3 bytes of status: see the module's docstring)
            return None
        return f"address={data[0]} function={fc} ({_REQUESTS[fc]}) start={a} quantity={b} {crc}"
    if fc == 6:
        return f"address={data[0]} function=6 (Write Single Register) register={a} value={b} {crc}"
    if fc == 5:
        word = COIL_VALUES.get(b)
        value = f"value={b}" if word is None else f"value={b} ({word})"
        return f"address={data[0]} function=5 (Write Single Coil) coil={a} {value} {crc}"
    if fc in (15, 16):
        return f"address={data[0]} function={fc} ({_RESPONSES[fc]}) start={a} quantity={b} {crc}"
    return None


def decode_tcp(data: bytes) -> Decoded:
    """A Modbus TCP ADU: the MBAP header (transaction, protocol 0, length of what follows, unit) and the PDU.
    Bytes past the length are left over (the next ADU, when framing did not cut the stream)."""
    r = FieldReader(data)
    try:
        r.number("transaction", 2)
        r.number("protocol", 2, enum={0: "Modbus"}, names=True)
        length = r.number("length", 2)
        if length < 2:
            raise Unfit("tcp-length", str(length))
        r.number("unit", 1)
        stop = 6 + length
        if stop > len(data):
            r.end = len(data)
            with contextlib.suppress(Unfit):  # (what came is shown; the error says what did not)
                read_pdu(r)
            return Decoded.unfit("modbus-tcp", r.fields, "tcp-short", f"{stop - len(data):,}", f"{length:,}")
        r.end = stop
        read_pdu(r)
    except Unfit as exc:
        return exc.result("modbus-tcp", r.fields)
    return Decoded("modbus-tcp", r.fields, None, len(data) - r.pos)
