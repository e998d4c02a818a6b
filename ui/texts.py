"""Words the window shows for engine values (notices, close reasons, states, errors), translated.

Each string is a literal ``QCoreApplication.translate("Texts", …)`` call so that lupdate finds it.
"""

from __future__ import annotations

import re
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.core.errors import NetAssistError
from app.core.records import Notice
from app.decode import english
from ui.options import Problem

translate = QCoreApplication.translate


def fill(template: str, *args: str) -> str:
    """Replace %1, %2 … in a translated template (Qt's placeholders)."""
    for i in range(len(args), 0, -1):  # %10 before %1
        template = template.replace(f"%{i}", args[i - 1])
    return template


def reason_text(code: str) -> str:
    return {
        "closed-by-peer": translate("Texts", "closed by peer"),
        "reset": translate("Texts", "connection reset by peer"),
        "target-reset": translate("Texts", "the target reset the connection (passed on as a reset)"),
        "kicked": translate("Texts", "disconnected by user"),
        "server-stopped": translate("Texts", "server stopped"),
        "closed-locally": translate("Texts", "closed"),
        "error": translate("Texts", "error"),
    }.get(code, code)


def notice_text(n: Notice) -> str:
    """A notice in the user's language; falls back to the engine's English words."""
    a, k = n.args, n.kind
    if k == "listening" and a:
        return fill(translate("Texts", "Listening on %1"), a[0])
    if k == "bound" and a:
        return fill(translate("Texts", "Bound to %1"), a[0])
    if k == "closed":
        return translate("Texts", "Closed")
    if k == "peer-connected" and a:
        return fill(translate("Texts", "%1 connected"), a[0])
    if k == "peer-disconnected" and len(a) >= 7 and a[2] in _WS_PARTING:  # (WebSocket: how it ended)
        return fill(translate("Texts", "%1 disconnected: %2"), a[0], f"{reason_text(n.detail)}; {_ws_parting(a)}")
    if k == "peer-disconnected" and len(a) >= 3 and a[2] == "reset":
        return fill(translate("Texts", "%1 disconnected: it had closed (it answered what was sent after it finished "
                                       "sending with a reset)"), a[0])
    if k == "peer-disconnected" and len(a) == 2 and not _number(a[1]):  # (WebSocket: how it ended, in words)
        return fill(translate("Texts", "%1 disconnected: %2"), a[0], f"{reason_text(n.detail)}; {a[1]}")
    if k.startswith("ws-"):
        return _ws_notice(n)
    if k == "peer-disconnected" and len(a) >= 2:
        return fill(translate("Texts", "%1 disconnected: it finished sending and nothing was sent to it for %2 s"),
                    a[0], a[1])
    if k == "peer-disconnected" and a:
        return fill(translate("Texts", "%1 disconnected: %2"), a[0], reason_text(n.detail))
    if k == "connected" and len(a) >= 2:
        return fill(translate("Texts", "Connected to %1 (local %2)"), a[0], a[1])
    if k == "eof" and a:
        return fill(translate("Texts", "%1 closed its side of the connection (end of data)"), a[0])
    if k == "peer-finished" and len(a) >= 2:
        return fill(translate("Texts", "%1 finished sending; its connection closes in %2 s unless something is sent "
                                       "to it"), a[0], a[1])
    if k == "peer-finished" and a:
        return fill(translate("Texts", "%1 finished sending (the connection stays open for replies)"), a[0])
    if k == "connecting" and len(a) >= 3:
        return fill(translate("Texts", "Opening %1 connections to %2 at %3 a second"), a[0], a[1], a[2])
    if k == "connected-all" and len(a) >= 2:
        return fill(translate("Texts", "%1 connected, %2 failed"), a[0], a[1])
    if k == "kernel-dropped" and len(a) >= 2:
        return fill(translate("Texts", "The kernel dropped %1 datagrams: the receive buffer (%2 bytes) was full (this "
                                       "program read too slowly); counted as kernel dropped, said again after a quiet "
                                       "spell"), a[0], a[1])
    if k == "relay-open" and len(a) >= 2:
        return fill(translate("Texts", "%1 ↔ %2: relaying"), a[0], a[1])
    if k == "skipping" and a:
        return fill(translate("Texts", "%1 is not reading: messages for it are skipped (counted) until it reads again"),
                    a[0])
    if k == "skipping-ended" and len(a) >= 3:
        return fill(translate("Texts", "%1 reads again; it missed %2 messages (%3 in all)"), a[0], a[1], a[2])
    if k == "hold-limit" and a:
        return fill(translate("Texts", "Held bytes reached %1, the bound for all pairs: held directions stop reading "
                                       "(nothing is dropped) until held bytes are let go or dropped"), a[0])
    if k == "held-dropped" and len(a) >= 2:
        return fill(translate("Texts", "%1 held bytes dropped"), a[0])
    if k == "sources" and len(a) >= 3:
        return fill(translate("Texts", "Sending from %1 sockets (also %2 … %3)"), a[0], a[1], a[2])
    if k == "held-full" and len(a) >= 2:
        return fill(translate("Texts", "%1: the hold queue is full; more datagrams are dropped"), a[0])
    if k == "mapping-evicted" and len(a) >= 3:
        if n.detail == "out-of-files":
            text = fill(translate("Texts", "%1 forgotten to make room for %2 (the system is out of open files)"),
                        a[0], a[1])
        else:
            text = fill(translate("Texts", "%1 forgotten to make room for %2 (at most %3 sources)"), a[0], a[1], a[2])
        if len(a) >= 4 and a[3] not in ("", "0"):
            text += fill(translate("Texts", "; %1 held datagrams dropped"), a[3])
        return text
    if k == "mappings-summary" and len(a) >= 3:
        return fill(translate("Texts", "%1 more sources opened and %2 more mappings evicted in the last %3 s (not said "
                                       "one by one)"), a[0], a[1], a[2])
    if k == "mapping-expired" and len(a) >= 2:
        return fill(translate("Texts", "%1 forgotten after %2 s without traffic"), a[0], a[1])
    if k == "mapping-closed" and a:
        return fill(translate("Texts", "%1 forgotten"), a[0])
    if k == "reconnecting" and len(a) >= 3:
        return fill(translate("Texts", "Reconnecting to %1 in %2 s (attempt %3)"), a[0], a[1], a[2])
    if k == "client-rejected" and len(a) >= 3:
        return fill(translate("Texts", "Client limit (%1) reached: %2 clients refused in the last second"), a[1], a[2])
    if k == "pair-rejected" and len(a) >= 3:
        return fill(translate("Texts", "Pair limit (%1) reached: %2 clients refused in the last second"), a[1], a[2])
    if k == "pair-rejected" and len(a) >= 2:
        return fill(translate("Texts", "Pair limit (%2) reached: %1 was disconnected"), a[0], a[1])
    if k == "client-rejected" and len(a) >= 2:
        return fill(translate("Texts", "Client limit (%2) reached: %1 was disconnected"), a[0], a[1])
    if k == "port-unreachable":
        return fill(translate("Texts", "Port unreachable: nothing listens at %1 (ICMP)"), a[0] if a else "?")
    if k == "multicast-joined" and len(a) >= 2:
        return fill(translate("Texts", "Joined multicast group %1 on %2"), a[0], a[1])
    if k == "multicast-left" and len(a) >= 2:
        return fill(translate("Texts", "Left multicast group %1 on %2"), a[0], a[1])
    if k == "file-sent" and len(a) >= 2:
        return fill(translate("Texts", "File %1 sent: %2 bytes"), a[0], a[1])
    if k == "sequence" and n.detail == "pass" and len(a) >= 3:
        return fill(translate("Texts", "Sequence “%1” passed: %2 steps in %3 ms"), a[0], a[1], a[2])
    if k == "sequence" and n.detail == "fail" and len(a) >= 5:
        reason = translate("Texts", "stopped") if a[4] == "stopped" else a[4]
        return fill(translate("Texts", "Sequence “%1” failed at step %2: %3 (%4 ms)"), a[0], a[3], reason, a[2])
    if k == "sequence" and n.detail == "step-failed" and len(a) >= 2:
        return fill(translate("Texts", "Sequence step %1 failed: %2"), a[0], a[1])
    if k == "tls" and len(a) >= 11:
        text = fill(translate("Texts", "TLS with %1: %2, cipher %3 (%4 bits)"), *a[:4])
        if a[4]:
            text += fill(translate("Texts", ", ALPN %1"), a[4])
        if a[6]:
            text += fill(translate("Texts", "; certificate: subject %1, issuer %2, valid from %3 to %4, SHA-256 %5"),
                         *a[6:11])
        else:
            text += translate("Texts", "; no certificate from the peer")
        return text
    if k == "tls-failed" and len(a) >= 5:
        return _tls_closed_early(a)
    if k == "tls-failed" and len(a) >= 2:
        return fill(translate("Texts", "TLS handshake with %1 failed: %2"), a[0], a[1])
    if k == "tls-listening" and len(a) >= 5:
        return fill(translate("Texts", "TLS on; this server's certificate: subject %1, valid to %2, SHA-256 %3"),
                    a[0], a[3], a[4])
    if k == "auto-reply-full" and len(a) >= 3:
        return fill(translate("Texts", "Auto-reply: too many replies waiting (%1; the latest for %2, delay %3 ms): "
                                       "more are dropped and counted until they have gone"), a[0], a[1], a[2])
    if k == "receive-files-limit" and len(a) >= 2:
        return fill(translate("Texts", "Saving: %1 files were made, one per client; what more clients send goes "
                                       "into %2"), a[0], a[1])
    if k == "log-reopened" and len(a) >= 2:
        return fill(translate("Texts", "The log file %1 was deleted or moved away while logging: logging goes on in "
                                       "a new file in %2"), a[0], a[1])
    if k == "error":
        return fill(translate("Texts", "Error: %1"), n.text)
    return n.text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def close_meaning(code: int) -> str:
    """A WebSocket close code's meaning (RFC 6455 7.4), in words."""
    if 3000 <= code < 4000:
        return translate("Texts", "registered for libraries and frameworks")
    if 4000 <= code < 5000:
        return translate("Texts", "the application's own code")
    return {
        1000: translate("Texts", "normal closure"), 1001: translate("Texts", "going away"),
        1002: translate("Texts", "protocol error"), 1003: translate("Texts", "unsupported data"),
        1005: translate("Texts", "no status received"), 1006: translate("Texts", "abnormal closure"),
        1007: translate("Texts", "invalid frame payload data"), 1008: translate("Texts", "policy violation"),
        1009: translate("Texts", "message too big"), 1010: translate("Texts", "mandatory extension"),
        1011: translate("Texts", "internal error"), 1012: translate("Texts", "service restart"),
        1013: translate("Texts", "try again later"), 1014: translate("Texts", "bad gateway"),
        1015: translate("Texts", "TLS failure"),
    }.get(code, translate("Texts", "unknown code"))


def close_text(code: str, reason: str) -> str:
    """A close frame in words: ``1001 (going away), reason 'bye'``."""
    try:
        meaning = close_meaning(int(code))
    except ValueError:
        meaning = translate("Texts", "unknown code")
    text = f"{code} ({meaning})"
    return fill(translate("Texts", "%1, reason “%2”"), text, reason) if reason else text


_WS_PARTING = frozenset(("before-handshake", "abnormal", "no-answer", "peer-closed", "we-closed"))


def _ws_parting(a: tuple[str, ...]) -> str:
    """How a WebSocket ended (the disconnect notice's args after the peer and the engine's words: how, the code
    and reason sent, the code and reason received; see app.net.ws.connection.WsStream.parting_args)."""
    how, sent, received = a[2], close_text(a[3], a[4]), close_text(a[5], a[6])
    if how == "before-handshake":
        return translate("Texts", "before the WebSocket handshake finished")
    if how == "abnormal":
        return translate("Texts", "without a closing handshake (1006, abnormal closure)")
    if how == "no-answer":
        return fill(translate("Texts", "we sent %1; no close frame came back"), sent)
    if how == "peer-closed":
        return fill(translate("Texts", "the peer closed with %1"), received)
    return fill(translate("Texts", "we closed with %1; the peer answered %2"), sent, received)


def _head_lines(head: str) -> str:
    """An HTTP head (a line each, ``>`` sent / ``<`` received) on one line of the view (a notice is one line)."""
    return " | ".join(head.splitlines())


def _ws_notice(n: Notice) -> str:
    """WebSocket notices (app/net/ws): the handshake, pings and pongs, close frames."""
    a, k = n.args, n.kind
    if k == "ws-listening" and len(a) >= 2:
        return fill(translate("Texts", "WebSocket server at %1"), a[0]) + (
            "" if a[1] else translate("Texts", " (any path)"))
    if k == "ws-handshake" and len(a) >= 6:
        agreed = (fill(translate("Texts", ", subprotocol %1"), a[2]) if a[2] else "") + (
            fill(translate("Texts", ", extensions %1"), a[3]) if a[3] else "")
        if a[1].startswith("/"):  # a server's: the client, the path it asked for
            head = fill(translate("Texts", "%1 opened a WebSocket on %2"), a[0], a[1])
        else:  # a client's: the URL and the server's status
            head = fill(translate("Texts", "WebSocket open with %1: %2"), a[0], a[1])
        return f"{head}{agreed}: {_head_lines(a[4])} — {_head_lines(a[5])}"
    if k == "ws-handshake-failed" and len(a) >= 5:
        return fill(translate("Texts", "WebSocket handshake failed: %1"), a[2]) + (
            f": {_head_lines(a[3])} — {_head_lines(a[4])}")
    if k == "ws-handshake-failed" and a:
        return fill(translate("Texts", "%1 left before its WebSocket handshake finished"), a[0])
    if k == "ws-ping" and len(a) >= 2:
        return fill(translate("Texts", "Ping from %1 (%2 bytes); pong sent"), a[0], a[1])
    if k == "ws-ping-sent" and len(a) >= 2:
        many = re.fullmatch(r"([\d,]+) clients?", a[0])  # (to every client: the engine says how many)
        where = fill(translate("Texts", "%1 clients"), many.group(1)) if many else a[0]
        return fill(translate("Texts", "Ping to %1 (%2 bytes)"), where, a[1])
    if k == "ws-pong" and len(a) >= 2:
        return fill(translate("Texts", "Pong from %1 after %2 ms"), a[0], a[1])
    if k == "ws-pong-unsolicited" and len(a) >= 2:
        return fill(translate("Texts", "Pong from %1 that answers no ping of ours (%2 bytes)"), a[0], a[1])
    if k == "ws-close-received" and len(a) >= 3:
        return fill(translate("Texts", "%1 closes the WebSocket: %2"), a[0], close_text(a[1], a[2]))
    if k == "ws-close-answered" and len(a) >= 3:
        return fill(translate("Texts", "%1 answered our close: %2"), a[0], close_text(a[1], a[2]))
    return n.text


def _tls_closed_early(a: tuple[str, ...]) -> str:
    """A TLS listener closed connections before their handshake (app.net.stream.TlsAccept._say): args are the
    client, the engine's words, the kind, how many more (0: just this one), then the kind's numbers."""
    peer, why, more, nums = a[0], a[2], a[3], a[4:]
    one = more in ("", "0")
    if why == "first-byte" and nums:
        if one:
            return fill(translate("Texts", "TLS handshake with %1 timed out: it sent nothing within %2 s (does it "
                                           "speak TLS?)"), peer, nums[0])
        return fill(translate("Texts", "TLS handshakes timed out: %1 more clients sent nothing within %2 s "
                                       "(disconnected)"), more, nums[0])
    if why == "turn" and len(nums) >= 3:
        if one:
            return fill(translate("Texts", "%1 TLS handshakes from %2 were under way for %3 s: %4 was disconnected "
                                           "before its turn"), nums[1], nums[2], nums[0], peer)
        return fill(translate("Texts", "%1 TLS handshakes from %2 were under way for %3 s: %4 more connections were "
                                       "disconnected before their turn"), nums[1], nums[2], nums[0], more)
    if why == "source" and len(nums) >= 3:
        if one:
            return fill(translate("Texts", "Too many TLS handshakes under way from %1 (%2, and %3 waiting their "
                                           "turn): %4 was disconnected"), nums[2], nums[0], nums[1], peer)
        return fill(translate("Texts", "Too many TLS handshakes under way from one address (%1, and %2 waiting "
                                       "their turn): %3 more connections were disconnected"), nums[0], nums[1], more)
    if why == "reserved" and len(nums) >= 2:
        if one:
            return fill(translate("Texts", "Too many TLS handshakes under way (%1; the last %2 are kept for "
                                           "addresses that have none): %3 was disconnected"), nums[0], nums[1], peer)
        return fill(translate("Texts", "Too many TLS handshakes under way (%1; the last %2 are kept for addresses "
                                       "that have none): %3 more connections were disconnected"),
                    nums[0], nums[1], more)
    if why == "total" and nums:
        if one:
            return fill(translate("Texts", "Too many TLS handshakes under way (%1): %2 was disconnected"),
                        nums[0], peer)
        return fill(translate("Texts", "Too many TLS handshakes under way (%1): %2 more connections were "
                                       "disconnected"), nums[0], more)
    return fill(translate("Texts", "TLS handshake with %1 failed: %2"), peer, a[1])


#: Error codes and their phrases, marked for lupdate; translated when shown.
_ERROR_PHRASES = {
    "layout": QT_TRANSLATE_NOOP("Texts", "The layout cannot be used"),
    "address-in-use": QT_TRANSLATE_NOOP("Texts", "Address already in use"),
    "address-not-available": QT_TRANSLATE_NOOP("Texts", "Address not available on this machine"),
    "permission-denied": QT_TRANSLATE_NOOP("Texts", "Permission denied"),
    "host-not-found": QT_TRANSLATE_NOOP("Texts", "Host not found"),
    "refused": QT_TRANSLATE_NOOP("Texts", "Connection refused"),
    "timed-out": QT_TRANSLATE_NOOP("Texts", "Timed out"),
    "unreachable": QT_TRANSLATE_NOOP("Texts", "Network or host unreachable"),
    "reset": QT_TRANSLATE_NOOP("Texts", "Connection reset by peer"),
    "port-unreachable": QT_TRANSLATE_NOOP("Texts", "Port unreachable"),
    "invalid-hex": QT_TRANSLATE_NOOP("Texts", "Invalid hex"),
    "invalid-escape": QT_TRANSLATE_NOOP("Texts", "Invalid escape sequence"),
    "datagram-too-large": QT_TRANSLATE_NOOP("Texts", "Datagram too large"),
    "unencodable": QT_TRANSLATE_NOOP("Texts", "Character cannot be encoded"),
    "client-limit": QT_TRANSLATE_NOOP("Texts", "Client limit reached"),
    "not-open": QT_TRANSLATE_NOOP("Texts", "Not open"),
    "no-target": QT_TRANSLATE_NOOP("Texts", "No one to send to"),
    "invalid-address": QT_TRANSLATE_NOOP("Texts", "Invalid address"),
    "network": QT_TRANSLATE_NOOP("Texts", "Network error"),
    "input": QT_TRANSLATE_NOOP("Texts", "The input cannot be used"),
    "configuration": QT_TRANSLATE_NOOP("Texts", "A file or setting cannot be used"),
    "peer": QT_TRANSLATE_NOOP("Texts", "The other side failed"),
    "unknown-encoding": QT_TRANSLATE_NOOP("Texts", "Unknown encoding"),
    "unknown-checksum": QT_TRANSLATE_NOOP("Texts", "Unknown checksum"),
    "checksum-range": QT_TRANSLATE_NOOP("Texts", "The checksum range is past the payload's end"),
    "file": QT_TRANSLATE_NOOP("Texts", "File cannot be used"),
    "invalid-log": QT_TRANSLATE_NOOP("Texts", "Not a session log"),
    "not-reading": QT_TRANSLATE_NOOP("Texts", "Peer is not reading"),
    "send-too-large": QT_TRANSLATE_NOOP("Texts", "One send is larger than the send queue may hold"),
    "pattern-timeout": QT_TRANSLATE_NOOP("Texts", "Pattern took too long"),
    "invalid-commands": QT_TRANSLATE_NOOP("Texts", "Invalid quick commands"),
    "empty-payload": QT_TRANSLATE_NOOP("Texts", "Nothing to send"),
    "unknown-macro": QT_TRANSLATE_NOOP("Texts", "Unknown macro"),
    "macro-too-large": QT_TRANSLATE_NOOP("Texts", "The macros would make too much"),
    "tls": QT_TRANSLATE_NOOP("Texts", "TLS error"),
    "tls-config": QT_TRANSLATE_NOOP("Texts", "TLS settings cannot be used"),
    "tls-verify": QT_TRANSLATE_NOOP("Texts", "Certificate verification failed"),
    "tls-timeout": QT_TRANSLATE_NOOP("Texts", "TLS handshake timed out"),
    "tls-protocol": QT_TRANSLATE_NOOP("Texts", "TLS protocol mismatch"),
    "tls-not-tls": QT_TRANSLATE_NOOP("Texts", "The other side does not speak TLS"),
    "tls-closed": QT_TRANSLATE_NOOP("Texts", "Closed during the TLS handshake"),
    "ws": QT_TRANSLATE_NOOP("Texts", "WebSocket error"),
    "ws-url": QT_TRANSLATE_NOOP("Texts", "Not a WebSocket URL (ws:// or wss://)"),
    "ws-handshake": QT_TRANSLATE_NOOP("Texts", "WebSocket handshake failed"),
    "ws-protocol": QT_TRANSLATE_NOOP("Texts", "The peer broke the WebSocket protocol"),
}


def error_text(err: BaseException) -> str:
    """An error as the window shows it: what happened in words, with the engine's detail.

    In English the engine's message says it all; in another language the translated phrase comes first
    and the detail (addresses, positions, the OS's words) follows in brackets.
    """
    if isinstance(err, NetAssistError):
        # (QT_TRANSLATE_NOOP gives back its text; PySide6's stub says object)
        source = cast(str, _ERROR_PHRASES.get(err.code, ""))
        phrase = translate("Texts", source) if source else ""
        if phrase == source:  # no translation: the engine's English message says it all
            return fill(translate("Texts", "Error: %1"), err.message)
        return fill(translate("Texts", "Error: %1"), f"{phrase} ({err.message})")
    return fill(translate("Texts", "Unexpected error: %1"), f"{type(err).__name__}: {err}")


def state_text(kind: str, state: str) -> str:
    if state == "opening":
        if kind in ("tcp-client", "ws-client"):
            return translate("Texts", "Connecting…")
        return translate("Texts", "Opening…")
    if state == "open":
        return {"tcp-server": translate("Texts", "Listening"), "tcp-client": translate("Texts", "Connected"),
                "tcp-relay": translate("Texts", "Relaying"), "tcp-clients": translate("Texts", "Running"),
                "udp-relay": translate("Texts", "Relaying"),
                "ws-server": translate("Texts", "Listening"), "ws-client": translate("Texts", "Connected"),
                "udp": translate("Texts", "Bound")}[kind]
    return translate("Texts", "Closed")


def kind_title(kind: str) -> str:
    return {"tcp-server": translate("Texts", "TCP Server"), "tcp-client": translate("Texts", "TCP Client"),
            "tcp-relay": translate("Texts", "TCP Relay"), "tcp-clients": translate("Texts", "TCP Clients"),
            "udp-relay": translate("Texts", "UDP Relay"),
            "ws-server": translate("Texts", "WebSocket Server"), "ws-client": translate("Texts", "WebSocket Client"),
            "udp": translate("Texts", "UDP")}[kind]


def problem_text(p: Problem) -> str:
    """A setting that could not be used (ui.options.Problem), in words."""
    kind, key, value, used = p.kind, p.key, p.value, p.used
    if kind == "value":
        return fill(translate("Texts", "%1: %2 cannot be used; %3 instead"), key, value, used)
    if kind == "group":
        return fill(translate("Texts", "%1: %2 is not a group of settings; the defaults instead"), key, value)
    if kind == "json":
        return fill(translate("Texts", "%1: not valid (%2); not read"), key, value)
    if kind == "nested":
        return fill(translate("Texts", "%1: nested too deeply to be a setting; not read"), key)
    if kind == "too-large":
        return fill(translate("Texts", "%1: %2 characters is too large for a setting; not read"), key, value)
    if kind == "dropped":
        return fill(translate("Texts", "%1: %2 is not a session; left out"), key, value)
    if kind == "moved":
        return fill(translate("Texts", "The settings file %1 could not be read: it was moved to %2, and the defaults "
                                       "are used"), key, used)
    return fill(translate("Texts", "The settings file %1 cannot be read (%2): the defaults are used"), key, value)


# ------------------------------------------------------------------------------------ decoded words

#: A decoder's words by code (app.decode.result.ENGLISH; a pair there is its "many" form here, and English
#: itself comes from the engine, plurals and all), marked for lupdate. "word" and "modbus-function" are said
#: through the tables below.
_DECODE = cast(dict[str, str], {  # (QT_TRANSLATE_NOOP gives back its text; PySide6 types it object: the casts)
    "expected": QT_TRANSLATE_NOOP("Decode", "(expected %1)"),
    "more-fields": QT_TRANSLATE_NOOP("Decode", "… %1 more fields"),
    "leftover": QT_TRANSLATE_NOOP("Decode", "(+%1 bytes not decoded)"),
    "modbus-request": QT_TRANSLATE_NOOP("Decode", "%2 request"),
    "modbus-response": QT_TRANSLATE_NOOP("Decode", "%2 response"),
    "modbus-exception": QT_TRANSLATE_NOOP("Decode", "%2 exception"),
    "short": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 bytes short for %2"),
    "bad-size": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 has a size of %2"),
    "no-nul": QT_TRANSLATE_NOOP("Decode", "does not fit: no NUL ends %1"),
    "too-many-fields": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 makes more than %2 fields"),
    "part-element": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 bytes left over in %2, less than an element "
                                                "(%3 bytes)"),
    "empty-element": QT_TRANSLATE_NOOP("Decode", "does not fit: element %1 of %2 takes no bytes, so the rest would "
                                                 "never end"),
    "extra-exception": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 bytes more than an exception response has"),
    "extra-count": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 bytes more than the byte count says"),
    "extra-function": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 bytes more than a %3 has"),
    "extra-ack": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 bytes more than an ACK has"),
    "extra-error": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 bytes more than an ERROR has"),
    "odd-count": QT_TRANSLATE_NOOP("Decode", "does not fit: a byte count of %1 is odd, but registers take 2 bytes "
                                             "each"),
    "rtu-short": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 bytes short for a Modbus RTU frame (address, "
                                             "function and a 2-byte CRC at least)"),
    "tcp-length": QT_TRANSLATE_NOOP("Decode", "does not fit: a length of %1 leaves no room for the unit and a "
                                              "function code"),
    "tcp-short": QT_TRANSLATE_NOOP("Decode", "does not fit: %1 bytes short for the PDU (the length says %2)"),
    "option-nul": QT_TRANSLATE_NOOP("Decode", "does not fit: no NUL ends an option's name"),
    "tftp-opcode": QT_TRANSLATE_NOOP("Decode", "does not fit: opcode %1 is not a TFTP opcode (1 to 6)"),
    "nmea-start": QT_TRANSLATE_NOOP("Decode", "does not fit: an NMEA sentence starts with $ or !"),
    "nmea-checksum": QT_TRANSLATE_NOOP("Decode", "does not fit: the checksum %1 is not two hex digits"),
    "not-utf8": QT_TRANSLATE_NOOP("Decode", "not UTF-8 text at byte %1"),
    "not-json": QT_TRANSLATE_NOOP("Decode", "not JSON: %1 at character %2"),
    "not-json-line": QT_TRANSLATE_NOOP("Decode", "not JSON: %1 at character %2 (line %3)"),
    "json-empty": QT_TRANSLATE_NOOP("Decode", "not JSON: an empty message"),
    "json-deep": QT_TRANSLATE_NOOP("Decode", "not JSON this program can read: nested too deeply"),
    "json-many": QT_TRANSLATE_NOOP("Decode", "more than %1 values"),
    "json-nested": QT_TRANSLATE_NOOP("Decode", "nested too deeply"),
})
#: Modbus function names (app.decode.modbus.FUNCTIONS).
_MODBUS_FUNCTIONS = cast(dict[int, str], {
    1: QT_TRANSLATE_NOOP("Decode", "Read Coils"),
    2: QT_TRANSLATE_NOOP("Decode", "Read Discrete Inputs"),
    3: QT_TRANSLATE_NOOP("Decode", "Read Holding Registers"),
    4: QT_TRANSLATE_NOOP("Decode", "Read Input Registers"),
    5: QT_TRANSLATE_NOOP("Decode", "Write Single Coil"),
    6: QT_TRANSLATE_NOOP("Decode", "Write Single Register"),
    7: QT_TRANSLATE_NOOP("Decode", "Read Exception Status"),
    8: QT_TRANSLATE_NOOP("Decode", "Diagnostics"),
    11: QT_TRANSLATE_NOOP("Decode", "Get Comm Event Counter"),
    12: QT_TRANSLATE_NOOP("Decode", "Get Comm Event Log"),
    15: QT_TRANSLATE_NOOP("Decode", "Write Multiple Coils"),
    16: QT_TRANSLATE_NOOP("Decode", "Write Multiple Registers"),
    17: QT_TRANSLATE_NOOP("Decode", "Report Server ID"),
    20: QT_TRANSLATE_NOOP("Decode", "Read File Record"),
    21: QT_TRANSLATE_NOOP("Decode", "Write File Record"),
    22: QT_TRANSLATE_NOOP("Decode", "Mask Write Register"),
    23: QT_TRANSLATE_NOOP("Decode", "Read/Write Multiple Registers"),
    24: QT_TRANSLATE_NOOP("Decode", "Read FIFO Queue"),
    43: QT_TRANSLATE_NOOP("Decode", "Encapsulated Interface Transport"),
})
#: The words of the built-in decoders' tables ("word": Modbus exceptions and coil values, TFTP error codes, NMEA
#: status words). TFTP's opcodes (RRQ …) are the protocol's own names and are never translated.
_DECODE_WORDS = cast(tuple[str, ...], (
    QT_TRANSLATE_NOOP("Decode", "Illegal Function"), QT_TRANSLATE_NOOP("Decode", "Illegal Data Address"),
    QT_TRANSLATE_NOOP("Decode", "Illegal Data Value"), QT_TRANSLATE_NOOP("Decode", "Server Device Failure"),
    QT_TRANSLATE_NOOP("Decode", "Acknowledge"), QT_TRANSLATE_NOOP("Decode", "Server Device Busy"),
    QT_TRANSLATE_NOOP("Decode", "Memory Parity Error"), QT_TRANSLATE_NOOP("Decode", "Gateway Path Unavailable"),
    QT_TRANSLATE_NOOP("Decode", "Gateway Target Device Failed to Respond"),
    QT_TRANSLATE_NOOP("Decode", "ON"), QT_TRANSLATE_NOOP("Decode", "OFF"),
    QT_TRANSLATE_NOOP("Decode", "Not defined"), QT_TRANSLATE_NOOP("Decode", "File not found"),
    QT_TRANSLATE_NOOP("Decode", "Access violation"), QT_TRANSLATE_NOOP("Decode", "Disk full or allocation exceeded"),
    QT_TRANSLATE_NOOP("Decode", "Illegal TFTP operation"), QT_TRANSLATE_NOOP("Decode", "Unknown transfer ID"),
    QT_TRANSLATE_NOOP("Decode", "File already exists"), QT_TRANSLATE_NOOP("Decode", "No such user"),
    QT_TRANSLATE_NOOP("Decode", "Option negotiation failed"),
    QT_TRANSLATE_NOOP("Decode", "invalid"), QT_TRANSLATE_NOOP("Decode", "GPS"), QT_TRANSLATE_NOOP("Decode", "DGPS"),
    QT_TRANSLATE_NOOP("Decode", "PPS"), QT_TRANSLATE_NOOP("Decode", "RTK fixed"),
    QT_TRANSLATE_NOOP("Decode", "RTK float"), QT_TRANSLATE_NOOP("Decode", "estimated"),
    QT_TRANSLATE_NOOP("Decode", "manual"), QT_TRANSLATE_NOOP("Decode", "simulation"),
    QT_TRANSLATE_NOOP("Decode", "valid"), QT_TRANSLATE_NOOP("Decode", "warning"),
    QT_TRANSLATE_NOOP("Decode", "no fix"), QT_TRANSLATE_NOOP("Decode", "2D"), QT_TRANSLATE_NOOP("Decode", "3D"),
))
#: Where a code's arguments carry a Modbus function: the index of its number (its English name follows it).
_FUNCTION_AT = {"modbus-function": 0, "modbus-request": 0, "modbus-response": 0, "modbus-exception": 0,
                "extra-function": 1}


class DecodeWords:
    """Says a decoder's words (:data:`app.decode.Words`: its labels, the checksum verdict, why a message does not
    fit) in the window's language, as ``app.decode.format_line``'s ``say``. The translations are looked up once,
    when it is made (a view makes one; the decoded line is drawn often); a code left untranslated is said in the
    engine's English. Field names and values are not its business: they stay as they are in every language."""

    def __init__(self) -> None:
        self._templates = {code: t for code, source in _DECODE.items()
                           if (t := translate("Decode", source)) != source}
        self._words = {w: t for w in _DECODE_WORDS if (t := translate("Decode", w)) != w}
        self._functions = {fc: translate("Decode", name) for fc, name in _MODBUS_FUNCTIONS.items()}
        self._function_n = translate("Decode", "function %1")
        #: Whether anything is translated (an English window says the engine's own words: no ``say`` needed).
        self.translated = bool(self._templates or self._words or self._function_n != "function %1"
                               or any(self._functions[fc] != name for fc, name in _MODBUS_FUNCTIONS.items()))

    def __call__(self, code: str, args: tuple[str, ...]) -> str:
        if code == "word":
            return self._words.get(args[0], args[0])
        at = _FUNCTION_AT.get(code)
        if at is not None and len(args) > at + 1:
            fc = int(args[at])
            name = self._functions.get(fc) or fill(self._function_n, str(fc))
            if code == "modbus-function":
                return name
            args = (*args[:at + 1], name, *args[at + 2:])
        template = self._templates.get(code)
        return english(code, args) if template is None else fill(template, *args)


def decode_words() -> DecodeWords | None:
    """The window's :class:`DecodeWords`, or None when the language has none of them translated (English)."""
    words = DecodeWords()
    return words if words.translated else None
