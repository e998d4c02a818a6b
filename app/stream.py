"""One TCP connection as an ``asyncio.Protocol``, shared by the TCP server's peers and the TCP client."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable, Sequence
from typing import Protocol

from app.addresses import bound_socket
from app.errors import ConnectionReset, NetAssistError, PeerNotReading, from_os_error
from app.records import Address, Counts
from app.session import CloseReason

#: Connections accepted per wake-up of the loop.
ACCEPT_BATCH = 32


async def listen(host: str, port: int, factory: Callable[[], asyncio.Protocol], queue: int) -> asyncio.Server:
    """A listening TCP server. asyncio accepts as many connections per wake-up as the backlog it was given: a
    burst of a thousand would be accepted (and announced) in one go. This accepts ACCEPT_BATCH at a time and
    lets the kernel queue the rest (``queue`` deep, so a burst is not refused). Raises OSError/NetAssistError."""
    sock = await bound_socket(host, port, socket.SOCK_STREAM)
    try:
        server = await asyncio.get_running_loop().create_server(factory, sock=sock, backlog=ACCEPT_BATCH)
        sock.listen(min(max(queue, 128), 4096))
    except BaseException:
        sock.close()
        raise
    return server


async def close_all(streams: Sequence[Stream], reason: CloseReason, grace: float = 2.0) -> None:
    """Close ``streams`` gracefully (pending writes flushed); the ones not done within ``grace`` s are aborted."""
    for stream in streams:
        stream.close(reason)
    if not streams:
        return
    try:
        await asyncio.wait_for(asyncio.gather(*(asyncio.shield(s.closed) for s in streams)), grace)
    except TimeoutError:
        for stream in streams:
            stream.abort(reason)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(s.closed for s in streams)), 1.0)


class StreamOwner(Protocol):
    """What a stream reports to (a session)."""

    send_limit: int

    def _received(self, peer: Address | None, data: bytes, counts: Counts | None) -> None: ...
    def _stream_made(self, stream: Stream) -> None: ...
    def _stream_eof(self, stream: Stream) -> bool: ...
    def _stream_lost(self, stream: Stream, reason: CloseReason, error: NetAssistError | None) -> None: ...


class Stream(asyncio.Protocol):
    """A connected peer: the transport, its address, its counts, and write backpressure."""

    def __init__(self, owner: StreamOwner):
        self.owner = owner
        self.transport: asyncio.Transport | None = None
        self.peer = Address("", 0)
        self.counts = Counts()
        #: Set before closing locally, so ``connection_lost`` reports why.
        self.close_reason: CloseReason | None = None
        self.rejected = False
        #: The peer finished sending (its FIN arrived).
        self.finished = False
        #: When a finished peer is closed if nothing more is sent to it (the server's choice).
        self.linger: asyncio.TimerHandle | None = None
        self.closed = asyncio.get_running_loop().create_future()
        self._paused = False
        self._drain_waiters: list[asyncio.Future[None]] = []

    # asyncio.Protocol -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.peer = Address.from_sockaddr(transport.get_extra_info("peername"))
        self.owner._stream_made(self)

    def data_received(self, data: bytes) -> None:
        self.owner._received(self.peer, data, self.counts)

    def eof_received(self) -> bool:
        # Everything the peer sent before its FIN has been delivered to data_received already. The owner
        # says whether our side stays open (a server keeps answering a half-closed client) or closes after
        # flushing what we still have to write (transport.close flushes).
        self.finished = True
        keep = self.owner._stream_eof(self)
        if not keep and self.close_reason is None:
            self.close_reason = CloseReason.CLOSED_BY_PEER
        return keep

    def connection_lost(self, exc: Exception | None) -> None:
        error: NetAssistError | None = None
        if exc is None:
            reason = self.close_reason or CloseReason.CLOSED_BY_PEER
        elif isinstance(exc, ConnectionResetError | BrokenPipeError) and self.finished:
            # it had finished sending; what we sent after that found it closed completely: not an error
            reason = CloseReason.CLOSED_BY_PEER
        elif isinstance(exc, ConnectionResetError | BrokenPipeError):
            reason = CloseReason.RESET
            error = ConnectionReset("connection reset by peer", os_error=exc)
        else:
            reason = self.close_reason or CloseReason.ERROR
            error = from_os_error(exc)
        self._wake_drainers(error)
        if not self.closed.done():
            self.closed.set_result(None)
        self.owner._stream_lost(self, reason, error)

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        self._wake_drainers(None)

    # helpers ----------------------------------------------------------------------------
    def _wake_drainers(self, error: NetAssistError | None) -> None:
        for fut in self._drain_waiters:
            if not fut.done():
                if error is None:
                    fut.set_result(None)
                else:
                    fut.set_exception(error)
        self._drain_waiters.clear()

    async def drain(self) -> None:
        """Return once the transport's write buffer is below its high-water mark."""
        if not self._paused:
            return
        fut = asyncio.get_running_loop().create_future()
        self._drain_waiters.append(fut)
        await fut

    def write(self, data: bytes) -> None:
        """Queue ``data``; refused (PeerNotReading) when the bytes still waiting and these would pass the
        owner's ``send_limit``. A send into an empty queue always goes (its size is the sender's choice)."""
        assert self.transport is not None
        waiting = self.transport.get_write_buffer_size()
        if waiting and waiting + len(data) > self.owner.send_limit:
            raise PeerNotReading(f"{self.peer} is not reading ({waiting:,} bytes waiting); nothing was sent")
        self.transport.write(data)

    @property
    def stalled(self) -> bool:
        """More is waiting than the transport's high-water mark: the peer is not keeping up."""
        return self._paused

    def close(self, reason: CloseReason) -> None:
        """Close gracefully (pending writes are flushed first)."""
        if self.close_reason is None:
            self.close_reason = reason
        if self.transport is not None:
            self.transport.close()

    def abort(self, reason: CloseReason) -> None:
        self.close_reason = self.close_reason or reason
        if self.transport is not None:
            self.transport.abort()

    @property
    def is_closing(self) -> bool:
        return self.transport is None or self.transport.is_closing()
