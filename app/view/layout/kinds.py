"""What an item's numbers mean: the kinds and flags in its meta word, where the direction code sits in
that word, and the pass's limits."""

from __future__ import annotations

# Item kinds and flags, in an item's meta word.
K_NOTICE = 0x01
#: The item's first row continues the row the previous item left open (streamed text or hex).
K_CONT = 0x02
#: Shown as one summary line (a long TX message or a file transfer) unless expanded.
K_SUMMARY = 0x04
K_EXPANDED = 0x08
K_TRANSFER = 0x10
#: A frame shown incomplete because its connection ended.
K_PARTIAL = 0x20
#: A long message is laid out as pieces of at most ``app.view.layout.PIECE`` bytes (bounded work to count or
#: paint one item): K_PIECE continues the previous item's message (no header), K_MORE goes on in the next
#: item (its rows are not ended).
K_PIECE = 0x40
K_MORE = 0x80
#: A binary message in a text view (``ViewOptions.messages``): shown in hex, as if the view were in hex.
K_HEX = 0x400
#: (peer, direction) streams a pass keeps state for at most (decoders, frames in progress).
MAX_STREAMS = 8192
#: Direction code (app.core.records) in bits 8-9.
DIR_SHIFT = 8
NOTICE_CODE = 2

#: Notices after which a peer sends nothing more: its frames in progress are shown as they are.
ENDS = frozenset(("peer-disconnected", "closed", "peer-finished", "eof"))
