"""Settings declared once, typed, with defaults (Picard's options model).

Every setting a page or a tool keeps is declared in a schema: a dict of option name to :class:`Option`.
:func:`load` turns whatever a settings file holds into a clean dict of exactly those options: a missing
value takes its default, a bad one (wrong type, out of range, not one of the choices, a hand-edited typo)
takes its default *and* leaves a warning the window shows. Nothing read from a file raises.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """A setting that could not be used as stored (shown in the window, in the user's language)."""

    #: ``value`` (bad value: default used), ``group`` (not a group: defaults used), ``json`` (not valid),
    #: ``nested`` (nested too deeply), ``too-large``, ``dropped`` (an entry left out), ``moved`` (the file was
    #: moved aside), ``unreadable`` (the file cannot be read or moved).
    kind: str
    key: str = ""
    value: str = ""
    #: What is used instead.
    used: str = ""


def shown(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Option:
    """One setting: its default, and how a stored value is checked."""

    default: Any

    def check(self, value: Any) -> Any:
        """The value if it is valid (converted where that is safe); raises ValueError otherwise."""
        raise NotImplementedError

    def describe(self) -> str:
        return repr(self.default)


@dataclass(frozen=True)
class Bool(Option):
    default: bool = False

    def check(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
            return value.lower() in ("true", "1")
        raise ValueError("not true or false")


@dataclass(frozen=True)
class Int(Option):
    default: int = 0
    lo: int = -(1 << 62)
    hi: int = 1 << 62

    def check(self, value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError("not a number")
        if isinstance(value, float):
            if not math.isfinite(value) or value != int(value):
                raise ValueError("not a whole number")
            value = int(value)
        if isinstance(value, str):
            value = int(value.strip())  # raises ValueError for "q"
        if not isinstance(value, int):
            raise ValueError("not a number")
        if not self.lo <= value <= self.hi:
            raise ValueError(f"not between {self.lo:,} and {self.hi:,}")
        return value


@dataclass(frozen=True)
class Text(Option):
    default: str = ""
    max_len: int = 4096

    def check(self, value: Any) -> str:
        if isinstance(value, bool) or value is None or isinstance(value, dict | list):
            raise ValueError("not text")
        value = str(value)
        if len(value) > self.max_len:
            raise ValueError(f"longer than {self.max_len:,} characters")
        return value


@dataclass(frozen=True)
class Choice(Option):
    default: Any = None
    choices: tuple[Any, ...] = ()

    def check(self, value: Any) -> Any:
        if value in self.choices:
            return value
        if isinstance(value, str):  # an INI file gives numbers back as text
            for c in self.choices:
                if str(c) == value:
                    return c
        raise ValueError(f"not one of {', '.join(repr(c) for c in self.choices)}")


@dataclass(frozen=True)
class TextList(Option):
    default: tuple[str, ...] = ()
    max_items: int = 100
    max_len: int = 256

    def check(self, value: Any) -> list[str]:
        if not isinstance(value, list | tuple):
            raise ValueError("not a list")
        return [str(v)[:self.max_len] for v in value[:self.max_items] if isinstance(v, str | int)]


@dataclass(frozen=True)
class Section(Option):
    """A nested group of options (a tool's settings)."""

    schema: dict[str, Option] = field(default_factory=dict)

    @property
    def default(self) -> dict[str, Any]:
        return {k: o.default for k, o in self.schema.items()}

    def check(self, value: Any) -> dict[str, Any]:
        raise NotImplementedError  # sections are loaded by load(), which reports each bad member


@dataclass(frozen=True)
class Custom(Option):
    """A value checked by a function (a list of rules, a history): the function raises ValueError."""

    default: Any = None
    checker: Callable[[Any], Any] = lambda v: v

    def check(self, value: Any) -> Any:
        return self.checker(value)


def load(schema: dict[str, Option], raw: Any, warnings: list[Problem], where: str = "") -> dict[str, Any]:
    """``raw`` (what a file held: a dict, or anything at all) as a clean dict of exactly ``schema``'s options.

    Each value that is there but bad falls back to its default and appends a warning in words.
    """
    if not isinstance(raw, dict):
        if raw is not None:
            warnings.append(Problem("group", where or "settings", shown(raw)))
        raw = {}
    out: dict[str, Any] = {}
    for name, option in schema.items():
        key = f"{where}.{name}" if where else name
        if isinstance(option, Section):
            out[name] = load(option.schema, raw.get(name), warnings, key)
            continue
        if name not in raw or raw[name] is None:
            out[name] = option.default
            continue
        try:
            out[name] = option.check(raw[name])
        except (ValueError, TypeError, OverflowError, RecursionError):
            out[name] = option.default
            warnings.append(Problem("value", key, shown(raw[name]), option.describe()))
    return out


def dump(schema: dict[str, Option], values: dict[str, Any]) -> dict[str, Any]:
    """Only the declared options, for saving."""
    return {k: values[k] for k in schema if k in values}


def names(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)
