"""The first, cheap pass of a pcapng export (:mod:`app.export.pcap`): what the log's notices tell before any data
record needs it — the session kind, the local address, a relay's targets."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from app.core.records import Address
from app.export.logs import MAX_LINE, open_log, record_from_json
from app.export.pcap_format import KINDS, parse_address


@dataclass(slots=True)
class Scan:
    """What a first, cheap pass over the log's notices tells (before any data record needs it)."""

    header_kind: str | None = None
    notice_kinds: set[str] = field(default_factory=set)
    relaying: bool = False
    relaying_udp: bool = False
    local: Address | None = None
    clients_target: Address | None = None
    relay_targets: set[Address] = field(default_factory=set)


def scan_log(path: Path) -> Scan:
    """Read the header line (if any) and every notice; data lines (the bulk) are not parsed."""
    scan = Scan()
    with open_log(path) as f:  # (a FIFO or a device is refused, in words)
        number = -1
        while raw := f.readline(MAX_LINE + 1):
            number += 1
            if not raw.endswith(b"\n"):
                if len(raw) <= MAX_LINE:
                    break  # a torn last line, as load_jsonl skips it
                while (rest := f.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                    pass  # (an overlong line: load_jsonl names it)
                continue
            line = raw.decode("utf-8", errors="replace")
            if number == 0 and '"seq"' not in line:
                with contextlib.suppress(ValueError, RecursionError):
                    obj = json.loads(line)
                    if isinstance(obj, dict) and obj.get("kind") in KINDS:
                        scan.header_kind = obj["kind"]
                continue
            if '"notice":' not in line:  # a data line: hex and an address never spell this key
                continue
            try:
                notice = record_from_json(line).notice
            except (ValueError, KeyError, TypeError, RecursionError):
                continue
            if notice is None:
                continue
            scan.notice_kinds.add(notice.kind)
            args = notice.args
            if notice.kind in ("listening", "bound") and args:
                if notice.kind == "listening" and notice.text.startswith("relaying"):
                    scan.relaying = True
                    scan.relaying_udp = notice.text.startswith("relaying UDP")
                if scan.local is None:
                    scan.local = parse_address(args[0])
            elif notice.kind == "connecting" and len(args) >= 2 and scan.clients_target is None:
                scan.clients_target = parse_address(args[1])
            elif notice.kind == "relay-open" and len(args) >= 2 and (target := parse_address(args[1])):
                scan.relay_targets.add(target)
    return scan


def infer_kind(scan: Scan) -> str:
    """The session kind from a header line, else from the notices only some kinds write; plain ``tcp``."""
    if scan.header_kind is not None:
        return scan.header_kind
    kinds = scan.notice_kinds
    if scan.relaying_udp or kinds & {"mapping-evicted", "mappings-summary", "mapping-expired",
                                            "mapping-closed", "held-full"}:
        return "udp-relay"
    if kinds & {"bound", "multicast-joined", "multicast-left"}:
        return "udp"
    if kinds & {"connecting", "connected-all"}:
        return "tcp-clients"
    if "relay-open" in kinds or scan.relaying:
        return "tcp-relay"
    if kinds & {"ws-listening", "ws-handshake", "ws-handshake-failed", "ws-ping", "ws-pong", "ws-close-received"}:
        return "ws-client" if "connected" in kinds or "reconnecting" in kinds else "ws-server"
    if kinds & {"listening", "peer-connected", "peer-finished", "client-rejected"}:
        return "tcp-server"
    if kinds & {"connected", "reconnecting", "eof"}:
        return "tcp-client"
    return "tcp"
