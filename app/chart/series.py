"""The chart's samples: a bounded ring of numbers per series (a peer and a name), and what is said about them.

Each series keeps three numpy columns — wall-clock time (seconds since the epoch, float64), sample number
(int64: which line / frame / message of its stream the point came from) and value (float64) — in one
allocation that grows as points come, up to the capacity (1,000,000 points by default) plus a quarter of
slack: when the end is reached the newest points are moved to the front in one copy, so the retained points
are always one contiguous slice, handed to a plot or to :func:`app.chart.downsample.minmax` without copying.
What leaves the ring is counted (``evicted``). min / max / mean are kept up to date with each batch and
recomputed only when a batch evicts a point that was the minimum or the maximum.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TextIO

import numpy as np

from app.core.records import Address

#: Points a series keeps at most unless told otherwise (the issue's "at least 1,000,000").
DEFAULT_CAPACITY = 1_000_000
#: The first allocation of a series (it doubles as points come).
FIRST_ALLOC = 1024
#: The columns of :meth:`SeriesStore.write_csv`, one row per point.
CSV_COLUMNS = ("time", "peer", "series", "sample", "value")
#: Rows :meth:`CsvSnapshot.write` formats at a time (numpy's date formatting of a slice holds the GIL: ~2 µs a row).
CSV_SLICE = 4096


class SeriesKey(NamedTuple):
    """A series: the peer its stream came from (None where a page has one) and the name of its numbers."""

    peer: Address | None
    name: str


@dataclass(frozen=True, slots=True)
class Stats:
    """min / max / mean / last over a series' retained points (``count`` of them)."""

    count: int
    min: float
    max: float
    mean: float
    last: float


class Series:
    """One series' retained points, oldest first, as contiguous numpy views (:attr:`times` …)."""

    __slots__ = ("_hi", "_lo", "_max", "_min", "_n", "_sum", "_t", "_valid", "_y", "capacity", "clears", "colour",
                 "evicted", "key")

    def __init__(self, key: SeriesKey, colour: int, capacity: int = DEFAULT_CAPACITY):
        if capacity < 1:
            raise ValueError("a series keeps at least one point")
        self.key = key
        #: Index into the window's palette, stable per name (see :meth:`SeriesStore.colour`).
        self.colour = colour
        self.capacity = capacity
        #: Points that left the ring (the oldest first) since the series began or was cleared.
        self.evicted = 0
        #: How many times the series was cleared (numbers points afresh: see :meth:`between`).
        self.clears = 0
        size = min(FIRST_ALLOC, self._alloc_max)
        self._t = np.empty(size, np.float64)
        self._n = np.empty(size, np.int64)
        self._y = np.empty(size, np.float64)
        self._lo = self._hi = 0
        self._sum = 0.0
        self._min = self._max = 0.0
        self._valid = True  # _min/_max hold for the retained points

    @property
    def _alloc_max(self) -> int:
        return self.capacity + max(self.capacity // 4, 16)

    def __len__(self) -> int:
        return self._hi - self._lo

    @property
    def times(self) -> np.ndarray:
        """Wall-clock seconds since the epoch (float64), a view: copy it to keep it past the next append."""
        return self._t[self._lo:self._hi]

    @property
    def samples(self) -> np.ndarray:
        """Sample numbers in the series' stream (int64), a view."""
        return self._n[self._lo:self._hi]

    @property
    def values(self) -> np.ndarray:
        """The numbers (float64), a view."""
        return self._y[self._lo:self._hi]

    def between(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The retained points numbered ``start`` to ``stop`` (a point's number: how many were appended before
        it since the series began or was cleared; the oldest retained is number :attr:`evicted`), as views
        (times, samples, values); those that left the ring are not there."""
        start = max(start, self.evicted)
        stop = min(stop, self.evicted + len(self))
        if stop <= start:
            return self._t[:0], self._n[:0], self._y[:0]
        a, b = self._lo + start - self.evicted, self._lo + stop - self.evicted
        return self._t[a:b], self._n[a:b], self._y[a:b]

    def extend(self, times: Sequence[float] | np.ndarray, samples: Sequence[int] | np.ndarray,
               values: Sequence[float] | np.ndarray) -> None:
        """Append points (oldest first); the oldest retained ones leave past the capacity."""
        y = np.asarray(values, np.float64)
        k = len(y)
        if not k:
            return
        t = np.asarray(times, np.float64)
        n = np.asarray(samples, np.int64)
        cap = self.capacity
        if k >= cap:  # the batch alone fills the ring
            self.evicted += len(self) + k - cap
            t, n, y = t[-cap:], n[-cap:], y[-cap:]
            self._lo = self._hi = 0
            self._valid = False
            k = cap
        else:
            drop = len(self) + k - cap
            if drop > 0:
                gone = self._y[self._lo:self._lo + drop]
                self._sum -= float(gone.sum())
                if self._valid and (gone.min() <= self._min or gone.max() >= self._max):
                    self._valid = False
                self._lo += drop
                self.evicted += drop
        if self._hi + k > len(self._y):
            self._make_room(k)
        if self._lo == self._hi:
            self._sum = 0.0
            self._valid = False
        lo, hi = self._hi, self._hi + k
        self._t[lo:hi] = t
        self._n[lo:hi] = n
        self._y[lo:hi] = y
        self._hi = hi
        self._sum += float(y.sum())
        if self._valid:
            self._min = min(self._min, float(y.min()))
            self._max = max(self._max, float(y.max()))
        elif self._hi - self._lo == k:  # only the new points are retained
            self._min, self._max, self._valid = float(y.min()), float(y.max()), True

    def _make_room(self, k: int) -> None:
        """Room for ``k`` more points at the end: a larger allocation, or the retained moved to the front."""
        count = len(self)
        size = len(self._y)
        if size < self._alloc_max:
            size = min(max(2 * size, count + k), self._alloc_max)
        for name in ("_t", "_n", "_y"):
            old = getattr(self, name)
            new = np.empty(size, old.dtype) if size != len(old) else old
            new[:count] = old[self._lo:self._hi]  # (overlapping moves are safe: numpy copies through a buffer)
            setattr(self, name, new)
        self._lo, self._hi = 0, count

    def set_capacity(self, capacity: int) -> None:
        """Keep at most ``capacity`` points from now on (the oldest past it leave at once, counted)."""
        if capacity < 1:
            raise ValueError("a series keeps at least one point")
        drop = len(self) - capacity
        if drop > 0:
            self._lo += drop
            self.evicted += drop
            self._valid = False
        self.capacity = capacity
        if len(self._y) > self._alloc_max:  # give back what the smaller bound no longer needs
            count = len(self)
            for name in ("_t", "_n", "_y"):
                old = getattr(self, name)
                new = np.empty(max(count, min(FIRST_ALLOC, self._alloc_max)), old.dtype)
                new[:count] = old[self._lo:self._hi]
                setattr(self, name, new)
            self._lo, self._hi = 0, count

    def stats(self) -> Stats | None:
        """min / max / mean / last, or None for an empty series."""
        count = len(self)
        if not count:
            return None
        y = self.values
        if not self._valid:
            self._min, self._max, self._sum = float(y.min()), float(y.max()), float(y.sum())
            self._valid = True
        return Stats(count, self._min, self._max, self._sum / count, float(y[-1]))

    def clear(self) -> None:
        self._lo = self._hi = 0
        self.evicted = 0
        self.clears += 1
        self._sum = 0.0
        self._valid = False


class SeriesStore:
    """Every series of a chart, by :class:`SeriesKey`, in the order they appeared."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY):
        #: Points each series keeps at most (a setting: :meth:`set_capacity`).
        self.capacity = capacity
        self.series: dict[SeriesKey, Series] = {}
        #: Colour index by name, in the order names first appeared; kept across :meth:`clear` so that a name
        #: keeps its colour when the history is read again.
        self.colours: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.series)

    def __getitem__(self, key: SeriesKey) -> Series:
        return self.series[key]

    def set_capacity(self, capacity: int) -> None:
        """The bound of every series, now and to come."""
        for s in self.series.values():
            s.set_capacity(capacity)
        self.capacity = capacity

    def get(self, key: SeriesKey) -> Series:
        """The series ``key``, made (empty) if it is new."""
        s = self.series.get(key)
        if s is None:
            s = self.series[key] = Series(key, self.colour(key.name), self.capacity)
        return s

    def colour(self, name: str) -> int:
        """A colour index for ``name``: the same for the store's life, distinct names distinct indexes."""
        c = self.colours.get(name)
        if c is None:
            c = self.colours[name] = len(self.colours)
        return c

    def keys(self) -> list[SeriesKey]:
        """Every series, in the order they appeared."""
        return list(self.series)

    def keys_of(self, peer: Address | None) -> list[SeriesKey]:
        """The series of one peer (the peer filter's choice), in the order they appeared."""
        return [k for k in self.series if k.peer == peer]

    def peers(self) -> list[Address | None]:
        """The peers that have series, in the order they appeared."""
        return list(dict.fromkeys(k.peer for k in self.series))

    @property
    def evicted(self) -> int:
        """Points that left their ring, over every series."""
        return sum(s.evicted for s in self.series.values())

    @property
    def points(self) -> int:
        return sum(len(s) for s in self.series.values())

    def clear(self) -> None:
        """Forget every series (colours stay with their names)."""
        self.series.clear()

    # ---------------------------------------------------------------------------- CSV
    def snapshot(self, keys: Iterable[SeriesKey] | None = None) -> CsvSnapshot:
        """A copy of the retained points of ``keys`` (every series by default), to write as CSV later — in a
        worker thread if it is large: the copy is what is written, whatever the rings do meanwhile."""
        chosen = list(self.series) if keys is None else [k for k in keys if k in self.series]
        return CsvSnapshot([(k, self.series[k].times.copy(), self.series[k].samples.copy(),
                             self.series[k].values.copy()) for k in chosen])

    def write_csv(self, out: TextIO, keys: Iterable[SeriesKey] | None = None) -> int:
        """:meth:`snapshot` and :meth:`CsvSnapshot.write` at once; returns the rows written."""
        return self.snapshot(keys).write(out)


@dataclass(slots=True)
class _Copy:
    """One series being copied: points numbered ``origin`` … ``end`` when it began, ``first`` … ``next`` so far."""

    key: SeriesKey
    series: Series
    clears: int
    origin: int
    first: int
    next: int
    end: int
    columns: tuple[np.ndarray, np.ndarray, np.ndarray]


class SlicedSnapshot:
    """A :class:`CsvSnapshot` copied a slice at a time (:meth:`step`, one per turn of the window's loop), so that
    copying millions of points never holds the loop. Each series' copy is one run of its points: those retained
    when the copy began; if some left the ring before their slice was copied (a ring evicting faster than it is
    copied), from the oldest retained then; a series cleared meanwhile keeps what was copied."""

    def __init__(self, store: SeriesStore, keys: Iterable[SeriesKey], step: int = 1 << 16):
        self.step_points = step
        self._copies: list[_Copy] = []
        for k in keys:
            s = store.series.get(k)
            if s is not None and len(s):
                first, count = s.evicted, len(s)
                columns = (np.empty(count, np.float64), np.empty(count, np.int64), np.empty(count, np.float64))
                self._copies.append(_Copy(k, s, s.clears, first, first, first, first + count, columns))
        self._i = 0

    @property
    def done(self) -> bool:
        return self._i >= len(self._copies)

    def step(self) -> bool:
        """Copy the next slice (at most ``step`` points); returns whether the copy is complete."""
        if self.done:
            return True
        c = self._copies[self._i]
        s = c.series
        if s.clears != c.clears:  # cleared meanwhile: what was copied is what there is
            c.end = c.next
        else:
            if s.evicted > c.next:  # left the ring before they were copied: the run starts at the oldest left
                c.first = c.next = min(s.evicted, c.end)
            t, n, y = s.between(c.next, min(c.next + self.step_points, c.end))
            at = c.next - c.origin
            for column, part in zip(c.columns, (t, n, y), strict=True):
                column[at:at + len(y)] = part
            c.next += len(y)
            if not len(y):
                c.end = c.next
        if c.next >= c.end:
            self._i += 1
        return self.done

    def snapshot(self) -> CsvSnapshot:
        """The copy so far (all of it once :meth:`step` said it is complete)."""
        parts = []
        for c in self._copies:
            a, b = c.first - c.origin, c.next - c.origin
            parts.append((c.key, c.columns[0][a:b], c.columns[1][a:b], c.columns[2][a:b]))
        return CsvSnapshot(parts)


class CsvSnapshot:
    """Retained points as CSV, one row per point: ``time,peer,series,sample,value``.

    ``time`` is UTC in ISO 8601 to the millisecond (``2024-05-01T12:00:00.123Z``, what a record's time holds),
    ``peer`` is ``host:port`` (empty on a page with one peer), ``sample`` the point's sample number in its
    stream, ``value`` the number as Python writes it back exactly (``repr``). Rows are in time order, then
    sample, then series. One row per point (a "long" table), not one column per series: series of different
    peers and rates need not line up, and a spreadsheet's pivot makes the wide table from this one.
    """

    def __init__(self, parts: list[tuple[SeriesKey, np.ndarray, np.ndarray, np.ndarray]]):
        self.parts = parts

    def __len__(self) -> int:
        return sum(len(p[3]) for p in self.parts)

    def write(self, out: TextIO, progress: Callable[[int], object] | None = None) -> int:
        """Write the rows; returns how many. ``progress(rows_so_far)`` is called after each slice of
        :data:`CSV_SLICE` rows (from the writing thread, when that is a worker).

        Meant to run in a worker thread for millions of points: the sort releases the GIL, and the rows are
        formatted in slices small enough (numpy's date formatting holds the GIL) that the window's thread
        gets its turn every few milliseconds."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        if not self.parts:
            return 0
        t = np.concatenate([p[1] for p in self.parts])
        n = np.concatenate([p[2] for p in self.parts])
        y = np.concatenate([p[3] for p in self.parts])
        which = np.concatenate([np.full(len(p[3]), i, np.int32) for i, p in enumerate(self.parts)])
        order = np.lexsort((which, n, t))
        ms = np.rint(t * 1000).astype(np.int64)
        peers = ["" if k.peer is None else str(k.peer) for k, *_ in self.parts]
        names = [k.name for k, *_ in self.parts]
        rows = 0
        for a in range(0, len(order), CSV_SLICE):
            part = order[a:a + CSV_SLICE]
            times = np.datetime_as_string(ms[part].astype("datetime64[ms]"), unit="ms").tolist()
            w = which[part].tolist()
            writer.writerows(zip((s + "Z" for s in times), (peers[i] for i in w), (names[i] for i in w),
                                 n[part].tolist(), map(repr, y[part].tolist()), strict=True))
            rows += len(w)
            if progress is not None:
                progress(rows)
            time.sleep(0)  # (the GIL handed over now, not after the interpreter's 5 ms switch interval)
        return rows

    def text(self) -> str:
        out = io.StringIO()
        self.write(out)
        return out.getvalue()
