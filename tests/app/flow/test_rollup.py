"""The notice roll-up without a socket or a timer: events in (the clock passed in), which are said, and the
summaries with their exact counts (the sockets' side is tests/app/test_udp_relay.py)."""

from __future__ import annotations

from app.flow.rollup import NoticeRollup, Summary


def test_a_few_of_each_kind_are_said_then_the_rest_counted_for_one_summary() -> None:
    rollup = NoticeRollup(each=2, interval=1.0)
    said = [rollup.admit(kind, 0.1 * i) for i, kind in enumerate(["opened", "evicted"] * 5)]
    assert said == [True, True, True, True] + [False] * 6
    assert rollup.deadline == 1.0
    assert rollup.flush(1.0) == Summary({"opened": 3, "evicted": 3}, 1.0)
    assert rollup.deadline is None and rollup.flush(1.5) is None  # (said once)


def test_a_window_with_everything_said_ends_quietly_and_the_next_one_says_again() -> None:
    rollup = NoticeRollup(each=1, interval=1.0)
    assert rollup.admit("opened", 0.0)
    assert rollup.deadline is None and rollup.flush(0.5) is None
    assert not rollup.admit("opened", 0.9)  # the same window: counted
    assert rollup.flush(1.0) == Summary({"opened": 1}, 1.0)
    assert rollup.admit("opened", 1.1)  # a new window starts with this event


def test_a_window_past_its_end_only_counts_until_it_is_flushed() -> None:
    """The driver's timer can be late under load: events meanwhile go into the summary, none is said or lost."""
    rollup = NoticeRollup(each=1, interval=1.0)
    assert rollup.admit("opened", 0.0)
    assert not rollup.admit("opened", 0.5)
    assert [rollup.admit(k, 1.2) for k in ("opened", "evicted")] == [False, False]
    assert rollup.flush(1.3) == Summary({"opened": 2, "evicted": 1}, 1.3)
    assert rollup.admit("evicted", 1.4)


def test_a_quiet_window_ends_by_the_clock_alone() -> None:
    rollup = NoticeRollup(each=1, interval=1.0)
    assert rollup.admit("opened", 0.0)
    assert rollup.admit("opened", 5.0)  # (its window ended long ago with nothing unsaid)


def test_a_flood_is_a_few_notices_a_second_and_the_counts_are_exact() -> None:
    rollup = NoticeRollup(each=3, interval=1.0)
    said = summaries = counted = 0
    for i in range(10_000):  # 5,000 new sources a second, each opened and evicting one, for two seconds
        now = i / 5_000
        if (deadline := rollup.deadline) is not None and now >= deadline:
            summary = rollup.flush(now)
            assert summary is not None
            summaries += 1
            counted += sum(summary.counts.values())
        said += rollup.admit("opened", now) + rollup.admit("evicted", now)
    summary = rollup.flush(2.0)
    assert summary is not None
    summaries += 1
    counted += sum(summary.counts.values())
    assert said + counted == 20_000
    assert said + summaries <= 2 * (3 + 3 + 1)
