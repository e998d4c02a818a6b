"""The chart's curves, drawn as a strip chart: every shown series in one pyqtgraph item (:class:`Traces`) that
keeps what it drew in an image and, while the plot follows the newest data, scrolls that image by the pixels
the time window moved and draws only the columns that came into view — as an oscilloscope does.

Why: drawing sixteen noisy series of a plot's width costs Qt's raster engine some milliseconds a frame (each
pixel column of each curve spans most of the plot's height), and a following chart is redrawn several times
a second although almost every column stays as it was. Here a following frame costs the few new columns;
everything else (a pan, a zoom, a new y range, a series shown or hidden, a resize) draws the whole image once.
The image is placed at the whole pixel nearest the range's exact offset, so a range moved by any amount
scrolls it by whole pixels (what lies within a pixel is drawn as the raster engine would snap it anyway).

The axes' ticks and grid are drawn opaque (:func:`axis_class`): a translucent line the height of the plot
makes Qt's raster engine hand its spans to its thread pool, which on a busy machine costs more than the line.
The grid is drawn under the curves (the axes below the view box) so opaque lines do not cut them.

Imported when the plot is first made (pyqtgraph loads then, not with the window).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph import functions as fn
from pyqtgraph.graphicsItems import DateAxisItem as dates
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from app.chart.downsample import FollowingBins

#: Pixels left of the newest point drawn last time that a scroll draws again (the last segment grows).
MARGIN_PX = 3
#: The axes' z value: under the view box (-100), so the grid is drawn under the curves.
AXIS_Z = -200.0


class Curve:
    """What was last drawn of one series (its points after downsampling), and how."""

    __slots__ = ("bins", "colour", "visible", "x", "y")

    def __init__(self, colour: QColor) -> None:
        self.colour = colour
        self.visible = True
        #: The series' bins kept between redraws while the chart follows (see app.chart.FollowingBins).
        self.bins = FollowingBins()
        self.x: np.ndarray = np.empty(0)
        self.y: np.ndarray = np.empty(0)

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # (as pyqtgraph's curves name it)
        return self.x, self.y


class Traces(pg.GraphicsObject):
    """Every shown curve of the chart in one item (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.curves: list[Curve] = []
        #: Identifies what the curves are (series, colours, shown): another key redraws the whole image.
        self.key: tuple[Any, ...] = ()
        #: The view follows the newest data and the curves only grew at the right: the image may scroll.
        self.follows = False
        self.ybounds: tuple[float | None, float | None] = (None, None)
        self.image: QImage | None = None
        self._drawn: tuple[Any, ...] | None = None  # how the image was drawn (see paint)
        self._newest_px = 0.0  # the newest point's column in the image when it was drawn
        self._view: QRectF | None = None
        self._stale = True  # new curves since the image was drawn
        #: Columns drawn by the last paint (the whole width, or the strip a scroll brought in): for tests.
        self.last_drawn_px = 0
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)

    # ------------------------------------------------------------------------ data
    def set_curves(self, curves: list[Curve], key: tuple[Any, ...], follows: bool, x0: float, x1: float) -> None:
        """The curves to draw now; ``key`` what they are; their y bounds within ``x0 … x1`` are what the
        view's automatic y range is made of."""
        if key != self.key or not follows:
            self._drawn = None
        self._stale = True
        self.curves, self.key, self.follows = curves, key, follows
        lo, hi = math.inf, -math.inf
        for c in curves:
            if not c.visible or not len(c.x):
                continue
            a, b = int(np.searchsorted(c.x, x0, "left")), int(np.searchsorted(c.x, x1, "right"))
            y = c.y[a:b] if b > a else c.y
            lo, hi = min(lo, float(y.min())), max(hi, float(y.max()))
        ybounds = (lo, hi) if lo <= hi else (None, None)
        if ybounds != self.ybounds:  # (the view box then works out its y range again)
            self.ybounds = ybounds
            self.informViewBoundsChanged()
        self.update()

    def invalidate(self) -> None:
        self._drawn = None
        self._stale = True
        self.update()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: Any = None) -> tuple[float | None, float | None]:
        return self.ybounds if ax == 1 else (None, None)

    # ------------------------------------------------------------------------ geometry
    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        self._view = None

    def boundingRect(self) -> QRectF:
        if self._view is None:
            view = self.viewRect()
            self._view = QRectF() if view is None else QRectF(view)
        return self._view

    # ------------------------------------------------------------------------ drawing
    def paint(self, p: QPainter, *args: Any) -> None:
        view = self.boundingRect()
        if view.isEmpty() or not self.curves:
            return
        t = p.transform()
        if t.m12() or t.m21():
            return  # (never: the view box scales and translates)
        device = t.mapRect(view)
        left, top = math.floor(device.left()), math.floor(device.top())
        w, h = math.ceil(device.right()) - left + 1, math.ceil(device.bottom()) - top
        if w <= 1 or h <= 0:
            return
        ratio = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        sx, sy = t.m11(), t.m22()
        # view → image pixels: x * sx + ox, y * sy + oy; the image is drawn ``frac`` of a pixel right of ``left``
        # so that ``ox`` is whole and a range moved by any amount moves the image by whole pixels
        exact = t.dx() - left
        ox = float(math.floor(exact))
        frac = exact - ox
        oy = t.dy() - top
        how = (self.key, w, h, ratio)
        drawn = self._drawn
        strip = 0.0
        if self.image is not None and drawn is not None and drawn[0] == how and _near(sx, drawn[1], w) \
                and _near(sy, drawn[2], h) and abs(oy - drawn[3]) < 1e-3:
            k = int(ox - drawn[4])  # (the old image's content moves this many pixels)
            if k == 0 and not self._stale:
                strip = -1.0  # (nothing moved, nothing new: the image as it is)
            elif self.follows and -w < k <= 0 and float(k * ratio).is_integer():
                self._scroll(-int(k * ratio))
                strip = max(0.0, self._newest_px + k - MARGIN_PX)
        if strip > 0:
            self._draw(strip, w, h, sx, ox, sy, oy)
        elif strip == 0:
            image = self.image
            if image is None or image.width() != round(w * ratio) or image.height() != round(h * ratio) or \
                    image.devicePixelRatioF() != ratio:
                image = self.image = QImage(round(w * ratio), round(h * ratio),
                                            QImage.Format.Format_ARGB32_Premultiplied)
                image.setDevicePixelRatio(ratio)
            self._draw(0.0, w, h, sx, ox, sy, oy)
            drawn = (how, sx, sy, oy, ox)
        self._drawn = (*drawn[:4], ox)  # type: ignore[index]  # (the scales as drawn; where the image is now)
        self._stale = False
        assert self.image is not None
        p.save()
        p.resetTransform()
        p.drawImage(QPointF(left + frac, top), self.image)
        p.restore()

    def _scroll(self, pixels: int) -> None:
        """The image's content ``pixels`` device pixels to the left (what comes in is drawn after)."""
        if pixels <= 0 or self.image is None:
            return
        img = self.image
        rows = np.frombuffer(img.bits(), np.uint32).reshape(img.height(), img.bytesPerLine() // 4)
        width = img.width()
        rows[:, :width - pixels] = rows[:, pixels:width]

    def _draw(self, strip: float, w: int, h: int, sx: float, ox: float, sy: float, oy: float) -> None:
        """Draw the curves into the image from column ``strip`` (image pixels) to its right edge."""
        assert self.image is not None
        painter = QPainter(self.image)
        try:
            area = QRectF(math.floor(strip), 0, w - math.floor(strip), h)
            painter.setClipRect(area)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.fillRect(area, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            newest = -math.inf
            first_x = (math.floor(strip) - 1 - ox) / sx if sx else -math.inf  # (the strip's left edge in x)
            for c in self.curves:
                n = len(c.x)
                if not c.visible or not n:
                    continue
                a = 0
                if strip > 0:
                    a = max(int(np.searchsorted(c.x, first_x, "left")) - 1, 0)
                m = n - a
                if m < 1:
                    continue
                poly = fn.create_qpolygonf(m)
                xy = fn.ndarray_from_qpolygonf(poly)
                np.multiply(c.x[a:], sx, out=xy[:, 0])
                xy[:, 0] += ox
                np.multiply(c.y[a:], sy, out=xy[:, 1])
                xy[:, 1] += oy
                # (a cosmetic 1-pixel pen: what pyqtgraph's curves drew; opaque, so no blending)
                painter.setPen(QPen(c.colour, 0))
                painter.drawPolyline(poly)
                newest = max(newest, float(xy[-1, 0]))
            self._newest_px = newest if newest > -math.inf else 0.0
            self.last_drawn_px = w - math.floor(strip)
        finally:
            painter.end()


def _near(a: float, b: float, pixels: int) -> bool:
    """Scales that place every point of an image ``pixels`` wide within a hundredth of a pixel of each other."""
    return abs(a - b) * pixels < 0.01 * abs(b) if b else a == b


def _opaque(colour: QColor, backdrop: QColor) -> QColor:
    a = colour.alphaF()
    return QColor.fromRgbF(colour.redF() * a + backdrop.redF() * (1 - a),
                           colour.greenF() * a + backdrop.greenF() * (1 - a),
                           colour.blueF() * a + backdrop.blueF() * (1 - a))


class _OpaqueTicks:
    """Axis ticks and grid lines in the colour their translucency gave them over the plot's background."""

    backdrop: QColor | None = None

    def generateDrawSpecs(self, p: QPainter) -> Any:
        specs = super().generateDrawSpecs(p)  # type: ignore[misc]
        if specs is None or self.backdrop is None:
            return specs
        axis, ticks, texts = specs
        out = []
        for pen, a, b in ticks:
            colour = pen.color()
            if colour.alpha() < 255:
                pen = QPen(pen)
                pen.setColor(_opaque(colour, self.backdrop))
            out.append((pen, a, b))
        return axis, out, texts


class OpaqueAxis(_OpaqueTicks, pg.AxisItem):
    pass


class OpaqueDateAxis(_OpaqueTicks, pg.DateAxisItem):
    pass


def axis_class(time: bool) -> Any:
    return OpaqueDateAxis if time else OpaqueAxis


def time_axis(**kwargs: Any) -> Any:
    """A bottom axis of wall-clock time: pyqtgraph's, but with ticks a second apart read as ``HH:MM:SS`` (its
    millisecond level, which reads ``42.000``, only for windows of a few seconds)."""
    from collections import OrderedDict

    axis = OpaqueDateAxis(orientation="bottom", **kwargs)
    axis.zoomLevels = OrderedDict((0.2 if level is dates.MS_ZOOM_LEVEL else spacing, level)
                                  for spacing, level in axis.zoomLevels.items())
    return axis
