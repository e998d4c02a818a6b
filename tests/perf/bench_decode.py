"""bench_decode: what decoding one small message costs, beside the ways it could have been built.

Prints one JSON line: {"bench": "decode", "layout_us" (our LayoutDecoder on a 5-field layout: u8 u16 u32 i16 f32,
per message, fields with offsets and sizes made), "struct_us" (plain ``struct.Struct.unpack_from`` of the same
bytes: the floor, no fields made), "hand_us" (a per-field interpreter: int.from_bytes a field at a time, the same
fields made), "construct_us" and "construct_compiled_us" (construct's Struct.parse, interpreted and compiled, no
offsets made: what the library costs before it is even asked where each field lies), "modbus_rtu_us" (the built-in
decoder on an FC 3 response of 2 registers, CRC checked), "ratio" (layout / struct), ...}; each the median of
ROUNDS rounds. Target: layout_us <= 5. Takes a few seconds.
"""

from __future__ import annotations

import json
import statistics
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.decode import BUILTINS, DecodedField, LayoutDecoder, parse_layout

ROUNDS = 5
N = 20_000
TARGET_US = 5.0

LAYOUT = {"name": "sensor", "endian": "big", "fields": [
    {"name": "id", "type": "u8"}, {"name": "seq", "type": "u16"}, {"name": "time", "type": "u32"},
    {"name": "temp", "type": "i16"}, {"name": "value", "type": "f32"}]}
MESSAGE = struct.pack(">BHIhf", 7, 513, 1_700_000_000, -12, 21.5)
MODBUS = bytes.fromhex("01 03 04 00 2A 00 07 9A 39")


def per_message_us(decode: Callable[[bytes], object], data: bytes) -> float:
    decode(data)
    t0 = time.perf_counter()
    for _ in range(N):
        decode(data)
    return (time.perf_counter() - t0) / N * 1e6


def hand_interpreter() -> Callable[[bytes], list[DecodedField]]:
    """The other way to build it: walk the fields one at a time (what a layout without struct runs would do)."""
    plan = (("id", 1, False, "u8"), ("seq", 2, False, "u16"), ("time", 4, False, "u32"), ("temp", 2, True, "i16"))
    f32 = struct.Struct(">f")

    def decode(data: bytes) -> list[DecodedField]:
        out = []
        pos = 0
        for name, size, signed, kind in plan:
            out.append(DecodedField(name, int.from_bytes(data[pos:pos + size], "big", signed=signed), pos, size, kind))
            pos += size
        out.append(DecodedField("value", f32.unpack_from(data, pos)[0], pos, 4, "f32"))
        return out

    return decode


def main() -> None:
    layout = LayoutDecoder(parse_layout(LAYOUT))
    plain = struct.Struct(">BHIhf").unpack_from
    options: dict[str, tuple[Callable[[bytes], object], bytes]] = {
        "layout": (layout.decode, MESSAGE), "struct": (plain, MESSAGE), "hand": (hand_interpreter(), MESSAGE),
        "modbus_rtu": (BUILTINS["modbus-rtu"].decode, MODBUS)}
    try:
        import construct as c

        lib = c.Struct("id" / c.Int8ub, "seq" / c.Int16ub, "time" / c.Int32ub, "temp" / c.Int16sb,
                       "value" / c.Float32b)
        options["construct"] = (lib.parse, MESSAGE)
        options["construct_compiled"] = (lib.compile().parse, MESSAGE)
    except ImportError:  # (the [test] extra installs it; without it the other numbers still stand)
        pass
    assert [f.value for f in layout.decode(MESSAGE).fields] == list(plain(MESSAGE))
    rounds: dict[str, list[float]] = {name: [] for name in options}
    for _ in range(ROUNDS):
        for name, (decode, data) in options.items():
            rounds[name].append(per_message_us(decode, data))
    us = {name: statistics.median(values) for name, values in rounds.items()}
    print(json.dumps({
        "bench": "decode", **{f"{name}_us": round(v, 3) for name, v in us.items()},
        "ratio": round(us["layout"] / us["struct"], 2),
        **({"construct_ratio": round(us["construct"] / us["layout"], 2),
            "construct_compiled_ratio": round(us["construct_compiled"] / us["layout"], 2)} if "construct" in us
           else {}),
        "hand_ratio": round(us["hand"] / us["layout"], 2),
        "target_us": TARGET_US, "ok": us["layout"] <= TARGET_US, "fields": len(LAYOUT["fields"]), "rounds": ROUNDS,
        "messages_per_round": N,
    }))


if __name__ == "__main__":
    main()
