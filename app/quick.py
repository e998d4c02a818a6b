"""Quick commands (快捷指令): named payloads a user sends with one click; JSON import/export."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(slots=True)
class QuickCommand:
    """A named payload with how to encode it."""

    name: str
    text: str
    hex: bool = False
    encoding: str = "utf-8"
    #: Checksum appended (an app.checksum name), "none" for none.
    checksum: str = "none"


def to_json(commands: list[QuickCommand]) -> str:
    return json.dumps([asdict(c) for c in commands], ensure_ascii=False, indent=1)


def from_json(text: str) -> list[QuickCommand]:
    """Commands from :func:`to_json`'s output. Raises ValueError naming what is wrong."""
    items = json.loads(text)
    if not isinstance(items, list):
        raise ValueError("expected a JSON list of commands")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ValueError(f"command {i + 1} has no text")
        out.append(QuickCommand(str(item.get("name") or item["text"][:20]), item["text"], bool(item.get("hex", False)),
                                str(item.get("encoding", "utf-8")), str(item.get("checksum", "none"))))
    return out
