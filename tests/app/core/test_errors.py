"""Errors by cause: every error says whose doing it was by its type, and the command line's exit status and
words follow from that, never from a code or a message's text."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import app
from app.cli import error_words
from app.cli.more import exit_status
from app.core import errors
from app.core.errors import Cause, ConfigError, InputError, NetAssistError, NetworkError, PeerError

ROOT = Path(__file__).resolve().parents[3]
CAUSE_CLASSES = {InputError: Cause.INPUT, ConfigError: Cause.CONFIG, NetworkError: Cause.NETWORK,
                 PeerError: Cause.PEER}
#: Families by protocol, never raised themselves: each of their members is also one of the cause classes.
FAMILIES = {errors.TlsError, errors.WsError}

#: Every error and the cause it must have: a new error is added here, deciding whose doing it is.
EXPECTED = {
    "InputError": Cause.INPUT, "ConfigError": Cause.CONFIG, "NetworkError": Cause.NETWORK, "PeerError": Cause.PEER,
    # what the user typed
    "InvalidHex": Cause.INPUT, "InvalidEscape": Cause.INPUT, "InvalidAddress": Cause.INPUT,
    "UnknownMacro": Cause.INPUT, "MacroTooLarge": Cause.INPUT, "UnencodableText": Cause.INPUT,
    "UnknownEncoding": Cause.INPUT, "UnknownChecksum": Cause.INPUT, "ChecksumRange": Cause.INPUT,
    "EmptyPayload": Cause.INPUT, "DatagramTooLarge": Cause.INPUT, "SendTooLarge": Cause.INPUT,
    "PatternTimeout": Cause.INPUT, "InvalidPattern": Cause.INPUT, "WsBadUrl": Cause.INPUT,
    "WsBadHeader": Cause.INPUT, "Usage": Cause.INPUT,
    # a file or a setting
    "TlsConfigError": Cause.CONFIG, "LayoutError": Cause.CONFIG,
    "ConditionError": Cause.CONFIG, "InvalidSequence": Cause.CONFIG,
    "InvalidCommands": Cause.CONFIG, "InvalidLog": Cause.CONFIG, "FileProblem": Cause.CONFIG,
    "ClientLimitReached": Cause.CONFIG,
    # the network, or this machine
    "ConnectionRefused": Cause.NETWORK, "Unreachable": Cause.NETWORK, "TimedOut": Cause.NETWORK,
    "AddressInUse": Cause.NETWORK, "AddressNotAvailable": Cause.NETWORK, "HostNotFound": Cause.NETWORK,
    "PermissionDenied": Cause.NETWORK, "PortUnreachable": Cause.NETWORK, "NotOpen": Cause.NETWORK,
    "NoTarget": Cause.NETWORK, "TlsTimeout": Cause.NETWORK,
    # the other side
    "ConnectionReset": Cause.PEER, "PeerNotReading": Cause.PEER, "TlsVerifyFailed": Cause.PEER,
    "TlsProtocolError": Cause.PEER, "TlsNotTls": Cause.PEER, "TlsClosed": Cause.PEER,
    "WsHandshakeFailed": Cause.PEER, "WsProtocolError": Cause.PEER,
}
EXIT = {Cause.INPUT: 2, Cause.CONFIG: 2, Cause.NETWORK: 3, Cause.PEER: 3}


def _every_error() -> list[type[NetAssistError]]:
    for module in pkgutil.walk_packages(app.__path__, "app."):
        importlib.import_module(module.name)

    def walk(cls: type[NetAssistError]) -> Iterator[type[NetAssistError]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return sorted(set(walk(NetAssistError)), key=lambda c: c.__name__)


def test_every_error_has_exactly_one_cause_and_the_expected_one() -> None:
    found = {cls.__name__: cls for cls in _every_error() if cls not in FAMILIES}
    assert set(found) == set(EXPECTED), "an error was added or removed: say its cause in EXPECTED"
    for name, cls in found.items():
        bases = [base for base in CAUSE_CLASSES if issubclass(cls, base)]
        assert len(bases) == 1, f"{name} is of {len(bases)} causes: {bases}"
        assert cls.cause is CAUSE_CLASSES[bases[0]] is EXPECTED[name], name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_error_maps_to_its_exit_status_and_words(name: str) -> None:
    cls = next(c for c in _every_error() if c.__name__ == name)
    error = cls("it went wrong")
    assert exit_status(error) == EXIT[EXPECTED[name]]
    words = error_words(error)
    assert words.endswith(": it went wrong")
    assert {Cause.INPUT: "usage error", Cause.CONFIG: "configuration error", Cause.NETWORK: "network error",
            Cause.PEER: "peer error"}[EXPECTED[name]] in words


def test_the_exit_status_does_not_look_at_the_code_or_an_os_error() -> None:
    """A certificate file that cannot be read carries the OS's error and a ``tls-`` code: still configuration."""
    missing = errors.TlsConfigError("the CA file /nowhere.pem does not exist", os_error=FileNotFoundError(2, "x"))
    assert missing.code.startswith("tls") and exit_status(missing) == 2
    assert exit_status(errors.TlsVerifyFailed("self-signed certificate")) == 3
    assert exit_status(errors.TlsTimeout("no answer")) == 3


def test_from_os_error_gives_causes() -> None:
    assert errors.from_os_error(ConnectionRefusedError(111, "refused")).cause is Cause.NETWORK
    assert errors.from_os_error(ConnectionResetError(104, "reset")).cause is Cause.PEER
    assert errors.from_os_error(OSError(99999, "odd")).cause is Cause.NETWORK


def test_nothing_raises_a_bare_netassist_error() -> None:
    """Only the cause classes (and what derives from them) are made: a bare NetAssistError has no cause."""
    bare = []
    for folder in ("app", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("NetAssistError", "TlsError",
                                                                                     "WsError"):
                    bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bare
