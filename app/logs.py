"""Session logs on disk: human text (like the log-mode view) and JSON Lines that lose nothing.

Lines are buffered and written whole, at least once a second, with one ``os.write`` per batch, so a
crash loses at most the last second and a complete line is never left half-written by a flush in two
parts; the loader also ignores a torn last line.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from app.records import Address, Direction, Notice, Record
from app.render import Labels, Renderer, ViewOptions
from app.session import Event, RecordAdded, Session

FLUSH_INTERVAL_S = 1.0
#: Flush early when this much is pending, whatever the time.
FLUSH_BYTES = 1 << 20


def record_to_json(rec: Record) -> str:
    """One JSON Lines line (no newline): time, direction, peer, bytes as hex, notice if any."""
    obj: dict[str, object] = {"seq": rec.seq, "t": rec.time_ms, "dir": rec.direction.value,
                              "peer": str(rec.peer) if rec.peer else None, "hex": rec.data.hex()}
    if rec.notice is not None:
        obj["notice"] = {"kind": rec.notice.kind, "text": rec.notice.text, "detail": rec.notice.detail,
                         "args": list(rec.notice.args)}
    if rec.flags:
        obj["flags"] = rec.flags
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _parse_peer(text: str | None) -> Address | None:
    if not text:
        return None
    host, _, port = text.rpartition(":")
    return Address(host.strip("[]"), int(port))


def record_from_json(line: str) -> Record:
    obj = json.loads(line)
    notice = None
    if obj.get("notice"):
        n = obj["notice"]
        notice = Notice(n["kind"], n["text"], n.get("detail", ""), tuple(n.get("args", ())))
    return Record(int(obj["seq"]), int(obj["t"]), Direction(obj["dir"]), _parse_peer(obj.get("peer")),
                  bytes.fromhex(obj["hex"]), notice, int(obj.get("flags", 0)) & 0xFC)


def load_jsonl(path: str | Path) -> Iterator[Record]:
    """Records from a JSON Lines log; a torn or broken line (a crash mid-write) is skipped, not fatal."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.endswith("\n"):
                break  # the last line was cut short
            try:
                yield record_from_json(line)
            except (ValueError, KeyError, TypeError):
                continue


class LogFile:
    """An append-only file fed with whole lines; ``flush`` writes them with one ``os.write`` batch."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self._pending: list[str] = []
        self.pending_bytes = 0
        #: Bytes written so far (Python ints: past 4 GiB is fine).
        self.written = 0

    def add(self, text: str) -> None:
        self._pending.append(text)
        self.pending_bytes += len(text)

    def flush(self) -> None:
        if not self._pending or self._fd < 0:
            return
        data = "".join(self._pending).encode("utf-8")
        self._pending.clear()
        self.pending_bytes = 0
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)
            view = view[n:]
        self.written += len(data)

    def close(self) -> None:
        if self._fd >= 0:
            self.flush()
            os.close(self._fd)
            self._fd = -1


class SessionLogger:
    """Logs every record of a session to a text log and/or a JSON Lines log while it runs."""

    def __init__(self, session: Session, *, text_path: str | Path | None = None,
                 jsonl_path: str | Path | None = None, options: ViewOptions | None = None,
                 labels: Labels | None = None):
        self.session = session
        self.text = LogFile(text_path) if text_path else None
        self.jsonl = LogFile(jsonl_path) if jsonl_path else None
        # the text log is always in log mode: time, direction and peer before each record
        opts = options or ViewOptions()
        self._renderer = Renderer(ViewOptions(hex=opts.hex, log_mode=True, encoding=opts.encoding), labels)
        self._unsubscribe = session.subscribe(self._on_event)
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False

    def _on_event(self, event: Event) -> None:
        if type(event) is not RecordAdded:
            return
        rec = event.record
        if self.jsonl is not None:
            self.jsonl.add(record_to_json(rec) + "\n")
        if self.text is not None:
            self.text.add("".join(t for t, _ in self._renderer.render((rec,))))
        pending = (self.jsonl.pending_bytes if self.jsonl else 0) + (self.text.pending_bytes if self.text else 0)
        if pending >= FLUSH_BYTES:
            self.flush()
        elif self._timer is None and not self._closed:
            self._timer = asyncio.get_running_loop().call_later(FLUSH_INTERVAL_S, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for f in (self.jsonl, self.text):
            if f is not None:
                f.flush()

    def close(self) -> None:
        """Stop logging; everything pending is written."""
        if self._closed:
            return
        self._closed = True
        self._unsubscribe()
        if self.text is not None:
            self.text.add("".join(t for t, _ in self._renderer.flush()))
        self.flush()
        for f in (self.jsonl, self.text):
            if f is not None:
                f.close()


def save_records(records: Iterable[Record], path: str | Path, *, jsonl: bool,
                 options: ViewOptions | None = None, labels: Labels | None = None) -> int:
    """Write records (e.g. a session's retained store) to ``path``; returns the number of records."""
    n = 0
    out = LogFile(path)
    try:
        renderer = None if jsonl else Renderer(
            ViewOptions(hex=(options or ViewOptions()).hex, log_mode=True,
                        encoding=(options or ViewOptions()).encoding), labels)
        for rec in records:
            n += 1
            if renderer is None:
                out.add(record_to_json(rec) + "\n")
            else:
                out.add("".join(t for t, _ in renderer.render((rec,))))
            if out.pending_bytes >= FLUSH_BYTES:
                out.flush()
        if renderer is not None:
            out.add("".join(t for t, _ in renderer.flush()))
    finally:
        out.close()
    return n
