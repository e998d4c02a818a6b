"""Decoded fields as CSV: one row per message, one column per field, for a spreadsheet or pandas.

A log keeps bytes, not fields (the bytes are the truth); the fields are decoded on the way out, by the decoder
the user names. The columns are ``time`` (local, to the millisecond), ``direction`` (``rx``/``tx``),
``peer``, then every field name in the order the messages first show it (a checksum adds ``name.valid``,
true or false, after its value), then ``error`` (why a message does not fit, in words; empty when it does).
A message without a field has an empty cell there. Values are as ``netassist-cli decode`` gives them:
numbers as numbers, strings as strings, bytes as hex text.

Two passes over the messages (the first finds the columns), so memory does not grow with the log. At most
:data:`MAX_COLUMNS` field columns (a JSON decoder meeting a long array makes a column per element): names
past it are counted, not written. The file is written whole or not at all (a ``.part`` renamed at the end),
in UTF-8 with a byte order mark (Excel then reads Chinese text right). A string value that a spreadsheet
would run as a formula (starting ``=``, ``+``, ``-``, ``@``) is written with a leading ``'``: a peer's bytes
never become a formula.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import FileProblem
from app.core.records import FLAG_TRANSFER, Address, Direction, Record, RecordStore
from app.decode import Decoder
from app.decode.result import Value
from app.view.layout import K_NOTICE, K_PIECE, K_TRANSFER, Layout
from app.view.render import ViewOptions

#: Field columns written at most.
MAX_COLUMNS = 1000
FIXED = ("time", "direction", "peer")

#: One message: time (ms since the epoch), direction, peer, bytes.
Message = tuple[int, Direction, Address | None, bytes]


@dataclass(frozen=True, slots=True)
class CsvSummary:
    """What an export wrote."""

    #: Messages (rows) written.
    rows: int
    #: Field columns written (besides time, direction, peer and error).
    columns: int
    #: Messages the decoder said do not fit (their ``error`` cell says why).
    not_fit: int
    #: Field names past :data:`MAX_COLUMNS`, left out.
    dropped: int


def record_messages(records: Iterable[Record]) -> Iterator[Message]:
    """The data records (received and sent; not notices or file transfers), each a message."""
    for rec in records:
        if rec.direction in (Direction.RX, Direction.TX) and not rec.flags & FLAG_TRANSFER:
            yield rec.time_ms, rec.direction, rec.peer, rec.data


def view_messages(records: Iterable[Record], options: ViewOptions) -> Iterator[Message]:
    """The messages a view with ``options`` shows over ``records``: frames when framing is on, else records
    (not notices or file transfers)."""
    store = RecordStore(1 << 62)
    for rec in records:
        store.append(rec)
    layout = Layout(store, ViewOptions(hex=True, framing=options.framing))
    layout.advance()
    layout.finish()
    items = layout.items
    for item in range(items.first, items.end):
        meta = items.meta(item)
        if meta & (K_NOTICE | K_PIECE | K_TRANSFER):
            continue
        data = layout.message_bytes(item)
        if data is None:
            continue
        pos, _off, _size, t, _meta, _col0 = layout.item_fields(item)
        rec = store.record_at(pos)
        yield t, rec.direction, rec.peer, data


def _cell(value: Value) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _time(ms: int) -> str:
    return datetime.datetime.fromtimestamp(ms / 1000).isoformat(sep=" ", timespec="milliseconds")


def write_fields_csv(messages: Callable[[], Iterable[Message]], dst: str | Path, decoder: Decoder) -> CsvSummary:
    """Decode every message ``messages()`` gives (called twice: columns, then rows) and write the CSV ``dst``
    (see the module docstring). Raises :class:`FileProblem` in words when it cannot be written."""
    columns: dict[str, int] = {}
    dropped: set[str] = set()

    def column(name: str) -> None:
        if name not in columns:
            if len(columns) < MAX_COLUMNS:
                columns[name] = len(columns)
            else:
                dropped.add(name)

    for _t, _d, _p, data in messages():
        for f in decoder.decode(data).fields:
            column(f.name)
            if f.valid is not None:
                column(f.name + ".valid")
    dst = Path(dst)
    part = dst.with_name(dst.name + ".part")
    rows = not_fit = 0
    width = len(FIXED) + len(columns) + 1
    try:
        with open(part, "w", encoding="utf-8-sig", newline="") as file:
            out = csv.writer(file)
            out.writerow([*FIXED, *columns, "error"])
            for t, direction, peer, data in messages():
                decoded = decoder.decode(data)
                row: list[object] = [""] * width
                row[0], row[1], row[2] = _time(t), direction.value, "" if peer is None else str(peer)
                for fld in decoded.fields:
                    k = columns.get(fld.name)
                    if k is not None:
                        row[len(FIXED) + k] = _cell(fld.value)
                    if fld.valid is not None:
                        k = columns.get(fld.name + ".valid")
                        if k is not None:
                            row[len(FIXED) + k] = _cell(fld.valid)
                if decoded.error is not None:
                    row[-1] = decoded.error
                    not_fit += 1
                out.writerow(row)
                rows += 1
        os.replace(part, dst)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        raise FileProblem(f"cannot write {dst}: {exc.strerror or exc}") from None
    return CsvSummary(rows, len(columns), not_fit, len(dropped))
