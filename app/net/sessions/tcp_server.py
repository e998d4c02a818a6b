"""TCP server session: listen on one address, many peers at once, send to all or to one, kick, stop. Optionally
over TLS (``tls=TlsOptions(enabled=True, self_signed=True)`` or with certificate files): each client's
handshake is announced (a "tls" notice), each failed one too ("tls-failed", in words), and serving goes on."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from app.core.errors import NetAssistError, NoTarget, PeerNotReading, TlsConfigError, from_os_error
from app.core.records import DEFAULT_STORE_BYTES, Address, Counts, Record
from app.core.system import count_left, reset_waiting
from app.net.session import (
    DEFAULT_SEND_LIMIT,
    CloseReason,
    PeerConnected,
    PeerDisconnected,
    PeerFinished,
    Session,
    State,
)
from app.net.stream import (
    RecordingStream,
    Refusals,
    Stream,
    TlsAccept,
    listen,
    note_handshake,
    note_handshake_failed,
    say_limit_reached,
    stop_listening,
)
from app.net.tls import CertInfo, TlsOptions, active, server_context_and_certificate

DEFAULT_CLIENT_LIMIT = 1024
#: Half-closed peers kept open for replies; past this the oldest are closed.
MAX_FINISHED = 256
#: Seconds a peer that finished sending stays open with nothing sent to it (each send to it starts the wait
#: again). Long enough for the reply to a request sent just before a half-close (auto-reply, a sequence, the
#: user's Send); short enough that a client that simply closed leaves the list at once, as a course's loop
#: server drops a client whose recv returned 0 (socat waits 0.5 s). A peer that closed completely looks the
#: same as a half-closed one until something is written to it: then it answers with a reset (see ``_gone``).
FINISHED_LINGER_S = 1.0


def _gone(stream: Stream) -> bool:
    """A finished peer has answered what was written to it with a reset: it is not there any more. (After its
    FIN asyncio stops reading the socket, so the reset is seen only by asking.)"""
    sock = stream.transport.get_extra_info("socket") if stream.transport is not None else None
    if sock is None or sock.fileno() < 0:
        return False
    return reset_waiting(sock)


class TcpServerSession(Session):
    """Listens on ``host:port`` (port 0 picks one; see ``local_address``) and serves many peers."""

    kind = "tcp-server"

    def __init__(self, host: str = "0.0.0.0", port: int = 0, *, client_limit: int = DEFAULT_CLIENT_LIMIT,
                 store_limit: int = DEFAULT_STORE_BYTES, send_limit: int = DEFAULT_SEND_LIMIT,
                 finished_linger: float = FINISHED_LINGER_S, tls: TlsOptions | None = None):
        super().__init__(store_limit=store_limit, send_limit=send_limit)
        #: TLS options (None or not enabled: plain TCP). Read at each open().
        self.tls = tls
        #: The PEM certificate served while open with TLS (a self-signed one is new at every open).
        self.tls_certificate = b""
        self._tls_accept: TlsAccept | None = None
        self._tls_cert = CertInfo("", "", "", "", "")
        self.host = host
        self.port = port
        self.client_limit = client_limit
        self.peers: dict[Address, Stream] = {}
        #: Peers that finished sending and are kept open for replies, oldest first.
        self._finished: OrderedDict[Address, Stream] = OrderedDict()
        self.finished_linger = finished_linger
        self._server: asyncio.Server | None = None
        #: Clients refused at the client limit, said at most once a second.
        self._refusals = Refusals(self._say_refused)
        #: Periodic sends (and broker forwards) not given to a peer that was not keeping up (each peer counts its
        #: own in ``Stream.skipped``).
        self.skipped = 0
        #: Broker mode (ncat --broker, the chat-room exercise): what a client sends goes to every other
        #: client (and back to the sender with ``broker_echo``), recorded as TX to each.
        self.broker = False
        self.broker_echo = False

    # ---------------------------------------------------------------------------- lifecycle
    async def open(self) -> None:
        if self.state is not State.CLOSED:
            return
        self._set_state(State.OPENING)
        where = f"listen on {self.host or '0.0.0.0'}:{self.port}"
        try:
            self._tls_accept = self._tls_setup()
            self._server = await listen(self.host, self.port, self._new_stream, self.client_limit,
                                        self._tls_accept)
        except (OSError, NetAssistError) as exc:
            raise self._fail_open(from_os_error(exc, where)) from None
        self.local_address = Address.from_sockaddr(self._server.sockets[0].getsockname())
        self.notice("listening", f"listening on {self.local_address}", args=(str(self.local_address),))
        if self._tls_accept is not None:
            cert = self._tls_cert
            self.notice("tls-listening", f"TLS on; this server's certificate: {cert.describe()}",
                        args=(cert.subject, cert.issuer, cert.not_before, cert.not_after, cert.sha256))
        self._set_state(State.OPEN)

    def _new_stream(self) -> Stream:
        """The Stream of an accepted connection (a WebSocket server makes its own): its reads go straight into
        the store."""
        return RecordingStream(self)

    def _tls_setup(self) -> TlsAccept | None:
        """The TLS side of the listener, or None for plain TCP; all of it (the certificate shown too) before the
        port listens. Raises TlsConfigError in words."""
        tls = active(self.tls)
        self.tls_certificate = b""
        if tls is None:
            return None
        context, self.tls_certificate = server_context_and_certificate(tls, self.host)
        try:
            self._tls_cert = CertInfo.from_pem(self.tls_certificate)
        except ValueError as exc:
            raise TlsConfigError(f"the server's certificate cannot be read ({exc})") from None
        return TlsAccept(context, tls.handshake_timeout,
                         lambda peer, error, why: note_handshake_failed(self, peer, error, why),
                         limit=self.client_limit)

    async def close(self) -> None:
        """Stop listening and close every peer (reason: server stopped)."""
        if self._server is None:
            return
        server, self._server = self._server, None
        self._refusals.cancel()
        await stop_listening(server, self._tls_accept, list(self.peers.values()))
        self.notice("closed", "server stopped")
        self._set_state(State.CLOSED)

    # ------------------------------------------------------------------------- stream events
    def open_peers(self) -> int:
        """Peers that count against the client limit. Below the limit, every known peer (cheap: this runs at
        every accept); at it, only the ones really connected: those whose end of the connection is already
        waiting to be read (they have left; the loop has not read it yet) do not count."""
        if len(self.peers) < self.client_limit:  # below the limit the exact count does not matter
            return len(self.peers)
        live = [s for s in self.peers.values() if not s.finished and not s.is_closing]
        if len(live) < self.client_limit:
            return len(live)
        socks = [s.transport.get_extra_info("socket") for s in live if s.transport is not None]
        return len(live) - count_left(sock for sock in socks if sock is not None)

    def _stream_made(self, stream: Stream) -> None:
        if self._server is None:  # (its handshake or accept finished as the server stopped)
            stream.rejected = True
            stream.close(CloseReason.SERVER_STOPPED)
            return
        if self.open_peers() >= self.client_limit:
            stream.rejected = True
            stream.close(CloseReason.KICKED)
            self._refusals.refuse(stream.peer)
            return
        self.peers[stream.peer] = stream
        self.counters.peers[stream.peer] = stream.counts
        self.notice("peer-connected", f"{stream.peer} connected", stream.peer, args=(str(stream.peer),))
        note_handshake(self, stream)
        self._emit(PeerConnected(stream.peer))

    @property
    def refused(self) -> int:
        """Clients refused at the client limit since the server started listening."""
        return self._refusals.refused

    def _say_refused(self, peer: Address, n: int) -> None:
        """The client limit refused ``peer`` (n = 0), or ``n`` clients in the last second: a notice and an error."""
        say_limit_reached(self, "client limit", "client-rejected", self.client_limit, peer, n)

    def _stream_eof(self, stream: Stream) -> bool:
        """A client finished sending (shut down its writing side). Its connection stays open, so the reply
        to its last request can still go out, until the user kicks it or it closes; the oldest such
        connections are closed past MAX_FINISHED."""
        if stream.rejected or self.peers.get(stream.peer) is not stream:
            return False
        if stream.tls:  # over TLS the end of the client's data ends the connection (see Stream.eof_received)
            self.notice("eof", f"{stream.peer} closed its side of the connection (end of data; over TLS the "
                        "connection closes)", stream.peer, args=(str(stream.peer),))
            return False
        linger = f"{self.finished_linger:g}"
        self.notice("peer-finished", f"{stream.peer} finished sending; its connection closes in {linger} s unless "
                    "something is sent to it", stream.peer, args=(str(stream.peer), linger))
        self._finished[stream.peer] = stream
        self._emit(PeerFinished(stream.peer))
        self._linger(stream)
        while len(self._finished) > MAX_FINISHED:
            _peer, oldest = self._finished.popitem(last=False)
            oldest.close(CloseReason.CLOSED_BY_PEER)
        return True

    def _linger(self, stream: Stream) -> None:
        """(Re)start a finished peer's linger: closed after ``finished_linger`` s with nothing sent to it."""
        if stream.linger is not None:
            stream.linger.cancel()
        stream.linger = asyncio.get_running_loop().call_later(self.finished_linger, self._lingered, stream)

    def _lingered(self, stream: Stream) -> None:
        """A finished peer's linger passed with nothing sent to it: the server ends the connection."""
        stream.linger = None
        stream.lingered = True
        stream.close(CloseReason.CLOSED_BY_PEER)

    def _stream_lost(self, stream: Stream, reason: CloseReason, error: NetAssistError | None) -> None:
        if stream.rejected or self.peers.get(stream.peer) is not stream:
            return
        del self.peers[stream.peer]
        self._finished.pop(stream.peer, None)
        if stream.linger is not None:
            stream.linger.cancel()
        # its counts stay in the session's totals; per-peer state leaves with the peer
        if self.counters.peers.get(stream.peer) is stream.counts:
            del self.counters.peers[stream.peer]
        args: tuple[str, ...] = (str(stream.peer),)
        text = f"{stream.peer} disconnected: {reason.text}"
        # how a finished peer ended: it answered a send with a reset (it had closed), or its linger passed. (The
        # socket is still open here: asyncio closes it after connection_lost.)
        gone = stream.finished and not stream.tls and reason is CloseReason.CLOSED_BY_PEER and (
            stream.reset_seen or _gone(stream))
        if gone or stream.lingered:
            linger = f"{self.finished_linger:g}"
            if gone:
                args, text = (str(stream.peer), linger, "reset"), (
                    f"{stream.peer} disconnected: it had closed (it answered what was sent after it finished "
                    "sending with a reset)")
            else:
                args, text = (str(stream.peer), linger), (
                    f"{stream.peer} disconnected: it finished sending and nothing was sent to it for {linger} s")
        self.notice("peer-disconnected", text, stream.peer, reason.value, args=args)
        self._emit(PeerDisconnected(stream.peer, reason, error))

    # ------------------------------------------------------------------------------- actions
    def _target_streams(self, to: Address | None) -> list[Stream]:
        self._require_open()
        if to is None:
            return [s for s in self.peers.values() if not s.is_closing and not self._left(s)]
        stream = self.peers.get(to)
        if stream is not None and self._left(stream):
            raise NoTarget(f"client {to} has closed its connection (it answered with a reset); nothing was sent")
        if stream is None or stream.is_closing:
            raise NoTarget(f"client {to} is not connected")
        return [stream]

    def _left(self, stream: Stream) -> bool:
        """A finished peer that has gone (it reset what was sent to it): its connection ends now."""
        if not stream.finished or stream.is_closing or not _gone(stream):
            return False
        stream.reset_seen = True
        stream.close(CloseReason.CLOSED_BY_PEER)
        return True

    def send(self, data: bytes, to: Address | None = None, *, flags: int = 0,
             skip_stalled: bool = False) -> list[Record]:
        """Send ``data`` to one peer, or to every connected peer; one TX record per peer written.

        A peer that is not reading is refused (its queue is bounded); the others still get the data and the
        refusal is raised afterwards (PeerNotReading). With ``skip_stalled`` (periodic send) a peer that is
        not keeping up is skipped quietly instead, and counted in ``skipped``.
        """
        records = []
        refused: list[PeerNotReading] = []
        streams = self._target_streams(to)
        if not streams and not skip_stalled:  # (a periodic send to all waits for clients quietly)
            raise NoTarget("no client is connected; nothing was sent")
        for stream in streams:
            if skip_stalled and stream.stalled:
                self._skip(stream, data)
                continue
            try:
                stream.write(data)
            except PeerNotReading as exc:
                refused.append(exc)
                continue
            if stream.skipping:
                self._skip_ended(stream)
            records.append(self._sent(stream.peer, data, stream.counts, flags))
            if stream.finished:
                self._linger(stream)
        if len(refused) == 1 and to is not None:
            raise refused[0]
        if refused:
            first = f"{refused[0].peer} is not reading ({refused[0].waiting or 0:,} bytes waiting)"
            more = f" and {len(refused) - 1:,} more" if len(refused) > 1 else ""
            sent = f"; sent to the {len(records):,} others" if records else "; nothing was sent"
            raise PeerNotReading(f"{first}{more}{sent}")
        return records

    def _received(self, peer: Address | None, data: bytes, counts: Counts | None) -> None:
        super()._received(peer, data, counts)
        if self.broker:
            self._forward(peer, data)

    def _received_in_place(self, peer: Address | None, n: int, counts: Counts | None) -> Record:
        record = super()._received_in_place(peer, n, counts)
        if self.broker:
            self._forward(peer, record.data)
        return record

    def _forward(self, source: Address | None, data: bytes) -> None:
        """Broker mode: ``data`` from ``source`` to the other clients; one that is not reading is skipped
        (counted in ``skipped``), so a slow client never makes the others wait or memory grow."""
        for stream in list(self.peers.values()):
            if stream.is_closing or (stream.peer == source and not self.broker_echo):
                continue
            if stream.stalled:
                self._skip(stream, data)
                continue
            try:
                stream.write(data)
            except PeerNotReading:
                self._skip(stream, data)
                continue
            if stream.skipping:
                self._skip_ended(stream)
            self._sent(stream.peer, data, stream.counts)

    def _skip(self, stream: Stream, data: bytes) -> None:
        """``data`` is not sent to ``stream`` (it is not reading): counted for it, and the first of a stall said."""
        self.skipped += 1
        stream.skipped += 1
        stream.skipped_bytes += len(data)
        if not stream.skipping:
            stream.skipping = True
            stream._skipped_before = stream.skipped - 1
            self.notice("skipping", f"{stream.peer} is not reading: messages for it are skipped (counted) "
                        "until it reads again", stream.peer, args=(str(stream.peer),))

    def _skip_ended(self, stream: Stream) -> None:
        """``stream`` reads again: say how many messages it missed in the stall that ended."""
        stream.skipping = False
        n = stream.skipped - stream._skipped_before
        self.notice("skipping-ended", f"{stream.peer} reads again; it missed {n:,} message{'s' if n != 1 else ''} "
                    f"({stream.skipped:,} in all)", stream.peer, args=(str(stream.peer), f"{n:,}",
                                                                        f"{stream.skipped:,}"))

    def stalled(self, to: Address | None = None) -> bool:
        streams = [s for s in self.peers.values() if not s.is_closing] if to is None else [self.peers.get(to)]
        return all(s is None or s.stalled for s in streams) if streams else False

    async def drain(self, to: Address | None = None) -> None:
        """Wait until the write buffers of the target peers are below their high-water marks."""
        for stream in self._target_streams(to):
            await stream.drain()

    def kick(self, peer: Address) -> None:
        """Disconnect one peer (reason: kicked)."""
        stream = self.peers.get(peer)
        if stream is None:
            raise NoTarget(f"client {peer} is not connected")
        stream.close(CloseReason.KICKED)
