"""The UDP relay's mapping table as playbooks: events in (the clock passed in), commands out, no sockets (the
sockets' side is tests/app/net/sessions/test_udp_relay.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.flow.mappings import Dropped, Evicted, Expired, Forward, HeldDropped, HoldFull, MappingTable
from tests.app.flow.playbook import playbook


def table_of(*sources: str, now: float = 0.0, **kw: Any) -> MappingTable[str]:
    """A table with these sources added in order (the first the least recently used)."""
    table: MappingTable[str] = MappingTable(**kw)
    for s in sources:
        assert table.make_room(s) == []
        table.add(s, now)
    return table


def run(table: MappingTable[str]) -> Callable[[tuple], list]:
    """Events as tuples: the method's name, then its arguments."""
    return lambda event: getattr(table, event[0])(*event[1:]) or []  # (touch gives nothing)


def test_a_datagram_goes_on_and_makes_its_mapping_the_most_recently_used() -> None:
    table = table_of("a", "b")
    assert (playbook(run(table))
            >> ("pass_on", "a", "to-target", b"hi", 1.0) << Forward("to-target", b"hi")
            >> ("pass_on", "a", "to-client", b"re", 2.0) << Forward("to-client", b"re"))
    assert table.sources() == ["b", "a"] and table.get("a").last == 2.0  # type: ignore[union-attr]


def test_hold_then_release_in_order() -> None:
    table = table_of("a")
    assert (playbook(run(table))
            >> ("hold", "a", "to-target", True)
            >> ("pass_on", "a", "to-target", b"1", 1.0)
            >> ("pass_on", "a", "to-target", b"22", 1.0)
            >> ("pass_on", "a", "to-client", b"free", 1.0) << Forward("to-client", b"free")
            >> ("release", "a", "to-target") << Forward("to-target", b"1") << Forward("to-target", b"22")
            >> ("pass_on", "a", "to-target", b"3", 1.0)  # still held
            >> ("hold", "a", "to-target", False) << Forward("to-target", b"3")
            >> ("pass_on", "a", "to-target", b"4", 1.0) << Forward("to-target", b"4"))
    assert table.held_total_bytes == table.held_total_datagrams == 0


def test_hold_then_drop() -> None:
    table = table_of("a")
    assert (playbook(run(table))
            >> ("hold", "a", "to-client", True)
            >> ("pass_on", "a", "to-client", b"zzz", 1.0)
            >> ("pass_on", "a", "to-client", b"", 1.0)  # (an empty datagram is a datagram)
            >> ("drop_held", "a", "to-client") << Dropped(3, 2) << HeldDropped("to-client", 3, 2)
            >> ("drop_held", "a", "to-client"))  # (nothing held: nothing said)


def test_new_mappings_hold_as_the_relay_does() -> None:
    table = table_of("a")
    table.holding["to-target"] = True
    table.add("b", 0.0)
    assert (playbook(run(table))
            >> ("pass_on", "a", "to-target", b"a", 1.0) << Forward("to-target", b"a")
            >> ("pass_on", "b", "to-target", b"b", 1.0))


def test_the_hold_bound_is_for_the_whole_relay_by_datagrams_said_once_per_direction() -> None:
    table = table_of("a", "b", hold_datagrams=3)
    for s in ("a", "b"):
        table.hold(s, "to-client", True)
    assert (playbook(run(table))
            >> ("pass_on", "a", "to-client", b"1", 1.0)
            >> ("pass_on", "b", "to-client", b"2", 1.0)
            >> ("pass_on", "a", "to-client", b"3", 1.0)
            >> ("pass_on", "b", "to-client", b"4", 1.0) << Dropped(1) << HoldFull("to-client")
            >> ("pass_on", "b", "to-client", b"5", 1.0) << Dropped(1)  # (said once)
            >> ("pass_on", "a", "to-client", b"6", 1.0) << Dropped(1) << HoldFull("to-client")  # (a's own notice)
            >> ("release", "a", "to-client") << Forward("to-client", b"1") << Forward("to-client", b"3")
            >> ("pass_on", "b", "to-client", b"7", 1.0)  # room again
            >> ("pass_on", "b", "to-client", b"8", 1.0)
            >> ("pass_on", "b", "to-client", b"9", 1.0) << Dropped(1))  # (b said it already: not again)
    assert table.held_total_datagrams == 3


def test_the_hold_bound_is_for_the_whole_relay_by_bytes() -> None:
    table = table_of("a", "b", hold_limit=10)
    for s in ("a", "b"):
        table.hold(s, "to-target", True)
    assert (playbook(run(table))
            >> ("pass_on", "a", "to-target", b"123456", 1.0)
            >> ("pass_on", "b", "to-target", b"12345", 1.0) << Dropped(5) << HoldFull("to-target")
            >> ("pass_on", "b", "to-target", b"1234", 1.0)  # (fits: 10)
            >> ("drop_held", "b", "to-target") << Dropped(4, 1) << HeldDropped("to-target", 4, 1)
            >> ("pass_on", "b", "to-target", b"12345", 1.0) << Dropped(5) << HoldFull("to-target"))  # said anew


def test_a_full_table_evicts_the_least_recently_used_mapping() -> None:
    table = table_of("a", "b", "c", limit=3)
    table.touch("a", 1.0)  # b is now the least recently used
    assert (playbook(run(table))
            >> ("make_room", "d") << Evicted("b", "d", 0))
    table.add("d", 2.0)
    assert table.sources() == ["c", "a", "d"]


def test_eviction_spares_mappings_holding_datagrams_while_it_can() -> None:
    table = table_of("a", "b", limit=2)
    assert (playbook(run(table))
            >> ("hold", "a", "to-target", True)
            >> ("pass_on", "a", "to-target", b"h1", 1.0)
            >> ("pass_on", "a", "to-target", b"h2", 1.0)
            >> ("touch", "b", 2.0)  # a is the least recently used, and holds two datagrams
            >> ("make_room", "c") << Evicted("b", "c", 0))  # b goes (it holds nothing), not a
    table.add("c", 3.0)
    assert (playbook(run(table))
            >> ("hold", "c", "to-target", True)
            >> ("pass_on", "c", "to-target", b"c1", 4.0)
            # every one holds: the least recently used goes, and what it held is dropped
            >> ("make_room", "d") << Evicted("a", "d", 2) << Dropped(4, 2))
    assert table.held_total_bytes == 2 and table.held_total_datagrams == 1


def test_out_of_files_evicts_only_a_mapping_whose_file_can_be_given_back_now() -> None:
    table = table_of("a", "b", "c")
    assert (playbook(run(table))
            >> ("evict", "d", lambda s: s == "b") << Evicted("b", "d", 0)
            >> ("evict", "d", lambda s: False))  # none: nothing goes (the driver says why the source has none)
    assert table.sources() == ["a", "c"]


def test_idle_mappings_expire_with_the_clock_but_one_holding_datagrams_waits() -> None:
    table = table_of("holder", "idler", "busy", now=0.0, idle_s=60.0)
    table.hold("holder", "to-target", True)
    table.pass_on("holder", "to-target", b"kept", 0.0)
    table.touch("idler", 1.0)
    table.touch("busy", 30.0)
    assert (playbook(run(table))
            >> ("sweep", 60.0)  # not idle for 60 s yet
            >> ("sweep", 61.0) << Expired("idler")
            >> ("sweep", 89.0)
            >> ("sweep", 90.0) << Expired("busy")
            >> ("sweep", 1000.0))  # the holder waits for the user's word
    assert table.sources() == ["holder"]
    assert (playbook(run(table))
            >> ("release", "holder", "to-target") << Forward("to-target", b"kept")
            >> ("sweep", 1000.0) << Expired("holder"))


def test_no_expiry_when_idle_s_is_0() -> None:
    table = table_of("a", idle_s=0)
    assert playbook(run(table)) >> ("sweep", 1e9)
    assert table.sources() == ["a"]


def test_a_forgotten_mapping_drops_what_it_held() -> None:
    table = table_of("a")
    table.hold("a", "to-target", True)
    table.hold("a", "to-client", True)
    assert (playbook(run(table))
            >> ("pass_on", "a", "to-target", b"123", 1.0)
            >> ("pass_on", "a", "to-client", b"45", 1.0)
            >> ("forget", "a") << Dropped(3, 1) << Dropped(2, 1)
            >> ("forget", "a"))  # (gone already)
    assert table.held_total_bytes == table.held_total_datagrams == 0 and not len(table)
