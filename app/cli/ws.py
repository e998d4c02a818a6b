"""netassist-cli's WebSocket forms: ``send ws URL PAYLOAD``, ``listen ws [HOST:]PORT``, ``connect ws URL``
(:mod:`app.cli` and :mod:`app.cli.more` run them as they run tcp; this makes the sessions and adds the options).

A payload in text mode goes as a text frame when the encoding is UTF-8 (the protocol's rule); with ``--hex``, or
another ``--encoding``, as a binary frame."""

from __future__ import annotations

import argparse
import codecs

from app.core.errors import InputError
from app.net.tls import TlsOptions
from app.net.ws.client import WsClientSession, parse_url
from app.net.ws.server import WsServerSession


def text_frames(args: argparse.Namespace) -> bool:
    """Whether payloads go as text frames: text mode, UTF-8."""
    try:
        utf8 = codecs.lookup(args.encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    return not args.hex and utf8


def _headers(values: list[str] | None) -> list[tuple[str, str]]:
    headers = []
    for value in values or ():
        name, sep, text = value.partition(":")
        if not sep or not name.strip():
            raise InputError(f"--header {value!r}: give it as 'Name: value'")
        headers.append((name.strip(), text.strip()))
    return headers


def client(args: argparse.Namespace) -> WsClientSession:
    """The WebSocket client ``send ws``/``connect ws`` use (not yet open)."""
    parse_url(args.target)  # (a bad URL is the command line's mistake: said before anything else)
    tls = TlsOptions(verify=not args.insecure, ca_file=args.ca_file or "")
    return WsClientSession(args.target, headers=_headers(args.header), subprotocols=args.subprotocol or (),
                           origin=args.origin or "", text_mode=text_frames(args), tls=tls)


def server(host: str, port: int, args: argparse.Namespace) -> WsServerSession:
    """The WebSocket server ``listen ws`` uses (not yet open)."""
    return WsServerSession(host, port, path=args.path or "", subprotocols=args.subprotocol or (),
                           text_mode=text_frames(args))


def add_client_options(p: argparse.ArgumentParser) -> None:
    """The options of ``send ws`` and ``connect ws`` (ignored for tcp and udp)."""
    g = p.add_argument_group("WebSocket (ws URL)")
    g.add_argument("--header", action="append", metavar="'NAME: VALUE'", help="an extra handshake header (repeat)")
    g.add_argument("--subprotocol", action="append", metavar="NAME", help="a subprotocol to offer (repeat)")
    g.add_argument("--origin", metavar="URL", help="the Origin header a browser would send")
    g.add_argument("--insecure", action="store_true", help="wss://: do not verify the server's certificate")
    g.add_argument("--ca-file", metavar="PEM", help="wss://: also trust the CAs (or self-signed certificate) in PEM")


def add_server_options(p: argparse.ArgumentParser) -> None:
    """The options of ``listen ws``."""
    g = p.add_argument_group("WebSocket (listen ws)")
    g.add_argument("--path", metavar="/PATH", help="the path clients must ask for (default: any)")
    g.add_argument("--subprotocol", action="append", metavar="NAME", help="a subprotocol to accept (repeat)")
