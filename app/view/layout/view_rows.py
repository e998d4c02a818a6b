"""The view's reading of a layout: rows by number, where a character of an item's text is painted (and what
is painted at a row and column), the row cache, and expanding a summary."""

from __future__ import annotations

from app.view.layout.kinds import K_CONT, K_EXPANDED, K_SUMMARY
from app.view.layout.state import LayoutState
from app.view.render import Rows, Run


class ViewRows(LayoutState):
    """The part of :class:`app.view.layout.Layout` the view reads rows through."""

    def rows(self, first: int, count: int) -> list[tuple[list[Run], int]]:
        """Rows ``first`` … ``first + count - 1`` as runs, each with the item it starts in."""
        items = self.items
        out: list[tuple[list[Run], int]] = []
        if count <= 0 or items.total_rows <= 0:
            return out
        item, k = items.locate(first)
        pending: tuple[list[Run], int] | None = None  # an open row that the next item may continue
        while item < items.end:
            r = self.cached(item)
            rr = r.rows
            starts = rr[1:] if r.continues else rr
            if r.continues and rr and pending is not None:
                pending[0].extend(rr[0])
                if starts or not r.is_open:  # the continued row ends in this item
                    out.append(pending)
                    pending = None
            elif pending is not None:
                out.append(pending)
                pending = None
            if len(out) >= count:
                return out[:count]
            last = len(starts) - 1
            for idx in range(k, len(starts)):
                row = (list(starts[idx]), item)
                if idx == last and r.is_open:
                    pending = row
                else:
                    out.append(row)
                    if len(out) >= count:
                        return out
            k = 0
            item += 1
        if pending is not None:
            out.append(pending)
        return out[:count]

    def text(self) -> str:
        """Every row as plain text (``toPlainText()``): frames in progress and characters left incomplete
        at the end are shown too, as the old text views did."""
        self.finish()
        rows = self.rows(0, self.items.total_rows)
        parts = ["".join(t for t, _ in runs) for runs, _item in rows]
        text = "\n".join(parts)
        if parts and not self._ended_open:
            text += "\n"
        return text + "".join(t for t, _ in self._remainder)

    def cached(self, item: int) -> Rows:
        cache = self._cache
        r = cache.get(item)
        if r is None:
            if len(cache) > 512:
                cache.clear()
            r = cache[item] = self.render_item(item)
        return r

    def invalidate(self, item: int | None = None) -> None:
        if item is None:
            self._cache.clear()
        else:
            self._cache.pop(item, None)

    def toggle_expanded(self, item: int) -> None:
        """Show a summarised item in full, or summarise it again."""
        meta = self.items.meta(item)
        if not meta & K_SUMMARY:
            return
        self.items.set_meta(item, meta ^ K_EXPANDED)
        self.invalidate(item)
        self._recount(item)

    def _recount(self, item: int) -> None:
        r = self.cached(item)
        self.items.set_rows(item, len(r.rows) - (1 if r.continues else 0))

    def text_position(self, item: int, offset: int) -> tuple[int, int]:
        """Where character ``offset`` of ``item``'s text (see :meth:`item_text`) is painted: (row, column),
        the column counted in characters of that row's text. An offset past the item's text runs on into
        the items that continue it."""
        items = self.items
        while True:
            r = self.cached(item)
            first_row = items.row_of(item) - (1 if r.continues else 0)
            col0 = self._row_prefix_len(item) if r.continues else 0
            t = 0
            for k, row in enumerate(r.rows):
                if k:
                    t += len(r.joins[k])
                length = sum(len(x) for x, _ in row)
                if offset <= t + length and (offset < t + length or k == len(r.rows) - 1
                                             or r.joins[k + 1] == "\n"):
                    return first_row + k, (col0 if k == 0 else 0) + max(0, offset - t)
                t += length
            nxt = item + 1
            if nxt >= items.end or not items.meta(nxt) & K_CONT:
                last = len(r.rows) - 1
                return first_row + max(last, 0), (col0 if last <= 0 else 0) + (
                    sum(len(x) for x, _ in r.rows[-1]) if r.rows else 0)
            offset -= t
            item = nxt

    def offset_at(self, row: int, col: int) -> tuple[int, int]:
        """The (item, text offset) painted at ``row``, character column ``col`` (the inverse of
        :meth:`text_position`)."""
        items = self.items
        item, k = items.locate(row)
        if item >= items.end:
            return item, 0
        r = self.cached(item)
        idx = k + (1 if r.continues else 0)
        while True:
            t = 0
            for n in range(min(idx, len(r.rows))):
                if n:
                    t += len(r.joins[n])
                t += sum(len(x) for x, _ in r.rows[n])
            if idx and idx < len(r.rows):
                t += len(r.joins[idx])
            length = sum(len(x) for x, _ in r.rows[idx]) if idx < len(r.rows) else 0
            nxt = item + 1
            continued = (idx == len(r.rows) - 1 and r.is_open and nxt < items.end
                         and items.meta(nxt) & K_CONT)
            if col < length or not continued:
                return item, t + max(0, min(col, length))
            col -= length
            item, idx = nxt, 0
            r = self.cached(item)

    def _row_prefix_len(self, item: int) -> int:
        """Characters the items before ``item`` put on the row ``item`` continues."""
        total = 0
        k = item - 1
        while k >= self.items.first:
            r = self.cached(k)
            if r.rows:
                total += sum(len(x) for x, _ in r.rows[-1])
            if not (r.continues and len(r.rows) <= 1):
                break
            k -= 1
        return total
