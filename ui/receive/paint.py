"""Painting the receive view: the rows on screen in their styles, with the selection and find matches
highlighted."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QTextCharFormat

from app.view.render import BAD, DECODED, ERROR, HEADER, NOTICE, RX, TX
from app.view.search import Match


def row_formats(palette: QPalette) -> dict[str, QTextCharFormat]:
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    colours = {
        RX: palette.color(QPalette.ColorRole.Text),
        TX: QColor("#64b5f6" if dark else "#1565c0"),
        NOTICE: QColor("#a5d6a7" if dark else "#2e7d32"),
        HEADER: QColor("#9e9e9e" if dark else "#757575"),
        BAD: QColor("#ef9a9a" if dark else "#c62828"),
        ERROR: QColor("#ff8a80" if dark else "#c62828"),
        DECODED: QColor("#80cbc4" if dark else "#00695c"),
    }
    out = {}
    for style, colour in colours.items():
        f = QTextCharFormat()
        f.setForeground(colour)
        if style in (NOTICE, ERROR):
            f.setFontItalic(style == NOTICE)
            f.setFontWeight(QFont.Weight.Bold if style == ERROR else QFont.Weight.Normal)
        if style == BAD:
            f.setBackground(QColor(colour.red(), colour.green(), colour.blue(), 40))
        out[style] = f
    return out



class RowPainting:
    """The part of :class:`~ui.receive.view.ReceiveView` that paints the rows on screen."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setFont(self.font())
        metrics = self.fontMetrics()
        line = self._line_height()
        ascent = metrics.ascent()
        rows, top, source = self._rows_on_screen()
        if self.hidden_display:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                             self._hidden_text())
            return
        x0 = 4 - self.horizontalScrollBar().value()
        exact = QFontMetricsF(self.font())  # (whole pixels would drift: 7.8 px glyphs measured as 8, or 7)
        char = self._char_width()  # a monospaced font: ASCII runs are measured by length
        spans = self._highlights(top, len(rows)) if source is self.layout else {}
        select = self.palette().color(QPalette.ColorRole.Highlight)
        match_bg = QColor("#fff176")
        current_bg = QColor("#ffb74d")
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        field_bg = QColor("#00695c" if dark else "#b2dfdb")
        widest = 0
        for n, (runs, _item) in enumerate(rows):
            y = n * line
            text = "".join(t for t, _ in runs)
            for a, b, kind in spans.get(top + n, ()):
                xa = x0 + exact.horizontalAdvance(text[:a])
                xb = x0 + exact.horizontalAdvance(text[:b]) if b >= 0 else self.viewport().width()
                colour = {"sel": select, "cur": current_bg, "field": field_bg}.get(kind, match_bg)
                painter.fillRect(QRectF(xa, y, max(2.0, xb - xa), line), colour)
            x: float = x0
            for piece, style in runs:
                fmt = self._formats.get(style, self._formats[RX])
                width = len(piece) * char if piece.isascii() else exact.horizontalAdvance(piece)
                if style == BAD:
                    painter.fillRect(QRectF(x, y, width, line), fmt.background())
                painter.setPen(fmt.foreground().color())
                if style in (NOTICE, ERROR):
                    f = QFont(self.font())
                    f.setItalic(style == NOTICE)
                    f.setBold(style == ERROR)
                    painter.setFont(f)
                painter.drawText(QPointF(x, y + ascent), piece.replace("\t", " "))
                if style in (NOTICE, ERROR):
                    painter.setFont(self.font())
                x += width
            widest = max(widest, int(x - x0 + 1))
        if not self.wrap:
            self._widest = max(self._widest, widest)
            self._update_hbar()

    def _char_width(self) -> float:
        """One character's advance in the view's monospaced font, exactly (fractions of a pixel count)."""
        return QFontMetricsF(self.font()).horizontalAdvance("0" * 100) / 100

    def _update_hbar(self) -> None:
        bar = self.horizontalScrollBar()
        if self.wrap:
            bar.setRange(0, 0)
            return
        bar.setRange(0, max(0, self._widest + 8 - self.viewport().width()))
        bar.setPageStep(self.viewport().width())

    def _highlights(self, top: int, count: int) -> dict[int, list[tuple[int, int, str]]]:
        """Per row on screen: (from column, to column, kind) of the selection and of find matches."""
        out: dict[int, list[tuple[int, int, str]]] = {}
        bottom = top + count

        def add(start: tuple[int, int], end: tuple[int, int], kind: str) -> None:
            (r0, c0), (r1, c1) = start, end
            for r in range(max(r0, top), min(r1, bottom - 1) + 1):
                a = c0 if r == r0 else 0
                b = c1 if r == r1 else -1
                out.setdefault(r, []).append((a, b, kind))

        layout = self.layout
        if (field := self._field_text()) is not None:  # (under the selection and find matches)
            item = self._field[1]
            add(layout.text_position(item, field[0]), layout.text_position(item, field[1]), "field")
        if (span := self.selection.span()) is not None:
            (ia, oa), (ib, ob) = span
            current = self._current if self.finder is not None and self.current_match >= 0 else None
            if (ia, oa) != (ib, ob) and (current is None or (ia, oa, ib, ob) != (current.item, current.start,
                                                                                 current.item, current.end)):
                add(layout.text_position(ia, oa), layout.text_position(ib, ob), "sel")
        if self.finder is not None and self.finder.matches:
            first_item = layout.items.locate(top)[0]
            last_item = layout.items.locate(bottom)[0]
            for k, m in enumerate(self._matches_between(first_item, last_item)):
                kind = "cur" if self._is_current(m) else "match"
                add(layout.text_position(m.item, m.start), layout.text_position(m.item, m.end), kind)
                if k > 500:
                    break
        return out

    def _matches_between(self, first: int, last: int) -> list[Match]:
        assert self.finder is not None
        return [m for m in self.finder.matches if first - 1 <= m.item <= last]

    def _is_current(self, m: Match) -> bool:
        f = self.finder
        return f is not None and 0 <= self.current_match < len(f.matches) and f.matches[self.current_match] == m
