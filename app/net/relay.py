"""What both relays share (the TCP relay's pairs, the UDP relay's mappings): the user's hold, release, drop and
inject, one direction of one client's traffic at a time or of every client's. Each relay says how for one
client; the rest is here, once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from app.core.records import Address, Record
from app.flow.relay import Way
from app.net.session import Peer, Session


class Holds(Protocol):
    """A pair or a mapping: what each direction holds."""

    @property
    def held_bytes(self) -> dict[Way, int]: ...


class RelaySession(Session):
    """A session between clients and one target, each client's traffic in two directions the user can hold.
    Every relay is also :class:`~app.net.session.HasPeers` (its clients are its peers; a send injects)."""

    #: Where it listens, and the target it relays to (set before it opens).
    host: str
    port: int
    target_host: str
    target_port: int
    #: Directions held for every client (new ones start so).
    holding: dict[Way, bool]
    #: Held bytes dropped: on the user's word, or with their client's pair or mapping.
    dropped: int

    @property
    def relayed(self) -> Mapping[Address, Holds]:
        """The clients' pairs or mappings, by client."""
        raise NotImplementedError

    @property
    def peers(self) -> Mapping[Address, Peer]:
        """The clients by address (what a client list shows): a pair's client side, or a mapping."""
        raise NotImplementedError

    def send(self, data: bytes, to: Address | None = None, *, way: Way = "to-client", flags: int = 0,
             skip_stalled: bool = False) -> list[Record]:
        """Inject ``data`` into one client's traffic (``to``: the client) or every client's, the ``way`` asked;
        with ``skip_stalled`` a client whose side is not keeping up is skipped."""
        raise NotImplementedError

    # what each relay does for one client
    def hold(self, client: Address, way: Way, on: bool) -> None:
        """Hold one direction of a client's traffic (it queues, bounded) or let it flow (what was queued goes)."""
        raise NotImplementedError

    def release(self, client: Address, way: Way) -> int:
        """Forward what a held direction queued (it stays held); returns the bytes released."""
        raise NotImplementedError

    def drop_held(self, client: Address, way: Way) -> int:
        """Discard what a held direction queued (counted in ``dropped``); returns the bytes dropped."""
        raise NotImplementedError

    def inject(self, data: bytes, client: Address, way: Way) -> Record:
        """Send ``data`` into one direction of a client's traffic, marked as injected."""
        raise NotImplementedError

    def drop(self, client: Address) -> None:
        """Close a client's pair or mapping."""
        raise NotImplementedError

    # the same for every client
    def hold_all(self, way: Way, on: bool) -> None:
        """Hold (or let flow, releasing what was queued) one direction of every client, and of new ones."""
        self.holding[way] = on
        for client in list(self.relayed):
            self.hold(client, way, on)

    def drop_all_held(self, way: Way) -> int:
        return sum(self.drop_held(client, way) for client in list(self.relayed))

    def held_bytes(self, way: Way) -> int:
        return sum(r.held_bytes[way] for r in self.relayed.values())

    def kick(self, peer: Address) -> None:
        self.drop(peer)


__all__ = ["Holds", "RelaySession"]
