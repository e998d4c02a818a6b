"""The TCP relay's pair flow as playbooks: events in, commands out, no sockets (the sockets' side is
tests/app/net/sessions/test_relay.py)."""

from __future__ import annotations

from app.flow.relay import (
    ERROR,
    FINISHED,
    KICKED,
    RESET,
    BoundFreed,
    BoundReached,
    Close,
    Connected,
    ConnectFailed,
    Data,
    Drop,
    DropHeld,
    Dropped,
    Eof,
    Hold,
    HoldBound,
    HoldBudget,
    Lost,
    PairFlow,
    PauseReading,
    Release,
    ResumeReading,
    Write,
    WriteEof,
    WritingPaused,
)
from tests.app.flow.playbook import playbook


def relaying(**kw: object) -> PairFlow:
    """A pair whose client and target are both connected, reading both ways."""
    flow = PairFlow(**kw)  # type: ignore[arg-type]
    assert (playbook(flow.handle)
            >> Connected("client") << PauseReading("client")  # nothing is read before the target answers
            >> Connected("target") << ResumeReading("client"))
    return flow


def test_bytes_go_across_both_ways() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Data("client", b"GET") << Write("target", b"GET")
            >> Data("target", b"200") << Write("client", b"200"))


def test_what_the_client_sends_before_the_target_answers_goes_first() -> None:
    flow = PairFlow()
    assert (playbook(flow.handle)
            >> Connected("client") << PauseReading("client")
            >> Data("client", b"hello")  # (a TLS client's first bytes, with its handshake)
            >> Data("client", b" you")
            >> Connected("target") << Write("target", b"hello you") << ResumeReading("client"))


def test_a_client_that_left_before_the_target_answered_still_has_its_bytes_sent_then_its_end() -> None:
    flow = PairFlow()
    assert (playbook(flow.handle)
            >> Connected("client") << PauseReading("client")
            >> Data("client", b"bye")
            >> Lost("client", FINISHED)
            >> Connected("target") << Write("target", b"bye") << Close("target", FINISHED))


def test_a_refused_target_closes_the_client_as_an_error() -> None:
    flow = PairFlow()
    assert (playbook(flow.handle)
            >> Connected("client") << PauseReading("client")
            >> ConnectFailed() << Close("client", ERROR)
            >> Lost("client", ERROR))


def test_hold_then_release() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Hold("to-target", True)
            >> Data("client", b"ab")
            >> Data("client", b"c")
            >> Data("target", b"not held") << Write("client", b"not held"))
    assert flow.held_bytes["to-target"] == 3
    assert (playbook(flow.handle)
            >> Release("to-target") << Write("target", b"ab") << Write("target", b"c")
            >> Data("client", b"d")  # still held
            >> Hold("to-target", False) << Write("target", b"d")  # let flow: what was queued goes
            >> Data("client", b"e") << Write("target", b"e"))
    assert flow.held_bytes["to-target"] == 0 and flow.budget.total == 0


def test_hold_then_drop() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Hold("to-client", True)
            >> Data("target", b"zzz")
            >> DropHeld("to-client") << Dropped("to-client", 3)
            >> DropHeld("to-client")  # (nothing held: nothing said)
            >> Hold("to-client", False)
            >> Data("target", b"ok") << Write("client", b"ok"))


def test_a_half_close_is_passed_on_and_the_other_way_stays_open() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Eof("client") << WriteEof("target")
            >> Data("target", b"reply") << Write("client", b"reply")
            >> Eof("target") << Close("target", FINISHED))  # both ways ended: the pair closes
    assert flow.shut == {"to-target": True, "to-client": False}


def test_a_held_direction_passes_its_half_close_on_only_after_its_held_bytes() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Hold("to-target", True)
            >> Data("client", b"hello held")
            >> Eof("client"))  # the end waits behind the bytes; the client stays open
    assert flow.eof["to-target"] and not flow.shut["to-target"]
    assert (playbook(flow.handle)
            >> Release("to-target") << Write("target", b"hello held") << WriteEof("target")
            >> Release("to-target"))  # (released again: nothing is written after the end)
    assert flow.shut["to-target"] and not flow.eof["to-target"]


def test_a_held_end_with_nothing_held_goes_on_when_released_and_closes_a_pair_ended_both_ways() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Eof("client") << WriteEof("target")
            >> Hold("to-client", True)
            >> Eof("target")  # held: waits
            >> Release("to-client") << Close("target", FINISHED))  # both ways ended: the pair closes


def test_release_never_writes_after_the_end_was_passed_on() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Eof("client") << WriteEof("target")
            >> Hold("to-target", True)
            >> Data("client", b"late")
            >> Release("to-target") << Dropped("to-target", 4))  # (they cannot go: dropped, not released)


def test_a_side_that_cannot_take_a_half_close_has_the_other_closed_instead() -> None:
    flow = PairFlow()
    assert (playbook(flow.handle)
            >> Connected("client") << PauseReading("client")
            >> Connected("target", half_close=False) << ResumeReading("client")  # a TLS target
            >> Eof("client") << Close("client", FINISHED))


def test_a_tls_side_that_finishes_closes_even_when_its_end_is_held() -> None:
    flow = PairFlow()
    assert (playbook(flow.handle)
            >> Connected("client", half_close=False) << PauseReading("client")
            >> Connected("target") << ResumeReading("client")
            >> Hold("to-target", True)
            >> Data("client", b"x")
            >> Eof("client") << Close("client", FINISHED)
            >> Lost("client", FINISHED) << Dropped("to-target", 1) << Close("target", FINISHED))


def test_a_targets_reset_is_passed_on_as_a_reset() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Lost("target", RESET) << Close("client", RESET, reset=True))
    assert flow.target_reset


def test_a_side_lost_in_error_ends_the_other_with_a_fin() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Lost("client", ERROR) << Close("target", FINISHED)
            >> Lost("target", FINISHED))  # (the other side, closed already: nothing more)
    assert not flow.target_reset


def test_a_pair_that_closes_counts_what_it_held_as_dropped() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Hold("to-target", True)
            >> Hold("to-client", True)
            >> Data("client", b"12345")
            >> Data("target", b"67")
            >> Lost("client", RESET)
            << Dropped("to-target", 5) << Dropped("to-client", 2) << Close("target", RESET, reset=True))
    assert flow.budget.total == 0 and not flow.target_reset


def test_the_user_drops_the_pair() -> None:
    flow = relaying()
    assert (playbook(flow.handle)
            >> Drop() << Close("client", KICKED) << Close("target", KICKED)
            >> Drop())  # (closing already)


def test_a_full_hold_queue_stops_its_source_reading_until_it_is_let_go() -> None:
    flow = relaying(hold_limit=4)
    assert (playbook(flow.handle)
            >> Hold("to-target", True)
            >> Data("client", b"12")
            >> Data("client", b"345") << PauseReading("client")
            >> Release("to-target") << ResumeReading("client") << Write("target", b"12") << Write("target", b"345"))


def test_backpressure_a_side_not_reading_pauses_reading_the_other() -> None:
    flow = relaying(hold_limit=4)
    assert (playbook(flow.handle)
            >> WritingPaused("client", True) << PauseReading("target")
            >> WritingPaused("client", False) << ResumeReading("target")
            # two reasons to pause the client: it reads again only when both are gone
            >> Hold("to-target", True)
            >> Data("client", b"12345") << PauseReading("client")
            >> WritingPaused("target", True)
            >> Release("to-target") << Write("target", b"12345")  # (still paused: the target is not reading)
            >> WritingPaused("target", False) << ResumeReading("client"))


def test_the_relay_wide_bound_pauses_every_held_direction_and_frees_them_with_room_again() -> None:
    budget = HoldBudget(limit=10)
    a, b = relaying(budget=budget), relaying(budget=budget)
    for flow in (a, b):
        flow.handle(Hold("to-target", True))
    assert playbook(a.handle) >> Data("client", b"123456")  # 6 of 10
    assert (playbook(b.handle)
            >> Data("client", b"123456") << PauseReading("client") << BoundReached()  # 12: said once
            >> Data("client", b"!"))  # (one read more: paused already, not said again)
    assert budget.full and budget.total == 13
    # the driver tells every pair: the held directions' sources stop reading (b's has already)
    assert playbook(a.handle) >> HoldBound(True) << PauseReading("client")
    assert playbook(b.handle) >> HoldBound(True)
    # a direction held after the bound was reached stops as soon as it adds to the full relay
    assert (playbook(a.handle)
            >> Hold("to-client", True)
            >> Data("target", b"x") << PauseReading("target"))
    # room again: the driver tells every pair, and every side reads again
    assert (playbook(b.handle)
            >> Release("to-target") << BoundFreed() << Write("target", b"123456") << Write("target", b"!"))
    assert not budget.full and budget.total == 7
    assert playbook(a.handle) >> HoldBound(False) << ResumeReading("client") << ResumeReading("target")
    assert playbook(b.handle) >> HoldBound(False) << ResumeReading("client")


def test_a_pair_can_reach_the_relay_wide_bound_alone_and_dropping_frees_it() -> None:
    budget = HoldBudget(limit=4)
    flow = relaying(budget=budget)
    assert (playbook(flow.handle)
            >> Hold("to-target", True)
            >> Data("client", b"abcd") << PauseReading("client") << BoundReached()
            >> HoldBound(True)
            >> DropHeld("to-target") << BoundFreed() << Dropped("to-target", 4)
            >> HoldBound(False) << ResumeReading("client"))
