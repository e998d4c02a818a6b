"""Charts: the numbers in a page's traffic as series of samples, for the window's chart panel (no Qt here).

- :mod:`app.chart.extract` — samples out of a stream's bytes: ``lines``, ``regex``, ``justfloat``, ``fields``.
- :mod:`app.chart.series` — a bounded numpy ring per series (peer, name); stats; CSV.
- :mod:`app.chart.downsample` — min-max downsampling of a visible range to a plot's pixel columns.
- :mod:`app.chart.feed` — records (live, or the store's history in slices) → extractors → series.
"""

from __future__ import annotations

from app.chart.downsample import FollowingBins, minmax
from app.chart.extract import SOURCE_KINDS, ChartSource, FieldsDecoder, decoded_fields
from app.chart.feed import ChartFeed
from app.chart.series import DEFAULT_CAPACITY, CsvSnapshot, SeriesKey, SeriesStore, SlicedSnapshot, Stats

__all__ = ["DEFAULT_CAPACITY", "SOURCE_KINDS", "ChartFeed", "ChartSource", "CsvSnapshot", "FieldsDecoder",
           "FollowingBins", "SeriesKey", "SeriesStore", "SlicedSnapshot", "Stats", "decoded_fields", "minmax"]
