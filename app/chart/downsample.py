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
    # bin k holds the points with edges[k] <= x < edges[k + 1]; the last bin takes the range's end too
    if step and step > 0:
        first = math.floor(float(xs[0]) / step)
        inner = (first + np.arange(1, math.floor(float(xs[-1]) / step) - first + 1)) * step
        pixels = len(inner) + 1
    else:
        inner = np.linspace(float(xs[0]), float(xs[-1]), pixels + 1)[1:-1]
    starts = np.empty(pixels, np.intp)
    starts[0] = 0
    starts[1:] = np.searchsorted(xs, inner, "left")
    ends = np.empty(pixels, np.intp)
    ends[:-1] = starts[1:]
    ends[-1] = n
    full = ends > starts
    starts, ends = starts[full], ends[full]
    out_x = np.empty(2 * len(starts), np.float64)
    out_y = np.empty(2 * len(starts), np.float64)
    out_x[0::2] = xs[starts]
    out_x[1::2] = xs[ends - 1]
    out_y[0::2] = np.minimum.reduceat(ys, starts)
    out_y[1::2] = np.maximum.reduceat(ys, starts)
    return out_x, out_y
