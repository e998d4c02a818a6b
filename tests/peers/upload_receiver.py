"""The course's upload receiver: accept one connection, read a 4-byte big-endian size, then that many bytes.

Prints the port on the first line, then {"size": N, "sha256": "..."} once the data is in.
With --slow it is a slow device: it reads 16 KiB, then pauses 1 ms (about 16 MB/s, far below what a sender
on loopback manages), so the sender must wait on backpressure. The pause is the peer's own pace, not a
test waiting for something.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import time


def recv_exactly(conn: socket.socket, n: int, slow: bool, h: hashlib._Hash | None = None) -> bytes:
    parts, got = [], 0
    while got < n:
        block = conn.recv(min(n - got, 16384 if slow else 1 << 20))
        if not block:
            raise SystemExit(f"connection closed after {got} of {n} bytes")
        got += len(block)
        if h is not None:
            h.update(block)
        else:
            parts.append(block)
        if slow:
            time.sleep(0.001)  # the device's pace
    return b"".join(parts)


def main() -> None:
    slow = "--slow" in sys.argv
    srv = socket.create_server(("127.0.0.1", 0))
    print(srv.getsockname()[1], flush=True)
    conn, _ = srv.accept()
    size = int.from_bytes(recv_exactly(conn, 4, slow), "big")
    h = hashlib.sha256()
    recv_exactly(conn, size, slow, h)
    print(json.dumps({"size": size, "sha256": h.hexdigest()}), flush=True)
    conn.close()


if __name__ == "__main__":
    main()
