"""Connection churn: thousands of short connections, every byte of every accepted one counted, the client
limit counting only the peers that are open, no per-peer state left behind."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from app.net.sessions.tcp_server import TcpServerSession
from tests.app.helpers import Watch

SENDERS = Path(__file__).parent.parent / "perf" / "senders.py"


async def test_thousands_of_short_connections_are_all_counted() -> None:
    server = TcpServerSession("127.0.0.1", 0, client_limit=64, finished_linger=0.01)
    w = Watch(server)
    await server.open()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(SENDERS), "churn", "127.0.0.1", str(server.local_address.port), "4000", "20",
        stdout=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(proc.communicate(), 25)
    sent = json.loads(out)
    assert sent["refused"] == 0
    await w.until(lambda: server.counters.total.rx_bytes >= sent["bytes"] and not server.peers, timeout=10)
    assert server.counters.total.rx_bytes == sent["bytes"]
    kinds = w.notices()
    assert kinds.count("peer-connected") == 4000 and "client-rejected" not in kinds
    assert server.counters.peers == {}  # nothing per peer outlives the peer
    await server.close()
