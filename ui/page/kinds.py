"""The kinds of session page and what makes each different: its engine session, its network panel, whether
it has a client list (and so a send-target box), whether it carries datagrams. A new kind is one entry here
and one network panel; the page itself has no per-kind branches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.net.session import Session
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_load import TcpClientsSession
from app.net.sessions.tcp_relay import TcpRelaySession
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession
from app.net.sessions.udp_relay import UdpRelaySession
from app.net.ws.client import WsClientSession
from app.net.ws.server import WsServerSession
from ui.chart.panel import ChartPanel
from ui.options import Option, Text
from ui.page.network.advanced import SocketOptionsControls
from ui.page.network.clients import TcpClientsNetwork
from ui.page.network.panel import NetworkPanel, TcpClientNetwork, TcpServerNetwork
from ui.page.network.relay import TcpRelayNetwork, UdpRelayNetwork
from ui.page.network.udp import UdpNetwork
from ui.page.network.ws import WsClientNetwork, WsServerNetwork
from ui.page.panels.receive_settings import ReceiveSettings
from ui.page.panels.send_panel import SendPanel
from ui.page.panels.send_settings import SendSettings
from ui.page.send_tools.auto_reply import AutoReplyTool


@dataclass(frozen=True)
class Kind:
    name: str
    session: Callable[[], Session]
    network: type[NetworkPanel]
    #: A client list beside the view; sends go to one client or all.
    clients: bool = False
    #: Messages arrive as datagrams (framing only within one; file send in datagrams).
    datagrams: bool = False

    def options(self) -> dict[str, Option]:
        """Everything a page of this kind keeps, typed, with its defaults (see ui.options)."""
        schema: dict[str, Option] = {**ReceiveSettings.OPTIONS, **SendSettings.OPTIONS, **SendPanel.OPTIONS,
                                     **AutoReplyTool.OPTIONS, **SocketOptionsControls.OPTIONS, **self.network.OPTIONS,
                                     **ChartPanel.OPTIONS, "splitter": Text("", 4096)}
        if self.clients:
            schema["client_splitter"] = Text("", 4096)
        return schema


KINDS: dict[str, Kind] = {
    "tcp-server": Kind("tcp-server", TcpServerSession, TcpServerNetwork, clients=True),
    "tcp-client": Kind("tcp-client", TcpClientSession, TcpClientNetwork),
    "udp": Kind("udp", UdpSession, UdpNetwork, datagrams=True),
    "tcp-relay": Kind("tcp-relay", TcpRelaySession, TcpRelayNetwork, clients=True),
    "tcp-clients": Kind("tcp-clients", TcpClientsSession, TcpClientsNetwork, clients=True),
    "udp-relay": Kind("udp-relay", UdpRelaySession, UdpRelayNetwork, clients=True, datagrams=True),
    "ws-server": Kind("ws-server", WsServerSession, WsServerNetwork, clients=True),
    "ws-client": Kind("ws-client", WsClientSession, WsClientNetwork),
}
#: The tabs a first start opens.
DEFAULT_KINDS = ("tcp-server", "tcp-client", "udp")


def page_options(kind: str) -> dict[str, Option]:
    return KINDS[kind].options()
