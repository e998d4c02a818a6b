"""One TCP connection as an ``asyncio.Protocol``, shared by the TCP server's peers and the TCP client."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import socket
import ssl
import weakref
from collections.abc import Callable, Sequence
from typing import Protocol, cast

from app.core.addresses import bound_socket
from app.core.errors import (
    ClientLimitReached,
    ConnectionReset,
    NetAssistError,
    PeerNotReading,
    SendTooLarge,
    TlsTimeout,
    from_os_error,
)
from app.core.heap import give_back
from app.core.records import Address, Counts
from app.flow.tls_admission import (
    FIRST_BYTE_S,
    PER_SOURCE,
    RESERVE_SHARE,
    Changes,
    HandshakeAdmission,
    Overdue,
    Verdict,
    source_of,
)
from app.net.session import CloseReason, ErrorOccurred, Session
from app.net.tls import SHUTDOWN_TIMEOUT, handshake_info, tls_error, tls_lost

#: Connections accepted per wake-up of the loop.
ACCEPT_BATCH = 32
#: TLS handshakes a listener lets be under way at once, at the least (see TlsAccept).
HANDSHAKES_MIN = 256
#: Seconds between two notices of connections closed for too many handshakes under way.
REFUSED_NOTICE_S = 1.0
#: Seconds after a burst of TLS handshakes ended before its memory is given back (one collection and trim).
SETTLE_AFTER_S = 1.0

#: What a TLS listener calls when a client's handshake failed or it was closed before: its address, the error
#: in words, and the notice's arguments beyond those two (see ``TlsAccept._say``; empty for a failed handshake).
Failed = Callable[[Address, NetAssistError, tuple[str, ...]], None]


async def listen(host: str, port: int, factory: Callable[[], Stream], queue: int,
                 tls: TlsAccept | None = None) -> asyncio.Server:
    """A listening TCP server. asyncio accepts as many connections per wake-up as the backlog it was given: a
    burst of a thousand would be accepted (and announced) in one go. This accepts ACCEPT_BATCH at a time and
    lets the kernel queue the rest (``queue`` deep, so a burst is not refused). With ``tls`` every connection
    is a TLS handshake first; ``factory``'s stream sees it only once it succeeded.
    Raises OSError/NetAssistError."""
    sock = await bound_socket(host, port, socket.SOCK_STREAM)
    protocol: Callable[[], asyncio.Protocol] = factory if tls is None else tls.wrap(factory)
    try:
        server = await asyncio.get_running_loop().create_server(protocol, sock=sock, backlog=ACCEPT_BATCH)
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


async def stop_listening(server: asyncio.Server, accept: TlsAccept | None, streams: Sequence[Stream]) -> None:
    """Stop accepting (TLS handshakes under way end too), close ``streams`` (reason: server stopped), and wait
    for the listener to finish, bounded."""
    server.close()
    if accept is not None:
        accept.abort()
    await close_all(streams, CloseReason.SERVER_STOPPED)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(server.wait_closed(), 2.0)


def say_limit_reached(session: Session, what: str, kind: str, limit: int, peer: Address, n: int) -> None:
    """A listener's limit (``what``: "client limit", "pair limit") refused ``peer`` (n = 0), or ``n`` clients in the
    last second: a ``kind`` notice and an error (the words :class:`Refusals` says through ``say``)."""
    shown = f"{limit:,}"
    if not n:
        error = ClientLimitReached(f"{what} reached ({shown}): {peer} was disconnected")
        session.notice(kind, str(error), peer, error.code, args=(str(peer), shown))
    else:
        error = ClientLimitReached(f"{what} reached ({shown}): {n:,} client{'s' if n > 1 else ''} refused in the "
                                   "last second")
        session.notice(kind, str(error), None, error.code, args=(str(peer), shown, f"{n:,}"))
    session._emit(ErrorOccurred(error))


class Refusals:
    """Connections refused past a limit, said at most once per ``interval``: the first at once (naming the client),
    then, when each quiet interval ends, how many more were refused in it (``say(peer, n)``: n = 0 for the first,
    else the count). A flood of 3,000 refused clients is a few notices, not 3,000."""

    def __init__(self, say: Callable[[Address, int], None], interval: float = REFUSED_NOTICE_S):
        # A bound method is held weakly: a session owns its Refusals, and the cycle through ``say`` kept a
        # session that was dropped — and its store's arenas, up to 32 MiB — until the next full collection
        # (a new session meanwhile mapped fresh arenas: a zeroed page per 4 KiB it filled).
        self._say: Callable[[], Callable[[Address, int], None] | None] = (
            weakref.WeakMethod(say) if inspect.ismethod(say) else lambda: say)
        self.interval = interval
        #: Connections refused since the listener opened.
        self.refused = 0
        self._unsaid = 0
        self._last = Address("", 0)
        self._quiet: asyncio.TimerHandle | None = None

    def refuse(self, peer: Address) -> None:
        """A connection past the limit was closed: say so now, or count it for the next notice."""
        self.refused += 1
        if self._quiet is not None:
            self._unsaid += 1
            self._last = peer
            return
        self._quiet = asyncio.get_running_loop().call_later(self.interval, self._said)
        self.say(peer, 0)

    def say(self, peer: Address, n: int) -> None:
        say = self._say()
        if say is not None:  # (else its owner is gone)
            say(peer, n)

    def _said(self) -> None:
        self._quiet = None
        if self._unsaid:
            n, self._unsaid = self._unsaid, 0
            self._quiet = asyncio.get_running_loop().call_later(self.interval, self._said)
            self.say(self._last, n)

    def cancel(self) -> None:
        """The listener stopped: nothing more to say."""
        if self._quiet is not None:
            self._quiet.cancel()
            self._quiet = None
        self._unsaid = 0


class StreamOwner(Protocol):
    """What a stream reports to (a session)."""

    send_limit: int

    def _received(self, peer: Address | None, data: bytes, counts: Counts | None) -> None: ...
    def _read_buffer(self) -> memoryview: ...
    def _received_in_place(self, peer: Address | None, n: int, counts: Counts | None) -> object: ...
    def _apply_socket_options(self, sock: socket.socket | None) -> None: ...
    def _stream_made(self, stream: Stream) -> None: ...
    def _stream_eof(self, stream: Stream) -> bool: ...
    def _stream_lost(self, stream: Stream, reason: CloseReason, error: NetAssistError | None) -> None: ...


class Stream(asyncio.Protocol):
    """A connected peer: the transport, its address, its counts, and write backpressure."""

    def __init__(self, owner: StreamOwner):
        self.owner = owner
        self.transport: asyncio.Transport | None = None
        self.peer = Address("", 0)
        #: The connection is TLS (the transport hands over plaintext; see ``eof_received``).
        self.tls = False
        self.counts = Counts()
        #: Set before closing locally, so ``connection_lost`` reports why.
        self.close_reason: CloseReason | None = None
        self.rejected = False
        #: The peer finished sending (its FIN arrived).
        self.finished = False
        #: When a finished peer is closed if nothing more is sent to it (the server's choice).
        self.linger: asyncio.TimerHandle | None = None
        #: The server ended it because its linger passed with nothing sent to it.
        self.lingered = False
        #: The server found that this finished peer answered with a reset (read once: where the check reads the
        #: socket's pending error, reading clears it).
        self.reset_seen = False
        #: Messages (and their bytes) not sent to it because it was not reading (broker forwards, periodic sends
        #: to all); ``skipping``: it is missing them now (a stall the view was told of).
        self.skipped = 0
        self.skipped_bytes = 0
        self.skipping = False
        self._skipped_before = 0
        self.closed = asyncio.get_running_loop().create_future()
        self._paused = False
        self._drain_waiters: list[asyncio.Future[None]] = []

    # asyncio.Protocol -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.tls = transport.get_extra_info("ssl_object") is not None
        peername = transport.get_extra_info("peername")
        if peername is not None:  # (a TLS connection that ended as its handshake did keeps the one it had)
            self.peer = Address.from_sockaddr(peername)
        self.owner._apply_socket_options(transport.get_extra_info("socket"))
        self.owner._stream_made(self)

    def data_received(self, data: bytes) -> None:
        self.owner._received(self.peer, data, self.counts)

    def eof_received(self) -> bool:
        """Everything the peer sent before its FIN has been delivered to data_received already. The owner
        says whether our side stays open (a server keeps answering a half-closed client) or closes after
        flushing what we still have to write (transport.close flushes).

        Over TLS the peer's close_notify (or FIN) always closes the connection: asyncio's SSL transport
        ignores a True from here (and logs a warning about it), shutting TLS down after flushing what was
        already written. So a half-close cannot be kept open or passed on over TLS; False is returned and the
        owner, seeing ``self.tls``, says so in its notice."""
        self.finished = True
        keep = self.owner._stream_eof(self) and not self.tls
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
        elif isinstance(exc, ssl.SSLError):
            # a peer that closes without TLS's close_notify (many do) has just closed; anything else broke TLS
            error = tls_lost(exc)
            reason = CloseReason.CLOSED_BY_PEER if error is None else CloseReason.ERROR
        elif isinstance(exc, TimeoutError) and self.close_reason is not None:
            # we closed a TLS connection and the peer did not answer our close_notify: closed all the same
            reason = self.close_reason
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
        owner's ``send_limit``. The bound holds for every send, an empty queue's too: one larger than the whole
        bound is refused (SendTooLarge) before anything is queued; it goes as a stream that waits for the peer
        (``app.automation.transfer.send_data``)."""
        assert self.transport is not None
        if len(data) > self.owner.send_limit:
            raise SendTooLarge(f"a send of {len(data):,} bytes is more than a connection may have waiting "
                               f"({self.owner.send_limit:,} bytes); nothing was sent")
        waiting = self.transport.get_write_buffer_size()
        if waiting and waiting + len(data) > self.owner.send_limit:
            raise PeerNotReading(f"{self.peer} is not reading ({waiting:,} bytes waiting); nothing was sent",
                                 peer=self.peer, waiting=waiting)
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


class RecordingStream(Stream, asyncio.BufferedProtocol):
    """A peer whose reads go straight into its owner's record store (the TCP server's and client's): asyncio
    reads into the room the store offers at the end of its newest arena (``get_buffer``), and the read becomes
    a record there (``buffer_updated``). A plain protocol's read is a new bytes object that the store then
    copied into its arena: under a flood that copy (into memory the history last used 32 MiB ago, out of the
    caches) was the largest cost the window had beyond the socket's own. (Bytes handed over whole — a TLS
    connection's first, kept before the stream was attached — still come through ``data_received``.)"""

    def get_buffer(self, sizehint: int) -> memoryview:
        return self.owner._read_buffer()

    def buffer_updated(self, nbytes: int) -> None:
        self.owner._received_in_place(self.peer, nbytes, self.counts)


# ------------------------------------------------------------------------------------------- TLS

def note_handshake(session: Session, stream: Stream) -> None:
    """The "tls" notice for a connection whose handshake just succeeded (nothing for plain TCP)."""
    if stream.tls and stream.transport is not None:
        info = handshake_info(stream.transport.get_extra_info("ssl_object"))
        session.notice("tls", f"TLS with {stream.peer}: {info.describe()}", stream.peer,
                       args=(str(stream.peer), *info.args))


def note_handshake_failed(session: Session, peer: Address, error: NetAssistError, why: tuple[str, ...] = ()) -> None:
    """A client's TLS handshake failed, or the listener closed it before (``why``: the kind and its numbers, for
    the window's translated words): a "tls-failed" notice in words (its detail the error's code) and an
    ErrorOccurred; the listener goes on serving."""
    session.notice("tls-failed", f"{peer}: {error}", peer, error.code, args=(str(peer), str(error), *why))
    session._emit(ErrorOccurred(error))


class TlsAccept:
    """Server-side TLS for a listener: each accepted connection does its handshake in ``loop.start_tls``
    before the session's Stream is made.

    Why not ``create_server(ssl=...)``: there a failed handshake is silent (asyncio reports it only in debug
    mode, with no peer address), and a TLS server must tell the user which client failed and why (a plain
    client on a TLS port, an unknown CA …) while it goes on serving. ``start_tls`` is the same SSLProtocol
    with its failure raised to us. Connections before their handshake ends are not clients yet: they do not
    count against the client limit and ``abort`` ends them when the server stops.

    Which of them may handshake, wait their turn, or are closed is ``app.flow.tls_admission``'s decision (per source
    address, in total with slots kept for new sources, a first byte within FIRST_BYTE_S); this carries it out.
    A connection's handshake starts only once its first byte is there (seen on a duplicate of its socket, so
    nothing is read before TLS reads it): until then it holds its socket and no TLS buffer (asyncio gives each
    handshake 256 KiB). Each kind of closing is said at most once a second (a flood is one notice, then one for
    each second's worth). After a burst of handshakes, a collection and a heap trim give the memory back.
    """

    def __init__(self, context: ssl.SSLContext, timeout: float, failed: Failed, limit: int = HANDSHAKES_MIN, *,
                 per_source: int = PER_SOURCE, first_byte_s: float = FIRST_BYTE_S):
        self.context = context
        self.timeout = timeout
        #: Called with the client's address, the reason in words, and the notice's arguments (the reason's kind,
        #: how many more, its numbers) when its handshake fails or it is closed before.
        self.failed = failed
        self.admission: HandshakeAdmission[_Handshake] = HandshakeAdmission(
            max(limit, HANDSHAKES_MIN), per_source=per_source, first_byte_s=min(first_byte_s, timeout), turn_s=timeout)
        #: Times a burst's memory was given back (a collection and a heap trim).
        self.settled = 0
        self._pending: set[asyncio.Task[None]] = set()
        self._refusals = {why: Refusals(functools.partial(self._say, why))
                          for why in (*(v.value for v in Verdict if v not in (Verdict.START, Verdict.WAIT)),
                                      *(o.value for o in Overdue))}
        self._clock: asyncio.TimerHandle | None = None
        self._settling: asyncio.TimerHandle | None = None

    @property
    def limit(self) -> int:
        """Connections held before they are clients at most (the server's client limit, never fewer than
        HANDSHAKES_MIN); a tenth of them kept for sources that hold none."""
        return self.admission.limit

    @limit.setter
    def limit(self, value: int) -> None:
        self.admission.limit = value
        self.admission.reserve = round(value * RESERVE_SHARE)

    def wrap(self, factory: Callable[[], Stream]) -> Callable[[], asyncio.Protocol]:
        return lambda: _Handshake(self, factory)

    @property
    def pending(self) -> int:
        """Connections held before they are clients: handshakes under way, ones waiting for a first byte or for
        their turn."""
        return self.admission.held

    @property
    def refused(self) -> int:
        """Connections closed on arrival (too many held in total, or from their address)."""
        return sum(self._refusals[v.value].refused for v in (Verdict.FULL, Verdict.RESERVED, Verdict.SOURCE))

    @property
    def silent(self) -> int:
        """Connections closed because they sent nothing within the first-byte wait."""
        return self._refusals[Overdue.NO_FIRST_BYTE.value].refused

    def abort(self) -> None:
        """End every handshake under way and every connection held (the server stops)."""
        for task in list(self._pending):
            task.cancel()
        for handshake in self.admission.clear():
            handshake.close()
        for handle in (self._clock, self._settling):
            if handle is not None:
                handle.cancel()
        self._clock = self._settling = None
        for refusals in self._refusals.values():
            refusals.cancel()

    # events from the connections --------------------------------------------------------------
    def _arrived(self, handshake: _Handshake) -> None:
        verdict = self.admission.arrive(handshake, source_of(handshake.peer.host), handshake.arrived)
        if verdict is Verdict.START:
            handshake.watch()
        elif verdict is not Verdict.WAIT:
            handshake.close()
            self._refusals[verdict.value].refuse(handshake.peer)
            return
        self._arm_clock()

    def _spoke(self, handshake: _Handshake) -> None:
        """Its first byte is there: its handshake starts."""
        self.admission.first_byte(handshake)
        task = asyncio.get_running_loop().create_task(handshake.run(), name="tls:accept")
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    def _gone(self, handshake: _Handshake) -> None:
        """Its handshake ended (either way), or it was closed before."""
        self._carry_out(self.admission.end(handshake, asyncio.get_running_loop().time()))

    def _tick(self) -> None:
        self._clock = None
        self._carry_out(self.admission.overdue(asyncio.get_running_loop().time()))

    def _carry_out(self, changes: Changes[_Handshake]) -> None:
        for handshake, why in changes.close:
            handshake.close()
            self._refusals[why.value].refuse(handshake.peer)
        for handshake in changes.start:
            handshake.watch()
        if changes.settle and self._settling is None:
            self._settling = asyncio.get_running_loop().call_later(SETTLE_AFTER_S, self._settle)
        self._arm_clock()

    def _arm_clock(self) -> None:
        """One timer, at the next deadline (armed anew only when that is sooner than the one it is set for)."""
        due = self.admission.next_deadline()
        if due is None or (self._clock is not None and self._clock.when() <= due):
            return
        if self._clock is not None:
            self._clock.cancel()
        self._clock = asyncio.get_running_loop().call_at(due, self._tick)

    def _settle(self) -> None:
        self._settling = None
        give_back()
        self.settled += 1

    def _say(self, why: str, peer: Address, n: int) -> None:
        adm = self.admission
        source = source_of(peer.host)
        more = f"{n:,} more connection{'s were' if n > 1 else ' was'} disconnected"
        words = f"{peer} was disconnected" if not n else more
        error: NetAssistError
        if why == Overdue.NO_FIRST_BYTE.value:
            wait = f"{adm.first_byte_s:g}"
            error = TlsTimeout("TLS handshake timed out: " + (
                f"the client sent no TLS handshake within {wait} s (does it speak TLS?)" if not n else
                f"{n:,} more clients sent no TLS handshake within {wait} s (disconnected)"))
            numbers: tuple[str, ...] = (wait,)
        elif why == Overdue.NO_TURN.value:
            wait = f"{self.timeout:g}"
            gone = f"{peer} was disconnected before its turn" if not n else f"{more} before their turn"
            error = TlsTimeout(f"{adm.per_source} handshakes from {source} were under way for {wait} s: {gone}")
            numbers = (wait, str(adm.per_source), source)
        elif why == Verdict.SOURCE.value:
            error = ClientLimitReached(f"too many TLS handshakes under way from {source} ({adm.per_source}, and "
                                       f"{adm.per_source_waiting} waiting their turn): {words}")
            numbers = (str(adm.per_source), str(adm.per_source_waiting), source)
        elif why == Verdict.RESERVED.value:
            error = ClientLimitReached(f"too many TLS handshakes under way ({adm.limit - adm.reserve}; the last "
                                       f"{adm.reserve} are kept for addresses that have none): {words}")
            numbers = (str(adm.limit - adm.reserve), str(adm.reserve))
        else:
            error = ClientLimitReached(f"too many TLS handshakes under way ({adm.limit}): {words}")
            numbers = (str(adm.limit),)
        self.failed(peer, error, (why, f"{n:,}", *numbers))


class _Handshake(asyncio.Protocol):
    """The protocol of an accepted connection until its TLS handshake starts, then the task that runs it."""

    def __init__(self, accept: TlsAccept, factory: Callable[[], Stream]):
        self.accept, self.factory = accept, factory
        self.peer = Address("", 0)
        self.transport: asyncio.Transport | None = None
        #: When it was accepted (its whole handshake is due within the timeout from then).
        self.arrived = 0.0
        #: A duplicate of its socket watched for the first byte (the transport itself reads nothing meanwhile).
        self._watched: socket.socket | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.peer = Address.from_sockaddr(transport.get_extra_info("peername"))
        self.arrived = asyncio.get_running_loop().time()
        # the ClientHello waits in the kernel until start_tls's protocol is there to read it
        transport.pause_reading()
        self.accept._arrived(self)

    def connection_lost(self, exc: Exception | None) -> None:
        """(Only before its handshake started: start_tls takes the transport over.)"""
        self._unwatch()
        self.accept._gone(self)

    def watch(self) -> None:
        """Its turn: start the handshake once something arrives. Where the loop cannot watch a socket without
        reading it (a proactor loop: Windows) or no duplicate can be made, at once (the handshake timeout alone
        bounds it then)."""
        loop = asyncio.get_running_loop()
        sock = self.transport.get_extra_info("socket") if self.transport is not None else None
        try:
            if sock is None:
                raise OSError("no socket")
            self._watched = sock.dup()
            loop.add_reader(self._watched.fileno(), self._spoke)
        except (OSError, NotImplementedError):
            if self._watched is not None:
                self._watched.close()
                self._watched = None
            loop.call_soon(self._spoke)

    def _spoke(self) -> None:
        self._unwatch()
        if self.transport is None or self.transport.is_closing():
            return
        self.accept._spoke(self)

    def _unwatch(self) -> None:
        if self._watched is not None:
            with contextlib.suppress(Exception):  # (a loop that never watched it)
                asyncio.get_running_loop().remove_reader(self._watched.fileno())
            self._watched.close()
            self._watched = None

    def close(self) -> None:
        """Closed before its handshake started (refused, overdue, the server stopped)."""
        self._unwatch()
        if self.transport is not None:
            self.transport.abort()

    async def run(self) -> None:
        early = _Early()
        assert self.transport is not None
        loop = asyncio.get_running_loop()
        timeout = max(self.accept.timeout - (loop.time() - self.arrived), 0.5)
        try:
            transport = await loop.start_tls(
                self.transport, early, self.accept.context, server_side=True, ssl_handshake_timeout=timeout,
                ssl_shutdown_timeout=SHUTDOWN_TIMEOUT)
        except Exception as exc:  # (start_tls closed the connection)
            self.accept.failed(self.peer, tls_error(exc, server_side=True, timeout=self.accept.timeout), ())
            return
        finally:
            self.accept._gone(self)
        if transport is None:  # (the connection was closed under it)
            return
        stream = self.factory()
        stream.peer = self.peer
        early.attach(stream, transport)


class _Early(asyncio.Protocol):
    """What start_tls talks to until the Stream is attached. asyncio may hand over the first plaintext (sent
    with the client's last handshake message), its end, or the loss of the connection, before the task that
    awaited the handshake runs again: kept and replayed, in order, after the Stream's ``connection_made``."""

    def __init__(self) -> None:
        self.stream: Stream | None = None
        self.calls: list[tuple[str, object]] = []

    def attach(self, stream: Stream, transport: asyncio.Transport) -> None:
        transport.set_protocol(stream)  # from now on the TLS transport calls the stream itself
        self.stream = stream
        stream.connection_made(transport)
        for name, arg in self.calls:
            if name == "data":  # (each call's argument is what data_received / connection_lost kept below)
                if not stream.rejected:
                    stream.data_received(cast(bytes, arg))
            elif name == "eof":
                stream.eof_received()
            elif name == "lost":
                stream.connection_lost(cast(Exception | None, arg))
            else:
                getattr(stream, name)()
        self.calls.clear()

    def data_received(self, data: bytes) -> None:
        if self.stream is not None:
            self.stream.data_received(data)
        else:
            self.calls.append(("data", data))

    def eof_received(self) -> bool:
        if self.stream is not None:
            return self.stream.eof_received()
        self.calls.append(("eof", None))
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        if self.stream is not None:
            self.stream.connection_lost(exc)
        else:
            self.calls.append(("lost", exc))

    def pause_writing(self) -> None:
        if self.stream is not None:
            self.stream.pause_writing()
        else:
            self.calls.append(("pause_writing", None))

    def resume_writing(self) -> None:
        if self.stream is not None:
            self.stream.resume_writing()
        else:
            self.calls.append(("resume_writing", None))
