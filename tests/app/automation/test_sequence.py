"""Sequences against real loopback peers: pass against an echo peer, fail at the right step against a silent one,
repeat blocks, macros across sends, drift-free waits, and files checked before anything is sent."""

from __future__ import annotations

import asyncio
import json

import pytest

from app.automation.sequence import InvalidSequence, Sequence, Step, sequence_from_dict, sequences_from_json
from app.automation.sequence_run import SequenceRunner
from app.core.macros import Macros
from app.core.records import Address, Direction
from app.net.session import State
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.udp import UdpSession
from tests.app.helpers import Watch, poll_until, start_echo_server


async def connected_client(port: int) -> tuple[TcpClientSession, Watch]:
    client = TcpClientSession("127.0.0.1", port)
    w = Watch(client)
    await client.open()
    assert client.state is State.OPEN
    return client, w


def seq(*steps: Step, name: str = "t") -> Sequence:
    s = Sequence(name, list(steps))
    s.check()
    return s


async def test_a_sequence_passes_against_an_echo_peer() -> None:
    server, port = await start_echo_server()
    client, w = await connected_client(port)
    try:
        s = seq(Step("send", "PING 1\r\n"), Step("expect", "PING 1", ms=2000),
                Step("send", "01 03 00 00 00 0A", hex=True, checksum="crc16-modbus"),
                Step("expect", "01 03 00 00 00 0A C5 CD", match="hex", ms=2000),
                Step("send", "温度=21.5℃\n", encoding="gb2312"),
                Step("expect", r"温度=(\d+)\.\d", match="regex", encoding="gb2312", ms=2000), name="echo")
        progress: list[tuple[int, str | None]] = []
        runner = SequenceRunner(client, s, on_progress=lambda i, r: progress.append((i, r and r.outcome)))
        result = await asyncio.wait_for(runner.run(), 10)
        assert result.passed, result.reason
        assert [r.outcome for r in result.steps] == ["sent", "matched"] * 3
        assert result.steps[3].detail == "01 03 00 00 00 0A C5 CD"
        assert result.steps[5].detail == "温度=21.5"
        assert (0, None) in progress and (5, "matched") in progress
        summary = [r.notice for r in w.records(Direction.NOTICE) if r.notice.kind == "sequence"]
        assert summary and summary[-1].detail == "pass" and "passed" in summary[-1].text
    finally:
        await client.close()
        server.close()


async def test_a_sequence_fails_at_the_right_step_against_a_silent_peer() -> None:
    got = bytearray()

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            got.extend(data)
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    client, w = await connected_client(server.sockets[0].getsockname()[1])
    try:
        s = seq(Step("send", "HELLO\n"), Step("expect", "OK", ms=150), Step("send", "NEVER\n"), name="silent")
        result = await asyncio.wait_for(SequenceRunner(client, s).run(), 10)
        assert not result.passed
        assert result.failed_step == 1
        assert [r.outcome for r in result.steps] == ["sent", "timed-out"]
        assert "within 150 ms" in result.reason
        assert 140 <= result.steps[1].ms < 1000
        texts = [r.notice.text for r in w.records(Direction.NOTICE)
                 if r.notice.kind == "sequence"]
        assert any("failed at step 2" in t for t in texts)
        await w.until(lambda: client.counters.total.tx_bytes == 6)
        assert b"NEVER" not in bytes(got)  # stopped at the failing step
    finally:
        await client.close()
        server.close()


async def test_expect_can_go_on_after_a_failure_and_two_answers_in_one_read_satisfy_two_steps() -> None:
    server, port = await start_echo_server()
    client, _w = await connected_client(port)
    try:
        s = seq(Step("send", "OK\r\nREADY\r\n"), Step("expect", "OK", ms=2000), Step("expect", "READY", ms=2000),
                Step("expect", "MISSING", ms=50, on_fail="continue"), Step("send", "last"),
                Step("expect", "last", ms=2000))
        result = await asyncio.wait_for(SequenceRunner(client, s).run(), 10)
        assert [r.outcome for r in result.steps] == ["sent", "matched", "matched", "timed-out", "sent", "matched"]
        assert not result.passed and result.failed_step == 3
    finally:
        await client.close()
        server.close()


async def test_a_reply_that_came_during_a_wait_still_counts() -> None:
    server, port = await start_echo_server()
    client, w = await connected_client(port)
    try:
        s = seq(Step("send", "early"), Step("wait", ms=100), Step("expect", "early", ms=10))
        await asyncio.wait_for(SequenceRunner(client, s).run(), 10)
        assert w.rx() == b"early"
    finally:
        await client.close()
        server.close()


async def test_repeat_blocks_nest_and_macros_count_across_sends() -> None:
    server, port = await start_echo_server()
    client, w = await connected_client(port)
    try:
        s = seq(Step("send", "<{{counter}}>", macros=True),       # 1
                Step("send", "."),                                 # 2
                Step("repeat", start=2, times=2),                  # 3: step 2 twice per outer run
                Step("expect", ">", ms=2000),                      # 4
                Step("repeat", start=1, times=3))                  # 5: steps 1–4 three times
        result = await asyncio.wait_for(SequenceRunner(client, s, macros=Macros(start=7)).run(), 10)
        assert result.passed, result.reason
        await w.until(lambda: w.rx() == b"<7>..<8>..<9>..")
    finally:
        await client.close()
        server.close()


async def test_waits_keep_absolute_deadlines() -> None:
    """Ten rounds of send + wait 20 ms end near 200 ms: the sends' own time does not add up as drift."""
    server, port = await start_echo_server()
    client, _w = await connected_client(port)
    try:
        s = seq(Step("send", "x"), Step("wait", ms=20), Step("repeat", start=1, times=10))
        result = await asyncio.wait_for(SequenceRunner(client, s).run(), 10)
        assert result.passed
        assert 195 <= result.ms < 400
    finally:
        await client.close()
        server.close()


async def test_stopping_a_run_ends_it_with_a_fail_summary() -> None:
    server, port = await start_echo_server()
    client, w = await connected_client(port)
    try:
        s = seq(Step("send", "tick"), Step("wait", ms=10), Step("repeat", start=1, times=0))
        runner = SequenceRunner(client, s)
        task = runner.start()
        await w.until(lambda: client.counters.total.tx_bytes >= 12)
        runner.stop()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not runner.result.passed and runner.result.reason == "stopped"
    finally:
        await client.close()
        server.close()


async def test_udp_sequences_send_to_the_target_and_expect_from_one_peer() -> None:
    loop = asyncio.get_running_loop()

    class Echo(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.t = transport

        def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
            self.t.sendto(b"ACK " + data, addr)  # type: ignore[attr-defined]

    transport, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    port = transport.get_extra_info("sockname")[1]
    udp = UdpSession("127.0.0.1", 0, remote=Address("127.0.0.1", port))
    await udp.open()
    try:
        s = seq(Step("send", "A"), Step("expect", "ACK A", peer=f"127.0.0.1:{port}", ms=2000),
                Step("send", "B", peer=f"127.0.0.1:{port}"), Step("expect", "ACK B", peer="127.0.0.1:1", ms=100))
        result = await asyncio.wait_for(SequenceRunner(udp, s).run(), 10)
        assert [r.outcome for r in result.steps] == ["sent", "matched", "sent", "timed-out"]
    finally:
        await udp.close()
        transport.close()


def test_files_are_checked_before_anything_is_sent() -> None:
    good = {"name": "poll", "steps": [{"action": "send", "text": "01 03", "hex": True, "checksum": "crc16-modbus"},
                                      {"action": "expect", "text": "01 03", "match": "hex", "ms": 500}]}
    assert sequences_from_json(json.dumps(good))[0].steps[0].checksum == "crc16-modbus"
    # a quick-commands export: plain commands become one-step sequences
    mixed = [{"name": "hi", "text": "hello", "hex": False}, good]
    assert [len(s.steps) for s in sequences_from_json(json.dumps(mixed))] == [1, 2]
    cases = [
        ({"steps": [{"action": "send", "text": "0G", "hex": True}]}, "step 1: invalid hex"),
        ({"steps": [{"action": "dance"}]}, "unknown action"),
        ({"steps": [{"action": "send", "text": "x"}, {"action": "repeat", "start": 3}]}, "earlier step"),
        ({"steps": [{"action": "expect", "text": "(", "match": "regex"}]}, "regular expression"),
        ({"steps": [{"action": "wait", "ms": "100"}]}, "'ms' should be int"),
        ({"steps": [{"action": "send", "text": "x", "encoding": "klingon"}]}, "klingon"),
        ({"steps": "nope"}, "list of \"steps\""),
    ]
    for data, words in cases:
        with pytest.raises(InvalidSequence) as info:
            sequence_from_dict(data)
        assert words in str(info.value), (data, str(info.value))
    with pytest.raises(InvalidSequence, match="not valid JSON"):
        sequences_from_json("{")
    s = sequence_from_dict(good)
    assert sequence_from_dict(json.loads(json.dumps(s.to_dict()))) == s


async def test_a_block_that_never_waits_leaves_the_loop_live_and_stops() -> None:
    server, port = await start_echo_server()
    client, _w = await connected_client(port)
    ticks = [0]

    async def ticker() -> None:
        while True:
            ticks[0] += 1
            await asyncio.sleep(0.001)

    tick_task = asyncio.get_running_loop().create_task(ticker())
    try:
        for steps in ([Step("wait", ms=0), Step("repeat", start=1, times=0)],
                      [Step("expect", "zz", ms=0, on_fail="continue"), Step("repeat", start=1, times=0)]):
            runner = SequenceRunner(client, seq(*steps))
            task = runner.start()
            before = ticks[0]
            await poll_until(lambda b=before: ticks[0] >= b + 20, 5)  # the loop keeps turning
            passes = runner.result.done
            runner.stop()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(task, 5)
            assert passes < 5000  # about a pass a millisecond, not a spinning core
    finally:
        tick_task.cancel()
        await client.close()
        server.close()


async def test_an_expect_fails_at_once_when_the_connection_closes() -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(10)
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    client, _w = await connected_client(server.sockets[0].getsockname()[1])
    try:
        s = seq(Step("send", "hi"), Step("expect", "never", ms=30_000))
        result = await asyncio.wait_for(SequenceRunner(client, s).run(), 10)
        assert not result.passed and result.failed_step == 1 and result.code == "not-open"
        assert "connection closed" in result.reason and result.ms < 5000
    finally:
        await client.close()
        server.close()


def test_peers_patterns_and_names_are_checked_before_a_run() -> None:
    cases = [
        ({"steps": [{"action": "send", "text": "x", "peer": "192.168.1.5"}]}, "not an IP address and port"),
        ({"steps": [{"action": "send", "text": "x", "peer": "localhost:80"}]}, "not an IP address and port"),
        ({"steps": [{"action": "expect", "text": r"(ab)\1", "match": "regex"}]}, "backtracking"),
        ({"steps": [{"action": "expect", "text": "x", "on_fail": "abort"}]}, "on_fail"),
        ({"steps": [{"action": "send", "text": "{{nope}}", "macros": True}]}, "unknown macro {{nope}}"),
        ({"steps": []}, "no steps"),
    ]
    for data, words in cases:
        with pytest.raises(InvalidSequence) as info:
            sequence_from_dict(data)
        assert words in str(info.value), (data, str(info.value))
    s = sequence_from_dict({"steps": [{"action": "send", "text": "x", "peer": "[::1]:7788"}]})
    assert s.steps[0].peer == "[::1]:7788"


def test_the_inbox_consumes_only_what_the_match_used() -> None:
    from app.automation.sequence_run import _Inbox
    from app.core.records import Record

    inbox = _Inbox()
    a, b = Address("127.0.0.1", 1), Address("127.0.0.1", 2)
    for peer, data in ((a, b"OK"), (b, b"hello"), (a, b"more")):
        inbox.add(Record(0, 0, Direction.RX, peer, data))
    assert inbox.find("OK", str(a), "utf-8") == (b"OK", "OK")
    assert inbox.find("hello", str(b), "utf-8") == (b"hello", "hello")  # B's chunk survived A's match
    inbox.add(Record(0, 0, Direction.RX, a, b"OK\xff\r\n"))
    from app.automation.sequence import pattern_of

    assert inbox.find(pattern_of(Step("expect", "OK\\xFF")), str(a), "utf-8") is not None  # as the view shows it
