"""netassist-cli: the engine without the window (it never imports Qt).

Two forms are fixed, because scripts and outside tests depend on them::

    netassist-cli send tcp|udp HOST:PORT PAYLOAD [--hex] [--escapes] [--encoding E] [--expect PATTERN]
                  [--timeout S] [--log F] [--json] [--quiet]
    netassist-cli send ws ws://HOST:PORT/PATH PAYLOAD [the same options]
    netassist-cli listen tcp|udp|ws [HOST:]PORT [--count N] [--duration S] [--log F] [--reply PAYLOAD]
                  [--hex] [--escapes] [--encoding E] [--json] [--quiet]

``send`` connects (TCP) or binds an ephemeral port (UDP), sends PAYLOAD, and with ``--expect`` waits for a
reply matching the regex PATTERN (decoded with E; with ``--hex``, PATTERN is hex bytes). ``listen`` serves
until N records arrived or S seconds passed. Both print what they send and receive (``--json``: one JSON
record a line; for ws one message a record). ``--log F`` writes the same JSON Lines log the window writes and
opens.

The other subcommands (:mod:`app.cli.more`): ``connect tcp|udp|ws HOST:PORT|URL`` (stdin's lines out, what
arrives printed, like ``nc``), ``run SEQUENCE.json [tcp|udp HOST:PORT]`` (a sequence with expect steps), ``relay
tcp|udp [HOST:]PORT TARGET:PORT`` and ``export LOG.jsonl OUT.pcapng``.

Exit status: 0 done (and matched), 1 an expectation failed or timed out, 2 a usage error (what was typed, or a
file or setting it names: a certificate, a layout, a sequence), 3 a network error (refused, unreachable, address
in use …, or the peer's doing: a reset, bad TLS), always with the reason in words on stderr. The status follows
from the error's cause (:class:`app.core.errors.Cause`), never from its code.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import os
import socket
import sys
from collections.abc import Callable, Sequence

from app import __version__
from app.cli import decode as decode_cli
from app.cli import ws as ws_cli
from app.cli.more import ADDRESS_HELP, ALL_INTERFACES, add_parsers, connect, exit_status, export, relay, run
from app.core.addresses import check_port, resolve
from app.core.checksum import ALGORITHMS, ChecksumSpec
from app.core.codec import StreamDecoder, encode_text, format_hex, parse_hex, visible
from app.core.errors import Cause, InputError, NetAssistError, PatternTimeout
from app.core.macros import Macros
from app.core.records import Address, Direction, Record
from app.core.safe_regex import SafeRegex, stop_worker
from app.decode import BUILTINS, Decoder, decoder_for, format_line
from app.export.logs import SessionLogger, unbreakable
from app.net.session import RecordAdded, Session, State
from app.net.sessions.tcp_client import TcpClientSession
from app.net.sessions.tcp_server import TcpServerSession
from app.net.sessions.udp import UdpSession
from app.view.render import DECODED_MARK, escape, format_time, notice_words


class Printer:
    """What went over the wire, a line a record as the window's log mode shows it: time, ``→``/``←`` and the
    peer, the size, then the text (or hex). Colours (TX blue, notices green, errors red) only on a terminal,
    and never with ``NO_COLOR`` set."""

    def __init__(self, args: argparse.Namespace):
        self.hex, self.json, self.quiet = args.hex, args.json, args.quiet
        self.encoding = args.encoding
        self._decoders: dict[tuple[Address | None, Direction], StreamDecoder] = {}
        self.colour = not self.json and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        #: ``--decode``: each data record's fields (``"fields"`` in JSON, a decoded line under it otherwise).
        self.decode: Decoder | None = getattr(args, "decoder", None)

    def decoder(self, record: Record) -> StreamDecoder:
        key = (record.peer, record.direction)
        decoder = self._decoders.get(key)
        if decoder is None:
            decoder = self._decoders[key] = StreamDecoder(self.encoding)
        return decoder

    def text(self, record: Record) -> str:
        return self.decoder(record).decode(record.data)

    def _paint(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def record(self, record: Record) -> str:
        """Print ``record`` (unless quiet); returns its text as decoded (every byte goes through the
        stream's decoder once, so a character split across reads comes out whole)."""
        stamp = self._paint("2", f"[{format_time(record.time_ms)}]")
        if record.notice is not None:
            if not self.quiet:
                n = record.notice
                if self.json:
                    print(unbreakable(json.dumps({"t": record.time_ms, "notice": n.kind, "text": n.text},
                                                 ensure_ascii=False)), flush=True)
                else:
                    bad = n.kind in ("error", "tls-failed") or n.detail == "fail"
                    words = escape(notice_words(n.text))  # (a peer's words: one line, nothing invisible)
                    print(f"{stamp} {self._paint('31;1' if bad else '32;3', '* ' + words)}", flush=True)
            return ""
        carried = b""
        if self.hex:
            decoded = ""
        else:
            decoder = self.decoder(record)
            carried = decoder.pending()
            decoded = decoder.decode(record.data)
            if record.data and not decoded and not self.json:
                return ""  # only the start of a character: printed with the read that completes it
        if self.quiet:
            return decoded
        shown = format_hex(record.data) if self.hex else visible(decoded)
        decoded_fields = None if self.decode is None else self.decode.decode(record.data)
        if self.json:
            out: dict[str, object] = {"t": record.time_ms, "dir": record.direction.value, "peer": str(record.peer),
                                      "bytes": len(record.data), "hex": record.data.hex(),
                                      "text": None if self.hex else shown}
            if decoded_fields is not None:
                out["fields"] = [f.to_json() for f in decoded_fields.fields]
                out["decode_error"] = decoded_fields.error
            print(unbreakable(json.dumps(out, ensure_ascii=False)), flush=True)
        else:
            tx = record.direction is Direction.TX
            arrow = "→" if tx else "←"
            size = f"{len(record.data) + len(carried):,} bytes"
            if carried:  # the start of a character came in an earlier read, printed with nothing of its own
                size += f" ({len(carried):,} of them from before)"
            if shown.endswith("\n"):  # print() ends the line: a line break that ends the text is not doubled
                shown = shown[:-2] if shown.endswith("\r\n") else shown[:-1]
            print(f"{stamp} {arrow} {record.peer} {size}: {self._paint('34', shown) if tx else shown}", flush=True)
            if decoded_fields is not None:
                line = DECODED_MARK + format_line(decoded_fields)
                print(f"  {self._paint('31' if not decoded_fields.ok or '✗' in line else '36', line)}", flush=True)
        return decoded


def host_port(text: str, *, listen: bool = False) -> tuple[str, int]:
    """``HOST:PORT`` (``[v6]:PORT``); for listening ``PORT`` alone means every IPv4 interface."""
    host, sep, port = text.rpartition(":")
    if not sep:
        if not listen:
            raise InputError(f"{text!r}: give HOST:PORT")
        host, port = ("0.0.0.0", text)
    host = host.strip("[]") or ("0.0.0.0" if listen else "")
    try:
        number = int(port)
    except ValueError:
        raise InputError(f"{text!r}: the port is not a number") from None
    return host, check_port(number, listen=listen)


#: The newest received bytes (and characters) an expected reply is looked for in.
EXPECT_WINDOW = 64 * 1024


async def udp_for(host: str, port: int) -> UdpSession:
    """A UDP socket of the target's family on an ephemeral port: loopback for a loopback target, else any."""
    family, sockaddr = (await resolve(host, port, socket.SOCK_DGRAM))[0]
    target = Address.from_sockaddr(sockaddr)
    loopback = ipaddress.ip_address(target.host).is_loopback
    if family == socket.AF_INET6:
        return UdpSession("::1" if loopback else "::", 0)
    return UdpSession("127.0.0.1" if loopback else "0.0.0.0", 0)


def payload(text: str, args: argparse.Namespace, macros: Macros | None = None) -> bytes:
    if macros is not None:
        text = macros.expand(text, hex_mode=args.hex)
    data = parse_hex(text) if args.hex else encode_text(text, args.encoding, escapes=args.escapes)
    return ChecksumSpec(args.checksum).apply(data) if getattr(args, "checksum", "none") != "none" else data


#: What the regex worker may take to start (a new interpreter) before its first match is timed.
WORKER_START_S = 10.0


class Expectation:
    """What ``--expect`` waits for, looked for in the newest :data:`EXPECT_WINDOW` bytes (and characters)
    received: hex bytes, or a regex run as auto-reply runs one (:class:`app.core.safe_regex.SafeRegex`: RE2, in
    time linear in the text, so no peer data can make it backtrack for ever; a pattern RE2 cannot express
    goes to the worker process within its time budget). ``on_match`` is called once, when it matches."""

    def __init__(self, pattern: str, hex_mode: bool, on_match: Callable[[], None]):
        self.pattern = pattern
        self._bytes: bytes | None = None
        self._regex: SafeRegex | None = None
        if hex_mode:
            self._bytes = parse_hex(pattern)
        else:
            try:
                self._regex = SafeRegex(pattern)
            except ValueError as exc:
                raise InputError(f"--expect {pattern!r} is not a regular expression: {exc}") from None
        self._on_match = on_match
        self.matched = False
        self._received = bytearray()
        self._text = ""
        self._checking: asyncio.Task[None] | None = None
        self._again = False
        self._warm = False

    def feed(self, data: bytes, decoded: str) -> None:
        if self.matched:
            return
        self._received.extend(data)
        del self._received[:-EXPECT_WINDOW]  # what a reply is matched in stays bounded against a chatty peer
        self._text = (self._text + decoded)[-EXPECT_WINDOW:]
        if self._bytes is not None:
            if self._bytes in self._received:
                self._match()
            return
        assert self._regex is not None
        if self._regex.linear:
            if self._regex.search(self._text) is not None:
                self._match()
        elif self._checking is None:
            self._checking = asyncio.get_running_loop().create_task(self._check(), name="expect-check")
        else:
            self._again = True  # (one check at a time in the worker; the newest text is looked at next)

    async def _check(self) -> None:
        assert self._regex is not None
        try:
            if not self._warm:  # the worker's start (a new interpreter) is not the pattern's time
                self._warm = True
                with contextlib.suppress(PatternTimeout):
                    await self._regex.search_async("", WORKER_START_S)
            while not self.matched:
                self._again = False
                try:
                    found = await self._regex.search_async(self._text)
                except PatternTimeout as exc:
                    print(f"--expect {self.pattern!r}: {exc}; not matched", file=sys.stderr, flush=True)
                    found = None
                if found is not None:
                    self._match()
                elif not self._again:
                    break
        finally:
            self._checking = None

    def _match(self) -> None:
        if not self.matched:
            self.matched = True
            self._on_match()

    def close(self) -> None:
        if self._checking is not None:
            self._checking.cancel()


def expectation(args: argparse.Namespace, on_match: Callable[[], None]) -> Expectation | None:
    return None if args.expect is None else Expectation(args.expect, args.hex, on_match)


def say_matched(args: argparse.Namespace) -> None:
    """An ``--expect`` that matched says so, on stdout (a JSON object with ``--json``; nothing with ``--quiet``)."""
    if not args.quiet:
        print(json.dumps({"matched": args.expect}, ensure_ascii=False) if args.json else f"matched {args.expect!r}",
              flush=True)


async def send(args: argparse.Namespace) -> int:
    host, port = host_port(args.target) if args.proto != "ws" else ("", 0)
    macros = Macros(start=args.counter_start) if args.macros else None
    if args.count < 1:
        raise InputError("--count must be 1 or more")
    data = payload(args.payload, args, macros)
    matched = asyncio.get_running_loop().create_future()
    def on_match() -> None:
        if not matched.done():
            matched.set_result(True)
            say_matched(args)  # (under the record that matched)

    expect = expectation(args, on_match)
    printer = Printer(args)
    session: Session
    if args.proto == "tcp":
        session = TcpClientSession(host, port)
    elif args.proto == "ws":
        session = ws_cli.client(args)
    else:
        session = await udp_for(host, port)
    logger = SessionLogger(session, jsonl_path=args.log) if args.log else None

    def on_event(event: object) -> None:
        if not isinstance(event, RecordAdded):
            return
        record = event.record
        decoded = printer.record(record)
        if record.direction is Direction.RX and expect is not None:
            expect.feed(record.data, decoded)

    session.subscribe(on_event)
    try:
        await session.open()
        to = await session.resolve_target(host, port) if isinstance(session, UdpSession) else None
        loop = asyncio.get_running_loop()
        start = loop.time()
        for i in range(args.count):
            if i:  # absolute deadlines, as the periodic sender keeps them
                await asyncio.sleep(max(0.001, start + i * args.interval / 1000 - loop.time()))
                data = payload(args.payload, args, macros)
            session.send(data, to)
        if expect is None:
            if session.state is State.OPEN:
                await session.drain()
            if args.timeout:
                await asyncio.sleep(args.timeout)  # what the peer says meanwhile is printed
            return 0
        try:
            await asyncio.wait_for(matched, args.timeout)
        except TimeoutError:
            print(f"no reply matching {args.expect!r} within {args.timeout:g} s", file=sys.stderr)
            return 1
        return 0
    finally:
        if expect is not None:
            expect.close()
        await session.close()
        if logger is not None:
            logger.close()


async def listen(args: argparse.Namespace) -> int:
    host, port = host_port(args.address, listen=True)
    reply = payload(args.reply, args) if args.reply is not None else None
    printer = Printer(args)
    session: Session = (TcpServerSession(host, port) if args.proto == "tcp" else ws_cli.server(host, port, args)
                        if args.proto == "ws" else UdpSession(host, port))
    logger = SessionLogger(session, jsonl_path=args.log) if args.log else None
    done = asyncio.get_running_loop().create_future()
    count = [0]

    def on_event(event: object) -> None:
        if not isinstance(event, RecordAdded):
            return
        record = event.record
        if record.notice is not None and record.notice.kind in ("listening", "bound", "ws-listening"):
            return  # (said once it is open, in a line a script can read the port from)
        printer.record(record)
        if record.direction is not Direction.RX:
            return
        count[0] += 1
        if reply is not None and record.peer is not None:
            try:
                session.send(reply, record.peer)
            except NetAssistError as exc:
                print(f"reply to {record.peer} not sent: {exc}", file=sys.stderr)
        if args.count and count[0] >= args.count and not done.done():
            done.set_result(None)

    session.subscribe(on_event)
    try:
        await session.open()
        if not args.quiet and session.local_address is not None:
            print(json.dumps({"listening": str(session.local_address)}) if args.json
                  else f"listening on {session.local_address}", flush=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done, args.duration)  # (None: until N records, or forever)
        return 0
    finally:
        await session.close()
        if logger is not None:
            logger.close()


class _Intermixed(argparse.ArgumentParser):
    """A subcommand's parser that takes its options anywhere, also after optional positionals
    (``run FILE --quiet tcp H:P``: a plain parser gives ``proto`` and ``target`` nothing at ``FILE`` and then
    calls ``tcp H:P`` unrecognized)."""

    _inside = False

    # (typeshed overloads it on the namespace type; this one passes either through)
    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        if self._inside:  # (parse_known_intermixed_args calls back here for its two passes)
            return super().parse_known_args(args, namespace)
        self._inside = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inside = False


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="netassist-cli", description="NetAssist's engine from a shell.")
    p.add_argument("--version", action="version", version=f"NetAssist {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Intermixed)

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--hex", action="store_true", help="payloads and patterns are hex bytes; show hex")
        q.add_argument("--escapes", action="store_true", help=r"\r \n \t \\ \0 \xNN in text payloads")
        q.add_argument("--encoding", default="utf-8", help="text encoding (utf-8, gb2312, gbk, gb18030 …)")
        q.add_argument("--checksum", default="none", choices=[a.name for a in ALGORITHMS],
                       help="append a checksum to every payload (crc16-modbus: low byte first, as Modbus sends it)")
        q.add_argument("--log", metavar="FILE.jsonl", help="write every record as the window's JSON Lines log")
        q.add_argument("--json", action="store_true", help="print one JSON record a line")
        q.add_argument("--quiet", action="store_true", help="print nothing but errors")
        q.add_argument("--decode", metavar="NAME|FILE.json",
                       help=f"decode each record into fields: a built-in ({', '.join(BUILTINS)}) or a layout file; "
                            "--json records gain \"fields\", the human output a decoded line")

    s = sub.add_parser("send", help="send one payload (and wait for an expected reply)")
    s.add_argument("proto", choices=("tcp", "udp", "ws"))
    s.add_argument("target", metavar="HOST:PORT|URL", help="HOST:PORT; for ws a ws:// or wss:// URL")
    s.add_argument("payload")
    s.add_argument("--expect", metavar="PATTERN", help="wait for a reply matching this regex (hex with --hex)")
    s.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="how long to wait for the expected reply (default 5 s; without --expect: 0)")
    s.add_argument("--count", type=int, default=1, metavar="N", help="send the payload N times (default 1)")
    s.add_argument("--interval", type=float, default=1000.0, metavar="MS",
                   help="between sends with --count (default 1000 ms)")
    s.add_argument("--macros", action="store_true",
                   help="expand {{counter}}, {{time:%%H:%%M:%%S}}, {{unix}}, {{unix_ms}}, {{random:N}} per send")
    s.add_argument("--counter-start", type=int, default=0, metavar="N", help="{{counter}}'s first value")
    common(s)
    ws_cli.add_client_options(s)
    ls = sub.add_parser("listen", help="serve until N records or S seconds", description=ALL_INTERFACES)
    ls.add_argument("proto", choices=("tcp", "udp", "ws"))
    ls.add_argument("address", metavar="[HOST:]PORT", help=ADDRESS_HELP)
    ls.add_argument("--count", type=int, default=0, metavar="N", help="stop after N records received")
    ls.add_argument("--duration", type=float, default=None, metavar="S", help="stop after S seconds")
    ls.add_argument("--reply", metavar="PAYLOAD", help="answer every record received with this payload")
    common(ls)
    ws_cli.add_server_options(ls)
    add_parsers(sub, common)
    decode_cli.add_parser(sub)
    return p


#: The words before an error's message on stderr, by cause.
CAUSE_WORDS = {Cause.INPUT: "usage error", Cause.CONFIG: "configuration error", Cause.NETWORK: "network error",
               Cause.PEER: "peer error"}


def error_words(exc: NetAssistError) -> str:
    """An error as stderr says it: whose doing it was, then the message."""
    return f"netassist-cli: {CAUSE_WORDS[exc.cause]}: {exc}"


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "send" and args.timeout is None:
        args.timeout = 5.0 if args.expect is not None else 0.0
    commands = {"send": send, "listen": listen, "connect": connect, "run": run, "relay": relay}
    try:
        if args.command == "export":
            return export(args)
        if args.command == "decode":
            return decode_cli.decode(args)
        if getattr(args, "decode", None):
            args.decoder = decoder_for(args.decode)  # (a bad layout: exit 2 before any socket opens)
        return asyncio.run(commands[args.command](args))
    except NetAssistError as exc:
        print(error_words(exc), file=sys.stderr)
        return exit_status(exc)
    except KeyboardInterrupt:
        return 130
    finally:
        stop_worker()  # (the regex worker, if a pattern RE2 cannot run started one)


if __name__ == "__main__":
    sys.exit(main())
