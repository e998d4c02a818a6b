"""UDP relay (UDP 中继/转发): each source's datagrams go to the target from a socket of that source's own (a
*mapping*: a UDP socket connected to the target), so the kernel hands it only the target's replies to that
source, and an ICMP "port unreachable" becomes an error on that mapping alone. Records follow the TCP relay: a
datagram from a source is an RX record whose peer is the source, one from the target an RX record whose peer is
the target, an injected one a TX record marked ``FLAG_INJECTED``. A held direction queues its datagrams, bounded
for the whole relay by count and bytes (UDP cannot pause one source: past the bound they drop, counted).

Mappings never end by themselves, so the relay ends them: one idle either way for ``idle_s`` is closed by a
periodic sweep (one timer, not one per datagram), and the table is bounded. A new source at a full table
*evicts the least recently used mapping* (with a notice) rather than being refused: sources leave without a
word (a client restarted on a new port, a device rebooted), so a full table is mostly stale entries, and
refusing would lock every newcomer out until they expired. An evicted source still alive gets a new mapping
(a new port towards the target) with its next datagram, as behind a NAT. Eviction spares what the user holds: the
least recently used mapping holding nothing goes; only when all hold does the least recently used go, its held
datagrams dropped (counted, and said). A socket per source needs a file each: open raises the process's limit
(:func:`app.net.limits.raise_fd_limit`), and a process out of files all the same evicts to open the new source's.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import socket
import time

from app.core.addresses import WILDCARDS, bound_socket, check_port, resolve
from app.core.errors import (
    DatagramTooLarge,
    InvalidAddress,
    NetAssistError,
    NoTarget,
    PortUnreachable,
    from_os_error,
)
from app.core.records import DEFAULT_STORE_BYTES, FLAG_INJECTED, Address, Counts, Record
from app.flow.mappings import (
    DEFAULT_IDLE_S,
    DEFAULT_SOURCE_LIMIT,
    HOLD_DATAGRAMS,
    HOLD_LIMIT,
    Command,
    Dropped,
    Entry,
    Evicted,
    Expired,
    Forward,
    HeldDropped,
    HoldFull,
    MappingTable,
)
from app.flow.relay import WAYS, Way
from app.flow.rollup import NoticeRollup
from app.net.datagram import queued_bytes, read_size_64k, send_now
from app.net.limits import raise_fd_limit
from app.net.relay import RelaySession
from app.net.session import (
    DEFAULT_SEND_LIMIT,
    CloseReason,
    ErrorOccurred,
    PeerConnected,
    PeerDisconnected,
    State,
)
from app.net.sessions.udp import DEFAULT_RECV_BUFFER, MAX_DATAGRAM, request_recv_buffer
from app.net.udp_drops import KernelDrops

#: The idle sweep runs every ``idle_s / 4``, but never more often than this.
MIN_SWEEP_S = 1.0
#: A per-source socket's receive buffer: one source's replies rarely need the listening socket's 4 MiB.
MAPPING_RECV_BUFFER = 1024 * 1024
STALLED = 64 * 1024
_clock = time.monotonic


def connected_socket(family: socket.AddressFamily, sockaddr: tuple) -> socket.socket:
    """A new source's socket: non-blocking, connected to the target. Raises OSError (out of files …)."""
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.setblocking(False)
        request_recv_buffer(sock, MAPPING_RECV_BUFFER)
        sock.connect(sockaddr)  # (a UDP connect only fixes the peer; it does not wait)
    except BaseException:
        sock.close()
        raise
    return sock


class Mapping(asyncio.DatagramProtocol):
    """One source and its socket connected to the target, with what it holds: a row of the table and of the
    client list (it has ``peer``, ``counts`` and ``finished`` as a TCP stream has)."""

    finished = False  # (datagrams have no half-close)

    def __init__(self, relay: UdpRelaySession, source: Address, addr: tuple, sock: socket.socket, row: Entry):
        self.relay, self.source, self.peer, self.addr, self.sock = relay, source, source, addr, sock
        #: Its row of the relay's table: when it was last used, what it holds (app.flow.mappings).
        self.row = row
        #: The socket's own address: where the target sees this source's datagrams come from.
        self.via = Address.from_sockaddr(sock.getsockname())
        self.transport: asyncio.DatagramTransport | None = None
        #: The source's counts (RX: what it sent; TX: what was injected to it), and the target side's.
        self.counts, self.target_counts = Counts(), Counts()
        #: The code of the forwarding error last noticed ("" once one goes through): one notice per run.
        self.failing = ""
        #: A port unreachable was noticed; said again only after the target has answered.
        self.unreachable = self.closing = False
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    @property
    def holding(self) -> dict[Way, bool]:
        return self.row.holding

    @property
    def held_bytes(self) -> dict[Way, int]:
        return self.row.held_bytes

    @property
    def holds(self) -> int:
        """Datagrams held, both ways."""
        return self.row.holds

    @property
    def releasable(self) -> bool:
        """Whether :meth:`close` can give its file back at once (a transport made, with nothing waiting)."""
        return self.transport is not None and not queued_bytes(self.transport)

    @property
    def stalled(self) -> bool:
        return self.transport is not None and queued_bytes(self.transport) > STALLED

    def forward(self, way: Way, data: bytes) -> None:
        """Send on a datagram; an error is said once per run of them (a flood is not a notice each)."""
        try:
            self.put(way, data)
        except NetAssistError as error:
            self.relay._drop(len(data))
            if self.failing != error.code:
                self.failing = error.code
                self.relay._error(error, self.source, f"{self.source}: {error}; datagram dropped ({way})")
            return
        self.failing = ""

    def put(self, way: Way, data: bytes) -> None:
        relay = self.relay
        if way == "to-target":
            refused = send_now(self.sock, self.transport, data, None, relay.send_limit, relay.target_address)
        elif relay._sock is None:
            raise NoTarget("the relay is not listening")
        else:
            refused = send_now(relay._sock, relay._transport, data, self.addr, relay.send_limit, self.source)
        if refused is not None:
            self.error_received(refused)

    def close(self, at_once: bool = False) -> None:
        """Close the socket: its transport lets go of it a turn later, after what waits to be sent. ``at_once``
        (for a process out of files) gives the file back now when :attr:`releasable`."""
        self.closing = True
        if self.transport is not None:
            releasable = self.releasable
            self.transport.close()  # (one still being made closes in connection_made)
            if at_once and releasable:  # (close() took it out of the selector; its own close is then a no-op)
                self.sock.close()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # (asyncio's selector one is no DatagramTransport subclass on 3.11)
        read_size_64k(transport)
        if self.closing:
            transport.close()

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        self.relay._from_target(self, data)

    def error_received(self, exc: Exception) -> None:
        """Mostly an ICMP port unreachable: nobody listens at the target (yet); the mapping stays. (Linux says
        "refused", Windows "reset": on a UDP socket both mean that ICMP.)"""
        relay, target = self.relay, self.relay.target_address
        if not isinstance(exc, ConnectionRefusedError | ConnectionResetError):
            relay._error(from_os_error(exc, f"{self.source} ↔ {target}"), self.source)
        elif not self.unreachable:
            self.unreachable = True
            error = PortUnreachable(f"{self.source}: port unreachable: {target} has nothing listening (ICMP); "
                                    "the mapping stays open", os_error=exc)
            relay.notice(error.code, str(error), self.source, error.code, args=(str(target), str(self.source)))
            relay._emit(ErrorOccurred(error))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)
        if not self.closing and self.relay.mappings.get(self.source) is self:  # (closed underneath us)
            error = from_os_error(exc or OSError("its socket closed"), f"{self.source} ↔ {self.relay.target_address}")
            self.relay._error(error, self.source)
            self.relay._forget(self, CloseReason.ERROR, error)


#: A socket could not be made for want of files (this process's, or the whole system's).
_OUT_OF_FILES = (errno.EMFILE, errno.ENFILE)


class _Listener(asyncio.DatagramProtocol):
    def __init__(self, relay: UdpRelaySession):
        self.relay = relay
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        self.relay._from_source(data, addr)

    def error_received(self, exc: Exception) -> None:
        self.relay._error(from_os_error(exc, "relay socket"))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)
        if self.relay._transport is not None:  # closed underneath us, not by close(): everything closes
            self.relay._stop(CloseReason.ERROR)
            self.relay._set_state(State.CLOSED, from_os_error(exc) if exc else None)


class UdpRelaySession(RelaySession):
    """Listen on ``host:port``; relay each source's datagrams to ``target_host:target_port`` and back."""

    kind = "udp-relay"

    def __init__(self, host: str = "0.0.0.0", port: int = 0, target_host: str = "127.0.0.1",
                 target_port: int = 0, *, source_limit: int = DEFAULT_SOURCE_LIMIT, idle_s: float = DEFAULT_IDLE_S,
                 hold_limit: int = HOLD_LIMIT, hold_datagrams: int = HOLD_DATAGRAMS,
                 recv_buffer: int = DEFAULT_RECV_BUFFER, store_limit: int = DEFAULT_STORE_BYTES,
                 send_limit: int = DEFAULT_SEND_LIMIT):
        super().__init__(store_limit=store_limit, send_limit=send_limit)
        self.host, self.port, self.target_host, self.target_port = host, port, target_host, target_port
        #: Which mapping goes to make room, which ones expire, what a held direction does (app.flow.mappings).
        self.table: MappingTable[Address] = MappingTable(source_limit, idle_s, hold_limit, hold_datagrams)
        self.recv_buffer, self.recv_buffer_granted = recv_buffer, 0
        #: The target as resolved at open (its first address; IPv4 first for a name).
        self.target_address: Address | None = None
        #: Mappings by source (their order of use is the table's); ``pairs`` is the TCP relay's name for them.
        self.mappings: dict[Address, Mapping] = {}
        self.pairs = self.mappings
        #: Bytes and datagrams received but not forwarded: held ones dropped (on the user's word, a full hold
        #: queue, a forgotten mapping), a full send queue, a send error.
        self.dropped = self.dropped_datagrams = 0
        #: Directions held for every mapping (new mappings start so).
        self.holding: dict[Way, bool] = self.table.holding
        self._by_addr: dict[tuple, Mapping] = {}
        self._target: tuple[socket.AddressFamily, tuple] = (socket.AF_INET, ())
        self._sock: socket.socket | None = None
        self._transport: asyncio.DatagramTransport | None = None
        self._listener: _Listener | None = None
        self._sweeper: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[object]] = set()
        #: The code of the error last said on opening a mapping ("" once one opens): said once per run.
        self._open_failing = ""
        #: Which "relay-open" and "mapping-evicted" notices are said one by one in a flood of new sources, and
        #: the summary a second for the rest (app.flow.rollup); the timer that says it.
        self.rollup = NoticeRollup()
        self._summary: asyncio.TimerHandle | None = None
        #: Sources mapped and mappings evicted since the relay opened (exact, whatever the notices rolled up).
        self.opened = self.evicted = 0
        #: What the kernel dropped at the relay's sockets, its own and the mappings' (``counters.kernel_dropped``).
        self.kernel_drops = KernelDrops(self, self._sockets, lambda: self.recv_buffer_granted)

    @property
    def relayed(self) -> dict[Address, Mapping]:
        return self.mappings

    @property
    def peers(self) -> dict[Address, Mapping]:
        """The sources by address, least recently used first (what a client list shows)."""
        return {s: self.mappings[s] for s in self.table.sources()}

    # the table's bounds, set as the session's options
    @property
    def source_limit(self) -> int:
        """Sources mapped at once."""
        return self.table.limit

    @source_limit.setter
    def source_limit(self, value: int) -> None:
        self.table.limit = max(1, value)

    @property
    def idle_s(self) -> float:
        """Seconds idle either way after which a mapping closes (0: never)."""
        return self.table.idle_s

    @idle_s.setter
    def idle_s(self, value: float) -> None:
        self.table.idle_s = value

    @property
    def hold_limit(self) -> int:
        return self.table.hold_limit

    @property
    def hold_datagrams(self) -> int:
        return self.table.hold_datagrams

    # ---------------------------------------------------------------------------- lifecycle
    async def open(self) -> None:
        if self.state is not State.CLOSED:
            return
        self._set_state(State.OPENING)
        raise_fd_limit()  # (a file per source: the usual soft limit of 1,024 would not hold the table)
        try:
            check_port(self.target_port)
            family, sockaddr = (await resolve(self.target_host, self.target_port, socket.SOCK_DGRAM))[0]
            sock = await bound_socket(self.host, self.port, socket.SOCK_DGRAM)
            try:
                local, target = Address.from_sockaddr(sock.getsockname()), Address.from_sockaddr(sockaddr)
                if target == local or (target.port == local.port and local.host in WILDCARDS
                                       and ipaddress.ip_address(target.host.split("%")[0]).is_loopback):
                    raise InvalidAddress(f"the target {target} is the relay itself (its datagrams would loop)")
                self.recv_buffer_granted = request_recv_buffer(sock, self.recv_buffer)
                listener = _Listener(self)
                transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(lambda: listener, sock=sock)
            except BaseException:
                sock.close()
                raise
        except (OSError, NetAssistError) as exc:
            raise self._fail_open(from_os_error(exc, f"listen on {self.host or '0.0.0.0'}:{self.port}")) from None
        read_size_64k(transport)
        self._sock, self._transport, self._listener = sock, transport, listener
        self._target, self.target_address, self.local_address = (family, sockaddr), target, local
        self._arm_sweep()
        self.kernel_drops.start()
        self.notice("listening", f"relaying UDP {local} to {target}", args=(str(local), str(target)))
        self._set_state(State.OPEN)

    async def close(self) -> None:
        """Close every mapping's socket and the listening one; returns once all are released."""
        transport, listener = self._transport, self._listener
        if transport is None or listener is None:
            return
        mappings = self._stop(CloseReason.SERVER_STOPPED)
        transport.close()
        waits = [asyncio.shield(f) for f in (listener.closed, *(m.closed for m in mappings))]
        try:
            await asyncio.wait_for(asyncio.gather(*waits, *self._tasks, return_exceptions=True), 2.0)
        except TimeoutError:  # a transport still flushing: let go of it now
            for m in mappings:
                if m.transport is not None:
                    m.transport.abort()
        self._sock = self._listener = None
        self.notice("closed", f"relay stopped ({len(mappings):,} mappings closed)", args=(str(len(mappings)),))
        self._set_state(State.CLOSED)

    def _sockets(self) -> list[socket.socket]:
        """Every socket the relay reads: its own, then each mapping's (the target's replies)."""
        own = [self._sock] if self._sock is not None else []
        return own + [m.sock for m in self.mappings.values()]

    def _stop(self, reason: CloseReason) -> list[Mapping]:
        """No more datagrams, no more sweeps; every mapping forgotten (its socket closing). Returns them."""
        self.kernel_drops.stop()
        self._transport = None
        if self._sweeper is not None:
            self._sweeper.cancel()
        self._say_summary()  # (what the roll-up has not said yet, before the mappings' closing)
        mappings = list(self.mappings.values())
        for m in mappings:
            self._forget(m, reason)
        return mappings

    def _error(self, error: NetAssistError, source: Address | None = None, text: str = "") -> None:
        self.notice("error", text or str(error), source, error.code)
        self._emit(ErrorOccurred(error))

    def _admit(self, kind: str) -> bool:
        """Whether to say a new source's notice (``kind``: "opened", "evicted") now; if not, it is counted and
        the roll-up's summary is said when its second ends."""
        if self.rollup.admit(kind, _clock()):
            return True
        if self._summary is None and (deadline := self.rollup.deadline) is not None:
            self._summary = asyncio.get_running_loop().call_later(max(0.0, deadline - _clock()), self._say_summary)
        return False

    def _say_summary(self) -> None:
        """Say how many new sources' notices the roll-up kept back (a ``mappings-summary`` notice)."""
        if self._summary is not None:
            self._summary.cancel()
            self._summary = None
        if (summary := self.rollup.flush(_clock())) is None:
            return
        opened, evicted = summary.counts.get("opened", 0), summary.counts.get("evicted", 0)
        seconds = f"{summary.seconds:.1f}"
        self.notice("mappings-summary", f"{opened:,} more sources opened and {evicted:,} more mappings evicted in "
                    f"the last {seconds} s (at most {self.source_limit:,} sources; not said one by one)",
                    args=(f"{opened:,}", f"{evicted:,}", seconds, f"{self.source_limit:,}"))

    def _drop(self, n: int, datagrams: int = 1) -> None:
        self.dropped += n
        self.dropped_datagrams += datagrams

    # ------------------------------------------------------------------------------ mappings
    def _open_mapping(self, addr: tuple) -> Mapping | None:
        """A new source: make room if the table is full, then its socket."""
        source = Address.from_sockaddr(addr)
        self._evict(source, self.table.make_room(source), f"the table holds {self.source_limit:,} sources",
                    self.source_limit)
        sock = self._mapping_socket(source)
        if sock is None:
            return None
        self._open_failing = ""
        m = Mapping(self, source, addr, sock, self.table.add(source, _clock()))
        self.mappings[source] = self._by_addr[addr] = m
        self.counters.peers[source] = m.counts
        self.opened += 1
        loop = asyncio.get_running_loop()
        task = loop.create_task(loop.create_datagram_endpoint(lambda: m, sock=sock), name="udp-relay:mapping")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if self._admit("opened"):
            self.notice("relay-open", f"{source} ↔ {self.target_address} (from {m.via})", source,
                        args=(str(source), str(self.target_address), str(m.via)))
        self._emit(PeerConnected(source))
        return m

    def _mapping_socket(self, source: Address) -> socket.socket | None:
        """The new source's socket towards the target. Out of files, a mapping makes room (its file given back
        at once) and it is tried once more. A failure is said once per run of them (the datagram is shown, not
        relayed: a flood of new sources is not a notice each)."""
        for attempt in (1, 2):
            try:
                return connected_socket(*self._target)
            except OSError as exc:
                if attempt == 1 and exc.errno in _OUT_OF_FILES and self._evict(
                        source, self.table.evict(source, lambda s: self.mappings[s].releasable),
                        "this process is out of files", len(self.mappings), at_once=True):
                    continue
                error = from_os_error(exc, f"{source}: open a socket towards {self.target_address}")
                if self._open_failing != error.code:
                    self._open_failing = error.code
                    self._error(error, source, f"{error}; datagram dropped (said once until a mapping opens again)")
                return None
        return None

    def _evict(self, source: Address, commands: list[Command], why: str, limit: int, *,
               at_once: bool = False) -> bool:
        """Carry out the table's choice of a mapping to forget for ``source`` (the least recently used one holding
        nothing, else the least recently used: what it held dropped, counted and said). ``at_once``: its file is
        given back now. Returns whether one went."""
        for command in commands:
            if isinstance(command, Evicted):
                old, held = self.mappings[command.source], command.held
                dropped = f"; {held:,} held datagrams dropped" if held else ""
                self.evicted += 1
                if held or self._admit("evicted"):  # (one dropping held datagrams is always said)
                    self.notice("mapping-evicted", f"{old.source} forgotten to make room for {source}: {why}, the "
                                f"least recently used one {'holding nothing ' if not held else ''}goes{dropped}",
                                old.source, "out-of-files" if at_once else "",
                                args=(str(old.source), str(source), str(limit), str(held)))
                self._forget(old, CloseReason.CLOSED_LOCALLY, at_once=at_once)
            else:
                self._carry_out(None, command)
        return bool(commands)

    def _forget(self, m: Mapping, reason: CloseReason, error: NetAssistError | None = None, *,
                at_once: bool = False) -> None:
        """Take a mapping out of the table and close its socket (``at_once``: see :meth:`Mapping.close`); what
        it held is dropped (counted)."""
        if self.mappings.get(m.source) is m:
            del self.mappings[m.source]
            for command in self.table.forget(m.source):
                self._carry_out(m, command)
        if self._by_addr.get(m.addr) is m:
            del self._by_addr[m.addr]
        if self.counters.peers.get(m.source) is m.counts:
            del self.counters.peers[m.source]
        m.close(at_once)
        self._emit(PeerDisconnected(m.source, reason, error))

    def _carry_out(self, m: Mapping | None, command: Command) -> None:
        """What the table decided for a mapping (``m``; None for one it forgot already)."""
        if isinstance(command, Forward):
            assert m is not None
            m.forward(command.way, command.data)
        elif isinstance(command, Dropped):
            self._drop(command.bytes, command.datagrams)
        elif isinstance(command, HoldFull):
            assert m is not None
            self.notice("held-full", f"{m.source}: the hold queue is full ({self.hold_datagrams:,} datagrams, "
                        f"{self.hold_limit:,} bytes): more are dropped ({command.way})", m.source,
                        args=(str(m.source), command.way))
        elif isinstance(command, HeldDropped):
            assert m is not None
            n, k = command.bytes, command.datagrams
            self.notice("held-dropped", f"{n:,} held bytes dropped ({k:,} datagrams, {command.way})", m.source,
                        args=(f"{n:,}", command.way, f"{k:,}"))
        elif isinstance(command, Expired):
            gone = self.mappings[command.source]
            self.notice("mapping-expired", f"{gone.source}: nothing relayed either way for {self.idle_s:g} s; "
                        "mapping closed", gone.source, args=(str(gone.source), f"{self.idle_s:g}"))
            self._forget(gone, CloseReason.CLOSED_LOCALLY)

    def _arm_sweep(self) -> None:
        self._sweeper = None
        if self.idle_s > 0 and self._transport is not None:
            self._sweeper = asyncio.get_running_loop().call_later(max(self.idle_s / 4, MIN_SWEEP_S), self._sweep)

    def _sweep(self) -> None:
        """Close the mappings idle for ``idle_s`` (the table says which: not one holding datagrams)."""
        for command in self.table.sweep(_clock()):
            self._carry_out(None, command)
        self._arm_sweep()

    # ----------------------------------------------------------------------------- receive
    def _from_source(self, data: bytes, addr: tuple) -> None:
        """A datagram from a source (the hot path): forward or hold it, then record it."""
        m = self._by_addr.get(addr)
        if m is None and (self._transport is None or (m := self._open_mapping(addr)) is None):
            self._drop(len(data))
            self._received(Address.from_sockaddr(addr), data, None)  # (no socket for it: shown all the same)
            return
        self._pass_on(m, "to-target", data)
        self._received(m.source, data, m.counts)

    def _from_target(self, m: Mapping, data: bytes) -> None:
        if self.mappings.get(m.source) is m:  # (not a datagram read in the turn it was forgotten)
            m.unreachable = False
            self._pass_on(m, "to-client", data)
            self._received(self.target_address, data, m.target_counts)

    def _pass_on(self, m: Mapping, way: Way, data: bytes) -> None:
        """Forward a datagram, or queue it if its direction is held (past the relay's bound: dropped, counted)."""
        for command in self.table.pass_on(m.source, way, data, _clock()):
            self._carry_out(m, command)

    # ------------------------------------------------------------------------------- actions
    def _mapping(self, source: Address) -> Mapping:
        if (m := self.mappings.get(source)) is None:
            raise NoTarget(f"source {source} has no mapping (it sent nothing lately)")
        return m

    def inject(self, data: bytes, source: Address, way: Way, *, flags: int = 0) -> Record:
        """Send one datagram into one direction of a mapping (to the target from the source's socket, or to
        the source from the relay's port), marked as injected."""
        self._require_open()
        m = self._mapping(source)
        if len(data) > MAX_DATAGRAM:
            raise DatagramTooLarge(f"datagram of {len(data):,} bytes is larger than the UDP maximum of "
                                   f"{MAX_DATAGRAM:,}; nothing was sent")
        m.put(way, data)
        self.table.touch(source, _clock())
        if way == "to-target":
            return self._sent(self.target_address, data, m.target_counts, flags | FLAG_INJECTED)
        return self._sent(m.source, data, m.counts, flags | FLAG_INJECTED)

    def send(self, data: bytes, to: Address | None = None, *, way: Way = "to-client", flags: int = 0,
             skip_stalled: bool = False) -> list[Record]:
        """Inject into one mapping (``to``: its source) or every mapping."""
        self._require_open()
        sources = [to] if to is not None else list(self.mappings)
        if not sources:
            raise NoTarget("no source has sent anything yet")
        return [self.inject(data, s, way, flags=flags) for s in sources if not (skip_stalled and self.stalled(s))]

    def hold(self, source: Address, way: Way, on: bool) -> None:
        """Hold one direction of a mapping (its datagrams queue, bounded) or let it flow (queued ones go)."""
        m = self._mapping(source)
        for command in self.table.hold(source, way, on):
            self._carry_out(m, command)

    def release(self, source: Address, way: Way) -> int:
        """Forward, in order, what a held direction queued; returns the bytes released."""
        m = self._mapping(source)
        n = m.held_bytes[way]
        for command in self.table.release(source, way):
            self._carry_out(m, command)
        return n

    def drop_held(self, source: Address, way: Way) -> int:
        """Discard what a held direction queued (counted in ``dropped``); returns the bytes dropped."""
        m = self._mapping(source)
        n = m.held_bytes[way]
        for command in self.table.drop_held(source, way):
            self._carry_out(m, command)
        return n

    def drop(self, source: Address) -> None:
        """Forget a mapping and close its socket (the source gets a new one if it sends again)."""
        m = self._mapping(source)
        self.notice("mapping-closed", f"{source}: mapping closed by the user", source, CloseReason.KICKED.value,
                    args=(str(source),))
        self._forget(m, CloseReason.KICKED)

    def stalled(self, to: Address | None = None) -> bool:
        """Whether sends are not draining: the relay's own socket, or the mapping(s) towards the target."""
        if self._transport is not None and queued_bytes(self._transport) > STALLED:
            return True
        if to is not None:
            return (m := self.mappings.get(to)) is not None and m.stalled
        return bool(self.mappings) and all(m.stalled for m in self.mappings.values())


__all__ = ["WAYS", "Mapping", "UdpRelaySession", "Way"]
