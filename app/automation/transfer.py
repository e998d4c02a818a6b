"""Files over the wire: send a file (with an optional length header) and save what is received."""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.core.errors import ConfigError, DatagramTooLarge, FileProblem
from app.core.records import FLAG_TRANSFER, FLAG_TRANSFER_START, Address, Direction
from app.export.logs import open_for_writing, os_error_words
from app.net.session import Event, PeerDisconnected, RecordAdded, Session
from app.net.sessions.udp import MAX_DATAGRAM

HeaderSize = Literal[0, 2, 4]
CHUNK = 64 * 1024
#: "One file per client": files made at most (any host can connect, and each would be a file in the user's
#: folder and, while it is connected, an open file); what more clients send goes into the one shared file.
MAX_CLIENT_FILES = 256


@dataclass(frozen=True, slots=True)
class FileSendOptions:
    """How a file goes out."""

    #: A length header before the data: 0 (none), 2 or 4 bytes, in this byte order.
    header_size: HeaderSize = 0
    header_order: Literal["big", "little"] = "big"
    #: UDP: bytes per datagram (<= 65,507) and the pause between datagrams.
    datagram_size: int = 1024
    pause_ms: int = 0


@dataclass(slots=True)
class Progress:
    """How far a transfer is."""

    sent: int = 0
    total: int = 0
    done: bool = False


def length_header(size: int, opts: FileSendOptions) -> bytes:
    if not opts.header_size:
        return b""
    limit = 1 << (8 * opts.header_size)
    if size >= limit:
        raise ConfigError(f"file of {size:,} bytes does not fit a {opts.header_size}-byte length header")
    return size.to_bytes(opts.header_size, opts.header_order)


def check_file(path: str | Path) -> int:
    """The size of a file that can be sent; raises FileProblem in words if it cannot be.

    Only regular files: a folder, a device (``/dev/zero`` never ends) or a FIFO (``open`` blocks until a
    writer comes) is refused before anything is opened.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file") from None
    except PermissionError:
        raise FileProblem(f"{path}: permission denied") from None
    except OSError as exc:
        raise FileProblem(f"{path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise FileProblem(f"{path} is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise FileProblem(f"{path} is not a regular file (a device, a pipe or a socket): only files can be sent")
    if not os.access(path, os.R_OK):
        raise FileProblem(f"{path} cannot be read: permission denied")
    return st.st_size


def _open_regular(path: Path) -> int:
    """Open without blocking (a FIFO swapped in after the check must not hang the loop) and check again."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise FileProblem(f"{path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise FileProblem(f"{path} is not a regular file: only files can be sent")
    return fd


async def send_file(session: Session, path: str | Path, opts: FileSendOptions = FileSendOptions(), *,
                    to: Address | None = None, on_progress: Callable[[Progress], None] | None = None) -> Progress:
    """Stream a file to the peer (or ``to``), waiting on the transport's backpressure.

    Memory stays bounded however slowly the peer reads: at most one chunk beyond the transport's high-water
    mark is ever buffered. Cancel the task to stop. Returns the final progress (bytes of file data sent).
    """
    path = Path(path)
    size = check_file(path)
    progress = Progress(0, size)
    header = length_header(size, opts)
    udp = session.kind == "udp"
    if udp and not 0 < opts.datagram_size <= MAX_DATAGRAM:
        raise DatagramTooLarge(f"datagram size must be 1 to {MAX_DATAGRAM:,} bytes")
    chunk = opts.datagram_size if udp else CHUNK

    out = _Out(session, to)
    with os.fdopen(_open_regular(path), "rb") as f:
        if header:
            out.send(header)
        while block := f.read(chunk):
            out.send(block)
            progress.sent += len(block)
            if on_progress is not None:
                on_progress(progress)
            await out.wait(opts.pause_ms)
    progress.done = True
    if on_progress is not None:
        on_progress(progress)
    return progress


async def send_data(session: Session, data: bytes, *, to: Address | None = None,
                    on_progress: Callable[[Progress], None] | None = None) -> Progress:
    """Send ``data`` (a payload larger than a connection may have waiting, see ``Session.send_limit``) as a
    stream: a block at a time, each once the transport has room, as a file goes. Each block is a TX record
    when it is written, so what was counted is what went, if the peer leaves or the task is cancelled
    half-way. TCP sessions only (a datagram is never this large)."""
    progress = Progress(0, len(data))
    out = _Out(session, to)
    view = memoryview(data)
    try:
        while progress.sent < len(data):
            block = bytes(view[progress.sent:progress.sent + CHUNK])
            out.send(block)
            progress.sent += len(block)
            if on_progress is not None:
                on_progress(progress)
            await out.wait()
    finally:
        view.release()
    progress.done = True
    if on_progress is not None:
        on_progress(progress)
    return progress


class _Out:
    """Blocks to a session's peer (or ``to``) as one transfer (the view shows it as one line), with the wait
    between blocks that suits the session: the transport's backpressure, or a pause for UDP."""

    def __init__(self, session: Session, to: Address | None):
        self.session, self.to = session, to
        self.flags = FLAG_TRANSFER | FLAG_TRANSFER_START

    def send(self, data: bytes) -> None:
        session = self.session
        if session.kind == "tcp-client":
            session.send(data, flags=self.flags)
        else:
            session.send(data, self.to, flags=self.flags)
        self.flags = FLAG_TRANSFER

    async def wait(self, pause_ms: int = 0) -> None:
        session = self.session
        if session.kind == "udp":  # no backpressure on UDP: pace (or at least yield) between datagrams
            await asyncio.sleep(pause_ms / 1000)
        elif session.kind == "tcp-client":
            await session.drain()
        else:
            await session.drain(self.to)


class ReceiveToFile:
    """Writes received bytes, raw, to a file as they arrive (TCP server: one file, or one per client).

    Writes go straight to the OS (no Python buffer), so sizes past 4 GiB and crashes are no concern. The file
    (or, one per client, the folder) is checked when it starts; the first write that fails stops it, closes its
    files and calls ``on_error`` with the reason.

    One file per client: a client's file is open only while it is connected (closed when it leaves, opened
    again to append if it comes back), and at most ``max_files`` are made; what later clients send goes into
    the shared file at ``path``, and a notice says so once.
    """

    def __init__(self, session: Session, path: str | Path, *, per_peer: bool = False,
                 on_error: Callable[[FileProblem], None] | None = None, max_files: int = MAX_CLIENT_FILES):
        self.session = session
        self.path = Path(path)
        self.per_peer = per_peer
        self.on_error = on_error
        self.max_files = max(1, max_files)
        self.written = 0
        self.error: FileProblem | None = None
        #: Clients whose bytes went into the shared file because ``max_files`` files had been made.
        self.shared_peers = 0
        self._fds: dict[str, int] = {}
        self._made: set[str] = set()  # per-client files made (at most max_files)
        self._shared: set[Address] = set()  # clients sent to the shared file (kept until they leave)
        if per_peer:  # the files are made as clients send: check the folder now
            folder = self.path.parent
            if not folder.is_dir() or not os.access(folder, os.W_OK):
                raise FileProblem(f"cannot write in {folder}: the folder does not exist or is read-only")
        else:
            self._fds[str(self.path)] = open_for_writing(self.path)
        self._unsubscribe = session.subscribe(self._on_event)

    def path_for(self, peer: Address | None) -> Path:
        """Where ``peer``'s bytes go (its own file, or the shared one past ``max_files``)."""
        if not self.per_peer or peer is None or peer in self._shared:
            return self.path
        own = self._own(peer)
        if str(own) in self._made or len(self._made) < self.max_files:
            return own
        self._shared.add(peer)
        self.shared_peers += 1
        if self.shared_peers == 1:
            self.session.notice("receive-files-limit", f"saving: {self.max_files:,} files were made, one per "
                                f"client; what more clients send goes into {self.path.name}", peer,
                                args=(f"{self.max_files:,}", self.path.name))
        return self.path

    def _own(self, peer: Address) -> Path:
        safe = str(peer).replace(":", "_").replace("[", "").replace("]", "")
        return self.path.with_name(f"{self.path.stem}-{safe}{self.path.suffix}")

    @property
    def open_files(self) -> int:
        return len(self._fds)

    def _fd(self, peer: Address | None) -> int:
        key = str(self.path_for(peer))
        fd = self._fds.get(key)
        if fd is None:
            fd = self._fds[key] = open_for_writing(key)
            if key != str(self.path):
                self._made.add(key)
        return fd

    def _left(self, peer: Address) -> None:
        """A client left: its own file is closed (opened again to append if it comes back)."""
        if peer in self._shared:
            self._shared.discard(peer)
            return
        fd = self._fds.pop(str(self._own(peer)), None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def _on_event(self, event: Event) -> None:
        if type(event) is not RecordAdded:
            if self.per_peer and isinstance(event, PeerDisconnected):
                self._left(event.peer)
            return
        if event.record.direction is not Direction.RX:
            return
        rec = event.record
        try:
            fd = self._fd(rec.peer)
            view = memoryview(rec.data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
        except FileProblem as exc:
            self._fail(exc)
            return
        except OSError as exc:
            self._fail(FileProblem(f"writing {self.path_for(rec.peer)} failed: {os_error_words(exc)}"))
            return
        self.written += len(rec.data)

    def _fail(self, exc: FileProblem) -> None:
        self.error = exc
        self.close()
        if self.on_error is not None:
            self.on_error(exc)

    def close(self) -> None:
        self._unsubscribe()
        for fd in self._fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds.clear()
