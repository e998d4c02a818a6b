from __future__ import annotations

import asyncio

from app.automation.autoreply import AutoReply, Rule
from app.automation.periodic import PeriodicSender
from app.core.framing import FramingSpec
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession
from tests.app.helpers import Watch, read_exactly


async def test_rules_answer_a_real_client_in_order_and_count_hits() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    await server.open()
    auto = AutoReply(server, [
        Rule("PING", "exact", "PONG\\r\\n"),
        Rule(r"^GET (\w+)", "regex", "哈哈", delay_ms=5),
        Rule("01 03", "hex", "01 03 02 00 2A", reply_hex=True),
        Rule("never", "contains", "x", enabled=False),
    ], encoding="gb2312", framing=FramingSpec("delimiter", delimiter=b"\n"))
    reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    writer.write(b"PI")
    await writer.drain()
    writer.write(b"NG\nGET temp\n")  # split and stuck together: framing makes two messages
    assert await read_exactly(reader, 6) == b"PONG\r\n"
    assert await read_exactly(reader, 4) == "哈哈".encode("gb2312")
    writer.write(b"\x01\x03\x00\x00\n")
    assert await read_exactly(reader, 5) == bytes.fromhex("0103 02 00 2A")
    assert [r.hits for r in auto.rules] == [1, 1, 1, 0]
    writer.close()
    auto.close()
    await server.close()


async def test_echo_mode_and_a_broken_rule_is_disabled_not_fatal() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    errors: list[str] = []
    auto = AutoReply(server, [Rule("(", "regex", "x"), Rule("x", "contains", "zz not hex", reply_hex=True)],
                     on_error=lambda rule, exc: errors.append(str(exc)))
    assert not auto.rules[0].enabled and "regular expression" in auto.rules[0].error
    reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    writer.write(b"x")
    await w.until(lambda: not auto.rules[1].enabled)
    assert "invalid hex" in auto.rules[1].error and len(errors) == 2
    auto.echo = True
    writer.write(b"echo me")
    assert await read_exactly(reader, 7) == b"echo me"
    assert server.state.value == "open"
    writer.close()
    auto.close()
    await server.close()


async def test_udp_replies_are_rate_limited_per_source() -> None:
    target, attacker = UdpSession("127.0.0.1", 0), UdpSession("127.0.0.1", 0)
    wa = Watch(attacker)
    wt = Watch(target)
    await target.open()
    await attacker.open()
    auto = AutoReply(target, echo=True, udp_limit=100)
    # 1,000 datagrams a second for half a second: ten times the limit, paced so the socket buffer keeps up
    flood = PeriodicSender(lambda: attacker.send(b"spoof", target.local_address), period_ms=1, count=500)
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    flood.start()
    await asyncio.wait_for(flood.wait(), 10)
    await wt.until(lambda: target.counters.total.rx_packets == 500)
    elapsed = loop.time() - t0
    replies = target.counters.total.rx_packets - auto.limited
    await wa.until(lambda: attacker.counters.total.rx_packets == replies)
    # the bucket (100) plus 100 a second of refill, never the 500 a plain echo would send
    assert replies <= 100 + 100 * elapsed + 2, (replies, elapsed)
    assert auto.limited >= 500 - 100 - 100 * elapsed - 2
    auto.close()
    await target.close()
    await attacker.close()


async def test_replies_expand_macros_with_the_regex_groups_and_a_bad_macro_is_refused_up_front() -> None:
    server = TcpServerSession("127.0.0.1", 0)
    await server.open()
    rules = [Rule(r"temp=(\d+)\.(?P<frac>\d)", "regex", "ACK {{1}},{{frac}} #{{counter:3}} [{{0}}]\\r\\n",
                  macros=True),
             Rule("ping", "contains", "{{{{literal}} {{1}}", macros=False)]
    auto = AutoReply(server, rules)
    auto.macros.counter = 41
    reader, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
    try:
        writer.write(b"temp=23.5\n")
        assert await asyncio.wait_for(reader.readuntil(b"\r\n"), 5) == b"ACK 23,5 #041 [temp=23.5]\r\n"
        writer.write(b"temp=7.0\n")
        assert await asyncio.wait_for(reader.readuntil(b"\r\n"), 5) == b"ACK 7,0 #042 [temp=7.0]\r\n"
        writer.write(b"ping")  # macros off: the reply goes out as written
        assert await read_exactly(reader, 15) == b"{{{{literal}} {{1}}"[:15]
    finally:
        writer.close()
        auto.close()
        await server.close()
    bad = AutoReply(server, [Rule(r"x(\d)", "regex", "{{2}}", macros=True)])
    assert not bad.rules[0].enabled and "unknown macro {{2}} at position 1" in bad.rules[0].error
    bad.close()


def test_a_peers_text_in_a_reply_stays_literal_and_every_kind_has_group_0() -> None:
    from app.core.macros import Macros

    regex = Rule(r"name=(\S+)", "regex", "hi {{1}}\\r\\n", macros=True)
    regex.compile()
    for sent, reply in (("name=C:\\q", b"hi C:\\q\r\n"), ("name=a\\x41", b"hi a\\x41\r\n")):
        groups = regex.match(sent.encode(), sent)
        assert regex.reply_bytes("utf-8", Macros(), groups) == reply
    hexed = Rule(r"id=(\w+)", "regex", "AA {{1}} BB", reply_hex=True, macros=True)
    hexed.compile()
    assert hexed.reply_bytes("utf-8", Macros(), hexed.match(b"id=zz", "id=zz")) == b"\xaa" + b"zz" + b"\xbb"
    for kind, pattern, sent, zero in (("contains", "hello", "oh hello there", "hello"),
                                      ("exact", "PING", "PING\r\n", "PING"), ("hex", "01 03", "", "01 03")):
        rule = Rule(pattern, kind, "got {{0}}", macros=True)  # type: ignore[arg-type]
        rule.compile()
        data = bytes.fromhex("01 03 00") if kind == "hex" else sent.encode()
        assert rule.reply_bytes("utf-8", Macros(), rule.match(data, sent)) == f"got {zero}".encode()


async def test_delayed_replies_waiting_are_bounded_per_peer_and_in_all_and_the_drops_said_once() -> None:
    """A 10 s delay and peers sending 200 KB of matching lines: what waits stays within its bounds, every
    dropped reply is counted, one notice says so."""
    from app.automation import autoreply

    server = TcpServerSession("127.0.0.1", 0)
    w = Watch(server)
    await server.open()
    auto = AutoReply(server, [Rule("ping", "contains", "pong, a reply of some length\\n", delay_ms=10_000)],
                     framing=FramingSpec("delimiter", delimiter=b"\n"))
    lines = 200_000 // 5
    writers = []
    try:
        for _ in range(6):  # six peers: together past the session's bound as well
            _, writer = await asyncio.open_connection("127.0.0.1", server.local_address.port)
            writer.write(b"ping\n" * lines)
            writers.append(writer)
        await w.until_rx(6 * lines * 5, timeout=20)
        assert auto.pending <= autoreply.MAX_PENDING
        assert all(n <= autoreply.MAX_PENDING_PER_PEER and b <= autoreply.MAX_PENDING_BYTES_PER_PEER
                   for n, b in auto._per_peer.values())
        assert auto._pending_bytes <= autoreply.MAX_PENDING_BYTES
        assert auto.pending + auto.dropped == auto.rules[0].hits == 6 * lines
        assert w.notices().count("auto-reply-full") == 1
    finally:
        for writer in writers:
            writer.close()
        auto.close()
        await server.close()
    assert auto.pending == 0
