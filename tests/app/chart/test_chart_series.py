"""The chart's series store (bounded numpy rings, stats, colours, CSV) and min-max downsampling."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.chart.downsample import minmax
from app.chart.series import CSV_COLUMNS, DEFAULT_CAPACITY, Series, SeriesKey, SeriesStore
from app.core.records import Address

KEY = SeriesKey(None, "temp")


def test_the_default_capacity_is_a_million_points() -> None:
    assert DEFAULT_CAPACITY == 1_000_000
    assert SeriesStore().capacity == DEFAULT_CAPACITY


@settings(max_examples=100, deadline=None)
@given(capacity=st.integers(1, 300), batches=st.lists(st.integers(0, 400), max_size=25))
def test_the_ring_keeps_the_newest_capacity_points_and_counts_the_rest(capacity: int, batches: list[int]) -> None:
    s = Series(KEY, 0, capacity)
    sent: list[float] = []
    for k in batches:
        ys = [float(len(sent) + i) for i in range(k)]
        s.extend([v / 10 for v in ys], [int(v) for v in ys], ys)
        sent += ys
        kept = sent[-capacity:]
        assert len(s) == len(kept) <= capacity
        assert s.values.tolist() == kept
        assert s.samples.tolist() == [int(v) for v in kept]
        assert s.times.tolist() == [v / 10 for v in kept]
        assert s.evicted == len(sent) - len(kept)
        assert len(s._y) <= capacity + max(capacity // 4, 16)  # memory stays bounded too
        st_ = s.stats()
        if kept:
            assert st_ is not None
            assert (st_.count, st_.min, st_.max, st_.last) == (len(kept), min(kept), max(kept), kept[-1])
            assert st_.mean == pytest.approx(sum(kept) / len(kept))
        else:
            assert st_ is None


def test_a_million_points_fit_and_the_next_evicts_the_oldest() -> None:
    s = Series(KEY, 0)
    n = np.arange(DEFAULT_CAPACITY, dtype=np.int64)
    s.extend(n / 1000, n, n.astype(np.float64))
    assert len(s) == DEFAULT_CAPACITY and s.evicted == 0
    s.extend([1e6], [DEFAULT_CAPACITY], [-1.0])
    assert len(s) == DEFAULT_CAPACITY and s.evicted == 1
    assert s.values[0] == 1.0 and s.values[-1] == -1.0
    stats = s.stats()
    assert stats is not None and stats.min == -1.0 and stats.max == DEFAULT_CAPACITY - 1


def test_the_capacity_setting_applies_to_every_series_at_once() -> None:
    store = SeriesStore(capacity=100)
    s = store.get(KEY)
    s.extend(range(100), range(100), [float(v) for v in range(100)])
    store.set_capacity(10)
    assert s.values.tolist() == [float(v) for v in range(90, 100)] and s.evicted == 90
    assert len(s._y) <= 10 + 16 and s.stats().min == 90.0  # type: ignore[union-attr]
    s.extend([100], [100], [100.0])
    assert s.values.tolist() == [float(v) for v in range(91, 101)] and s.evicted == 91
    store.set_capacity(1000)
    s.extend(range(200), range(200), [0.0] * 200)
    assert len(s) == 210 and store.get(SeriesKey(None, "new")).capacity == 1000


def test_stats_follow_an_evicted_extreme() -> None:
    s = Series(KEY, 0, capacity=3)
    s.extend([0, 1, 2], [0, 1, 2], [100.0, 1.0, 2.0])
    assert s.stats().max == 100.0  # type: ignore[union-attr]
    s.extend([3], [3], [3.0])  # 100 leaves
    stats = s.stats()
    assert stats is not None and (stats.min, stats.max, stats.mean, stats.last) == (1.0, 3.0, 2.0, 3.0)


def test_colours_are_stable_per_name_across_peers_and_clears() -> None:
    store = SeriesStore()
    a, b = Address("127.0.0.1", 1), Address("127.0.0.1", 2)
    assert [store.get(SeriesKey(a, n)).colour for n in ("temp", "hum")] == [0, 1]
    assert store.get(SeriesKey(b, "hum")).colour == 1
    store.clear()
    assert store.get(SeriesKey(b, "pressure")).colour == 2
    assert store.get(SeriesKey(a, "temp")).colour == 0
    assert store.keys_of(a) == [SeriesKey(a, "temp")] and store.peers() == [b, a]


def test_csv_is_one_row_per_point_in_time_order() -> None:
    store = SeriesStore()
    peer = Address("127.0.0.1", 5000)
    store.get(SeriesKey(peer, "temp")).extend([1714564800.0, 1714564800.5], [0, 1], [23.5, 0.1])
    store.get(SeriesKey(peer, "hum")).extend([1714564800.0, 1714564800.5], [0, 1], [41.0, 1e-300])
    store.get(SeriesKey(None, "ch1")).extend([1714564800.25], [0], [-7.0])
    rows = list(csv.reader(io.StringIO(store.snapshot().text())))
    assert rows == [list(CSV_COLUMNS),
                    ["2024-05-01T12:00:00.000Z", "127.0.0.1:5000", "temp", "0", "23.5"],
                    ["2024-05-01T12:00:00.000Z", "127.0.0.1:5000", "hum", "0", "41.0"],
                    ["2024-05-01T12:00:00.250Z", "", "ch1", "0", "-7.0"],
                    ["2024-05-01T12:00:00.500Z", "127.0.0.1:5000", "temp", "1", "0.1"],
                    ["2024-05-01T12:00:00.500Z", "127.0.0.1:5000", "hum", "1", "1e-300"]]
    out = io.StringIO()
    assert store.write_csv(out, [SeriesKey(None, "ch1")]) == 1


# ------------------------------------------------------------------------------ downsampling
@settings(max_examples=200, deadline=None)
@given(ys=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=3000), pixels=st.integers(1, 300),
       lo=st.floats(-100, 3100), width=st.floats(0, 4000))
def test_minmax_keeps_every_extreme_of_the_visible_range(ys: list[float], pixels: int, lo: float,
                                                         width: float) -> None:
    y = np.array(ys)
    x = np.arange(len(y), dtype=np.float64)
    x0, x1 = lo, lo + width
    ox, oy = minmax(x, y, x0, x1, pixels)
    assert len(ox) == len(oy) <= 2 * pixels
    inside = (x >= x0) & (x <= x1)
    if inside.any():
        assert oy.min() <= y[inside].min() and oy.max() >= y[inside].max()
        # nothing invented: every point drawn lies within the range of the points it stands for
        first, last = np.flatnonzero(inside)[[0, -1]]
        cut = slice(max(first - 1, 0), min(last + 2, len(y)))
        assert oy.min() == y[cut].min() and oy.max() == y[cut].max()
        assert ox.min() >= x[cut][0] and ox.max() <= x[cut][-1]
    assert np.all(np.diff(ox) >= 0)


def test_minmax_of_a_million_points_bins_by_pixel_column() -> None:
    x = np.arange(1_000_000, dtype=np.float64)
    y = np.sin(x / 1000)
    y[123_456] = 50.0  # a single spike survives
    ox, oy = minmax(x, y, 100_000, 900_000, 1000)
    assert len(ox) == 2000
    assert oy.max() == 50.0
    assert ox[0] == 99_999 and ox[-1] == 900_001  # one neighbour either side
    few_x, few_y = minmax(x, y, 10, 20, 1000)  # fewer points than pixels: the points themselves
    assert few_x.tolist() == list(range(9, 22)) and few_y.base is not None
    with pytest.raises(ValueError):
        minmax(x, y, 0, 1, 0)


def test_minmax_with_a_step_keeps_its_bins_as_the_range_moves_on() -> None:
    """A following chart's bins sit at whole multiples of their width: a later range gives the same points for
    the bins both ranges hold whole, so the columns drawn before stay true (ui/chart/traces.py scrolls them)."""
    t0 = 1_714_564_800.0
    x = t0 + np.arange(200_000) / 1000  # wall-clock seconds, one a millisecond
    y = np.random.default_rng(7).normal(0, 1, len(x))
    window, pixels = 10.0, 320
    step = window / pixels
    earlier = minmax(x, y, t0 + 150.0 - window, t0 + 150.0, pixels, step)
    later = minmax(x, y, t0 + 150.37 - window, t0 + 150.37, pixels, step)
    assert len(earlier[0]) <= 2 * (pixels + 2)
    y_in = y[(x >= t0 + 140.0) & (x <= t0 + 150.0)]
    assert earlier[1].min() <= y_in.min() and earlier[1].max() >= y_in.max()
    # the bins both hold whole: from the later range's second bin to the earlier one's last but one
    a = np.searchsorted(earlier[0], later[0][2]), np.searchsorted(earlier[0], earlier[0][-3], "right")
    b = 2, 2 + a[1] - a[0]
    assert a[1] - a[0] > 2 * pixels * 0.9
    assert earlier[0][a[0]:a[1]].tolist() == later[0][b[0]:b[1]].tolist()
    assert earlier[1][a[0]:a[1]].tolist() == later[1][b[0]:b[1]].tolist()
    # without a step the bins run from the first point to the last: they move with the range
    plain = minmax(x, y, t0 + 150.37 - window, t0 + 150.37, pixels)
    assert plain[0][2:12].tolist() != later[0][2:12].tolist()


def test_following_bins_reduce_only_what_came_and_give_what_minmax_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """FollowingBins: a chart following its newest data, redrawn as points come, gets minmax's bins (but for
    the range's first bin, which may hold a few points more) while reducing only the points since the last."""
    from app.chart import FollowingBins, downsample

    sizes: list[int] = []
    aligned = downsample._aligned

    def counted(xs: np.ndarray, ys: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        sizes.append(len(xs))
        return aligned(xs, ys, step)

    rng = np.random.default_rng(3)
    t0 = 1_714_564_800.0
    x = t0 + np.cumsum(rng.uniform(0.0002, 0.0018, 120_000))  # uneven gaps, about one a millisecond
    y = rng.normal(0, 1, len(x))
    window, pixels = 10.0, 300
    step = window / pixels
    bins = FollowingBins()
    n = 20_000
    reduced = []
    while n < len(x):
        x1 = float(x[n - 1])
        monkeypatch.setattr(downsample, "_aligned", counted)
        got = bins.minmax(x[:n], y[:n], x1 - window, x1, pixels, step, "s")
        monkeypatch.setattr(downsample, "_aligned", aligned)
        want = minmax(x[:n], y[:n], x1 - window, x1, pixels, step)
        assert got[0][2:].tolist() == want[0][2:].tolist() and got[1][2:].tolist() == want[1][2:].tolist()
        assert got[0][0] <= want[0][0] and got[1][0] <= want[1][0] and got[1][1] >= want[1][1]
        reduced.append(bins.k[0])
        n += int(rng.integers(1, 400))
    assert len(reduced) > 100
    # the first call reduced the window (~10,000 points); the others what came since and the last bin's
    assert sizes[0] > 9000 and max(sizes[1:]) < 500
    # another token (a series cleared, another series) starts afresh: exactly minmax's bins then
    x1 = float(x[-1])
    got = bins.minmax(x, y, x1 - window, x1, pixels, step, "other")
    want = minmax(x, y, x1 - window, x1, pixels, step)
    assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()


def test_a_sliced_snapshot_copies_what_is_retained_even_as_the_ring_moves() -> None:
    import numpy as np

    from app.chart import SeriesKey, SeriesStore, SlicedSnapshot

    store = SeriesStore(capacity=1000)
    a, b = SeriesKey(None, "a"), SeriesKey(None, "b")
    store.get(a).extend(np.arange(1000.0), np.arange(1000), np.arange(1000.0))
    store.get(b).extend([0.5, 1.5], [0, 1], [7.0, 8.0])
    copying = SlicedSnapshot(store, [a, b], step=100)
    assert not copying.step()  # points 0 … 99 of a
    # 250 more come: 0 … 249 leave the ring, 100 … 249 before they were copied (the ring moves them too)
    store.get(a).extend(np.arange(1000.0, 1250.0), np.arange(1000, 1250), np.arange(1000.0, 1250.0))
    steps = 1
    while not copying.step():
        steps += 1
    assert steps < 20
    parts = {k: (n.tolist(), y.tolist()) for k, _, n, y in copying.snapshot().parts}
    # one run of points: from the oldest retained (250) to where the copy began (999), none of the newer
    assert parts[a][1] == [float(i) for i in range(250, 1000)]
    assert parts[b] == ([0, 1], [7.0, 8.0])
    # a series cleared while it is copied keeps what was copied
    copying = SlicedSnapshot(store, [a], step=300)
    copying.step()
    store.get(a).clear()
    store.get(a).extend([1.0], [0], [5.0])
    assert copying.step()
    assert copying.snapshot().parts[0][3].tolist() == [float(i) for i in range(250, 550)]
