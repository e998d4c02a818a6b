"""bench_decode: what decoding one small message costs, beside the ways it could have been built.

Prints one JSON line: {"bench": "decode", "layout_us" (our LayoutDecoder on a 5-field layout: u8 u16 u32 i16 f32,
per message, fields with offsets and sizes made), "struct_us" (plain ``struct.Struct.unpack_from`` of the same
bytes: the floor, no fields made), "hand_us" (a per-field interpreter: int.from_bytes a field at a time, the same
fields made), "construct_us" and "construct_compiled_us" (construct's Struct.parse, interpreted and compiled, no
offsets made: what the library costs before it is even asked where each field lies), "modbus_rtu_us" (the built-in
decoder on an FC 3 response of 2 registers, CRC checked), "modbus_line_us" (its decoded line made directly, as
the view's pass counts it: ``BuiltinDecoder.line``), "crc_us" (CRC-16/MODBUS of that frame, app/core/checksum.py)
beside "crccheck_us" (crccheck's), "ratio" (layout / struct), ...}; each the median of
ROUNDS rounds. Target: layout_us <= 5. Takes a few seconds.

Then the view's targets, in the real window offscreen (``--no-window`` leaves them out), a JSON line each:

- ``decode_flood``: Modbus RTU frames (FC 3 responses, CRC right) as UDP datagrams at 10,000 a second for 10 s
  into a page in log mode, once with the ``modbus-rtu`` decoder on and once with none: ``lost`` (sent, not
  counted), the loop's lateness ``p99_ms``/``max_ms`` (a 10 ms probe timer), the window process's CPU seconds
  each way and ``cpu_ratio`` (on / off). Targets: lost 0, p99 <= 16 ms, max <= 50 ms, cpu_ratio <= 1.5.
- ``decode_history``: a page holding 1,000,000 such frames; the decoder switched on in ``decoderBox``:
  ``first_rows_ms`` (until the rows on screen are painted with their decoded lines), ``pass_s`` (the whole
  re-layout) beside ``plain_pass_s`` (the same re-layout with the decoder off: an encoding change),
  ``pass_ratio``, and the loop's lateness during the pass. Targets: first_rows_ms <= 50, pass_ratio <= 2,
  max_ms <= 50.
"""

from __future__ import annotations

import json
import os
import statistics
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.core.checksum import algorithm
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
    modbus_line = BUILTINS["modbus-rtu"].line
    assert modbus_line is not None and modbus_line(MODBUS) is not None
    plain = struct.Struct(">BHIhf").unpack_from
    options: dict[str, tuple[Callable[[bytes], object], bytes]] = {
        "layout": (layout.decode, MESSAGE), "struct": (plain, MESSAGE), "hand": (hand_interpreter(), MESSAGE),
        "modbus_rtu": (BUILTINS["modbus-rtu"].decode, MODBUS),
        "modbus_line": (modbus_line, MODBUS), "crc": (algorithm("crc16-modbus").compute, MODBUS[:-2])}
    try:
        from crccheck.crc import Crc16Modbus

        options["crccheck"] = (Crc16Modbus.calc, MODBUS[:-2])
    except ImportError:
        pass
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


# ------------------------------------------------------------------------------------------- the window

FLOOD_RATE = 10_000
FLOOD_SECONDS = float(os.environ.get("BENCH_DECODE_SECONDS", 10.0))  # (shorter only to try the bench out)
HISTORY = int(os.environ.get("BENCH_DECODE_HISTORY", 1_000_000))


async def _until(cond: Callable[[], bool], timeout: float = 300.0) -> float:
    import asyncio

    start = time.perf_counter()
    while not cond():
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


def _choose(page: object, data: str) -> None:
    box = page.decoder_box  # type: ignore[attr-defined]
    box.setCurrentIndex(box.findData(data))


async def _flood_round(window: object, probe: object, decoder: str) -> dict[str, float]:
    import asyncio

    from window import sender, sender_result

    page = window.new_session("udp", {"local_host": "127.0.0.1", "local_port": 0,  # type: ignore[attr-defined]
                                      "receive_hex": False, "log_mode": True})
    _choose(page, decoder)
    await page.open_session()
    probe.start()  # type: ignore[attr-defined]
    cpu0 = time.process_time()
    proc = await sender("modbus", "127.0.0.1", page.session.local_address.port, FLOOD_RATE, FLOOD_SECONDS)
    result = await sender_result(proc, timeout=FLOOD_SECONDS + 60)
    deadline = time.perf_counter() + 2
    while page.session.counters.total.rx_packets < result["sent"] and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    page.flush()
    cpu = time.process_time() - cpu0
    probe.stop()  # type: ignore[attr-defined]
    received = page.session.counters.total.rx_packets
    shown = page.receive_view.visibleText()
    assert (decoder == "none") != ("↳ address=1 function=3" in shown), shown[-400:]
    window.close_tab(window.tabs.indexOf(page))  # type: ignore[attr-defined]
    return {"sent": result["sent"], "received": received, "cpu_s": cpu, **probe.summary()}  # type: ignore[attr-defined]


async def _history(window: object, probe: object) -> dict[str, object]:
    from crccheck.crc import Crc16Modbus

    from app.core.records import Address

    page = window.new_session("tcp-server", {"receive_hex": False, "log_mode": True})  # type: ignore[attr-defined]
    store = page.session.store
    store.limit = 256 * 1024 * 1024
    peers = [Address(f"10.0.0.{k}", 40000 + k) for k in range(1, 9)]
    t0 = 1_700_000_000_000
    for i in range(HISTORY):
        body = b"\x01\x03\x04" + (i & 0xFFFF).to_bytes(2, "big") + b"\x00\x07"
        store.add(i + 1, t0 + i * 3, i & 1, peers[i % 8], body + Crc16Modbus.calc(body).to_bytes(2, "little"))
    view = page.receive_view
    page.flush()
    view.relayout()
    await _until(lambda: view.layout.done)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)  # (the middle: a real re-layout)
    # the pass without a decoder: an encoding change re-lays out the history the same way
    probe.start()  # type: ignore[attr-defined]
    started = time.perf_counter()
    page.receive_settings.set_encoding("gbk")
    await _until(lambda: view.layout.done)
    plain_s = time.perf_counter() - started
    plain = probe.summary()  # type: ignore[attr-defined]
    # the decoder switched on
    probe.start()  # type: ignore[attr-defined]
    started = time.perf_counter()
    _choose(page, "modbus-rtu")
    view.viewport().repaint()
    first_ms = (time.perf_counter() - started) * 1000
    first_text = view.visibleText()
    await _until(lambda: view.layout.done)
    pass_s = time.perf_counter() - started
    decoded = probe.summary()  # type: ignore[attr-defined]
    probe.stop()  # type: ignore[attr-defined]
    assert "↳ address=1 function=3" in first_text, first_text[:300]
    window.close_tab(window.tabs.indexOf(page))  # type: ignore[attr-defined]
    return {"bench": "decode_history", "records": HISTORY, "first_rows_ms": round(first_ms, 1),
            "pass_s": round(pass_s, 2), "plain_pass_s": round(plain_s, 2), "pass_ratio": round(pass_s / plain_s, 2),
            "p99_ms": decoded["p99_ms"], "max_ms": decoded["max_ms"], "plain_max_ms": plain["max_ms"],
            "ok": first_ms <= 50 and pass_s / plain_s <= 2 and decoded["max_ms"] <= 50}


async def window_benches() -> None:
    from window import Probe, close_window, emit, new_window

    window = new_window()
    probe = Probe()
    off = await _flood_round(window, probe, "none")
    on = await _flood_round(window, probe, "modbus-rtu")
    emit({"bench": "decode_flood", "rate": FLOOD_RATE, "seconds": FLOOD_SECONDS, "sent": on["sent"],
          "lost": on["sent"] - on["received"], "p99_ms": on["p99_ms"], "max_ms": on["max_ms"],
          "cpu_on_s": round(on["cpu_s"], 2), "cpu_off_s": round(off["cpu_s"], 2),
          "cpu_ratio": round(on["cpu_s"] / off["cpu_s"], 2), "off_lost": off["sent"] - off["received"],
          "off_p99_ms": off["p99_ms"], "off_max_ms": off["max_ms"],
          "ok": on["sent"] == on["received"] and on["p99_ms"] <= 16 and on["max_ms"] <= 50
          and on["cpu_s"] / off["cpu_s"] <= 1.5})
    emit(await _history(window, probe))
    await close_window(window)


if __name__ == "__main__":
    main()
    if "--no-window" not in sys.argv:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import window  # noqa: F401 (offscreen, before the application exists)
        from PySide6.QtWidgets import QApplication

        from ui import loop as event_loop

        app = QApplication(sys.argv)
        event_loop.run(window_benches())
