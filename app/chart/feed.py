"""A page's chart fed from its records: one extractor per stream, the points into the series store.

A *stream* is a peer and a direction (a server's clients, a relay's two directions: a relay's target→client
bytes are RX records whose peer is the target). Received bytes are charted; sent ones only when asked
(``directions``), their series named ``tx:NAME`` so they never mix with what the same peer sent back.

Two ways in, one path: :meth:`ChartFeed.feed` takes records as they come (a session without a store, a
test), :meth:`ChartFeed.catch_up` reads the session's :class:`~app.core.records.RecordStore` from where it stopped,
until a deadline — the window calls it each tick, and after :meth:`ChartFeed.restart` (a new source or
pattern) it re-reads the retained history in slices that never hold the loop, as an encoding change does.
Points are gathered per series and appended to the rings once per call.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from app.chart.extract import ChartSource, Extractor
from app.chart.series import SeriesKey, SeriesStore
from app.core.records import DIR_CODE, DIR_MASK, Address, Direction, Notice, Record, RecordStore

#: Notices after which a peer's streams start afresh (a new connection: nothing of a line left by the last).
CONNECTION_STARTS = frozenset({"connected", "peer-connected"})
#: Records read between two looks at the clock in :meth:`ChartFeed.catch_up`.
SLICE_RECORDS = 256

_RX = DIR_CODE[Direction.RX]
_TX = DIR_CODE[Direction.TX]
_NOTICE = DIR_CODE[Direction.NOTICE]


class _Stream:
    """One stream's extractor, how many samples it gave, and its series."""

    __slots__ = ("extractor", "keys", "peer", "prefix", "samples")

    def __init__(self, extractor: Extractor, peer: Address | None, prefix: str):
        self.extractor = extractor
        self.peer = peer
        self.prefix = prefix
        #: The next sample's number.
        self.samples = 0
        self.keys: dict[str, SeriesKey] = {}

    def key(self, name: str) -> SeriesKey:
        k = self.keys.get(name)
        if k is None:
            k = self.keys[name] = SeriesKey(self.peer, self.prefix + name)
        return k


class ChartFeed:
    """Records in, series out (see the module docstring)."""

    def __init__(self, source: ChartSource | None = None, series: SeriesStore | None = None,
                 directions: Iterable[Direction] = (Direction.RX,)):
        self.series = series if series is not None else SeriesStore()
        self._dirs = frozenset(DIR_CODE[d] for d in directions)
        self.source = ChartSource()
        #: Next store position :meth:`catch_up` reads (None: the oldest retained).
        self.position: int | None = None
        #: Records the store evicted before the chart read them (their samples are not in the series).
        self.missed = 0
        self._streams: dict[tuple[Address | None, int], _Stream] = {}
        self._bad_gone = 0  # bad values of streams that ended
        self._pending: dict[SeriesKey, tuple[list[float], list[int], list[float]]] = {}
        self.restart(source or ChartSource())

    # --------------------------------------------------------------------------- control
    def restart(self, source: ChartSource, position: int | None = None) -> None:
        """Chart ``source`` from store position ``position`` on (None: the oldest retained record): the series,
        streams and counts start again. Raises what :meth:`ChartSource.check` raises, changing nothing."""
        source.check()
        self.source = source
        self.series.clear()
        self._streams.clear()
        self._pending.clear()
        self._bad_gone = 0
        self.missed = 0
        self.position = position

    @property
    def bad(self) -> int:
        """Values that did not parse since the last restart (counted, not plotted)."""
        return self._bad_gone + sum(s.extractor.bad for s in self._streams.values())

    @property
    def active(self) -> bool:
        return self.source.kind != "off"

    # --------------------------------------------------------------------------- feeding
    def feed(self, records: Iterable[Record], *, synced: bool = True) -> None:
        """Records as they arrive, in order. ``synced``: a stream met for the first time starts at a boundary
        (a line's or frame's start); say False when feeding from the middle of a session."""
        if not self.active:
            return
        for r in records:
            self._one(r.time_ms, DIR_CODE[r.direction], r.peer, r.data, r.notice, synced)
        self._flush()

    def catch_up(self, store: RecordStore, deadline: float | None = None) -> bool:
        """Read ``store`` from :attr:`position` on, until its newest record or ``deadline``
        (``time.perf_counter()``); returns whether it read everything."""
        pos = self.position
        if pos is None:
            pos = store.head
        elif pos < store.head:  # evicted (or cleared) before the chart read them: streams resume mid-way
            self.missed += store.head - pos
            pos = store.head
            for s in self._streams.values():
                s.extractor.unsync()
        if not self.active:
            self.position = store.tail
            return True
        # a stream met for the first time starts at a boundary only if nothing came before it
        synced = store.head == 0
        dirs = self._dirs
        one = self._one
        late = False
        for c, i, end in store.chunks(pos):
            flags, times, peers, notices = c.flags, c.times, c.peers, c.notices
            for j in range(i, end, SLICE_RECORDS):
                stop = min(end, j + SLICE_RECORDS)
                for k in range(j, stop):
                    d = flags[k] & DIR_MASK
                    if d == _NOTICE:
                        one(times[k], d, peers[k], b"", notices.get(k), synced)
                    elif d in dirs:
                        one(times[k], d, peers[k], c.data(k), None, synced)
                pos = c.start + stop
                if deadline is not None and time.perf_counter() > deadline:
                    late = True
                    break
            if late:
                break
        self.position = pos
        self._flush()
        return pos >= store.tail

    def _one(self, time_ms: int, d: int, peer: Address | None, data: bytes, notice: Notice | None,
             synced: bool) -> None:
        if d == _NOTICE:
            if notice is not None and notice.kind in CONNECTION_STARTS:  # the peer's streams start afresh
                for dd in self._dirs:
                    s = self._streams.get((peer, dd))
                    if s is None:
                        self._streams[(peer, dd)] = _Stream(self._extractor(), peer, "tx:" if dd == _TX else "")
                    else:
                        self._bad_gone += s.extractor.bad
                        s.extractor = self._extractor()
            return
        if d not in self._dirs:
            return
        s = self._streams.get((peer, d))
        if s is None:
            s = self._streams[(peer, d)] = _Stream(self._extractor(), peer, "tx:" if d == _TX else "")
            if not synced:
                s.extractor.unsync()
        samples = s.extractor.feed(data)
        if not samples:
            return
        t = time_ms / 1000
        pending = self._pending
        n = s.samples
        for sample in samples:
            for name, value in sample:
                key = s.key(name)
                p = pending.get(key)
                if p is None:
                    p = pending[key] = ([], [], [])
                p[0].append(t)
                p[1].append(n)
                p[2].append(value)
            n += 1
        s.samples = n

    def _extractor(self) -> Extractor:
        e = self.source.extractor()
        assert e is not None
        return e

    def _flush(self) -> None:
        if not self._pending:
            return
        get = self.series.get
        for key, (t, n, y) in self._pending.items():
            get(key).extend(t, n, y)
        self._pending.clear()
