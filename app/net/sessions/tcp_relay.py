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
from dataclasses import dataclass, field
from typing import Literal

from app.core.addresses import check_port, loops_to_itself
from app.core.errors import ClientLimitReached, InvalidAddress, NetAssistError, NoTarget, TimedOut, from_os_error
from app.core.records import DEFAULT_STORE_BYTES, FLAG_INJECTED, Address, Counts, Record
from app.net.session import (
    DEFAULT_SEND_LIMIT,
    CloseReason,
    ErrorOccurred,
    PeerConnected,
    PeerDisconnected,
    Session,
    State,
)
from app.net.stream import Refusals, Stream, TlsAccept, listen, note_handshake, note_handshake_failed, stop_listening
from app.net.tls import TlsOptions, active, client_context, connect_args, server_context_and_certificate, tls_error

Way = Literal["to-target", "to-client"]
WAYS: tuple[Way, ...] = ("to-target", "to-client")
#: Bytes a held direction queues before it stops reading its source (memory stays bounded).
HOLD_LIMIT = 4 * 1024 * 1024
#: Bytes all the pairs together hold before every held direction stops reading its source: 100 pairs on hold
#: held 413 MB with only the per-pair bound. Past it nothing is dropped (a hole in a TCP stream would corrupt
#: what the target gets): the sources wait in the kernel, as one pair does at HOLD_LIMIT.
HOLD_TOTAL_LIMIT = 64 * 1024 * 1024
CONNECT_TIMEOUT = 5.0
DEFAULT_PAIR_LIMIT = 1024


class RelayStream(Stream):
    """One side of a pair. Writing to it being paused pauses reading from the other side (backpressure)."""

    def __init__(self, relay: TcpRelaySession, pair: Pair, side: Literal["client", "target"]):
        super().__init__(relay)
        self.relay, self.pair, self.side = relay, pair, side

    def data_received(self, data: bytes) -> None:
        self.relay._from(self, data)

    def pause_writing(self) -> None:
        super().pause_writing()
        self.pair.reading(self.pair.other(self), False)

    def resume_writing(self) -> None:
        super().resume_writing()
        self.pair.reading(self.pair.other(self), True)


@dataclass(eq=False)
class Pair:
    """A client and its connection to the target."""

    client: RelayStream | None = None
    target: RelayStream | None = None
    #: Directions held, and what each holds.
    held: dict[str, list[bytes]] = field(default_factory=lambda: {w: [] for w in WAYS})
    holding: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(WAYS, False))
    held_bytes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(WAYS, 0))
    #: Reasons a side's reading is paused (the other side not draining; its held queue full).
    _stops: dict[str, set[str]] = field(default_factory=lambda: {"client": set(), "target": set()})
    #: What the client sent before the target was connected (a TLS client's first bytes can come with its
    #: handshake, before reading could be paused): forwarded once the target answers, even if the client left.
    early: list[bytes] = field(default_factory=list)
    #: A direction's source finished sending while it held: its end is passed on after the held bytes.
    eof: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(WAYS, False))
    #: A direction's end was passed on (write_eof): nothing more can be written that way.
    shut: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(WAYS, False))
    #: The target reset its connection (the client is reset too, and told why).
    target_reset: bool = False

    def other(self, stream: RelayStream) -> RelayStream | None:
        return self.target if stream is self.client else self.client

    def ends(self, way: str) -> tuple[RelayStream | None, RelayStream | None]:
        """A direction's source and destination."""
        return (self.client, self.target) if way == "to-target" else (self.target, self.client)

    def take(self, way: str) -> tuple[list[bytes], int]:
        """Empty a direction's queue (its source reads again): the chunks and their size."""
        queued, n = self.held[way], self.held_bytes[way]
        self.held[way], self.held_bytes[way] = [], 0
        self.reading(self.ends(way)[0], True, "held")
        return queued, n

    def reading(self, stream: RelayStream | None, on: bool, why: str = "drain") -> None:
        """Pause or resume reading from ``stream`` for a reason (it reads when no reason is left)."""
        if stream is None or stream.transport is None or stream.is_closing:
            return
        stops = self._stops[stream.side]
        was = bool(stops)
        (stops.discard if on else stops.add)(why)
        if bool(stops) != was:
            (stream.transport.pause_reading if stops else stream.transport.resume_reading)()

    def pass_eof(self, way: str) -> bool:
        """Pass a direction's end of data on (a half-close); returns whether its source stays open. False (close
        the source, and so the pair) when both ways have ended or the destination is TLS (no half-close)."""
        self.eof[way] = False
        dest = self.ends(way)[1]
        if dest is None or dest.transport is None or dest.is_closing or not dest.transport.can_write_eof() or \
                self.shut["to-client" if way == "to-target" else "to-target"]:
            return False
        dest.transport.write_eof()
        self.shut[way] = True
        return True


class TcpRelaySession(Session):
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
        self.holding: dict[str, bool] = dict.fromkeys(WAYS, False)
        #: Bytes every pair holds together at most (then held directions stop reading; see HOLD_TOTAL_LIMIT).
        self.hold_total_limit = hold_total_limit
        self._held_total = 0
        self._hold_full = False
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        #: Clients refused at the pair limit, said at most once a second.
        self._refusals = Refusals(self._say_refused)

    @property
    def refused(self) -> int:
        """Clients refused at the pair limit since the relay started listening."""
        return self._refusals.refused

    def _say_refused(self, peer: Address, n: int) -> None:
        """The pair limit refused ``peer`` (n = 0), or ``n`` clients in the last second: a notice and an error."""
        limit = f"{self.pair_limit:,}"
        if not n:
            error = ClientLimitReached(f"pair limit reached ({limit}): {peer} was disconnected")
            self.notice("pair-rejected", str(error), peer, error.code, args=(str(peer), limit))
        else:
            error = ClientLimitReached(f"pair limit reached ({limit}): {n:,} client{'s' if n > 1 else ''} refused "
                                       "in the last second")
            self.notice("pair-rejected", str(error), None, error.code, args=(str(peer), limit, f"{n:,}"))
        self._emit(ErrorOccurred(error))

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
            self._server = await listen(self.host, self.port, lambda: RelayStream(self, Pair(), "client"),
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
        pair.holding.update(self.holding)
        self.pairs[stream.peer] = pair
        self.counters.peers[stream.peer] = stream.counts
        pair.reading(stream, False, "connecting")  # nothing is read before the target answers
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
            early, pair.early = pair.early, []
            if early and target.transport is not None:
                target.transport.write(b"".join(early))
            if client.is_closing:  # the client left meanwhile: what it sent went on, then its end
                target.close(CloseReason.CLOSED_BY_PEER)
                return
            pair.target = target
            self.notice("relay-open", f"{client.peer} ↔ {target.peer}", client.peer,
                        args=(str(client.peer), str(target.peer)))
            note_handshake(self, target)
            pair.reading(client, True, "connecting")
            return
        # the target refused or cannot be reached: the client's side closes with the reason in words
        self.notice("error", f"{client.peer}: {error}", client.peer, detail=error.code)
        client.close(CloseReason.ERROR)

    def _from(self, stream: RelayStream, data: bytes) -> None:
        """A chunk arrived on one side: forward or hold it, then record it (its peer says which way it
        travels; listeners see the pair as it is after the chunk)."""
        pair = stream.pair
        way: Way = "to-target" if stream.side == "client" else "to-client"
        if pair.holding[way]:
            pair.held[way].append(data)
            pair.held_bytes[way] += len(data)
            self._held_total += len(data)
            if pair.held_bytes[way] >= HOLD_LIMIT:
                pair.reading(stream, False, "held")
            if self._held_total >= self.hold_total_limit:
                self._hold_limit(pair, stream)
        else:
            other = pair.other(stream)
            if other is not None and other.transport is not None and not other.is_closing:
                other.transport.write(data)
            elif other is None and stream.side == "client":
                pair.early.append(data)
        self._received(stream.peer, data, stream.counts)

    def _stream_eof(self, stream: Stream) -> bool:
        """A side finished sending: the other side is told the same (a half-close), and both stay open for what
        still comes the other way (see Pair.pass_eof); a held direction passes its end on once released."""
        assert isinstance(stream, RelayStream)
        pair = stream.pair
        way: Way = "to-target" if stream.side == "client" else "to-client"
        other = pair.other(stream)
        self.notice("peer-finished", f"{stream.peer} finished sending", stream.peer, args=(str(stream.peer),))
        if other is None or other.transport is None or other.is_closing:
            return False
        if pair.holding[way] or pair.held[way]:
            pair.eof[way] = True
            return True
        return pair.pass_eof(way)

    def _stream_lost(self, stream: Stream, reason: CloseReason, error: NetAssistError | None) -> None:
        assert isinstance(stream, RelayStream)
        pair = stream.pair
        other = pair.other(stream)
        for way in WAYS:  # what a direction still held cannot go anywhere now
            self._dropped(pair, way, self._take(pair, way)[1])
        if stream.side == "target" and reason is CloseReason.RESET:
            pair.target_reset = True
        if other is not None and not other.is_closing:
            if reason is CloseReason.RESET:  # a reset goes on as a reset (a FIN would read "closed by peer")
                sock = other.transport.get_extra_info("socket") if other.transport is not None else None
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            other.close(reason if reason is not CloseReason.ERROR else CloseReason.CLOSED_BY_PEER)
        if stream.side != "client" or stream.rejected or self.pairs.get(stream.peer) is not pair:
            return
        del self.pairs[stream.peer]
        if self.counters.peers.get(stream.peer) is stream.counts:
            del self.counters.peers[stream.peer]
        if pair.target_reset:
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
        dest, name = pair.ends(way)[1], "target" if way == "to-target" else "client"
        if dest is None or dest.is_closing or pair.shut[way]:  # (shut: it was sent the end of data, a half-close)
            raise NoTarget(f"{client}: the {name} " + ("has been sent the end of data" if pair.shut[way] else
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
        pair = self._pair(client)
        pair.holding[way] = on
        if not on:
            self.release(client, way)

    def release(self, client: Address, way: Way) -> int:
        """Forward what a held direction queued, then its source's end if it came; returns the bytes released."""
        pair = self._pair(client)
        queued, n = self._take(pair, way)
        source, dest = pair.ends(way)
        if dest is None and way == "to-target":  # (the target is not connected yet: they go when it is)
            pair.early.extend(queued)
        elif dest is None or dest.transport is None or dest.is_closing or pair.shut[way]:
            n -= self._dropped(pair, way, n)  # (they cannot go: dropped, not released)
        else:
            for chunk in queued:
                dest.transport.write(chunk)
        if pair.eof[way] and not pair.pass_eof(way) and source is not None:
            source.close(CloseReason.CLOSED_BY_PEER)
        return n

    def drop_held(self, client: Address, way: Way) -> int:
        """Discard what a held direction queued (counted in ``dropped``); returns the bytes dropped."""
        return self._dropped(pair := self._pair(client), way, self._take(pair, way)[1])

    def _hold_limit(self, pair: Pair, stream: RelayStream) -> None:
        """The relay holds its bound: the source that just added to it stops reading, and the first time, every
        held direction's source does and it is said (once until there is room again)."""
        pair.reading(stream, False, "relay-full")
        if self._hold_full:
            return
        self._hold_full = True
        for p in self.pairs.values():
            for way in WAYS:
                if p.holding[way]:
                    p.reading(p.ends(way)[0], False, "relay-full")
        limit = f"{self.hold_total_limit:,}"
        self.notice("hold-limit", f"held bytes reached {limit}, the bound for all pairs: held directions stop "
                    "reading (nothing is dropped) until held bytes are let go or dropped", args=(limit,))

    def _take(self, pair: Pair, way: str) -> tuple[list[bytes], int]:
        """Empty a direction's queue (Pair.take); with room again, every source reads again."""
        queued, n = pair.take(way)
        self._held_total -= n
        if self._hold_full and self._held_total < self.hold_total_limit:
            self._hold_full = False
            for p in self.pairs.values():
                for s in (p.client, p.target):
                    p.reading(s, True, "relay-full")
        return queued, n

    def _dropped(self, pair: Pair, way: Way, n: int) -> int:
        """Count ``n`` held bytes as dropped, and say so."""
        self.dropped += n
        if n:
            client = pair.client.peer if pair.client is not None else None
            self.notice("held-dropped", f"{n:,} held bytes dropped ({way})", client, args=(f"{n:,}", way))
        return n

    def hold_all(self, way: Way, on: bool) -> None:
        """Hold (or let flow, releasing what was queued) one direction of every pair, and of new ones."""
        self.holding[way] = on
        for client in list(self.pairs):
            self.hold(client, way, on)

    def drop_all_held(self, way: Way) -> int:
        return sum(self.drop_held(client, way) for client in list(self.pairs))

    def held_bytes(self, way: Way) -> int:
        return sum(p.held_bytes[way] for p in self.pairs.values())

    def drop(self, client: Address) -> None:
        """Close a pair (both sides)."""
        pair = self._pair(client)
        for s in (pair.client, pair.target):
            if s is not None:
                s.close(CloseReason.KICKED)

    def kick(self, peer: Address) -> None:
        self.drop(peer)

    def stalled(self, to: Address | None = None) -> bool:
        streams = [s for p in self.pairs.values() for s in (p.client, p.target) if s is not None]
        return bool(streams) and all(s.stalled for s in streams)


__all__ = ["WAYS", "Counts", "Pair", "TcpRelaySession", "Way"]
