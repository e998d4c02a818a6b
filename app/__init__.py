"""NetAssist's engine: TCP server, TCP client and UDP sessions on asyncio. Never imports Qt."""

from __future__ import annotations

from app.core.errors import NetAssistError
from app.core.records import Address, Direction, Record, RecordStore
from app.net.session import CloseReason, Session, State
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession

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
