"""TCP client session: resolve, connect (with a timeout and an optional local port), send, close; and, when
asked, reconnect by itself after a loss or a failed connect (exponential backoff). Optionally over TLS
(``tls=TlsOptions(enabled=True, …)``): the handshake follows the TCP connect, has its own timeout, and a
failure is a TlsError in words (certificate refused, not TLS, protocol mismatch, timed out)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl

from app.core.addresses import resolve
from app.core.errors import HostNotFound, NetAssistError, NoTarget, TimedOut, TlsConfigError, from_os_error
from app.core.records import DEFAULT_STORE_BYTES, Address, Record
from app.net.session import DEFAULT_SEND_LIMIT, CloseReason, PeerConnected, PeerDisconnected, Session, State
from app.net.stream import RecordingStream, Stream, note_handshake
from app.net.tls import TlsOptions, active, client_context, connect_args, tls_error

log = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT = 5.0
#: Reconnect backoff: the first wait, doubled per failed attempt up to the last.
RECONNECT_MIN_S = 1.0
RECONNECT_MAX_S = 30.0


class TcpClientSession(Session):
    """Connects to ``host:port``. Outcomes are distinct errors: refused, timed out, host not found …"""

    kind = "tcp-client"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, local_port: int = 0, local_host: str = "",
                 connect_timeout: float = DEFAULT_CONNECT_TIMEOUT, store_limit: int = DEFAULT_STORE_BYTES,
                 send_limit: int = DEFAULT_SEND_LIMIT, reconnect: bool = False,
                 reconnect_min: float = RECONNECT_MIN_S, reconnect_max: float = RECONNECT_MAX_S,
                 tls: TlsOptions | None = None):
        super().__init__(store_limit=store_limit, send_limit=send_limit)
        #: TLS options (None or not enabled: plain TCP). Read at each open().
        self.tls = tls
        self._tls_context: ssl.SSLContext | None = None
        self.host = host
        self.port = port
        self.local_host = local_host
        self.local_port = local_port
        self.connect_timeout = connect_timeout
        self.stream: Stream | None = None
        #: Reconnect by itself after a loss or a failed connect (until close()).
        self.reconnect = reconnect
        self.reconnect_min = reconnect_min
        self.reconnect_max = reconnect_max
        #: Failed attempts since the last connection (0 while connected).
        self.attempts = 0
        #: close() was asked for: no attempt goes on, none is scheduled.
        self._closing = False
        #: Counts open() and close() calls: a connection made by an attempt of an earlier one is closed at once.
        self._generation = 0
        #: The connect (and TLS handshake) under way; close() cancels it.
        self._connecting: asyncio.Task[None] | None = None
        self._retry: asyncio.TimerHandle | None = None
        self._retry_task: asyncio.Task[None] | None = None

    @property
    def reconnecting(self) -> bool:
        """Waiting to try again (the state is OPENING meanwhile)."""
        return self._retry is not None or self._retry_task is not None

    @property
    def peer(self) -> Address | None:
        return self.stream.peer if self.stream is not None else None

    async def open(self) -> None:
        """Connect. Raises the reason in words; with ``reconnect`` a failure schedules the next attempt
        instead (the session stays OPENING and says when it tries again)."""
        if self.state is not State.CLOSED:
            return
        self.attempts = 0
        self._closing = False
        self._generation += 1
        tls = active(self.tls)
        self._tls_context = None
        if tls is not None:
            try:
                self._tls_context = client_context(tls, self.host)
            except NetAssistError as exc:  # a setting to fix: no attempt would do better
                self._set_state(State.OPENING, None)
                raise self._fail_open(exc) from None
        await self._attempt()

    async def _attempt(self) -> None:
        self._set_state(State.OPENING, None)
        generation = self._generation
        task = asyncio.get_running_loop().create_task(self._connect_once(generation), name="tcp-client:connect")
        self._connecting = task
        try:
            await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if task.cancelled() and generation != self._generation and not (current and current.cancelling()):
                return  # close() stopped this attempt (and closed its socket)
            raise
        except NetAssistError as exc:
            if self._closing or generation != self._generation:  # cancelled meanwhile: nothing to try again
                return
            if self.reconnect:
                self.notice("error", str(exc), detail=exc.code)
                self._again(exc)
                return
            raise self._fail_open(exc) from None
        finally:
            if self._connecting is task:
                self._connecting = None

    def _again(self, error: NetAssistError | None) -> None:
        """Schedule the next attempt after the backoff, and say so."""
        self.attempts += 1
        delay = min(self.reconnect_max, self.reconnect_min * 2 ** (self.attempts - 1))
        self.notice("reconnecting", f"reconnecting to {self.host}:{self.port} in {delay:g} s (attempt "
                    f"{self.attempts})", args=(f"{self.host}:{self.port}", f"{delay:g}", str(self.attempts)))
        self._set_state(State.OPENING, error)
        self._retry = asyncio.get_running_loop().call_later(delay, self._retry_now)

    def _retry_now(self) -> None:
        self._retry = None
        self._retry_task = asyncio.get_running_loop().create_task(self._attempt(), name="tcp-client:reconnect")
        self._retry_task.add_done_callback(self._retried)

    def _retried(self, task: asyncio.Task[None]) -> None:
        if self._retry_task is task:
            self._retry_task = None
        if not task.cancelled() and task.exception() is not None:
            log.error("reconnect attempt failed", exc_info=task.exception())

    def _cancel_retry(self) -> None:
        if self._retry is not None:
            self._retry.cancel()
            self._retry = None
        if self._retry_task is not None:
            self._retry_task.cancel()
            self._retry_task = None

    async def _connect_once(self, generation: int) -> None:
        where = f"connect to {self.host}:{self.port}"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.connect_timeout
        try:
            try:
                targets = await asyncio.wait_for(resolve(self.host, self.port), self.connect_timeout)
            except TimeoutError:
                raise HostNotFound(f"host not found: {self.host} (name lookup timed out)") from None
            first_error: BaseException | None = None
            for family, sockaddr in targets:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    first_error = first_error or TimeoutError()
                    break
                try:
                    await self._connect(family, sockaddr, remaining, generation)
                    break
                except (OSError, TimeoutError) as exc:
                    first_error = first_error or exc
            else:
                assert first_error is not None
                raise first_error
            if self.stream is None:
                if self._closing or generation != self._generation:  # connected, but cancelled: closed at once
                    return
                assert first_error is not None
                raise first_error
        except TimeoutError:
            raise TimedOut(f"{where}: timed out after {self.connect_timeout:g} s") from None
        except NetAssistError:
            raise
        except OSError as exc:
            raise from_os_error(exc, where) from None

    async def _connect(self, family: socket.AddressFamily, sockaddr: tuple, timeout: float, generation: int) -> None:
        loop = asyncio.get_running_loop()
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)
            if self.local_port or self.local_host:
                # SO_REUSEADDR so a fixed local port can be reused while the last connection is in TIME_WAIT
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                local = self.local_host or ("::" if family == socket.AF_INET6 else "0.0.0.0")
                sock.bind((local, self.local_port))
            await asyncio.wait_for(loop.sock_connect(sock, sockaddr), timeout)
            if self._tls_context is None:
                await loop.create_connection(lambda: self._new_stream(generation), sock=sock)
            else:
                await self._handshake(sock, generation)
        except BaseException:
            sock.close()
            raise

    async def _handshake(self, sock: socket.socket, generation: int) -> None:
        """TLS over the connected ``sock``; the Stream is made once it succeeded. Its failure is a TlsError, not
        an OSError: the next address would not do better."""
        tls = active(self.tls)
        assert tls is not None and self._tls_context is not None
        try:
            await asyncio.get_running_loop().create_connection(
                lambda: self._new_stream(generation), sock=sock, **connect_args(tls, self._tls_context, self.host))
        except (OSError, TimeoutError) as exc:
            raise tls_error(exc, server_side=False, timeout=tls.handshake_timeout,
                            where=f"connect to {self.host}:{self.port}") from None
        except UnicodeError as exc:  # (a host name Python's ssl cannot encode as SNI)
            raise TlsConfigError(f"connect to {self.host}:{self.port}: the host name cannot be sent as SNI "
                                 f"({exc})") from None

    def _new_stream(self, generation: int) -> Stream:
        """The Stream of one connection attempt (a WebSocket client makes its own)."""
        return _Attempt(self, generation)

    # ------------------------------------------------------------------------- stream events
    def _stream_made(self, stream: Stream) -> None:
        if self._closing or getattr(stream, "generation", self._generation) != self._generation:
            stream.close(CloseReason.CLOSED_LOCALLY)  # the user cancelled while it was connecting
            return
        self.stream = stream
        self.attempts = 0
        assert stream.transport is not None  # (a stream is made with its transport)
        self.local_address = Address.from_sockaddr(stream.transport.get_extra_info("sockname"))
        self.counters.peers[stream.peer] = stream.counts
        self.notice("connected", f"connected to {stream.peer} from {self.local_address}", stream.peer,
                    args=(str(stream.peer), str(self.local_address)))
        note_handshake(self, stream)
        self._emit(PeerConnected(stream.peer))
        self._set_state(State.OPEN)

    def _stream_eof(self, stream: Stream) -> bool:
        # A server that finishes sending is done with us: the client closes too (its state is "closed"); over
        # TLS that is also the only way (see Stream.eof_received)
        self.notice("eof", f"{stream.peer} closed its side of the connection (end of data)", stream.peer,
                    args=(str(stream.peer),))
        return False

    def _stream_lost(self, stream: Stream, reason: CloseReason, error: NetAssistError | None) -> None:
        if self.stream is not stream:
            return
        self.stream = None
        if self.counters.peers.get(stream.peer) is stream.counts:
            del self.counters.peers[stream.peer]
        self.notice("peer-disconnected", f"disconnected from {stream.peer}: {reason.text}", stream.peer,
                    reason.value, args=(str(stream.peer),))
        self._emit(PeerDisconnected(stream.peer, reason, error))
        if self.reconnect and reason is not CloseReason.CLOSED_LOCALLY:
            self._again(error)
            return
        self._set_state(State.CLOSED, error)

    # ------------------------------------------------------------------------------- actions
    def send(self, data: bytes, to: Address | None = None, *, flags: int = 0) -> Record:
        """Send ``data`` to the server (``to``: None, or the server's address)."""
        self._require_open()
        assert self.stream is not None
        self._check_peer(to)
        self.stream.write(data)
        return self._sent(self.stream.peer, data, self.stream.counts, flags)

    def _check_peer(self, to: Address | None) -> None:
        if to is not None and self.stream is not None and to != self.stream.peer:
            raise NoTarget(f"{to} is not the peer this client is connected to ({self.stream.peer}); nothing was sent")

    def stalled(self, to: Address | None = None) -> bool:
        # (while reconnecting a periodic send waits for the connection instead of failing)
        return self.reconnecting or (self.stream is not None and self.stream.stalled)

    async def drain(self, to: Address | None = None) -> None:
        self._require_open()
        assert self.stream is not None
        await self.stream.drain()

    async def close(self) -> None:
        self._closing = True
        self._generation += 1
        connecting, self._connecting = self._connecting, None
        if connecting is not None and not connecting.done() and self.stream is None:
            connecting.cancel()  # (its socket closes; a later open() starts afresh)
            await asyncio.wait({connecting}, timeout=2.0)
        if self.reconnecting or (self.stream is None and self.state is State.OPENING):
            self._cancel_retry()
            if self.stream is None:
                self._set_state(State.CLOSED)
                return
        stream = self.stream
        if stream is None:
            return
        stream.close(CloseReason.CLOSED_LOCALLY)
        try:
            await asyncio.wait_for(asyncio.shield(stream.closed), 2.0)
        except TimeoutError:
            stream.abort(CloseReason.CLOSED_LOCALLY)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stream.closed, 1.0)


class _Attempt(RecordingStream):
    """The connection of one open() (see ``TcpClientSession._generation``)."""

    def __init__(self, owner: TcpClientSession, generation: int):
        super().__init__(owner)
        self.generation = generation
