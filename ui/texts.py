"""Words the window shows for engine values (notices, close reasons, states, errors), translated."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.errors import NetAssistError
from app.records import Notice


def _t(text: str) -> str:
    return QCoreApplication.translate("Texts", text)


def reason_text(code: str) -> str:
    return {
        "closed-by-peer": _t("closed by peer"),
        "reset": _t("connection reset by peer"),
        "kicked": _t("disconnected by user"),
        "server-stopped": _t("server stopped"),
        "closed-locally": _t("closed"),
        "error": _t("error"),
    }.get(code, code)


def notice_text(n: Notice) -> str:
    """A notice in the user's language; falls back to the engine's English words."""
    a = n.args
    if n.kind == "listening" and a:
        return _t("Listening on %1").replace("%1", a[0])
    if n.kind == "bound" and a:
        return _t("Bound to %1").replace("%1", a[0])
    if n.kind == "closed":
        return _t("Closed")
    if n.kind == "peer-connected" and a:
        return _t("%1 connected").replace("%1", a[0])
    if n.kind == "peer-disconnected" and a:
        return _t("%1 disconnected: %2").replace("%1", a[0]).replace("%2", reason_text(n.detail))
    if n.kind == "connected" and len(a) >= 2:
        return _t("Connected to %1 (local %2)").replace("%1", a[0]).replace("%2", a[1])
    if n.kind == "eof" and a:
        return _t("%1 closed its side of the connection (end of data)").replace("%1", a[0])
    if n.kind == "client-rejected" and len(a) >= 2:
        return _t("Client limit (%2) reached: %1 was disconnected").replace("%1", a[0]).replace("%2", a[1])
    if n.kind == "port-unreachable":
        return _t("Port unreachable: nothing listens at %1 (ICMP)").replace("%1", a[0] if a else "?")
    if n.kind == "multicast-joined" and len(a) >= 2:
        return _t("Joined multicast group %1 on %2").replace("%1", a[0]).replace("%2", a[1])
    if n.kind == "multicast-left" and len(a) >= 2:
        return _t("Left multicast group %1 on %2").replace("%1", a[0]).replace("%2", a[1])
    if n.kind == "file-sent" and len(a) >= 2:
        return _t("File %1 sent: %2 bytes").replace("%1", a[0]).replace("%2", a[1])
    if n.kind == "error":
        return _t("Error: %1").replace("%1", n.text)
    return n.text


def error_text(err: BaseException) -> str:
    """An error as the window shows it: what happened in words, with the engine's detail."""
    if isinstance(err, NetAssistError):
        return _t("Error: %1").replace("%1", err.message)
    return _t("Unexpected error: %1").replace("%1", f"{type(err).__name__}: {err}")


def state_text(kind: str, state: str) -> str:
    if state == "opening":
        return {"tcp-client": _t("Connecting…")}.get(kind, _t("Opening…"))
    if state == "open":
        return {"tcp-server": _t("Listening"), "tcp-client": _t("Connected"), "udp": _t("Bound")}[kind]
    return _t("Closed")


def kind_title(kind: str) -> str:
    return {"tcp-server": _t("TCP Server"), "tcp-client": _t("TCP Client"), "udp": _t("UDP")}[kind]
