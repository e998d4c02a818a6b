"""Session logs on disk: JSON Lines that lose nothing, and human text like the log-mode view.

Lines are buffered and written whole, at least once a second, with one ``os.write`` per batch. A batch that
fails half-way (a full disk) is cut back to where it began, so a line is never left torn by a failure; the
loader also skips a torn last line (a crash mid-write). A write that fails stops the log, says why
(``on_error``) and closes its files.

The JSON Lines log takes every record as it comes (a line each, cheap). The text log is the receive view's
own layout pass over the session's store (``Layout(keep=False)``), run in batches bounded in time when the
log flushes, never per record on the receive path: a flood is read at full speed, and the text log catches
up, or, if the history it has not rendered yet leaves the session's store first, says so in a line (the
``.jsonl`` has every byte).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from app.errors import FileProblem
from app.layout import Layout
from app.records import Address, Direction, Notice, Record, RecordStore
from app.render import Labels, ViewOptions, format_time
from app.session import Event, RecordAdded, Session

FLUSH_INTERVAL_S = 1.0
#: How often a running log checks that its files are still where it says it is writing (a folder removed or a
#: file deleted under it would take every later line into a file no one can open).
WATCH_S = 0.5
#: Flush early when this much is pending, whatever the time.
FLUSH_BYTES = 1 << 20
#: Rendering the text log takes at most this long per flush; while it is behind it flushes more often.
TEXT_SLICE_S = 0.02
TEXT_AGAIN_S = 0.05


#: Characters JSON may carry raw that a line-splitting reader (Python's ``str.splitlines``, many editors) takes
#: for a line break: written as ``\\uXXXX`` escapes, so a peer's words (a certificate subject …) can never
#: split a JSON Lines line in two.
_JSON_BREAKS = re.compile("[\x85\u2028\u2029]")


def record_to_json(rec: Record) -> str:
    """One JSON Lines line (no newline): time, direction, peer, bytes as hex, notice if any."""
    obj: dict[str, object] = {"seq": rec.seq, "t": rec.time_ms, "dir": rec.direction.value,
                              "peer": str(rec.peer) if rec.peer else None, "hex": rec.data.hex()}
    if rec.notice is not None:
        obj["notice"] = {"kind": rec.notice.kind, "text": rec.notice.text, "detail": rec.notice.detail,
                         "args": list(rec.notice.args)}
    if rec.flags:
        obj["flags"] = rec.flags
    line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if rec.notice is not None and _JSON_BREAKS.search(line):  # (data is hex: only a notice's words can hold them)
        line = _JSON_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
    return line


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
            except (ValueError, KeyError, TypeError, RecursionError):
                continue


def _words(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "the folder cannot be written to (read-only or permission denied)"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    return exc.strerror or str(exc)


def open_for_writing(path: str | Path) -> int:
    """An append-only file descriptor, or FileProblem in words (a read-only folder, a missing one …)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError as exc:
        raise FileProblem(f"cannot write {path}: {_words(exc)}") from None


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


class LogFile:
    """An append-only file fed with whole lines; ``flush`` writes them with one ``os.write`` batch."""

    def __init__(self, path: str | Path, *, replace: bool = False):
        self.path = Path(path)
        self._fd = open_for_writing(self.path)
        #: Whether the path still names the file written (not deleted, not moved away): see ``still_there``.
        self._id = _identity(os.fstat(self._fd))
        if replace:  # (a saved view replaces the file it is saved over; a session log goes on after it)
            os.ftruncate(self._fd, 0)
        self._pending: list[str] = []
        self.pending_bytes = 0
        #: Bytes written so far (Python ints: past 4 GiB is fine).
        self.written = 0

    def add(self, text: str) -> None:
        self._pending.append(text)
        self.pending_bytes += len(text)

    def flush(self) -> None:
        """Write what is pending. On a failure the file is cut back to where this batch began (no torn
        line) and FileProblem says why; what was pending is dropped."""
        if not self._pending or self._fd < 0:
            return
        data = "".join(self._pending).encode("utf-8")
        self._pending.clear()
        self.pending_bytes = 0
        start = os.lseek(self._fd, 0, os.SEEK_END)
        view = memoryview(data)
        try:
            while view:
                n = os.write(self._fd, view)
                view = view[n:]
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)
            raise FileProblem(f"writing {self.path} failed: {_words(exc)}") from None
        self.written += len(data)

    def still_there(self) -> bool:
        """Whether ``path`` still names the file being written (a stat of each: a few microseconds)."""
        if self._fd < 0:
            return True
        try:
            return os.fstat(self._fd).st_nlink > 0 and _identity(os.stat(self.path)) == self._id
        except OSError:
            return False

    def drop_pending(self) -> None:
        self._pending.clear()
        self.pending_bytes = 0

    def reopen(self) -> None:
        """Write on in a new file at ``path`` (its folder must exist: a folder the user removed is not made
        again behind their back); what is pending goes there. Raises FileProblem in words."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise FileProblem(f"cannot write {self.path}: {_words(exc)}") from None
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = fd
        self._id = _identity(os.fstat(fd))

    def close(self) -> None:
        """Write what is pending and close; the file is closed even when the last write fails."""
        if self._fd < 0:
            return
        try:
            self.flush()
        finally:
            os.close(self._fd)
            self._fd = -1


class SessionLogger:
    """Logs every record of a session to a JSON Lines log and/or a text log while it runs.

    A write error stops the logger (its files closed) and calls ``on_error`` with the reason.
    """

    def __init__(self, session: Session, *, text_path: str | Path | None = None,
                 jsonl_path: str | Path | None = None, options: ViewOptions | None = None,
                 labels: Labels | None = None, on_error: Callable[[FileProblem], None] | None = None):
        self.session = session
        self.on_error = on_error
        self.error: FileProblem | None = None
        self.jsonl = LogFile(jsonl_path) if jsonl_path else None
        try:
            self.text = LogFile(text_path) if text_path else None
        except FileProblem:
            if self.jsonl is not None:
                self.jsonl.close()
            raise
        # the text log is always in log mode: time, direction and peer before each record
        opts = options or ViewOptions()
        self._layout = Layout(session.store, ViewOptions(hex=opts.hex, log_mode=True, encoding=opts.encoding),
                              labels, keep=False, start=session.store.tail) if self.text is not None else None
        self._unsubscribe = session.subscribe(self._on_event)
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False
        #: Files started again because theirs was deleted or moved away under the log.
        self.reopened = 0
        self._watch: asyncio.TimerHandle | None = None
        with contextlib.suppress(RuntimeError):  # (no running loop: a log written by hand, flushed by hand)
            self._watch = asyncio.get_running_loop().call_later(WATCH_S, self._check)

    def _on_event(self, event: Event) -> None:
        if type(event) is not RecordAdded or self._closed:
            return
        if self.jsonl is not None:
            self.jsonl.add(record_to_json(event.record) + "\n")
            if self.jsonl.pending_bytes >= FLUSH_BYTES:  # a flood: write the lines out, leave the text log
                try:
                    if not self.jsonl.still_there():
                        self._moved()
                        if self._closed:
                            return
                    self.jsonl.flush()
                except FileProblem as exc:
                    self._fail(exc)
                    return
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(FLUSH_INTERVAL_S, self.flush)

    def flush(self, budget: float | None = TEXT_SLICE_S) -> None:
        """Write what is pending; render the text log for at most ``budget`` seconds (None: all of it)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._closed:
            return
        try:
            self._moved()
            if self._closed:
                return
            if self.jsonl is not None:
                self.jsonl.flush()
            caught_up = self._render_text(budget)
        except FileProblem as exc:
            self._fail(exc)
            return
        if not caught_up and not self._closed:
            self._timer = asyncio.get_running_loop().call_later(TEXT_AGAIN_S, self.flush)

    def _check(self) -> None:
        """Every WATCH_S while logging, whether records come or not: are the files still there?"""
        self._watch = None
        if self._closed:
            return
        try:
            self._moved()
        except FileProblem as exc:
            self._fail(exc)
            return
        if not self._closed:
            self._watch = asyncio.get_running_loop().call_later(WATCH_S, self._check)

    def _moved(self) -> None:
        """A file deleted or moved away under the log (its folder removed …) is noticed before the next write:
        in a folder that is still there logging goes on in a new file at the same place, and a notice says so
        (the new file starts with it); with the folder gone it stops (FileProblem, in words). Nothing is
        written into a file no one can open."""
        gone = [f for f in (self.jsonl, self.text) if f is not None and not f.still_there()]
        if not gone:
            return
        folder = gone[0].path.parent
        if not folder.is_dir():
            for f in (self.jsonl, self.text):  # (closing must not write them into the files that went)
                if f is not None:
                    f.drop_pending()
            raise FileProblem(f"the folder {folder} was removed while logging to it: the log stopped "
                              f"(its files went with the folder)")
        for f in gone:
            f.reopen()
        self.reopened += 1
        names = ", ".join(f.path.name for f in gone)
        self.session.notice("log-reopened", f"the log file {names} was deleted or moved away while logging: "
                            f"logging goes on in a new file in {folder}", args=(names, str(folder)))

    def _render_text(self, budget: float | None) -> bool:
        layout, text = self._layout, self.text
        if layout is None or text is None:
            return True
        store: RecordStore = self.session.store
        if layout.next < store.head:  # the store let go of records before they were written here
            missed = store.head - layout.next
            text.add(f"\n[{format_time(time.time_ns() // 1_000_000)}] ! the text log fell behind: {missed:,} "
                     "records left the session's history before they were written here (the .jsonl has them)\n")
        done = layout.advance(None if budget is None else time.perf_counter() + budget)
        text.add("".join(t for t, _ in layout.take()))
        text.flush()
        return done

    def _fail(self, exc: FileProblem) -> None:
        self.error = exc
        self._stop()
        if self.on_error is not None:
            self.on_error(exc)

    def _stop(self) -> None:
        self._closed = True
        self._unsubscribe()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None
        for f in (self.jsonl, self.text):
            if f is not None:
                with contextlib.suppress(FileProblem):
                    f.close()

    def close(self) -> None:
        """Stop logging; everything pending is written (the text log rendered to the end)."""
        if self._closed:
            return
        try:
            self._moved()
            if self._closed:
                return
            if self.jsonl is not None:
                self.jsonl.flush()
            if self._layout is not None and self.text is not None:
                self._render_text(None)
                self._layout.finish()
                self.text.add("".join(t for t, _ in self._layout.take()))
        except FileProblem as exc:
            self._fail(exc)
            return
        self._stop()


def save_records(records: Iterable[Record], path: str | Path, *, jsonl: bool,
                 options: ViewOptions | None = None, labels: Labels | None = None) -> int:
    """Write records (e.g. a session's retained store) to ``path``; returns the number of records."""
    n = 0
    out = LogFile(path, replace=True)
    try:
        if jsonl:
            for rec in records:
                n += 1
                out.add(record_to_json(rec) + "\n")
                if out.pending_bytes >= FLUSH_BYTES:
                    out.flush()
        else:
            store = RecordStore(1 << 62)
            for rec in records:
                n += 1
                store.append(rec)
            opts = options or ViewOptions()
            layout = Layout(store, ViewOptions(hex=opts.hex, log_mode=True, encoding=opts.encoding), labels,
                            keep=False)
            while not layout.advance(time.perf_counter() + 0.05):
                out.add("".join(t for t, _ in layout.take()))
                out.flush()
            layout.finish()
            out.add("".join(t for t, _ in layout.take()))
    finally:
        out.close()
    return n
