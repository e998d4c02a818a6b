"""Painting the receive view's rows: their styles (``row_formats``), where the selection and find matches
lie on them (``highlights``), and drawing them (``paint_rows``)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPalette, QTextCharFormat

from app.view.layout import Layout
from app.view.render import BAD, DECODED, ERROR, HEADER, NOTICE, RX, TX
from ui.receive.find import FindState
from ui.receive.scroll import RowList
from ui.receive.selection import Selection

#: Per row on screen: (from column, to column or -1 for the row's end, kind: "sel", "cur" or "match").
Highlights = dict[int, list[tuple[int, int, str]]]


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


def highlights(layout: Layout, selection: Selection, find: FindState, top: int, count: int,
               field: tuple[int, int, int] | None = None) -> Highlights:
    """Per row of ``layout`` from ``top`` (``count`` of them): where the selection, find matches and a decoded
    ``field`` (item, from, to in its text) are."""
    out: Highlights = {}
    bottom = top + count

    def add(start: tuple[int, int], end: tuple[int, int], kind: str) -> None:
        (r0, c0), (r1, c1) = start, end
        for r in range(max(r0, top), min(r1, bottom - 1) + 1):
            a = c0 if r == r0 else 0
            b = c1 if r == r1 else -1
            out.setdefault(r, []).append((a, b, kind))

    if field is not None:  # a decoded field's bytes (under the selection and find matches): item, from, to
        add(layout.text_position(field[0], field[1]), layout.text_position(field[0], field[2]), "field")
    if (span := selection.span()) is not None:
        (ia, oa), (ib, ob) = span
        current = find.current_match()
        if (ia, oa) != (ib, ob) and (current is None or (ia, oa, ib, ob) != (current.item, current.start,
                                                                             current.item, current.end)):
            add(layout.text_position(ia, oa), layout.text_position(ib, ob), "sel")
    if find.finder is not None and find.finder.matches:
        first_item = layout.items.locate(top)[0]
        last_item = layout.items.locate(bottom)[0]
        for k, m in enumerate(find.matches_between(first_item, last_item)):
            kind = "cur" if find.is_current(m) else "match"
            add(layout.text_position(m.item, m.start), layout.text_position(m.item, m.end), kind)
            if k > 500:
                break
    return out


def paint_rows(painter: QPainter, rows: RowList, top: int, spans: Highlights, formats: dict[str, QTextCharFormat],
               palette: QPalette, x0: int, line: int, ascent: int, right: int) -> int:
    """Draw ``rows`` (the first is row ``top``), a ``line`` apart, from ``x0``, with their highlights (the
    row's end: ``right``); returns the widest row's width."""
    font = painter.font()
    exact = QFontMetricsF(font)  # (whole pixels would drift: 7.8 px glyphs measured as 8, or 7)
    char = exact.horizontalAdvance("0" * 100) / 100  # a monospaced font: ASCII runs are measured by length
    select = palette.color(QPalette.ColorRole.Highlight)
    match_bg = QColor("#fff176")
    current_bg = QColor("#ffb74d")
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    colours = {"sel": select, "cur": current_bg, "field": QColor("#00695c" if dark else "#b2dfdb")}
    # pens and fonts made once a paint, each held until the painter has ended
    pens = {style: QColor(fmt.foreground().color()) for style, fmt in formats.items()}
    backgrounds = {style: QBrush(fmt.background()) for style, fmt in formats.items()}
    italic, bold = QFont(font), QFont(font)
    italic.setItalic(True)
    bold.setBold(True)
    fonts = {NOTICE: italic, ERROR: bold}
    widest = 0
    for n, (runs, _item) in enumerate(rows):
        y = n * line
        text = "".join(t for t, _ in runs)
        for a, b, kind in spans.get(top + n, ()):
            xa = x0 + exact.horizontalAdvance(text[:a])
            xb = x0 + exact.horizontalAdvance(text[:b]) if b >= 0 else right
            colour = colours.get(kind, match_bg)
            painter.fillRect(QRectF(xa, y, max(2.0, xb - xa), line), colour)
        x: float = x0
        for piece, style in runs:
            if style not in pens:
                style = RX
            width = len(piece) * char if piece.isascii() else exact.horizontalAdvance(piece)
            if style == BAD:
                painter.fillRect(QRectF(x, y, width, line), backgrounds[BAD])
            painter.setPen(pens[style])
            special = fonts.get(style)
            if special is not None:
                painter.setFont(special)
            painter.drawText(QPointF(x, y + ascent), piece.replace("\t", " "))
            if special is not None:
                painter.setFont(font)
            x += width
        widest = max(widest, int(x - x0 + 1))
    return widest
