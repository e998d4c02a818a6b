"""A TCP server session that logs to TEXT and JSONL paths; prints its port, serves until killed.

Usage: python tests/peers/logging_server.py TEXT_LOG JSONL_LOG
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.export.logs import SessionLogger
from app.net.sessions.tcp_server import TcpServerSession


async def main() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    SessionLogger(server, text_path=sys.argv[1], jsonl_path=sys.argv[2])
    await server.open()
    print(server.local_address.port, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
