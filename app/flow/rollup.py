"""Notices about a flood, rolled up, without a socket or a timer: of each kind of event, the first few in a window
(a second) are said one by one, the rest only counted; when the window ends one summary says how many of each
were not said. The driver asks :meth:`NoticeRollup.admit` for each event, sets a timer for :attr:`deadline`, and
says what :meth:`flush` gives back. The clock is passed in.

Why: a UDP relay under a flood of new sources said two notices per source ("relay-open", and "mapping-evicted"
once the table is full): at 5,000 new sources a second most of the window's work was laying out notices while
the kernel dropped datagrams for want of a reader. Rolled up, a flood is a few notices a second. Only the words
are rolled up: the sessions' counters and client lists stay exact, and the summary's counts are exact too (what
was said one by one plus the summaries is every event).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Events of one kind said one by one in a window.
EACH = 3
#: A window's length, in seconds.
INTERVAL_S = 1.0


@dataclass(frozen=True, slots=True)
class Summary:
    """What a window did not say one by one."""

    #: Events not said, by kind (only kinds with some).
    counts: dict[str, int]
    #: Seconds from the window's start to the summary.
    seconds: float


class NoticeRollup:
    """The first ``each`` events of every kind in a window of ``interval`` seconds are said; the rest are counted
    until :meth:`flush`. A window starts with an event; one whose events were all said ends quietly, and one
    with events left unsaid lasts until it is flushed (events after its end but before the flush count in it)."""

    def __init__(self, each: int = EACH, interval: float = INTERVAL_S):
        self.each, self.interval = each, interval
        self._start: float | None = None
        self._said: dict[str, int] = {}
        self._unsaid: dict[str, int] = {}

    @property
    def deadline(self) -> float | None:
        """When the summary is due (the window's end); None while nothing is left unsaid."""
        return None if not self._unsaid or self._start is None else self._start + self.interval

    def admit(self, kind: str, now: float) -> bool:
        """An event of ``kind`` at ``now``: True to say it now, False when it is counted for the summary."""
        if self._start is None or (not self._unsaid and now >= self._start + self.interval):
            self._start, self._said = now, {}
        if not self._unsaid or now < self._start + self.interval:  # (a window past its end only counts)
            said = self._said.get(kind, 0)
            if said < self.each:
                self._said[kind] = said + 1
                return True
        self._unsaid[kind] = self._unsaid.get(kind, 0) + 1
        return False

    def flush(self, now: float) -> Summary | None:
        """The window's summary (the driver's timer at :attr:`deadline`, or the session stopping: nothing is left
        unsaid); None when there is nothing to say. The next event starts a new window."""
        if not self._unsaid or self._start is None:
            return None
        summary = Summary(self._unsaid, max(0.0, now - self._start))
        self._start, self._said, self._unsaid = None, {}, {}
        return summary


__all__ = ["EACH", "INTERVAL_S", "NoticeRollup", "Summary"]
