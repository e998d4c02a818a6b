"""Quick commands (快捷指令): named payloads a user sends with one click; JSON import/export."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from app.core.checksum import algorithm
from app.core.codec import encoding
from app.core.errors import InvalidCommands, NetAssistError


@dataclass(slots=True)
class QuickCommand:
    """A named payload with how to encode it."""

    name: str
    text: str
    hex: bool = False
    encoding: str = "utf-8"
    #: Checksum appended (an app.core.checksum name), "none" for none.
    checksum: str = "none"
    #: Expand ``{{…}}`` payload macros (app.core.macros) when sent.
    macros: bool = False


def to_json(commands: list[QuickCommand], sequences: Sequence[Any] = ()) -> str:
    """The commands, then the sequences (objects with ``steps``; see app.automation.sequence), as one JSON list."""
    return json.dumps([asdict(c) for c in commands] + [s.to_dict() for s in sequences], ensure_ascii=False,
                      indent=1)


#: Commands kept at most, and the longest payload one may hold.
MAX_COMMANDS = 1000
MAX_TEXT = 64 * 1024


def from_json(text: str) -> list[QuickCommand]:
    """Commands from :func:`to_json`'s output, each checked (its encoding and checksum must be known, its
    text a string of at most MAX_TEXT characters). Raises InvalidCommands (a ValueError) naming what is
    wrong, and where."""
    try:
        items = json.loads(text)
    except RecursionError:
        raise InvalidCommands("not a list of commands (nested too deeply)") from None
    except ValueError as exc:
        raise InvalidCommands(f"not valid JSON ({exc})") from None
    if not isinstance(items, list):
        raise InvalidCommands("expected a JSON list of commands")
    if len(items) > MAX_COMMANDS:
        raise InvalidCommands(f"{len(items):,} commands: at most {MAX_COMMANDS:,} can be kept")
    out = []
    for i, item in enumerate(items):
        if isinstance(item, dict) and "steps" in item and "text" not in item:
            continue  # a sequence, stored with the commands (app.automation.sequence reads it)
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InvalidCommands(f"command {i + 1} has no text")
        if len(item["text"]) > MAX_TEXT:
            raise InvalidCommands(f"command {i + 1} holds {len(item['text']):,} characters (at most {MAX_TEXT:,})")
        command = QuickCommand(str(item.get("name") or item["text"][:20])[:200], item["text"],
                               bool(item.get("hex", False)), str(item.get("encoding", "utf-8")),
                               str(item.get("checksum", "none")), bool(item.get("macros", False)))
        try:
            encoding(command.encoding)
            algorithm(command.checksum)
        except NetAssistError as exc:
            raise InvalidCommands(f"command {i + 1} ({command.name}): {exc}") from None
        out.append(command)
    return out
