"""A separate sender process: connect to HOST:PORT, send TOTAL bytes in 1 MiB writes, close.

Usage: python tests/perf/flood.py HOST PORT TOTAL
"""

from __future__ import annotations

import socket
import sys


def main() -> None:
    host, port, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    block = bytes(range(256)) * 4096  # 1 MiB, every byte value, text mode sees binary junk and newlines
    with socket.create_connection((host, port)) as s:
        sent = 0
        while sent < total:
            n = min(len(block), total - sent)
            s.sendall(block[:n] if n < len(block) else block)
            sent += n
        s.shutdown(socket.SHUT_WR)
        s.recv(1)  # wait for the receiver to close its end (it stays open after our FIN until then)


if __name__ == "__main__":
    main()
