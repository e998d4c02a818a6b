"""The send history: newest first, de-duplicated, capped, serialisable to JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass

DEFAULT_HISTORY_CAP = 100
#: A send longer than this is not remembered (a 100 MB paste once made every settings save take seconds).
MAX_TEXT = 64 * 1024
#: Characters the whole history keeps (the oldest go first): a page's history stays a small part of the
#: settings file, whose saves run on the window's thread.
MAX_TOTAL = 64 * 1024


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One past send, as the user typed it."""

    text: str
    #: True when ``text`` is hex digits.
    hex: bool = False
    #: Python codec name the text was encoded with.
    encoding: str = "utf-8"


class SendHistory:
    """Past sends, newest first; re-sending an entry moves it to the top."""

    def __init__(self, cap: int = DEFAULT_HISTORY_CAP):
        self.cap = cap
        self._entries: list[HistoryEntry] = []

    def add(self, entry: HistoryEntry) -> None:
        """Remember a send (newest first); one longer than MAX_TEXT characters is not kept."""
        if len(entry.text) > MAX_TEXT:
            return
        if entry in self._entries:
            self._entries.remove(entry)
        self._entries.insert(0, entry)
        del self._entries[self.cap:]
        self._trim()

    def _trim(self) -> None:
        total = 0
        for k, e in enumerate(self._entries):
            total += len(e.text)
            if total > MAX_TOTAL and k > 0:
                del self._entries[k:]
                return

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[HistoryEntry]:
        return iter(self._entries)

    def __getitem__(self, index: int) -> HistoryEntry:
        return self._entries[index]

    def to_json(self) -> str:
        return json.dumps([asdict(e) for e in self._entries], ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, cap: int = DEFAULT_HISTORY_CAP) -> SendHistory:
        """Load from :meth:`to_json`'s output; malformed input gives an empty history, not an error."""
        history = cls(cap)
        try:
            items = json.loads(text) if text else []
        except ValueError:
            items = []
        if not isinstance(items, list):
            items = []
        for item in items[:cap]:
            if isinstance(item, dict) and isinstance(item.get("text"), str) and len(item["text"]) <= MAX_TEXT:
                e = HistoryEntry(item["text"], bool(item.get("hex", False)), str(item.get("encoding", "utf-8")))
                if e not in history._entries:
                    history._entries.append(e)
        history._trim()
        return history
