"""The TLS listener's admission rules (app.flow.tls_admission) as tables of events and the decisions they give, with
no sockets: per-source bounds and turns, the total cap and its slots kept for new sources, the first-byte
deadline, the turn deadline, and the signal to give memory back after a burst."""

from __future__ import annotations

import pytest

from app.flow.tls_admission import Changes, HandshakeAdmission, Overdue, Phase, Verdict, source_of

A, B, C = "10.0.0.1", "10.0.0.2", "10.0.0.3"


def play(machine: HandshakeAdmission[str], events: list[tuple]) -> list[object]:
    """Run ``events`` — ("arrive", conn, source, t), ("byte", conn), ("end", conn, t), ("tick", t) — and return
    what each gave: a Verdict, None, or the Changes as (closed, started, settle)."""
    out: list[object] = []
    for event in events:
        kind, *args = event
        if kind == "arrive":
            out.append(machine.arrive(args[0], args[1], args[2]))
        elif kind == "byte":
            out.append(machine.first_byte(args[0]))
        else:
            ch: Changes[str] = machine.end(args[0], args[1]) if kind == "end" else machine.overdue(args[0])
            out.append(([(c, w.value) for c, w in ch.close], ch.start, ch.settle))
    return out


@pytest.mark.parametrize(("events", "expected"), [
    # per source: two under way, then one waits, then the third is refused; another source is not affected
    ([("arrive", "a1", A, 0), ("arrive", "a2", A, 0), ("arrive", "a3", A, 0), ("arrive", "a4", A, 0),
      ("arrive", "b1", B, 0)],
     [Verdict.START, Verdict.START, Verdict.WAIT, Verdict.SOURCE, Verdict.START]),
    # one under way ends: the oldest waiting one of the same source takes its turn (and only that source's)
    ([("arrive", "a1", A, 0), ("arrive", "a2", A, 0), ("arrive", "a3", A, 0), ("arrive", "b1", B, 0),
      ("byte", "a1"), ("end", "a1", 1), ("end", "b1", 1), ("end", "a3", 1)],
     [Verdict.START, Verdict.START, Verdict.WAIT, Verdict.START, None, ([], ["a3"], False), ([], [], False),
      ([], [], False)]),
])
def test_per_source_turns(events: list[tuple], expected: list[object]) -> None:
    machine: HandshakeAdmission[str] = HandshakeAdmission(limit=100, per_source=2, per_source_waiting=1, reserve=0)
    assert play(machine, events) == expected


def test_total_cap_keeps_its_last_slots_for_sources_that_hold_nothing() -> None:
    machine: HandshakeAdmission[str] = HandshakeAdmission(limit=4, per_source=16, reserve=1)
    assert play(machine, [("arrive", "a1", A, 0), ("arrive", "a2", A, 0), ("arrive", "a3", A, 0),
                          ("arrive", "a4", A, 0), ("arrive", "b1", B, 0), ("arrive", "c1", C, 0)]) == \
        [Verdict.START, Verdict.START, Verdict.START, Verdict.RESERVED, Verdict.START, Verdict.FULL]
    assert machine.held == 4
    # a source with none held gets the kept slot once one is free again
    assert play(machine, [("end", "b1", 1), ("arrive", "a5", A, 1), ("arrive", "c1", C, 1)]) == \
        [([], [], False), Verdict.RESERVED, Verdict.START]


def test_the_default_reserve_is_a_tenth_of_the_cap() -> None:
    assert HandshakeAdmission(limit=1024).reserve == 102
    assert HandshakeAdmission(limit=256).reserve == 26
    assert HandshakeAdmission(limit=2).reserve == 0  # (a tiny cap keeps none)


def test_no_first_byte_in_time_is_closed_and_frees_the_turn() -> None:
    machine: HandshakeAdmission[str] = HandshakeAdmission(limit=100, per_source=1, per_source_waiting=4,
                                                          first_byte_s=3, turn_s=10)
    assert play(machine, [("arrive", "a1", A, 0), ("arrive", "a2", A, 1), ("arrive", "b1", B, 2)]) == \
        [Verdict.START, Verdict.WAIT, Verdict.START]
    assert machine.next_deadline() == 3
    assert play(machine, [("tick", 2.9)]) == [([], [], False)]
    # a1 sent nothing: closed; a2's turn comes, with its own 3 s from now
    assert play(machine, [("tick", 3)]) == [([("a1", "first-byte")], ["a2"], False)]
    assert machine.phase("a2") is Phase.FIRST_BYTE and machine.next_deadline() == 5  # (b1's)
    # b1 speaks in time: the clock leaves it alone (its handshake has its own timeout)
    assert play(machine, [("byte", "b1")]) == [None]
    assert machine.next_deadline() == 6
    assert play(machine, [("tick", 6)]) == [([("a2", "first-byte")], [], False)]
    assert machine.phase("b1") is Phase.HANDSHAKE and machine.next_deadline() is None
    assert machine.held == 1 and machine.under_way(A) == 0


def test_a_turn_that_does_not_come_within_the_handshake_timeout() -> None:
    machine: HandshakeAdmission[str] = HandshakeAdmission(limit=100, per_source=1, per_source_waiting=4,
                                                          first_byte_s=3, turn_s=10)
    assert play(machine, [("arrive", "a1", A, 0), ("byte", "a1"), ("arrive", "a2", A, 1), ("arrive", "a3", A, 2),
                          ("tick", 10.5), ("tick", 11), ("tick", 12)]) == \
        [Verdict.START, None, Verdict.WAIT, Verdict.WAIT, ([], [], False), ([("a2", "turn")], [], False),
         ([("a3", "turn")], [], False)]
    assert machine.held == 1 and machine.waiting(A) == 0


def test_the_end_of_a_burst_says_settle_once() -> None:
    machine: HandshakeAdmission[str] = HandshakeAdmission(limit=100, per_source=100, burst=3)
    events: list[tuple] = [e for i in range(3) for e in (("arrive", f"a{i}", A, 0), ("byte", f"a{i}"))]
    play(machine, events)
    assert play(machine, [("end", "a0", 1), ("end", "a1", 1), ("end", "a2", 1)]) == \
        [([], [], False), ([], [], False), ([], [], True)]
    # fewer than a burst since: no settling
    assert play(machine, [("arrive", "x", A, 2), ("byte", "x"), ("end", "x", 2)])[-1] == ([], [], False)
    # closed before it spoke: it never held TLS memory and does not count
    assert play(machine, [("arrive", "y", A, 2), ("end", "y", 2)])[-1] == ([], [], False)


def test_ends_and_bytes_of_unknown_or_refused_connections_change_nothing() -> None:
    machine: HandshakeAdmission[str] = HandshakeAdmission(limit=1, per_source=1, reserve=0)
    assert play(machine, [("arrive", "a1", A, 0), ("arrive", "b1", B, 0), ("byte", "b1"), ("end", "b1", 0),
                          ("end", "a1", 0), ("end", "a1", 0)]) == \
        [Verdict.START, Verdict.FULL, None, ([], [], False), ([], [], False), ([], [], False)]
    assert machine.held == 0 and machine.under_way(A) == 0


def test_clear_forgets_everything() -> None:
    machine: HandshakeAdmission[str] = HandshakeAdmission(limit=10, per_source=1)
    play(machine, [("arrive", "a1", A, 0), ("arrive", "a2", A, 0), ("byte", "a1")])
    assert sorted(machine.clear()) == ["a1", "a2"]
    assert machine.held == 0 and machine.handshaking == 0 and machine.next_deadline() is None
    assert machine.arrive("a3", A, 1) is Verdict.START


@pytest.mark.parametrize(("host", "source"), [
    ("127.0.0.1", "127.0.0.1"),
    ("::ffff:10.1.2.3", "10.1.2.3"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
    ("fe80::1%eth0", "fe80::/64"),
    ("not-an-address", "not-an-address"),
])
def test_a_source_is_an_address_or_an_ipv6_slash_64(host: str, source: str) -> None:
    assert source_of(host) == source


def test_overdue_reports_why() -> None:
    assert {w.value for w in Overdue} == {"first-byte", "turn"}
