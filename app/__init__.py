"""NetAssist's engine: TCP server, TCP client and UDP sessions on asyncio. Never imports Qt."""

from __future__ import annotations

from app.memory import keep_freed_memory

# Process-wide, and best before the heap takes shape: see app.memory. NetAssist is an application, so
# importing its engine may set this; it only keeps up to 128 MiB of freed heap from being trimmed.
keep_freed_memory()

from app.errors import NetAssistError  # noqa: E402
from app.records import Address, Direction, Record, RecordStore  # noqa: E402
from app.session import CloseReason, Session, State  # noqa: E402
from app.tcp_client import TcpClientSession  # noqa: E402
from app.tcp_server import TcpServerSession  # noqa: E402
from app.udp import UdpSession  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "Address",
    "CloseReason",
    "Direction",
    "NetAssistError",
    "Record",
    "RecordStore",
    "Session",
    "State",
    "TcpClientSession",
    "TcpServerSession",
    "UdpSession",
    "__version__",
]
