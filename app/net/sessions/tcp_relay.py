"""TCP relay (中继/转发): listen, and for every client open a connection to a target; forward both ways,
byte-exact, with backpressure, recording every chunk with its direction of travel.

A chunk from the client is an RX record whose peer is the client (client → target); a chunk from the target
is an RX record whose peer is the target (target → client): two streams in the view, the logs and framing.
Bytes the user injects are TX records marked ``FLAG_INJECTED``. A direction can be held (its bytes queue,
bounded, until released or dropped). A side that half-closes is propagated as a half-close; a target that
refuses or cannot be reached closes the client with the reason in words.

Either side can be TLS, independently (``listen_tls``: towards the clients, like a TLS server;
``target_tls``: towards the target, like a TLS client): records hold the plaintext, so a relay between a TLS
client and a plain target shows what the TLS hides. A half-close cannot cross a TLS side (asyncio closes a
TLS connection at its peer's end of data): the pair closes after forwarding what was sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import struct
from collections import deque
from dataclasses import dataclass

from app.core.addresses import check_port, loops_to_itself
from app.core.errors import InvalidAddress, NetAssistError, NoTarget, TimedOut, from_os_error
from app.core.records import DEFAULT_STORE_BYTES, FLAG_INJECTED, Address, Counts, Record
from app.flow.relay import (
    HOLD_TOTAL_LIMIT,
    WAYS,
    BoundFreed,
    BoundReached,
    Close,
    Command,
    Connected,
    ConnectFailed,
    Data,
    Drop,
    DropHeld,
    Dropped,
    Eof,
    Event,
    Hold,
    HoldBound,
    HoldBudget,
    Lost,
    PairFlow,
    PauseReading,
    Release,
    ResumeReading,
    Side,
    Stop,
    Way,
    Write,
    WriteEof,
    WritingPaused,
)
from app.net.relay import RelaySession
from app.net.session import (
    DEFAULT_SEND_LIMIT,
    CloseReason,
    PeerConnected,
    PeerDisconnected,
    State,
)
from app.net.stream import (
    Refusals,
    Stream,
    TlsAccept,
    listen,
    note_handshake,
    note_handshake_failed,
    say_limit_reached,
    stop_listening,
)
from app.net.tls import TlsOptions, active, client_context, connect_args, server_context_and_certificate, tls_error

CONNECT_TIMEOUT = 5.0
DEFAULT_PAIR_LIMIT = 1024


class RelayStream(Stream):
    """One side of a pair: what happens to it goes to the pair's flow as an event."""

    def __init__(self, relay: TcpRelaySession, pair: Pair, side: Side):
        super().__init__(relay)
        self.relay, self.pair, self.side = relay, pair, side

    def data_received(self, data: bytes) -> None:
        self.relay._from(self, data)

    def pause_writing(self) -> None:
        super().pause_writing()
        self.relay._handle(self.pair, WritingPaused(self.side, True))

    def resume_writing(self) -> None:
        super().resume_writing()
        self.relay._handle(self.pair, WritingPaused(self.side, False))


@dataclass(eq=False)
class Pair:
    """A client and its connection to the target: the two streams, and the flow that decides for them
    (:class:`app.flow.relay.PairFlow`)."""

    flow: PairFlow
    client: RelayStream | None = None
    target: RelayStream | None = None

    def stream(self, side: Side) -> RelayStream | None:
        return self.client if side == "client" else self.target

    # what the flow holds and knows, read where the pair is (the client list, the tests)
    @property
    def holding(self) -> dict[Way, bool]:
        return self.flow.holding

    @property
    def held_bytes(self) -> dict[Way, int]:
        return self.flow.held_bytes

    @property
    def eof(self) -> dict[Way, bool]:
        return self.flow.eof

    @property
    def shut(self) -> dict[Way, bool]:
        return self.flow.shut

    @property
    def _stops(self) -> dict[Side, set[Stop]]:
        return self.flow.stops


class TcpRelaySession(RelaySession):
    """Listen on ``host:port``; relay each client to ``target_host:target_port``."""

    kind = "tcp-relay"

    def __init__(self, host: str = "0.0.0.0", port: int = 0, target_host: str = "127.0.0.1",
                 target_port: int = 0, *, pair_limit: int = DEFAULT_PAIR_LIMIT,
                 store_limit: int = DEFAULT_STORE_BYTES, send_limit: int = DEFAULT_SEND_LIMIT,
                 connect_timeout: float = CONNECT_TIMEOUT, listen_tls: TlsOptions | None = None,
                 target_tls: TlsOptions | None = None, hold_total_limit: int = HOLD_TOTAL_LIMIT):
        super().__init__(store_limit=store_limit, send_limit=send_limit)
        #: TLS towards the clients (a server's options) and towards the target (a client's options).
        self.listen_tls = listen_tls
        self.target_tls = target_tls
        #: The PEM certificate the listening side serves while open with TLS.
        self.tls_certificate = b""
        self._tls_accept: TlsAccept | None = None
        self._target_context: ssl.SSLContext | None = None
        self.host, self.port = host, port
        self.target_host, self.target_port = target_host, target_port
        self.pair_limit, self.connect_timeout = pair_limit, connect_timeout
        #: Pairs by client address.
        self.pairs: dict[Address, Pair] = {}
        #: Held bytes dropped: on the user's word, or with their pair.
        self.dropped = 0
        #: Directions held for every pair (new pairs start so).
        self.holding: dict[Way, bool] = dict.fromkeys(WAYS, False)
        #: What every pair holds together, against its bound (then held directions stop reading; see
        #: HOLD_TOTAL_LIMIT).
        self.hold_budget = HoldBudget(hold_total_limit)
        #: Events waiting their turn: one raised while the commands of another are carried out (a write that
        #: pauses writing, the hold bound told to every pair) is handled after them, as the flow decided them.
        self._events: deque[tuple[Pair, Event]] = deque()
        self._handling = False
        #: The side in its ``eof_received``: a Close of it is carried out by returning False (asyncio closes it).
        self._ending: RelayStream | None = None
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        #: Clients refused at the pair limit, said at most once a second.
        self._refusals = Refusals(self._say_refused)

    @property
    def hold_total_limit(self) -> int:
        """Bytes every pair holds together at most."""
        return self.hold_budget.limit

    @property
    def refused(self) -> int:
        """Clients refused at the pair limit since the relay started listening."""
        return self._refusals.refused

    def _say_refused(self, peer: Address, n: int) -> None:
        """The pair limit refused ``peer`` (n = 0), or ``n`` clients in the last second: a notice and an error."""
        say_limit_reached(self, "pair limit", "pair-rejected", self.pair_limit, peer, n)

    @property
    def relayed(self) -> dict[Address, Pair]:
        return self.pairs

    @property
    def peers(self) -> dict[Address, RelayStream]:
        """The clients' sides by address (what a client list shows)."""
        return {a: p.client for a, p in self.pairs.items() if p.client is not None}

    # ---------------------------------------------------------------------------- lifecycle
    async def open(self) -> None:
        if self.state is not State.CLOSED:
            return
        self._set_state(State.OPENING)
        where = f"listen on {self.host or '0.0.0.0'}:{self.port}"
        try:
            check_port(self.target_port)
            self._tls_setup()
            self._server = await listen(self.host, self.port, lambda: RelayStream(self, self._new_pair(), "client"),
                                        self.pair_limit, self._tls_accept)
            if loops_to_itself([s.getsockname()[:2] for s in self._server.sockets], self.target_host,
                               self.target_port):  # (each pair would open another, up to the limit)
                self._server.close()
                self._server = None
                raise InvalidAddress(f"the target {self.target_host}:{self.target_port} is the relay itself "
                                     "(its connections would loop)")
        except (OSError, NetAssistError) as exc:
            raise self._fail_open(from_os_error(exc, where)) from None
        self.local_address = Address.from_sockaddr(self._server.sockets[0].getsockname())
        self.notice("listening", f"relaying {self.local_address} to {self.target_host}:{self.target_port}",
                    args=(str(self.local_address),))
        self._set_state(State.OPEN)

    def _tls_setup(self) -> None:
        """Contexts for the TLS sides (the target's is made once, used by every pair). Raises TlsConfigError."""
        self._tls_accept, self._target_context, self.tls_certificate = None, None, b""
        listen_tls, target_tls = active(self.listen_tls), active(self.target_tls)
        if listen_tls is not None:  # (a client whose handshake fails makes no pair: a notice says why)
            context, self.tls_certificate = server_context_and_certificate(listen_tls, self.host)
            self._tls_accept = TlsAccept(context, listen_tls.handshake_timeout,
                                         lambda peer, error, why: note_handshake_failed(self, peer, error, why),
                                         limit=self.pair_limit)
        if target_tls is not None:
            self._target_context = client_context(target_tls, self.target_host)

    async def close(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None
        self._refusals.cancel()
        for task in list(self._tasks):
            task.cancel()
        await stop_listening(server, self._tls_accept,
                             [s for p in self.pairs.values() for s in (p.client, p.target) if s is not None])
        self.notice("closed", "relay stopped")
        self._set_state(State.CLOSED)

    # ------------------------------------------------------------------------------ streams
    def _stream_made(self, stream: Stream) -> None:
        assert isinstance(stream, RelayStream)
        pair = stream.pair
        if stream.side == "target":
            return  # (the connecting task carries on)
        if self._server is None or len(self.pairs) >= self.pair_limit:
            stream.rejected = True
            stream.close(CloseReason.SERVER_STOPPED if self._server is None else CloseReason.KICKED)
            if self._server is not None:
                self._refusals.refuse(stream.peer)
            return
        pair.client = stream
        for way in WAYS:  # (new pairs hold as the relay does)
            if self.holding[way]:
                self._handle(pair, Hold(way, True))
        self.pairs[stream.peer] = pair
        self.counters.peers[stream.peer] = stream.counts
        self._handle(pair, Connected("client", half_close(stream)))  # nothing is read before the target answers
        self.notice("peer-connected", f"{stream.peer} connected", stream.peer, args=(str(stream.peer),))
        note_handshake(self, stream)
        self._emit(PeerConnected(stream.peer))
        task = asyncio.get_running_loop().create_task(self._connect(pair), name="relay:connect")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _connect(self, pair: Pair) -> None:
        client = pair.client
        assert client is not None
        where = f"connect to {self.target_host}:{self.target_port}"
        loop = asyncio.get_running_loop()
        tls = active(self.target_tls) if self._target_context is not None else None
        extra = {} if tls is None else connect_args(tls, self._target_context, self.target_host)
        timeout = self.connect_timeout + (tls.handshake_timeout if tls else 0)  # (the handshake's says it in words)
        try:
            _transport, target = await asyncio.wait_for(loop.create_connection(
                lambda: RelayStream(self, pair, "target"), self.target_host, self.target_port, **extra), timeout)
        except TimeoutError:
            error: NetAssistError = TimedOut(f"{where}: timed out after {self.connect_timeout:g} s")
        except (ssl.SSLError, ConnectionAbortedError, ConnectionResetError) as exc:
            error = tls_error(exc, server_side=False, timeout=tls.handshake_timeout, where=where) if tls \
                else from_os_error(exc, where)
        except Exception as exc:  # (and anything asyncio or ssl raise: the client is told, never left waiting)
            error = from_os_error(exc, where)
        else:
            assert isinstance(target, RelayStream)
            pair.target = target
            self._handle(pair, Connected("target", half_close(target)))
            if not pair.flow.writable("target"):  # the client left meanwhile: what it sent went on, then its end
                return
            self.notice("relay-open", f"{client.peer} ↔ {target.peer}", client.peer,
                        args=(str(client.peer), str(target.peer)))
            note_handshake(self, target)
            return
        # the target refused or cannot be reached: the client's side closes with the reason in words
        self.notice("error", f"{client.peer}: {error}", client.peer, detail=error.code)
        self._handle(pair, ConnectFailed())

    def _from(self, stream: RelayStream, data: bytes) -> None:
        """A chunk arrived on one side: forward or hold it, then record it (its peer says which way it
        travels; listeners see the pair as it is after the chunk)."""
        self._handle(stream.pair, Data(stream.side, data))
        self._received(stream.peer, data, stream.counts)

    def _stream_eof(self, stream: Stream) -> bool:
        """A side finished sending: the other side is told the same (a half-close), and both stay open for what
        still comes the other way; a held direction passes its end on once released. Returns whether the side
        stays open (asyncio closes it otherwise: the flow's ``Close`` of it is carried out so)."""
        assert isinstance(stream, RelayStream)
        self.notice("peer-finished", f"{stream.peer} finished sending", stream.peer, args=(str(stream.peer),))
        self._ending = stream
        try:
            self._handle(stream.pair, Eof(stream.side))
        finally:
            self._ending = None
        return not stream.pair.flow.closing[stream.side]

    def _stream_lost(self, stream: Stream, reason: CloseReason, error: NetAssistError | None) -> None:
        assert isinstance(stream, RelayStream)
        pair = stream.pair
        self._handle(pair, Lost(stream.side, reason.value))
        if stream.side != "client" or stream.rejected or self.pairs.get(stream.peer) is not pair:
            return
        del self.pairs[stream.peer]
        if self.counters.peers.get(stream.peer) is stream.counts:
            del self.counters.peers[stream.peer]
        if pair.flow.target_reset:
            target = pair.target.peer if pair.target is not None else f"{self.target_host}:{self.target_port}"
            self.notice("peer-disconnected", f"{stream.peer} disconnected: the target {target} reset the "
                        "connection (passed on as a reset)", stream.peer, "target-reset",
                        args=(str(stream.peer), str(target)))
        else:
            self.notice("peer-disconnected", f"{stream.peer} disconnected: {reason.text}", stream.peer,
                        reason.value, args=(str(stream.peer),))
        self._emit(PeerDisconnected(stream.peer, reason, error))

    # ------------------------------------------------------------------------------- actions
    def _pair(self, client: Address) -> Pair:
        pair = self.pairs.get(client)
        if pair is None:
            raise NoTarget(f"client {client} is not connected")
        return pair

    def inject(self, data: bytes, client: Address, way: Way) -> Record:
        """Send ``data`` into one direction of a pair (to the target, or to the client), marked as injected."""
        self._require_open()
        pair = self._pair(client)
        side: Side = "target" if way == "to-target" else "client"
        dest, shut = pair.stream(side), pair.flow.shut[way]
        if dest is None or dest.is_closing or not pair.flow.writable(side) or shut:  # (shut: sent a half-close)
            raise NoTarget(f"{client}: the {side} " + ("has been sent the end of data" if shut else
                                                       "is not connected"))
        dest.write(data)
        return self._sent(dest.peer, data, dest.counts, FLAG_INJECTED)

    def send(self, data: bytes, to: Address | None = None, *, way: Way = "to-client", flags: int = 0,
             skip_stalled: bool = False) -> list[Record]:
        """Inject into one pair (``to``: its client) or every pair."""
        targets = [to] if to is not None else list(self.pairs)
        if not targets:
            raise NoTarget("no client is connected")
        out = []
        for client in targets:
            pair = self.pairs.get(client)
            dest = None if pair is None else (pair.target if way == "to-target" else pair.client)
            if skip_stalled and (dest is None or dest.stalled):
                continue
            out.append(self.inject(data, client, way))
        return out

    def hold(self, client: Address, way: Way, on: bool) -> None:
        """Hold one direction of a pair (its bytes queue, bounded) or let it flow again (queued bytes go)."""
        self._handle(self._pair(client), Hold(way, on))

    def release(self, client: Address, way: Way) -> int:
        """Forward what a held direction queued, then its source's end if it came; returns the bytes released
        (what could not go is dropped, counted)."""
        pair = self._pair(client)
        n = pair.flow.held_bytes[way]
        return n - sum(c.n for c in self._handle(pair, Release(way)) if isinstance(c, Dropped))

    def drop_held(self, client: Address, way: Way) -> int:
        """Discard what a held direction queued (counted in ``dropped``); returns the bytes dropped."""
        return sum(c.n for c in self._handle(self._pair(client), DropHeld(way)) if isinstance(c, Dropped))

    def drop(self, client: Address) -> None:
        """Close a pair (both sides)."""
        self._handle(self._pair(client), Drop())

    # ------------------------------------------------------------------------- the flow's commands
    def _new_pair(self) -> Pair:
        return Pair(PairFlow(self.hold_budget))

    def _handle(self, pair: Pair, event: Event) -> list[Command]:
        """Hand an event to its pair's flow and carry out the commands it returns, in order; returns them. One
        raised meanwhile (see ``_events``) waits its turn and is carried out before this returns; its own
        commands are not returned."""
        self._events.append((pair, event))
        if self._handling:
            return []
        self._handling, first = True, None
        try:
            while self._events:
                p, e = self._events.popleft()
                commands = p.flow.handle(e)
                first = commands if first is None else first
                for command in commands:
                    self._carry_out(p, command)
        finally:
            self._handling = False
            self._events.clear()
        return first or []

    def _carry_out(self, pair: Pair, command: Command) -> None:
        if isinstance(command, Dropped):
            self.dropped += command.n
            client = pair.client.peer if pair.client is not None else None
            self.notice("held-dropped", f"{command.n:,} held bytes dropped ({command.way})", client,
                        args=(f"{command.n:,}", command.way))
        elif isinstance(command, BoundReached):  # every held direction's source stops reading; said once
            self._events.extend((p, HoldBound(True)) for p in self.pairs.values())
            limit = f"{self.hold_budget.limit:,}"
            self.notice("hold-limit", f"held bytes reached {limit}, the bound for all pairs: held directions "
                        "stop reading (nothing is dropped) until held bytes are let go or dropped", args=(limit,))
        elif isinstance(command, BoundFreed):  # room again: every source reads again
            self._events.extend((p, HoldBound(False)) for p in self.pairs.values())
        else:
            stream = pair.stream(command.side)
            if stream is None or stream.transport is None or stream.is_closing or \
                    (isinstance(command, Close) and stream is self._ending):
                return
            transport = stream.transport
            if isinstance(command, Write):
                transport.write(command.data)
            elif isinstance(command, WriteEof):
                transport.write_eof()
            elif isinstance(command, PauseReading):
                transport.pause_reading()
            elif isinstance(command, ResumeReading):
                transport.resume_reading()
            elif isinstance(command, Close):
                if command.reset:  # a reset goes on as a reset (a FIN would read "closed by peer")
                    sock = transport.get_extra_info("socket")
                    if sock is not None:
                        with contextlib.suppress(OSError):
                            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                stream.close(CloseReason(command.reason))

    def stalled(self, to: Address | None = None) -> bool:
        streams = [s for p in self.pairs.values() for s in (p.client, p.target) if s is not None]
        return bool(streams) and all(s.stalled for s in streams)


def half_close(stream: Stream) -> bool:
    """Whether a side can be sent, and can stay open after, a half-close (not over TLS)."""
    return not stream.tls and stream.transport is not None and stream.transport.can_write_eof()


__all__ = ["WAYS", "Counts", "Pair", "TcpRelaySession", "Way"]
