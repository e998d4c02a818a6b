"""A condition on a decoded message's fields — ``registers[0] > 30``, ``crc.valid``, ``function == 3`` — as a
sequence's expect step tests it. Parsed by a small grammar, never evaluated as code:

    condition  := either ("or" either)*
    either     := unary ("and" unary)*
    unary      := "not" unary | comparison
    comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand)?
    operand    := path | number | string | true | false | null | "(" condition ")"

A *path* is a field's name as the decoded fields give it (``address``, ``registers[0]``, ``items[2].x``, JSON's
``a.b[0]``), optionally followed by ``.value``, ``.valid`` (a checksum's verdict), ``.label`` (an enum's word),
``.offset`` or ``.size``; a field whose whole name it is wins (a JSON key may contain a dot). A number is
decimal, ``0x…`` hex or a decimal fraction; a string is in double or single quotes (``\\"`` and ``\\\\``
inside). An operand alone is true when it is true, a non-zero number or a non-empty string.

A comparison between a number and a string, or with a field the message does not have, is false (so is its
``!=``): a message that does not have the field never satisfies it. Numbers compare as numbers (``true`` is
not 1 here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.core.errors import ConfigError
from app.decode.result import Decoded

#: Longest condition, and deepest nesting of parentheses and ``not``.
MAX_CHARS = 4096
MAX_DEPTH = 32

ATTRIBUTES = ("value", "valid", "label", "offset", "size")
_NAME = r"[^\W\d][\w-]*"  # a letter or _, then letters, digits, _ and -
_TOKEN = re.compile(rf"""
    (?P<space>\s+)
  | (?P<number>-?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?))
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<paren>[()])
  | (?P<path>(?:{_NAME}|\[\d+\])(?:\[\d+\]|\.{_NAME})*)
""", re.VERBOSE)
_MISSING = object()


class ConditionError(ConfigError, ValueError):
    """A condition that does not parse: where (a 1-based column) and why, in words."""

    code = "condition"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    at: int


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    at = 0
    while at < len(text):
        m = _TOKEN.match(text, at)
        if m is None:
            raise ConditionError(f"at column {at + 1}: {text[at]!r} is not part of a condition")
        kind = m.lastgroup or ""
        if kind != "space":
            word = m.group()
            if kind == "path" and word in ("and", "or", "not", "true", "false", "null"):
                kind = word if word in ("and", "or", "not") else "literal"
            out.append(_Token(kind, word, at))
        at = m.end()
    return out


def _string(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def _number(token: str) -> int | float:
    neg = token.startswith("-")
    digits = token[1:] if neg else token
    if digits[:2].lower() == "0x":
        value: int | float = int(digits, 16)
    elif any(c in digits for c in ".eE"):
        value = float(digits)
    else:
        value = int(digits)
    return -value if neg else value


# A parsed condition is a small tree of tuples: ("or", a, b) ("and", a, b) ("not", a) ("cmp", op, a, b)
# ("path", name) ("const", value).
Node = tuple[Any, ...]


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokens(text)
        self.k = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.k] if self.k < len(self.tokens) else None

    def fail(self, what: str) -> ConditionError:
        tok = self.peek()
        where = f"at column {tok.at + 1} ({tok.text!r})" if tok is not None else "at the end"
        return ConditionError(f"{where}: {what}")

    def parse(self) -> Node:
        if not self.tokens:
            raise ConditionError("the condition is empty (e.g. registers[0] > 30, crc.valid, function == 3)")
        node = self.either_or()
        if self.peek() is not None:
            raise self.fail("expected and, or, a comparison or the end")
        return node

    def either_or(self) -> Node:
        node = self.conjunction()
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.k += 1
            node = ("or", node, self.conjunction())
        return node

    def conjunction(self) -> Node:
        node = self.unary()
        while (tok := self.peek()) is not None and tok.kind == "and":
            self.k += 1
            node = ("and", node, self.unary())
        return node

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"nested deeper than {MAX_DEPTH} levels")

    def unary(self) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind == "not":
            self.k += 1
            self.nested()
            node = ("not", self.unary())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        tok = self.peek()
        if tok is not None and tok.kind == "op":
            self.k += 1
            return ("cmp", tok.text, left, self.operand())
        return left

    def operand(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.fail("expected a field, a number, a string, true, false or null")
        self.k += 1
        if tok.kind == "path":
            return ("path", tok.text)
        if tok.kind == "number":
            return ("const", _number(tok.text))
        if tok.kind == "string":
            return ("const", _string(tok.text))
        if tok.kind == "literal":
            return ("const", {"true": True, "false": False, "null": None}[tok.text])
        if tok.text == "(":
            self.nested()
            node = self.either_or()
            closing = self.peek()
            if closing is None or closing.text != ")":
                raise self.fail("expected )")
            self.k += 1
            self.depth -= 1
            return node
        self.k -= 1
        raise self.fail("expected a field, a number, a string, true, false or null")


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed condition; :meth:`test` a decoded message against it."""

    text: str
    tree: Node

    def test(self, decoded: Decoded) -> bool:
        by_name: dict[str, Any] = {}
        for f in decoded.fields:
            by_name.setdefault(f.name, f)
        return _truth(_eval(self.tree, by_name))

    def paths(self) -> list[str]:
        """The field paths it names (for a message that says which are missing)."""
        out: list[str] = []

        def walk(node: Node) -> None:
            if node[0] == "path":
                out.append(node[1])
            elif node[0] != "const":
                for child in node[1:]:
                    if isinstance(child, tuple):
                        walk(child)

        walk(self.tree)
        return out


def parse_condition(text: str) -> Condition:
    """``text`` as a :class:`Condition`; a :class:`ConditionError` (where and why, in words) if it is not one."""
    if len(text) > MAX_CHARS:
        raise ConditionError(f"{len(text):,} characters (a condition has at most {MAX_CHARS:,})")
    return Condition(text, _Parser(text).parse())


def _lookup(path: str, fields: dict[str, Any]) -> Any:
    f = fields.get(path)
    if f is not None:
        return f.value
    name, dot, attr = path.rpartition(".")
    if dot and attr in ATTRIBUTES:
        f = fields.get(name)
        if f is not None:
            value = getattr(f, attr)
            return _MISSING if value is None and attr in ("valid", "label") else value
    return _MISSING


def _eval(node: Node, fields: dict[str, Any]) -> Any:
    kind = node[0]
    if kind == "const":
        return node[1]
    if kind == "path":
        return _lookup(node[1], fields)
    if kind == "not":
        return not _truth(_eval(node[1], fields))
    if kind == "and":
        return _truth(_eval(node[1], fields)) and _truth(_eval(node[2], fields))
    if kind == "or":
        return _truth(_eval(node[1], fields)) or _truth(_eval(node[2], fields))
    op, a, b = node[1], _eval(node[2], fields), _eval(node[3], fields)
    return _compare(op, a, b)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "null" if value is None else "missing"


def _compare(op: str, a: Any, b: Any) -> bool:
    ka, kb = _kind(a), _kind(b)
    if "missing" in (ka, kb) or ka != kb:
        return False
    if op == "==":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if ka not in ("number", "string"):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _truth(value: Any) -> bool:
    if value is _MISSING or value is None:
        return False
    return bool(value)


__all__ = ["Condition", "ConditionError", "parse_condition"]
