"""JSON messages into fields: one JSON document a line, nested keys flattened as ``a.b[0]``."""

from __future__ import annotations

import json
from typing import cast

from app.decode.result import MAX_FIELDS, Decoded, DecodedField, Value

_TYPES = {bool: "bool", int: "number", float: "number", str: "string", type(None): "null"}


def _flatten(value: object, name: str, out: list[DecodedField]) -> None:
    if len(out) > MAX_FIELDS:
        raise OverflowError
    if isinstance(value, dict):
        if not value:
            out.append(DecodedField(name or "value", "{}", None, None, "json"))
        for k, v in value.items():
            _flatten(v, f"{name}.{k}" if name else str(k), out)
    elif isinstance(value, list):
        if not value:
            out.append(DecodedField(name or "value", "[]", None, None, "json"))
        for i, v in enumerate(value):
            _flatten(v, f"{name}[{i}]", out)
    else:
        # what json.loads gives besides dicts and lists is a str, int, float, bool or None: a Value
        out.append(DecodedField(name or "value", cast(Value, value), None, None, _TYPES.get(type(value), "string")))


def decode(data: bytes) -> Decoded:
    """A message of JSON lines (compact or pretty, one document a line). With several lines, each line's fields
    are named after its index: ``[1].a``. Offsets and sizes are not known (None)."""
    fields: list[DecodedField] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Decoded.unfit("json", fields, "not-utf8", f"{exc.start + 1:,}")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return Decoded.unfit("json", fields, "json-empty")
    for i, line in enumerate(lines):
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            # (exc.msg is Python's own English words: an argument, shown as they are)
            if len(lines) > 1:
                return Decoded.unfit("json", fields, "not-json-line", exc.msg, str(exc.colno), str(i + 1))
            return Decoded.unfit("json", fields, "not-json", exc.msg, str(exc.colno))
        except RecursionError:
            return Decoded.unfit("json", fields, "json-deep")
        try:
            _flatten(value, f"[{i}]" if len(lines) > 1 else "", fields)
        except OverflowError:
            return Decoded.unfit("json", fields[:MAX_FIELDS], "json-many", f"{MAX_FIELDS:,}")
        except RecursionError:
            return Decoded.unfit("json", [], "json-nested")
    return Decoded("json", fields)
