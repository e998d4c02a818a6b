"""``netassist-cli decode (--layout FILE.json | --decoder NAME) [--hex] PAYLOAD``: one message decoded, printed as
one JSON object ``{"decoder", "fields": [...], "error"}``.

Exit status: 0 decoded, 1 the bytes do not fit (the error says why, in words), 2 a bad layout or usage (the
message names the field) — the layout's problem on stderr, as every other usage error of the CLI.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.core.codec import encode_text, parse_hex
from app.core.errors import NetAssistError
from app.decode import BUILTINS, Decoder, LayoutDecoder
from app.decode.layout import LayoutError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``decode`` subcommand, on the CLI's subparsers."""
    d = sub.add_parser("decode", help="decode one message into fields (a layout file or a built-in decoder)",
                       description="Prints one JSON object {\"decoder\", \"fields\", \"error\"}. Exit 0 decoded, "
                                   "1 the bytes do not fit, 2 a bad layout or usage.")
    which = d.add_mutually_exclusive_group(required=True)
    which.add_argument("--layout", metavar="FILE.json", help="a layout file (docs/architecture.md, Decoding)")
    which.add_argument("--decoder", metavar="NAME", choices=list(BUILTINS),
                       help=f"a built-in decoder: {', '.join(BUILTINS)}")
    d.add_argument("payload", metavar="PAYLOAD", help="the message: text (UTF-8), or hex bytes with --hex")
    d.add_argument("--hex", action="store_true", help="PAYLOAD is hex bytes (spaces, 0x and commas allowed)")
    d.add_argument("--escapes", action="store_true", help=r"\r \n \t \\ \0 \xNN in a text PAYLOAD")


def decode(args: argparse.Namespace) -> int:
    """Run ``decode``: print the JSON object; the exit status says whether the bytes fit."""
    try:
        decoder: Decoder = BUILTINS[args.decoder] if args.decoder else LayoutDecoder.from_file(args.layout)
        data = parse_hex(args.payload) if args.hex else encode_text(args.payload, "utf-8", escapes=args.escapes)
    except LayoutError as exc:
        print(f"netassist-cli: layout {exc}", file=sys.stderr)
        return 2
    except NetAssistError as exc:
        print(f"netassist-cli: {exc}", file=sys.stderr)
        return 2
    result = decoder.decode(data)
    print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
    return 0 if result.ok else 1
