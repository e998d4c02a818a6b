"""The receive view's document: the record store laid out as rows, built incrementally.

``store → Layout → rows``. One pass over the records (in store order) cuts them into *items* — a notice,
a record, a frame, a file transfer — decides which the filters let through, and counts the rows each
takes at the view's width. Only numbers are kept per item (where its bytes start, its size, its row
count …), in blocks of parallel arrays; the text of an item is rendered again when it is painted,
searched or saved. The pass is resumable and bounded in time, so a million records are laid out in
slices between socket reads, and records that arrive are laid out by the same pass.

The same pass, with ``keep=False``, renders instead of indexing: the text log, saved views,
``toPlainText()`` and :func:`app.view.render.render_text` all come from here, so every text of a session reads
the same.

This module puts :class:`Layout` together from the package's mixins (one job each, see its docstring) and
holds the streaming renderer; ``items`` holds the numeric index, ``kinds`` the item flags and
``view_filter`` the filters. Import from here: every name is re-exported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from app.core.records import Address, Record, RecordStore
from app.view.layout.items import BLOCK, Items
from app.view.layout.kinds import (
    DIR_SHIFT,
    ENDS,
    K_CONT,
    K_EXPANDED,
    K_HEX,
    K_MORE,
    K_NOTICE,
    K_PARTIAL,
    K_PIECE,
    K_SUMMARY,
    K_TRANSFER,
    MAX_STREAMS,
    NOTICE_CODE,
)
from app.view.layout.messages import MessageItems
from app.view.layout.output import TextOutput
from app.view.layout.reading import ItemReading
from app.view.layout.records_pass import PeerStream, RecordsPass
from app.view.layout.rendering import ItemRendering
from app.view.layout.view_filter import ViewFilter
from app.view.layout.view_rows import ViewRows
from app.view.prefilter import filter_skip
from app.view.render import SUMMARY_BYTES, TEXT_LINE_CHARS, Labels, RowCount, Rows, Run, ViewOptions

__all__ = [
    "BLOCK",
    "DIR_SHIFT",
    "ENDS",
    "K_CONT",
    "K_EXPANDED",
    "K_HEX",
    "K_MORE",
    "K_NOTICE",
    "K_PARTIAL",
    "K_PIECE",
    "K_SUMMARY",
    "K_TRANSFER",
    "MAX_STREAMS",
    "NOTICE_CODE",
    "PIECE",
    "Items",
    "Layout",
    "Renderer",
    "ViewFilter",
    "merge_runs",
    "plain_text",
    "render_text",
]

#: A long message is laid out as pieces of at most PIECE bytes (see K_PIECE). A layout takes the value
#: when it is made.
PIECE = 16 * 1024


class Layout(RecordsPass, MessageItems, ItemReading, ItemRendering, TextOutput, ViewRows):
    """Lays out (or, with ``keep=False``, renders) a store's records from position ``start`` on.

    The state is set up here; the work is done by its parts, one job each: :class:`RecordsPass` (the pass
    over the records), :class:`MessageItems` (a message into items), :class:`ItemReading` (an item's
    numbers and bytes back), :class:`ItemRendering` (an item's rows and text), :class:`TextOutput`
    (rendering out, ``keep=False``) and :class:`ViewRows` (rows for the view).
    """

    def __init__(self, store: RecordStore, options: ViewOptions | None = None, labels: Labels | None = None, *,
                 cols: int = TEXT_LINE_CHARS, view_filter: ViewFilter | None = None, start: int | None = None,
                 keep: bool = True, summary_bytes: int = SUMMARY_BYTES):
        self.store = store
        self.options = options or ViewOptions()
        self.labels = labels or Labels()
        self.cols = max(8, cols)
        self.filter = view_filter or ViewFilter()
        self.keep = keep
        self.summary_bytes = summary_bytes
        self.next = store.head if start is None else max(start, store.head)
        self._framing = self.options.framing.active
        #: Records are messages, each in text or hex by its own flag (``ViewOptions.messages`` in a text view
        #: without framing): every record then goes through ``_record``, which marks binary ones ``K_HEX``.
        self.binary_hex = self.options.messages and not self.options.hex and not self._framing
        #: The decoder whose line goes under each message (None: no decoded lines).
        self._decoder = self.options.decoder
        self.items = Items(full=self._framing)
        #: Decoder states at the start of items whose stream had an incomplete character pending.
        self.prefix: dict[int, bytes] = {}
        #: Items that are pieces of a long message: (offset, size) of the piece in the message.
        self.pieces: dict[int, tuple[int, int]] = {}
        #: Rendered output (``keep=False``): runs, each closed row ending with a line break.
        self.out: list[Run] = []
        self._out_open = False
        self._streams: dict[tuple[Address | None, int], PeerStream] = {}
        self._rc = RowCount(self.cols)
        self._row_stream: tuple[Address | None, int] | None = None
        self._idle: list[tuple[int, int, tuple[Address | None, int]]] = []
        self._idle_seq = 0
        self._pattern = self.filter.pattern()
        #: The text filter keeps lines, as grep does, in a text view without framing (in hex, or framed, the
        #: message is the unit).
        self._grep = self._pattern is not None and not self.options.hex and not self._framing
        #: Messages the text filter surely drops, told by their bytes before they are decoded (see prefilter).
        self._skip = filter_skip(self.filter.text, self.filter.regex, self.filter.invert, self.options,
                                 self.labels) if self._pattern is not None else None
        #: Each message on rows of its own (log mode, framing, lines filtered, decoded lines under messages).
        self._blocks = self.options.log_mode or self._framing or self._grep or self._decoder is not None
        self._idle_ms = self.options.framing.idle_ms if self.options.framing.mode == "idle" else -1
        self._header_rows: dict[tuple[Address | None, int], int] = {}
        self._remainder: list[Run] = []
        self._ended_open = False
        self._cache: dict[int, Rows] = {}
        #: The rest of a long message, emitted a piece at a time between looks at the clock; ``_defer``
        #: says the message being laid out is the record's last thing to emit (so the rest may wait).
        self._more: Iterator[int] | None = None
        self._defer = False
        #: Records and bytes laid out so far (to estimate the rows still to come).
        self.laid_records = 0
        self.laid_bytes = 0
        #: Bytes a piece of a long message holds at most (:data:`PIECE`).
        self._piece = PIECE


def plain_text(store: RecordStore, options: ViewOptions, labels: Labels | None = None,
               view_filter: ViewFilter | None = None) -> str:
    """Everything ``store`` retains as the view shows it, as plain text (lines at most TEXT_LINE_CHARS)."""
    return Layout(store, options, labels, view_filter=view_filter).text()


class Renderer:
    """Turns a stream of records into ``(text, style)`` runs, as the view shows them (the text log).

    Each closed row ends with a line break; the open row (continued by the next records) does not.
    """

    def __init__(self, options: ViewOptions, labels: Labels | None = None, cols: int = TEXT_LINE_CHARS,
                 summary_bytes: int = SUMMARY_BYTES):
        self._store = RecordStore(64 * 1024 * 1024)
        self._layout = Layout(self._store, options, labels, cols=cols, keep=False, summary_bytes=summary_bytes)

    def render(self, records: Iterable[Record]) -> list[Run]:
        for rec in records:
            self._store.append(rec)
        self._layout.advance()
        return merge_runs(self._layout.take())

    def flush(self) -> list[Run]:
        """Render what is still pending (partial frames, incomplete characters at the end) as escapes."""
        self._layout.finish()
        return merge_runs(self._layout.take())


def render_text(records: Iterable[Record], options: ViewOptions, labels: Labels | None = None) -> str:
    """All of ``records`` as the view would show them, as plain text (lines at most TEXT_LINE_CHARS)."""
    store = RecordStore(1 << 62)
    for rec in records:
        store.append(rec)
    return Layout(store, options, labels).text()


def merge_runs(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of the same style (fewer format switches)."""
    out: list[Run] = []
    if not runs:
        return out
    parts: list[str] = []
    current = runs[0][1]
    for text, style in runs:
        if style != current:
            out.append(("".join(parts), current))
            parts = []
            current = style
        parts.append(text)
    out.append(("".join(parts), current))
    return out
