"""Playbooks for the flows in app/flow (after mitmproxy's ``test/mitmproxy/proxy/tutils.py``): events in, the
commands each must give out, exactly and in order, with no socket anywhere::

    assert (playbook(flow.handle)
            >> Data("client", b"hi")
            << Write("target", b"hi"))

``>>`` feeds an event, ``<<`` names a command the last event gives; ``assert`` runs the book and, on a
difference, says at which event and what came instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Playbook:
    """A list of events, each with the commands expected from it."""

    def __init__(self, handle: Callable[[Any], list[Any]]):
        self.handle = handle
        self.steps: list[tuple[Any, list[Any]]] = []

    def __rshift__(self, event: Any) -> Playbook:
        self.steps.append((event, []))
        return self

    def __lshift__(self, command: Any) -> Playbook:
        assert self.steps, "a command before any event"
        self.steps[-1][1].append(command)
        return self

    def __bool__(self) -> bool:
        for i, (event, expected) in enumerate(self.steps, 1):
            got = list(self.handle(event))
            if got != expected:
                raise AssertionError(f"event {i}, {event!r}:\n  expected {expected!r}\n  got      {got!r}")
        self.steps.clear()  # (a book runs once: more steps can follow on the same flow)
        return True


def playbook(handle: Callable[[Any], list[Any]]) -> Playbook:
    return Playbook(handle)
