"""Reading an item back: its numbers (position, offset, size, time, flags) and its bytes from the store."""

from __future__ import annotations

import itertools

from app.core.records import DIR_MASK, FLAG_TRANSFER, Address
from app.view.layout.kinds import DIR_SHIFT, K_NOTICE, K_TRANSFER
from app.view.layout.state import LayoutState


class ItemReading(LayoutState):
    """The part of :class:`app.view.layout.Layout` that reads items back from the items and the store."""

    def item_fields(self, item: int) -> tuple[int, int, int, int, int, int]:
        """(pos, off, size, time, meta, col0) of an item."""
        items = self.items
        pos, meta, col0 = items.pos(item), items.meta(item), items.col0(item)
        if items.full:
            _at, off, size, t = items.frame(item)
            return pos, off, size, t, meta, col0
        if pos < self.store.head:
            return pos, 0, 0, 0, meta, col0
        c, j = self.store.locate(pos)
        known = items.sizes.get(item)
        return pos, 0, c.size_of(j) if known is None else known, c.times[j], meta, col0

    def item_size(self, item: int) -> int:
        return self.item_fields(item)[2]

    def bytes_of(self, pos: int, off: int, size: int, key: tuple[Address | None, int], transfer: bool = False) -> bytes:
        """An item's bytes: ``size`` bytes of the stream ``key`` starting at ``off`` in the record at ``pos``.
        Bytes already evicted are left out."""
        store = self.store
        if pos >= store.head:
            c, j = store.locate(pos)
            if off == 0 and c.size_of(j) == size:
                return c.data(j)
        peer, code = key
        parts: list[bytes] = []
        need = size
        first = True
        for c, i, end in store.chunks(pos):
            for j in range(i, end):
                fl = c.flags[j]
                if (fl & DIR_MASK) != code or c.peers[j] != peer or (transfer and not fl & FLAG_TRANSFER):
                    continue
                data = c.data(j)
                if first and c.start + j == pos:
                    data = data[off:]
                first = False
                parts.append(data[:need])
                need -= len(parts[-1])
                if need <= 0:
                    return b"".join(parts)
        return b"".join(parts)

    def item_bytes(self, item: int) -> bytes:
        """The bytes an item shows (a piece of a long message: that piece)."""
        pos, off, size, _t, meta, _col0 = self.item_fields(item)
        if meta & K_NOTICE:
            return b""
        data = self.bytes_of(pos, off, size, (self._peer(pos), (meta >> DIR_SHIFT) & 3), bool(meta & K_TRANSFER))
        piece = self.pieces.get(item)
        return data[piece[0]:piece[0] + piece[1]] if piece else data

    def message_bytes(self, item: int) -> bytes | None:
        """The bytes of the whole message ``item`` shows (a piece: its whole message; a frame: the frame), as a
        decoder reads them; None for a notice or a file transfer."""
        pos, off, size, _t, meta, _col0 = self.item_fields(item)
        if meta & (K_NOTICE | K_TRANSFER):
            return None
        return self.bytes_of(pos, off, size, (self._peer(pos), (meta >> DIR_SHIFT) & 3))

    def streams(self) -> list[tuple[Address | None, int]]:
        """The (peer, direction code) streams seen so far."""
        return list(self._streams)

    def newest_streams(self, n: int) -> list[tuple[Address | None, int]]:
        """The ``n`` streams seen last, oldest first (without walking the others)."""
        keys = self._streams.keys()
        return list(itertools.islice(reversed(keys), n))[::-1] if n < len(keys) else list(keys)

    def stream_count(self) -> int:
        return len(self._streams)

    def _peer(self, pos: int) -> Address | None:
        if pos < self.store.head:
            return None
        c, j = self.store.locate(pos)
        return c.peers[j]
