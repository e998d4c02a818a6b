"""A course-exercise peer: a TCP server that answers each read with 哈哈 in GB2312, one byte per send.

Prints its port on the first line of stdout, then serves until killed.
"""

from __future__ import annotations

import socket
import sys


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    srv = socket.create_server(("127.0.0.1", port), reuse_port=False)
    print(srv.getsockname()[1], flush=True)
    while True:
        conn, _ = srv.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with conn:
            while conn.recv(4096):
                for b in "哈哈".encode("gb2312"):
                    conn.sendall(bytes([b]))


if __name__ == "__main__":
    main()
