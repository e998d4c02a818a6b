"""NetAssist's engine: TCP server, TCP client and UDP sessions on asyncio. Never imports Qt."""

from __future__ import annotations

from app.errors import NetAssistError
from app.records import Address, Direction, Record, RecordStore
from app.session import CloseReason, Session, State
from app.tcp_client import TcpClientSession
from app.tcp_server import TcpServerSession
from app.udp import UdpSession

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
