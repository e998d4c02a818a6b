"""Regular expressions a peer cannot use to freeze the window.

A user's pattern runs on RE2 (``google-re2``), whose matching time grows linearly with the text: the
catastrophic backtracking of ``(.*),(.*),(.*);`` or ``^(a+)+$`` cannot happen there. Patterns RE2 cannot
express (backreferences, lookarounds) fall back to Python's ``re``, run in a separate worker process with a
time budget: a match that overruns is abandoned by killing the worker, never by waiting for it.
The text a pattern looks at is bounded too (:data:`MAX_TEXT`).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import multiprocessing
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from app.core.errors import PatternTimeout
from app.core.system import wait_readable

#: The parser ``re`` itself uses (for what a pattern must contain, see required_literal).
_sre_parser: Any = importlib.import_module("re._parser")
_C: Any = importlib.import_module("re._constants")

try:  # a maintained binding of RE2; without it every pattern takes the worker's path
    import re2 as _re2
except ImportError:  # pragma: no cover - google-re2 is a dependency
    _re2 = None

#: Characters of a message a pattern looks at (the rest is not matched).
MAX_TEXT = 64 * 1024
#: What a fallback match may take before the rule is given up.
BUDGET_S = 0.2


@dataclass(frozen=True, slots=True)
class Found:
    """A match: where, and its groups (numbered and named)."""

    start: int
    end: int
    groups: tuple[str | None, ...]
    named: dict[str, str | None]


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """RE2 writes its own words about a pattern it refuses to the process's stderr: keep them off it."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class SafeRegex:
    """A compiled user pattern: ``search`` on RE2, or ``search_async`` through the worker."""

    def __init__(self, pattern: str, ignore_case: bool = False):
        self.pattern = pattern
        self.flags = re.IGNORECASE if ignore_case else 0
        try:
            self._py = re.compile(pattern, self.flags)  # the syntax check, with Python's words
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        self._re2: Any = None
        if _re2 is not None:
            try:
                with _quiet_stderr():
                    options = _re2.Options()
                    options.case_sensitive = not ignore_case
                    self._re2 = _re2.compile(pattern, options)
            except Exception:  # RE2 cannot express it (a backreference, a lookaround …)
                self._re2 = None

    @property
    def linear(self) -> bool:
        """Matching runs on RE2 (in time linear in the text), on the caller's thread."""
        return self._re2 is not None

    @property
    def compiled(self) -> Any:
        """The RE2 pattern itself (``search``, ``finditer`` over a whole text, as ``re`` has them), for callers
        that match in slices of their own (find, filters); only where :attr:`linear`."""
        assert self._re2 is not None
        return self._re2

    def search(self, text: str) -> Found | None:
        """On RE2 only (see :attr:`linear`)."""
        assert self._re2 is not None
        m = self._re2.search(text[:MAX_TEXT])
        return _found(m) if m is not None else None

    async def search_async(self, text: str, budget: float = BUDGET_S) -> Found | None:
        """RE2 at once, or Python's ``re`` in the worker within ``budget`` (else PatternTimeout)."""
        if self._re2 is not None:
            return self.search(text)
        return await _worker().search(self.pattern, self.flags, text[:MAX_TEXT], budget)


def linear_pattern(text: str, ignore_case: bool = False, what: str = "this") -> Any:
    """A user's regex compiled on RE2 (``search``/``finditer`` as ``re`` has them, in time linear in the text
    they meet), for find and filters that match received data in slices on the window's thread. A pattern
    only backtracking can run (a backreference, a lookaround) is refused in words, as is one that does not
    compile (ValueError)."""
    regex = SafeRegex(text, ignore_case)
    if not regex.linear:
        raise ValueError(f"this pattern needs backtracking (a backreference or a lookaround), which {what} does "
                         "not run on received data; write it without")
    return regex.compiled


def required_literal(pattern: str, ignore_case: bool = False) -> tuple[str, bool] | None:
    """A string every match of ``pattern`` contains, and whether it is to be compared without case (the pattern
    says ``(?i)`` somewhere, or ``ignore_case``): the longest run of plain characters the pattern cannot match
    without. Lets find and the filter skip, at the speed of ``bytes.find``, records that cannot match. None when
    no such run is certain: alternatives, optional parts, classes only, or syntax that RE2 reads otherwise than
    Python's parser does (a POSIX class ``[[:alpha:]]``)."""
    if "[:" in pattern:
        return None
    try:
        parsed = _sre_parser.parse(pattern, re.IGNORECASE if ignore_case else 0)
    except Exception:  # (the pattern was compiled before: any surprise just means no literal)
        return None
    fold = bool(parsed.state.flags & re.IGNORECASE)
    runs: list[str] = []

    def walk(items: Any, run: list[str]) -> list[str]:
        """Runs of characters in ``items`` (a sequence), ``run`` the one still open; returns the open run."""
        nonlocal fold
        for op, av in items:
            if op is _C.LITERAL:
                run.append(chr(av))
            elif op is _C.AT:  # an anchor takes no characters: the run goes on across it
                pass
            elif op is _C.SUBPATTERN:  # a group matches its contents in place
                _group, add, _del, sub = av
                if add & re.IGNORECASE:
                    fold = True
                run = walk(sub, run)
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT) and av[0] >= 1:
                runs.append("".join(run))  # what it repeats occurs at least once, on its own
                runs.append("".join(walk(av[2], [])))
                run = []
            else:
                runs.append("".join(run))
                run = []
        return run

    runs.append("".join(walk(parsed, [])))
    best = max(runs, key=len)
    return (best, fold) if best else None


def _found(m: Any) -> Found:
    groups = tuple(m.groups())
    try:
        named = dict(m.groupdict())
    except Exception:
        named = {}
    return Found(m.start(), m.end(), groups, named)


# ------------------------------------------------------------------------------- the worker process

def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    cache: dict[tuple[str, int], re.Pattern[str]] = {}
    while True:
        try:
            pattern, flags, text = conn.recv()
        except EOFError:
            return
        rx = cache.get((pattern, flags))
        if rx is None:
            rx = cache[(pattern, flags)] = re.compile(pattern, flags)
        m = rx.search(text)
        conn.send(None if m is None else (m.start(), m.end(), m.groups(), m.groupdict()))


class _Worker:
    """One process that runs fallback matches; killed (and started again later) when one overruns."""

    def __init__(self) -> None:
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._lock = asyncio.Lock()

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="netassist-regex")
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(1)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    async def search(self, pattern: str, flags: int, text: str, budget: float) -> Found | None:
        async with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._start()
            conn = self._conn
            assert conn is not None
            conn.send((pattern, flags, text))
            try:
                answered = await wait_readable(conn.fileno(), conn.poll, budget)
            except BaseException:
                self.stop()
                raise
            if not answered:
                self.stop()  # the only way to stop a runaway match
                raise PatternTimeout(f"the pattern took longer than {budget * 1000:.0f} ms")
            result = conn.recv()
        if result is None:
            return None
        start, end, groups, named = result
        return Found(start, end, tuple(groups), dict(named))


_the_worker: _Worker | None = None


def _worker() -> _Worker:
    global _the_worker
    if _the_worker is None:
        _the_worker = _Worker()
    return _the_worker


def stop_worker() -> None:
    """End the worker process (at exit)."""
    if _the_worker is not None:
        _the_worker.stop()
