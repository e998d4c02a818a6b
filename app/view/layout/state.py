"""What the parts of :class:`app.view.layout.Layout` share: the per-stream state of the pass, and the layout's
own state and methods as one declaration the parts inherit, so that each part is checked against it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from app.core.codec import StreamDecoder
from app.core.framing import FrameCutter
from app.core.records import Address, RecordStore
from app.decode import Decoder
from app.view.layout.items import Items
from app.view.layout.view_filter import ViewFilter
from app.view.prefilter import FilterSkip
from app.view.render import Labels, RowCount, Rows, Run, ViewOptions

#: A stream of the pass: (peer, direction shifted by DIR_SHIFT).
StreamKey = tuple[Address | None, int]


class PeerStream:
    """Per (peer, direction) state of the pass."""

    __slots__ = ("clean", "cutter", "decoder", "frame_off", "frame_pos", "frame_size", "frame_time", "transfer")

    def __init__(self) -> None:
        self.decoder: StreamDecoder | None = None
        #: No incomplete character is pending in the decoder (ASCII data can then be decoded directly).
        self.clean = True
        self.cutter: FrameCutter | None = None
        #: The frame in progress: where its bytes start, how many so far, when its first byte came.
        self.frame_pos = 0
        self.frame_off = 0
        self.frame_size = 0
        self.frame_time = 0
        #: The open transfer item (file send), if any.
        self.transfer = -1


class LayoutState:
    """The state ``Layout.__init__`` sets up (described there), declared for the parts; and, for the type checker
    only, the methods one part calls on another (each defined in the part named beside it)."""

    store: RecordStore
    options: ViewOptions
    labels: Labels
    cols: int
    filter: ViewFilter
    keep: bool
    summary_bytes: int
    next: int
    items: Items
    prefix: dict[int, bytes]
    pieces: dict[int, tuple[int, int]]
    out: list[Run]
    laid_records: int
    laid_bytes: int
    binary_hex: bool  # a message page in text mode: binary messages shown as hex (see Layout)
    _framing: bool
    _decoder: Decoder | None
    _out_open: bool
    _streams: dict[StreamKey, PeerStream]
    _rc: RowCount
    _row_stream: StreamKey | None
    _idle: list[tuple[int, int, StreamKey]]
    _idle_seq: int
    _pattern: Any
    _grep: bool
    _skip: FilterSkip | None
    _blocks: bool
    _idle_ms: int
    _header_rows: dict[StreamKey, int]
    _remainder: list[Run]
    _ended_open: bool
    _cache: dict[int, Rows]
    _more: Iterator[int] | None
    _defer: bool
    _piece: int

    if TYPE_CHECKING:
        # RecordsPass
        def advance(self, deadline: float | None = None) -> bool: ...
        def _drain(self, deadline: float | None) -> bool: ...
        def _emit_frame(self, key: StreamKey, st: PeerStream, at: int, extra: int) -> None: ...
        def _expire(self, now_ms: int, at: int) -> None: ...

        # MessageItems
        def _header_count(self, key: StreamKey) -> int: ...
        def _block_rows(self, body: str) -> int: ...
        def _notice(self, pos: int, t: int, peer: Address | None) -> None: ...
        def _data(self, key: StreamKey, st: PeerStream, pos: int, at: int, off: int, size: int,
                  t: int, extra: int, data: bytes | None) -> int: ...

        # ItemReading
        def item_fields(self, item: int) -> tuple[int, int, int, int, int, int]: ...
        def item_size(self, item: int) -> int: ...
        def item_bytes(self, item: int) -> bytes: ...
        def bytes_of(self, pos: int, off: int, size: int, key: StreamKey, transfer: bool = False) -> bytes: ...
        def _peer(self, pos: int) -> Address | None: ...

        # ItemRendering
        def render_item(self, item: int) -> Rows: ...
        def _build(self, pos: int, off: int, size: int, t: int, meta: int, col0: int, prefix: bytes | None,
                   piece: tuple[int, int] | None = None) -> Rows: ...
        def _decoded_line(self, decoder: Decoder, data: bytes) -> str: ...
        def _head_hit(self, t: int, code: int, peer: Address | None, whole: bytes | None = None) -> bool: ...
        def _carried_header_rows(self, key: StreamKey, prefix: bytes, size: int) -> int: ...
        def _body(self, decoded: str, meta: int, head_hit: bool = False) -> str: ...
        def _search_text(self, t: int, code: int, peer: Address | None, data: bytes, decoded: str | None,
                         meta: int, prefix: bytes = b"") -> str: ...

        # TextOutput
        def _close_out(self) -> None: ...
        def _render_out(self, pos: int, off: int, size: int, t: int, meta: int, col0: int,
                        prefix: bytes | None, piece: tuple[int, int] | None = None) -> None: ...
        def finish(self) -> None: ...

        # ViewRows
        def invalidate(self, item: int | None = None) -> None: ...
        def _recount(self, item: int) -> None: ...
