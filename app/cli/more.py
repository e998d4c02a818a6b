"""netassist-cli's other subcommands: ``connect``, ``run``, ``relay``, ``export`` (the fixed ``send`` and
``listen`` forms live in :mod:`app.cli`). Engine only: nothing here imports Qt."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from app.automation.sequence import InvalidSequence, Sequence, sequences_from_json
from app.automation.sequence_run import SequenceRunner, StepResult
from app.cli.ws import add_client_options
from app.core.errors import Cause, FileProblem, InputError, NetAssistError
from app.core.records import Direction, Record
from app.export.logs import SessionLogger
from app.net.session import RecordAdded, Session, State, StateChanged
from app.net.sessions.tcp_client import TcpClientSession


class Usage(InputError):
    """A mistake in the command line (exit status 2)."""

    code = "usage"


#: The exit status for each cause (app.core.errors.Cause): what the user typed, or a file or setting they named,
#: is theirs to fix (2); the network's doing or the peer's is 3.
EXIT_STATUS = {Cause.INPUT: 2, Cause.CONFIG: 2, Cause.NETWORK: 3, Cause.PEER: 3}


def exit_status(exc: NetAssistError) -> int:
    """The exit status an error ends a command with: decided by its type (its cause), nothing else."""
    return EXIT_STATUS[exc.cause]


async def client_session(proto: str, target: str, prepare: Callable[[Session], object] = lambda s: None,
                         args: argparse.Namespace | None = None) -> Session:
    """A connected TCP (or WebSocket) client, or a UDP socket bound to an ephemeral port whose remote is ``target``.
    ``prepare`` runs before it opens (listeners subscribed then miss nothing a fast peer says at once)."""
    from app.cli import host_port  # (the one parser of HOST:PORT)

    if proto == "ws":  # (target: a ws:// or wss:// URL; ``args`` carries its options)
        from app.cli.ws import client

        assert args is not None  # (the ws callers pass their options)
        session: Session = client(args)
        prepare(session)
        await session.open()
        return session
    host, port = host_port(target)
    if proto == "tcp":
        session = TcpClientSession(host, port)
        prepare(session)
        await session.open()
        return session
    from app.cli import udp_for

    udp = await udp_for(host, port)
    prepare(udp)
    await udp.open()
    udp.remote = await udp.resolve_target(host, port)
    return udp


def printing(session: Session, args: argparse.Namespace, on_rx: object = None,
             skip: tuple[str, ...] = ()) -> SessionLogger | None:
    """Print every record as ``send``/``listen`` do (but notices of a kind in ``skip``); log it with ``--log``."""
    from app.cli import Printer

    printer = Printer(args)

    def on_event(event: object) -> None:
        if isinstance(event, RecordAdded):
            notice = event.record.notice
            if notice is not None and (notice.kind in ("listening", "bound") or notice.kind in skip):
                return  # (said once open, in a line a script can read the port from)
            decoded = printer.record(event.record)
            if callable(on_rx) and event.record.direction is Direction.RX:
                on_rx(event.record, decoded)

    session.subscribe(on_event)
    return SessionLogger(session, jsonl_path=args.log) if args.log else None


async def connect(args: argparse.Namespace) -> int:
    """Like ``nc``: each line on stdin is sent (``--hex``: a line of hex bytes; otherwise the line with its
    newline, ``--escapes`` honoured); what arrives is printed. Ends when the peer closes, ``--count N`` records
    arrived, ``--duration S`` passed, ``--expect`` matched, or stdin ended and ``--timeout S`` (default 1)
    passed without a match being asked for."""
    from app.cli import expectation, payload, say_matched

    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    def on_match() -> None:
        if not done.done():
            done.set_result(0)
            say_matched(args)  # (under the record that matched)

    expect = expectation(args, on_match)
    count = [0]

    def on_rx(record: Record, decoded: str) -> None:
        count[0] += 1
        if done.done():
            return
        if expect is not None:
            expect.feed(record.data, decoded)
        if not done.done() and args.count and count[0] >= args.count:
            done.set_result(0 if expect is None else 1)

    logger: list[SessionLogger | None] = [None]

    def prepare(session: Session) -> None:
        logger[0] = printing(session, args, on_rx)

        def on_state(event: object) -> None:
            if isinstance(event, StateChanged) and event.state is State.CLOSED and not done.done():
                done.set_result(0 if expect is None else 1)

        session.subscribe(on_state)

    session = await client_session(args.proto, args.target, prepare, args)
    reader = asyncio.get_running_loop().create_task(_stdin_lines(session, args, payload, done))
    try:
        code = await asyncio.wait_for(done, args.duration) if args.duration else await done
    except TimeoutError:
        code = 0 if expect is None else 1
    finally:
        reader.cancel()
        if expect is not None:
            expect.close()
        await session.close()
        if logger[0] is not None:
            logger[0].close()
    if code == 1 and expect is not None:
        print(f"no reply matching {args.expect!r}", file=sys.stderr)
    return code


async def _stdin_lines(session: Session, args: argparse.Namespace, payload: Callable[[str, argparse.Namespace], bytes],
                       done: asyncio.Future[int]) -> None:
    """Send stdin's lines as they come. They are read in a daemon thread (a blocked read never keeps the
    process alive once the command is done) as bytes, so any input is sent, never a decoding error."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[bytes | None] = asyncio.Queue()

    def read() -> None:
        # os.read on the descriptor, not sys.stdin: a thread blocked inside the buffered reader holds its lock,
        # and the interpreter, shutting down, would abort on it
        pending = b""
        try:
            while chunk := os.read(sys.stdin.fileno(), 65536):
                pending += chunk
                *complete, pending = pending.split(b"\n")
                for line in complete:
                    loop.call_soon_threadsafe(lines.put_nowait, line + b"\n")
            if pending:
                loop.call_soon_threadsafe(lines.put_nowait, pending)
            loop.call_soon_threadsafe(lines.put_nowait, None)
        except (OSError, ValueError, RuntimeError):  # stdin closed under us, or the loop ended first
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(lines.put_nowait, None)

    threading.Thread(target=read, name="stdin", daemon=True).start()
    while (raw := await lines.get()) is not None:
        text = raw.decode("utf-8", errors="surrogateescape")  # (the terminal's bytes; encoded again as asked)
        if args.hex:
            text = text.rstrip("\r\n")
        if not text:
            continue
        try:
            session.send(payload(text, args))
        except NetAssistError as exc:
            print(f"not sent: {exc}", file=sys.stderr)
    with contextlib.suppress(TimeoutError, asyncio.CancelledError):  # stdin ended: the last replies, then done
        await asyncio.wait_for(asyncio.shield(done), args.timeout)
    if not done.done():
        done.set_result(0 if args.expect is None else 1)


def load_sequence(path: str, name: str | None) -> tuple[Sequence, dict[str, object]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FileProblem(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InvalidSequence(f"{path} is not UTF-8 text (byte {exc.start + 1:,}): a sequence file is JSON in "
                              "UTF-8") from None
    try:
        sequences = sequences_from_json(text)
    except InvalidSequence as exc:
        raise InvalidSequence(f"{path}: {exc}") from None
    if not sequences:
        raise InvalidSequence(f"{path} holds no sequence")
    chosen = sequences[0] if name is None else next((s for s in sequences if s.name == name), None)
    if chosen is None:
        raise InvalidSequence(f"{path} has no sequence named {name!r} (it has: {', '.join(s.name for s in sequences)})")
    with contextlib.suppress(ValueError, AttributeError):
        head = json.loads(text)
        if isinstance(head, dict) and isinstance(head.get("target"), dict):
            return chosen, head["target"]
    return chosen, {}


async def run(args: argparse.Namespace) -> int:
    """Run a sequence file against ``tcp|udp HOST:PORT`` or ``ws URL`` (or the file's ``"target"``: ``proto`` and
    ``host``/``port``, or ``url`` for ws); exit 0 pass, 1 fail. Over ws each send step is one message, a text
    frame or a binary one by the step's own format (hex: binary)."""
    sequence, target = load_sequence(args.file, args.name)
    proto = args.proto or target.get("proto")
    if proto == "ws":
        where = args.target or target.get("url")
        args.target = where  # (the URL the ws client is made from)
    else:
        where = args.target or (f"{target.get('host')}:{target.get('port')}" if target.get("port") else None)
    if proto not in ("tcp", "udp", "ws") or not where:
        raise Usage("give the peer: run SEQUENCE.json tcp|udp HOST:PORT or ws URL (or a \"target\" in the file)")
    decoder = getattr(args, "decoder", None)
    for k, s in enumerate(sequence.steps, 1):
        if s.action == "expect" and s.match == "field" and not s.decoder and decoder is None:
            raise Usage(f"{sequence.name}, step {k} expects decoded fields ({s.text}): give --decode NAME|FILE.json "
                        "or a \"decoder\" in the step")
    logged: list[SessionLogger | None] = [None]
    runner: list[SequenceRunner] = []

    def prepare(session: Session) -> None:
        logged[0] = printing(session, args, skip=("sequence",))  # (the summary is printed once, below)
        runner.append(SequenceRunner(session, sequence, on_progress=step, encoding=args.encoding, decoder=decoder))
        runner[0].listen()  # (a greeting the peer sends on connect is there for a first expect step)

    def step(index: int, result: StepResult | None) -> None:
        if result is None or args.quiet:
            return
        s = sequence.steps[index]
        if args.json:
            print(json.dumps({"step": index + 1, "outcome": result.outcome, "ms": round(result.ms, 1),
                              "detail": result.detail}, ensure_ascii=False), flush=True)
        else:
            mark = "✓" if result.ok else "✗"
            extra = f": {result.detail}" if result.detail else ""
            print(f"{mark} step {index + 1} {s.describe()} — {result.outcome} in {result.ms:,.0f} ms{extra}",
                  flush=True)

    session = await client_session(str(proto), str(where), prepare, args)
    try:
        result = await runner[0].run()
    finally:
        await session.close()
        if logged[0] is not None:
            logged[0].close()
    if args.json:
        print(json.dumps({"sequence": sequence.name, "passed": result.passed, "steps": result.done,
                          "ms": round(result.ms, 1), "failed_step": None if result.failed_step is None
                          else result.failed_step + 1, "reason": result.reason}, ensure_ascii=False), flush=True)
    if not args.quiet or not result.passed:
        print(result.summary(sequence.name), file=sys.stdout if result.passed else sys.stderr, flush=True)
    if result.passed:
        return 0
    return 3 if result.error is not None and exit_status(result.error) == 3 else 1


async def relay(args: argparse.Namespace) -> int:
    """Listen and relay every client (or UDP source) to the target, printing both directions."""
    from app.cli import host_port

    host, port = host_port(args.address, listen=True)
    thost, tport = host_port(args.target)
    session: Session
    if args.proto == "tcp":
        from app.net.sessions.tcp_relay import TcpRelaySession

        session = TcpRelaySession(host, port, thost, tport)
    else:
        from app.net.sessions.udp_relay import UdpRelaySession

        session = UdpRelaySession(host, port, thost, tport)
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    count = [0]

    def on_rx(record: object, decoded: str) -> None:
        count[0] += 1
        if args.count and count[0] >= args.count and not done.done():
            done.set_result(None)

    logger = printing(session, args, on_rx)
    try:
        await session.open()
        if not args.quiet and session.local_address is not None:
            print(json.dumps({"listening": str(session.local_address)}) if args.json
                  else f"relaying {session.local_address} to {thost}:{tport}", flush=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done, args.duration)
        return 0
    finally:
        await session.close()
        if logger is not None:
            logger.close()


def export(args: argparse.Namespace) -> int:
    """A ``.jsonl`` log as a pcapng file Wireshark reads, or (``--decode``, an ``OUT.csv``) its decoded fields as
    CSV: one row per record, one column per field."""
    fmt = args.format or ("csv" if str(args.out).lower().endswith(".csv") else "pcapng")
    if fmt == "csv" and not args.decode:
        raise Usage("a CSV export writes decoded fields: name the decoder with --decode NAME|FILE.json")
    if fmt == "pcapng" and args.decode:
        raise Usage("--decode goes with a CSV export (OUT.csv or --format csv); pcapng keeps the bytes")
    if not os.path.lexists(args.log_file):
        raise FileProblem(f"{args.log_file}: no such log file")  # (a FIFO, a device, a folder: refused in words below)
    if fmt == "csv":
        return _export_csv(args)
    from app.export.pcap import export_pcapng

    summary = export_pcapng(args.log_file, args.out, kind=args.kind)
    if not args.quiet:
        print(f"{args.out}: {summary.packets:,} packets, {summary.bytes:,} bytes of payload", flush=True)
    return 0


def _export_csv(args: argparse.Namespace) -> int:
    from app.decode import decoder_for
    from app.export.fields_csv import record_messages, write_fields_csv
    from app.export.logs import SkippedLines, load_jsonl

    decoder = decoder_for(args.decode)  # (a bad layout: a LayoutError naming the field, exit 2)
    skipped = SkippedLines()
    try:
        summary = write_fields_csv(lambda: record_messages(load_jsonl(args.log_file, skipped)), args.out, decoder)
    except ValueError as exc:  # (not a log at all)
        raise Usage(str(exc)) from None
    if not args.quiet:
        more = f", {summary.not_fit:,} do not fit" if summary.not_fit else ""
        print(f"{args.out}: {summary.rows:,} messages, {summary.columns:,} field columns{more}", flush=True)
        if summary.dropped:
            print(f"{summary.dropped:,} more field names left out (at most {summary.columns:,} columns)",
                  file=sys.stderr, flush=True)
    return 0


#: Said in ``listen --help`` and ``relay --help``: the default address is every interface.
ALL_INTERFACES = ("Without a HOST it listens on 0.0.0.0: all interfaces, reachable from your network (a relay "
                  "left so is an open door to its target for the whole network). Give 127.0.0.1:PORT for this "
                  "machine only.")
ADDRESS_HELP = "where to listen; PORT alone means 0.0.0.0:PORT (all interfaces); 127.0.0.1:PORT: this machine only"

def add_parsers(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], object]) -> None:
    c = sub.add_parser("connect", help="connect and send stdin's lines; print what arrives (like nc)")
    c.add_argument("proto", choices=("tcp", "udp", "ws"))
    c.add_argument("target", metavar="HOST:PORT|URL", help="HOST:PORT; for ws a ws:// or wss:// URL")
    c.add_argument("--count", type=int, default=0, metavar="N", help="stop after N records received")
    c.add_argument("--duration", type=float, default=None, metavar="S", help="stop after S seconds")
    c.add_argument("--expect", metavar="PATTERN", help="stop once a reply matches (exit 1 if none did)")
    c.add_argument("--timeout", type=float, default=1.0, metavar="S",
                   help="after stdin ends, wait this long for replies (default 1 s)")
    common(c)
    add_client_options(c)
    r = sub.add_parser("run", help="run a sequence file (send / wait / expect / repeat); exit 0 pass, 1 fail",
                       description="Steps carry their own hex, escapes, checksum and macros (as the window's "
                                   "Sequence tab saves them); --encoding is the encoding of steps that name "
                                   "none, and of what is printed.")
    r.add_argument("file", metavar="SEQUENCE.json")
    r.add_argument("proto", nargs="?", choices=("tcp", "udp", "ws"))
    r.add_argument("target", nargs="?", metavar="HOST:PORT|URL", help="HOST:PORT; for ws a ws:// or wss:// URL")
    r.add_argument("--name", help="which sequence of the file (default: the first)")
    common(r)
    add_client_options(r)
    y = sub.add_parser("relay", help="listen and relay every client to a target, printing both ways",
                       description=ALL_INTERFACES)
    y.add_argument("proto", choices=("tcp", "udp"))
    y.add_argument("address", metavar="[HOST:]PORT", help=ADDRESS_HELP)
    y.add_argument("target", metavar="TARGET_HOST:PORT")
    y.add_argument("--count", type=int, default=0, metavar="N", help="stop after N records relayed")
    y.add_argument("--duration", type=float, default=None, metavar="S", help="stop after S seconds")
    common(y)
    e = sub.add_parser("export", help="turn a .jsonl log into a pcapng file Wireshark reads, or its decoded "
                                      "fields into CSV (--decode)")
    e.add_argument("log_file", metavar="LOG.jsonl")
    e.add_argument("out", metavar="OUT.pcapng|OUT.csv")
    e.add_argument("--format", choices=("pcapng", "csv"),
                   help="what to write (default: csv for a .csv OUT, else pcapng)")
    e.add_argument("--decode", metavar="NAME|FILE.json",
                   help="CSV: decode each record with a built-in decoder or a layout file; one row per record, "
                        "one column per field")
    e.add_argument("--kind", choices=("tcp-server", "tcp-client", "udp", "tcp-relay", "udp-relay", "tcp-clients"),
                   help="the session kind (default: read from the log)")
    e.add_argument("--quiet", action="store_true")


__all__ = ["ADDRESS_HELP", "ALL_INTERFACES", "Usage", "add_parsers", "connect", "export", "relay", "run"]
