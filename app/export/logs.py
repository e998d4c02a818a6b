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
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from app.core.errors import FileProblem, InvalidLog
from app.core.records import Address, Direction, Notice, Record, RecordStore
from app.net.session import Event, RecordAdded, Session
from app.view.layout import Layout
from app.view.render import Labels, ViewOptions, format_time

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


def unbreakable(line: str) -> str:
    """A JSON line with the characters a line-splitting reader breaks at (:data:`_JSON_BREAKS`) as escapes."""
    return _JSON_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", line) if _JSON_BREAKS.search(line) else line


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
    return unbreakable(line) if rec.notice is not None else line  # (data is hex: only a notice's words can hold them)


#: The longest line a log is read with (a record of a 32 MiB payload, as hex); a longer one is skipped, in words.
MAX_LINE = 64 * 1024 * 1024
#: Lines said by number in :class:`SkippedLines` (the rest are counted).
SAID_LINES = 5
_FLAG_BITS = 0xFC


class SkippedLines:
    """Lines of a log that are not records: counted, the first few said in words ("line 2: peer is not an
    address")."""

    def __init__(self) -> None:
        self.count = 0
        #: ``(line number, why)`` of the first :data:`SAID_LINES` of them.
        self.said: list[tuple[int, str]] = []
        #: The number of a last line cut short (a crash mid-write: expected, so not counted), or 0.
        self.torn = 0

    def add(self, number: int, why: str) -> None:
        self.count += 1
        if len(self.said) < SAID_LINES:
            self.said.append((number, why))

    def words(self) -> str:
        """``line 2: peer is not an address; line 7: …`` (and how many more)."""
        text = "; ".join(f"line {n:,}: {why}" for n, why in self.said)
        if self.count > len(self.said):
            text += f"; {self.count - len(self.said):,} more"
        return text

    def __bool__(self) -> bool:
        return self.count > 0


def _parse_peer(value: object) -> Address | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("peer is not an address")
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isascii() or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError("peer is not an address")
    return Address(host.strip("[]"), int(port))


def _integer(obj: dict[str, object], key: str, default: int | None = None) -> int:
    value = obj.get(key, default)
    if type(value) is not int or not -(1 << 63) <= value < 1 << 63:  # (not bool, not 1e999, not a string)
        raise ValueError(f"{key} is not a whole number" if key in obj else f"{key} is missing")
    return value


def _strings(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} is not text")
    return value


def record_from_json(line: str | bytes) -> Record:
    """The record a JSON Lines line holds; ValueError saying which field is wrong, in words."""
    try:
        obj = json.loads(line)
    except RecursionError:
        raise ValueError("not JSON (nested too deep)") from None
    except ValueError:
        raise ValueError("not JSON") from None
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    try:
        direction = Direction(obj.get("dir"))
    except (ValueError, TypeError):
        raise ValueError("dir is not rx, tx or notice") from None
    data_hex = obj.get("hex")
    if not isinstance(data_hex, str):
        raise ValueError("hex is missing" if data_hex is None else "hex is not hex text")
    try:
        data = bytes.fromhex(data_hex)
    except ValueError:
        raise ValueError("hex is not hex bytes") from None
    notice = None
    n = obj.get("notice")
    if n:
        if not isinstance(n, dict):
            raise ValueError("notice is not an object")
        args = n.get("args", ())
        if not isinstance(args, list | tuple) or not all(isinstance(a, str) for a in args):
            raise ValueError("notice args are not a list of text")
        notice = Notice(_strings(n.get("kind"), "notice kind"), _strings(n.get("text"), "notice text"),
                        _strings(n.get("detail", ""), "notice detail"), tuple(args))
    return Record(_integer(obj, "seq"), _integer(obj, "t"), direction, _parse_peer(obj.get("peer")), data,
                  notice, _integer(obj, "flags", 0) & _FLAG_BITS)


def open_log(path: str | Path) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file: a FIFO (which would block), a device (which never
    ends) or a folder is refused, in words (FileProblem), as is a file that cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileProblem(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket"
                    if stat.S_ISSOCK(mode) else "not a regular file")
            raise FileProblem(f"{path} is {what}, not a log file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=1 << 20)
    except BaseException:
        os.close(fd)
        raise


def load_jsonl(path: str | Path, skipped: SkippedLines | None = None) -> Iterator[Record]:
    """Records from a JSON Lines log, read a line at a time (never the whole file at once).

    Every line is checked field by field; a line that is not a record is skipped and counted in ``skipped``
    with its number and why ("line 2: peer is not an address"); so is a torn last line (a crash mid-write)
    and a line longer than :data:`MAX_LINE`. A file that is not a regular file raises FileProblem; one in
    which no line at all is a record (a binary file, another format) raises ValueError naming its first
    bad line (InvalidLog, a ValueError)."""
    skipped = skipped if skipped is not None else SkippedLines()
    records = 0
    with open_log(path) as f:
        number = 0
        while True:
            raw = f.readline(MAX_LINE + 1)
            if not raw:
                break
            number += 1
            if not raw.endswith(b"\n"):
                if len(raw) <= MAX_LINE:
                    skipped.torn = number
                    break
                while (rest := f.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                    pass  # (the rest of an overlong line, read in slices and let go)
                skipped.add(number, f"longer than {MAX_LINE >> 20} MiB")
                continue
            if raw.isspace():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                skipped.add(number, "not UTF-8 text")
                continue
            try:
                rec = record_from_json(text)
            except ValueError as exc:
                if number == 1 and '"seq"' not in text and '"kind"' in text:
                    continue  # a header line (``{"kind": …}``: what session wrote the log), not a record
                skipped.add(number, str(exc))
                continue
            records += 1
            yield rec
    if not records and skipped:
        raise InvalidLog(f"{Path(path).name} is not a NetAssist session log ({skipped.words()})")


def os_error_words(exc: OSError) -> str:
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
        raise FileProblem(f"cannot write {path}: {os_error_words(exc)}") from None


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
            raise FileProblem(f"writing {self.path} failed: {os_error_words(exc)}") from None
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
            raise FileProblem(f"cannot write {self.path}: {os_error_words(exc)}") from None
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
        if text_path and jsonl_path and os.path.abspath(text_path) == os.path.abspath(jsonl_path):
            raise FileProblem(f"{text_path}: the text log and the JSON Lines log cannot be one file")
        self.jsonl = LogFile(jsonl_path) if jsonl_path else None
        try:
            self.text = LogFile(text_path) if text_path else None
        except FileProblem:
            if self.jsonl is not None:
                self.jsonl.close()
            raise
        # the text log is always in log mode: time, direction and peer before each record
        opts = options or ViewOptions()
        self._layout = Layout(session.store, ViewOptions(hex=opts.hex, log_mode=True, encoding=opts.encoding,
                                                         messages=opts.messages or session.messages),
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
            layout = Layout(store, ViewOptions(hex=opts.hex, log_mode=True, encoding=opts.encoding,
                                               messages=opts.messages), labels, keep=False)
            while not layout.advance(time.perf_counter() + 0.05):
                out.add("".join(t for t, _ in layout.take()))
                out.flush()
            layout.finish()
            out.add("".join(t for t, _ in layout.take()))
    finally:
        out.close()
    return n
