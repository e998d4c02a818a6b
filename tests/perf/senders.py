"""Load generators, run as separate processes by the benchmarks. Each prints one JSON line when done.

  python tests/perf/senders.py lines HOST PORT COUNT
      one TCP connection, COUNT messages "message NNNNNNNNNN ...\\r\\n" of 32 bytes, one send() each
  python tests/perf/senders.py udp HOST PORT RATE SECONDS [SIZE]
      SIZE-byte datagrams (default 64) at RATE a second for SECONDS, paced on absolute deadlines
  python tests/perf/senders.py clients HOST PORT N INTERVAL_MS SECONDS
      N TCP connections, each sending 16 bytes every INTERVAL_MS for SECONDS (opened at ~1,000 a second)
  python tests/perf/senders.py connect HOST PORT N
      N TCP connections opened as fast as possible, held until stdin closes
  python tests/perf/senders.py churn HOST PORT N AT_ONCE
      N short connections, AT_ONCE at a time: connect, send 1 to 1,000 bytes, close
  python tests/perf/senders.py sources HOST PORT N SIZE
      N UDP sockets (N sources), each sending one SIZE-byte datagram with no line break in it
  python tests/perf/senders.py newsources HOST PORT RATE SECONDS [SIZE]
      a new UDP source (a socket of its own, on a new port) every 1/RATE s for SECONDS, each sending one
      SIZE-byte datagram (default 32), paced on absolute deadlines
  python tests/perf/senders.py samples HOST PORT RATE SECONDS SERIES
      one TCP connection, RATE lines a second for SECONDS, each SERIES ``sensorK:value`` pairs (the chart's
      ``lines`` source), paced on absolute deadlines
  python tests/perf/senders.py justfloat HOST PORT RATE SECONDS CHANNELS
      VOFA+ JustFloat frames of CHANNELS float32 values, one a datagram, at RATE a second for SECONDS
  python tests/perf/senders.py idle HOST PORT
      one TCP connection that never reads (a small receive window), held until stdin closes
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import time


def raise_fd_limit() -> None:
    try:
        import resource
    except ImportError:  # Windows: no such limit
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def lines(host: str, port: int, count: int) -> dict[str, object]:
    with socket.create_connection((host, port)) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(count):
            s.sendall(b"message %010d abcdefghijk\r\n" % i)
    return {"sent": count, "bytes": count * 32}  # (a close sends everything before the FIN)


def udp(host: str, port: int, rate: int, seconds: float, size: int = 64) -> dict[str, object]:
    payload = bytearray(size)
    sent = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect((host, port))
        start = time.perf_counter()
        total = int(rate * seconds)
        while sent < total:
            due = int((time.perf_counter() - start) * rate) + 1
            while sent < min(due, total):
                payload[:8] = sent.to_bytes(8, "big")
                try:  # noqa: SIM105 (a try is cheaper than contextlib.suppress at 20,000 a second)
                    s.send(payload)
                except OSError:  # ECONNREFUSED from an earlier ICMP: the datagram was still sent
                    pass
                sent += 1
            time.sleep(0.0005)
    return {"sent": sent, "seconds": round(time.perf_counter() - start, 3)}


async def _clients(host: str, port: int, n: int, interval_ms: int, seconds: float) -> dict[str, object]:
    raise_fd_limit()
    writers = []
    for k in range(n):
        _, w = await asyncio.open_connection(host, port)
        writers.append(w)
        if k % 10 == 9:
            await asyncio.sleep(0.01)
    sent = 0
    start = time.perf_counter()
    tick = 0
    msg = b"0123456789abcdef"
    while time.perf_counter() - start < seconds:
        # every connection once per interval, spread over the interval in 10 slices
        tick += 1
        due = start + tick * interval_ms / 10000
        part = writers[(tick % 10) * n // 10:((tick % 10) + 1) * n // 10]
        for w in part:
            w.write(msg)
            sent += len(msg)
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
    for w in writers:
        w.close()
    return {"connections": n, "bytes": sent}


async def _connect(host: str, port: int, n: int) -> dict[str, object]:
    raise_fd_limit()
    start = time.perf_counter()
    writers = await asyncio.gather(*(asyncio.open_connection(host, port) for _ in range(n)))
    took = time.perf_counter() - start
    print(json.dumps({"connected": n, "seconds": round(took, 3)}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    for _, w in writers:
        w.close()
    return {"closed": n}


async def _churn(host: str, port: int, n: int, at_once: int) -> dict[str, object]:
    sent = 0
    refused = 0
    left = n

    async def one(k: int) -> None:
        nonlocal sent, refused
        try:
            _, w = await asyncio.open_connection(host, port)
        except OSError:
            refused += 1
            return
        data = bytes([65 + k % 26]) * (1 + (k * 7919) % 1000)
        w.write(data)
        await w.drain()
        sent += len(data)
        w.close()
        await w.wait_closed()

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await one(left)

    await asyncio.gather(*(worker() for _ in range(at_once)))
    return {"connections": n, "bytes": sent, "refused": refused}


def sources(host: str, port: int, n: int, size: int) -> dict[str, object]:
    raise_fd_limit()
    sent = 0
    socks = []
    for k in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        s.sendto(bytes([65 + k % 26]) * size, (host, port))
        sent += 1
        if len(socks) >= 256:  # a source sends once: its socket can go
            for x in socks:
                x.close()
            socks.clear()
            time.sleep(0.002)  # let the receiver keep up (its buffer is the kernel's)
    for x in socks:
        x.close()
    return {"sources": n, "sent": sent}


def newsources(host: str, port: int, rate: int, seconds: float, size: int = 32) -> dict[str, object]:
    raise_fd_limit()
    payload = bytearray(size)
    sent = 0
    socks: list[socket.socket] = []
    total = int(rate * seconds)
    start = time.perf_counter()
    while sent < total:
        due = int((time.perf_counter() - start) * rate) + 1
        while sent < min(due, total):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("127.0.0.1", 0))
            payload[:8] = sent.to_bytes(8, "big")
            s.sendto(payload, (host, port))
            socks.append(s)
            sent += 1
        if len(socks) >= 64:  # a source sends once: its socket can go (its port is free again later)
            for x in socks:
                x.close()
            socks.clear()
        time.sleep(0.0005)
    for x in socks:
        x.close()
    return {"sent": sent, "seconds": round(time.perf_counter() - start, 3)}


def samples(host: str, port: int, rate: int, seconds: float, series: int) -> dict[str, object]:
    sent = size = 0
    total = int(rate * seconds)
    with socket.create_connection((host, port)) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        start = time.perf_counter()
        while sent < total:
            due = min(int((time.perf_counter() - start) * rate) + 1, total)
            if due > sent:
                data = "".join(",".join(f"sensor{k}:{(i * 37 + k * 101) % 1000 / 10}" for k in range(series))
                               + "\r\n" for i in range(sent, due)).encode()
                s.sendall(data)
                size += len(data)
                sent = due
            time.sleep(0.001)
        took = time.perf_counter() - start
    return {"sent": sent, "bytes": size, "seconds": round(took, 3)}


def justfloat(host: str, port: int, rate: int, seconds: float, channels: int) -> dict[str, object]:
    import struct

    sent = 0
    total = int(rate * seconds)
    tail = b"\x00\x00\x80\x7f"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect((host, port))
        start = time.perf_counter()
        while sent < total:
            due = min(int((time.perf_counter() - start) * rate) + 1, total)
            while sent < due:
                try:  # noqa: SIM105
                    s.send(struct.pack(f"<{channels}f", *(float(sent + k) for k in range(channels))) + tail)
                except OSError:
                    pass
                sent += 1
            time.sleep(0.0005)
        took = time.perf_counter() - start
    return {"sent": sent, "seconds": round(took, 3)}


def idle(host: str, port: int) -> dict[str, object]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((host, port))
    print(json.dumps({"connected": True}), flush=True)
    sys.stdin.read()
    s.close()
    return {"closed": True}


def modbus(host: str, port: int, rate: int, seconds: float) -> dict[str, object]:
    """Modbus RTU responses (FC 3, two registers, CRC right) as datagrams at ``rate`` a second: a register
    counts, so no two frames are alike."""
    from crccheck.crc import Crc16Modbus

    sent = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect((host, port))
        start = time.perf_counter()
        total = int(rate * seconds)
        while sent < total:
            due = int((time.perf_counter() - start) * rate) + 1
            while sent < min(due, total):
                body = b"\x01\x03\x04" + (sent & 0xFFFF).to_bytes(2, "big") + b"\x00\x07"
                try:  # noqa: SIM105
                    s.send(body + Crc16Modbus.calc(body).to_bytes(2, "little"))
                except OSError:
                    pass
                sent += 1
            time.sleep(0.0005)
    return {"sent": sent, "seconds": round(time.perf_counter() - start, 3)}


def main() -> None:
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    args = sys.argv[4:]
    if mode == "lines":
        out = lines(host, port, int(args[0]))
    elif mode == "udp":
        out = udp(host, port, int(args[0]), float(args[1]), int(args[2]) if len(args) > 2 else 64)
    elif mode == "modbus":
        out = modbus(host, port, int(args[0]), float(args[1]))
    elif mode == "clients":
        out = asyncio.run(_clients(host, port, int(args[0]), int(args[1]), float(args[2])))
    elif mode == "churn":
        out = asyncio.run(_churn(host, port, int(args[0]), int(args[1])))
    elif mode == "sources":
        out = sources(host, port, int(args[0]), int(args[1]))
    elif mode == "newsources":
        out = newsources(host, port, int(args[0]), float(args[1]), int(args[2]) if len(args) > 2 else 32)
    elif mode == "samples":
        out = samples(host, port, int(args[0]), float(args[1]), int(args[2]))
    elif mode == "justfloat":
        out = justfloat(host, port, int(args[0]), float(args[1]), int(args[2]))
    elif mode == "idle":
        out = idle(host, port)
    elif mode == "connect":
        out = asyncio.run(_connect(host, port, int(args[0])))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
