"""Rendering out (``keep=False``): the pass renders text runs instead of indexing items (the text log, saved
views), and ends the records (frames in progress and incomplete characters shown as they are)."""

from __future__ import annotations

import time

from app.view.layout.kinds import K_MORE, K_NOTICE, K_SUMMARY, K_TRANSFER
from app.view.layout.state import LayoutState
from app.view.render import BAD, RX, Rows, Run


class TextOutput(LayoutState):
    """The part of :class:`app.view.layout.Layout` that collects rendered runs (``keep=False``) and finishes a
    pass."""

    def _close_out(self) -> None:
        self.out.append(("\n", self.out[-1][1] if self.out else RX))
        self._out_open = False

    def _render_out(self, pos: int, off: int, size: int, t: int, meta: int, col0: int,
                    prefix: bytes | None, piece: tuple[int, int] | None = None) -> None:
        rows = self._build(pos, off, size, t, meta, col0, prefix, piece)
        block = self._blocks or meta & (K_SUMMARY | K_TRANSFER)
        if not (meta & K_NOTICE or (block and not meta & K_MORE)):
            self._rc.is_open, self._rc.col = rows.is_open, rows.col  # what the next item may continue
        if self._out_open and not rows.continues:
            self._close_out()
        out = self.out
        last = len(rows.rows) - 1
        for k, row in enumerate(rows.rows):
            out.extend(row)
            if k < last or not rows.is_open:
                out.append(("\n", row[-1][1] if row else RX))
        self._out_open = rows.is_open and bool(rows.rows)

    def finish(self) -> None:
        """End of the records: frames in progress are shown as they are, and characters left incomplete
        at the end of a stream as escaped bytes (what ``toPlainText()`` and a closed log show)."""
        self.advance()
        self._drain(None)
        if self._idle:
            self._expire(time.time_ns() // 1_000_000, self.next - 1)
        for key, st in list(self._streams.items()):
            if st.frame_size:
                self._emit_frame(key, st, self.next - 1, 0)
        self._ended_open = self._rc.is_open if self.keep else self._out_open
        rest = "".join(st.decoder.flush() for st in self._streams.values() if st.decoder is not None)
        self._remainder = []
        if not rest:
            return
        # the rest continues the open row, if there is one, or starts a new one
        rows = Rows(self.cols, self._ended_open, self._rc.col)
        rows.text(rest, BAD)
        runs: list[Run] = []
        for k, row in enumerate(rows.rows):
            if k:
                runs.append(("\n", BAD))
            runs.extend(row)
        if not rows.is_open:
            runs.append(("\n", BAD))
        self._rc.is_open, self._rc.col = rows.is_open, rows.col
        if self.keep:
            self._remainder = runs
        else:
            self.out.extend(runs)
            self._out_open = rows.is_open

    def take(self) -> list[Run]:
        """The runs rendered since the last call (``keep=False``)."""
        out, self.out = self.out, []
        return out
