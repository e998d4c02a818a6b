"""Min-max downsampling: what a plot N pixels wide needs of a million points, so a pan or zoom redraws fast.

Within the visible x range the points are cut into one bin per pixel column (by x, so bins are columns);
each bin gives two points, its lowest and its highest value, at the x of its first and last point. Drawn as
a line they span, in every column, the heights the full line spans there: no peak or dip is lost, at the
cost of the order within a column (lowest always first). One point either side of the range is kept so the
line runs on to the plot's edges.
"""

from __future__ import annotations

import math

import numpy as np


def visible(x: np.ndarray, x0: float, x1: float) -> slice:
    """The index range of the points with ``x0 <= x <= x1`` in ascending ``x``, with one neighbour either side."""
    lo = int(np.searchsorted(x, x0, "left"))
    hi = int(np.searchsorted(x, x1, "right"))
    return slice(max(lo - 1, 0), min(hi + 1, len(x)))


def minmax(x: np.ndarray, y: np.ndarray, x0: float, x1: float, pixels: int,
           step: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The points of ``(x, y)`` to draw over ``x0 … x1`` on ``pixels`` columns (x ascending; arrays of equal
    length). At most ``2 * pixels`` points come back (views of the inputs when there are no more than that
    in range, fresh arrays otherwise; a few more with ``step``). A wall-clock x that stepped back (a clock set
    back) is still drawn, but the range cut is then approximate around the step.

    ``step``: bins that wide at whole multiples of it (``k * step``) instead of ``pixels`` bins from the first
    point to the last: a range that moves on (a chart following its newest data) keeps its bins, so what was
    drawn of them stays true and the picture does not shimmer."""
    if pixels < 1:
        raise ValueError("pixels must be at least 1")
    cut = visible(x, x0, x1)
    xs, ys = x[cut], y[cut]
    n = len(xs)
    if n <= 2 * pixels:
        return xs, ys
    if step and step > 0:
        return _aligned(xs, ys, step)[1:]
    # bin k holds the points with edges[k] <= x < edges[k + 1]; the last bin takes the range's end too
    return _reduce(xs, ys, np.linspace(float(xs[0]), float(xs[-1]), pixels + 1)[1:-1])[1:]


def _reduce(xs: np.ndarray, ys: np.ndarray, inner: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bins cut at the ``inner`` edges (bin j: ``inner[j - 1] <= x < inner[j]``): the indexes of those that
    hold points, and their first and last x with their lowest and highest y (a pair per bin)."""
    pixels = len(inner) + 1
    n = len(xs)
    starts = np.empty(pixels, np.intp)
    starts[0] = 0
    starts[1:] = np.searchsorted(xs, inner, "left")
    ends = np.empty(pixels, np.intp)
    ends[:-1] = starts[1:]
    ends[-1] = n
    full = ends > starts
    index = np.flatnonzero(full)
    starts, ends = starts[full], ends[full]
    out_x = np.empty(2 * len(starts), np.float64)
    out_y = np.empty(2 * len(starts), np.float64)
    out_x[0::2] = xs[starts]
    out_x[1::2] = xs[ends - 1]
    out_y[0::2] = np.minimum.reduceat(ys, starts)
    out_y[1::2] = np.maximum.reduceat(ys, starts)
    return index, out_x, out_y


def _aligned(xs: np.ndarray, ys: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bins ``step`` wide at whole multiples of it: each bin's number k (it holds ``k * step <= x <
    (k + 1) * step``, the first bin also what lies before) and its pair of points."""
    first = math.floor(float(xs[0]) / step)
    inner = (first + np.arange(1, math.floor(float(xs[-1]) / step) - first + 1)) * step
    index, out_x, out_y = _reduce(xs, ys, inner)
    return index + first, out_x, out_y


class FollowingBins:
    """:func:`minmax` with ``step`` for one series, kept from one redraw to the next while a chart follows its
    newest data: a redraw reduces only the points of the last bin kept (it may have grown) and after it, and
    forgets the bins that left the range — so it costs what came since, not the whole window.

    The series must only grow at its end between calls with the same ``token`` (the caller's word for "the
    same series": its identity and how many times it was cleared); another token, step or range that went
    back starts afresh. The result is :func:`minmax`'s, but for the range's first bin, which may hold a
    few points more (those it held when it was made: a column at the plot's left edge)."""

    __slots__ = ("k", "token", "x", "y")

    def __init__(self) -> None:
        self.token: object = None
        self.k = np.empty(0, np.int64)
        self.x = np.empty(0)
        self.y = np.empty(0)

    def minmax(self, x: np.ndarray, y: np.ndarray, x0: float, x1: float, pixels: int, step: float,
               token: object) -> tuple[np.ndarray, np.ndarray]:
        cut = visible(x, x0, x1)
        xs, ys = x[cut], y[cut]
        if len(xs) <= 2 * pixels or not step > 0:
            self.token = None
            return minmax(x, y, x0, x1, pixels, step)
        token = (token, step)
        k_first = math.floor(float(xs[0]) / step)
        if self.token == token and len(self.k) and k_first <= self.k[-1] and self.k[0] <= k_first:
            last = int(self.k[-1])  # (the last bin kept: what it held and what came since, reduced again)
            i = int(np.searchsorted(xs, last * step, "left"))
            if i > 0:
                k, bx, by = _aligned(xs[i:], ys[i:], step)
                keep = (self.k >= k_first) & (self.k < last)
                pairs = np.repeat(keep, 2)
                self.k = np.concatenate((self.k[keep], k))
                self.x = np.concatenate((self.x[pairs], bx))
                self.y = np.concatenate((self.y[pairs], by))
                return self.x, self.y
        self.token = token
        self.k, self.x, self.y = _aligned(xs, ys, step)
        return self.x, self.y
