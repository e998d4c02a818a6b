"""A decoded message's fields as a tree: arrays hold their elements, struct elements their members, a ``bits``
field its bit runs — for the fields panel, which shows each with its offset, size and bytes.

Decoders give fields flat, named ``regs[0]``, ``items[1].id`` (docs/architecture.md, "Layout files"); the
tree comes from those names (and, for bit runs, which share their ``bits`` field's bytes, from the layout).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as _field

from app.decode.layout import FieldSpec, Layout
from app.decode.result import DecodedField

_PART = re.compile(r"\[\d+\]|\.?[^.\[]+")


@dataclass(slots=True)
class FieldNode:
    """A field, or a group of fields (an array, an element, a bits field), with where its bytes lie."""

    #: What the tree shows: ``regs``, ``[0]``, ``id``.
    label: str
    #: The decoded field itself (None for a group made from its children).
    field: DecodedField | None = None
    offset: int | None = None
    size: int | None = None
    children: list[FieldNode] = _field(default_factory=list)

    def span(self) -> tuple[int, int] | None:
        """Its bytes in the message: (start, end), or None where the decoder cannot tell."""
        if self.offset is None or self.size is None:
            return None
        return self.offset, self.offset + self.size


def bit_groups(layout: Layout | None) -> dict[str, str]:
    """Each bit run's name → its ``bits`` field's name, through every struct of ``layout``."""
    out: dict[str, str] = {}

    def walk(specs: tuple[FieldSpec, ...]) -> None:
        for f in specs:
            for b in f.bits:
                out.setdefault(b.name, f.name)
            walk(f.fields)

    if layout is not None:
        walk(layout.fields)
    return out


def field_tree(fields: list[DecodedField], bits: dict[str, str] | None = None, *,
               dotted: bool = False) -> list[FieldNode]:
    """The top-level nodes. ``bits`` (:func:`bit_groups`) puts bit runs under their ``bits`` field; ``dotted``
    splits ``a.b`` names too (JSON), not only after an element (``items[0].id``)."""
    bits = bits or {}
    roots: list[FieldNode] = []
    #: The group nodes made so far, by their full name.
    groups: dict[str, FieldNode] = {}
    for f in fields:
        parts = _parts(f.name, dotted)
        siblings, path = roots, ""
        for part in parts[:-1]:
            path += part
            node = groups.get(path)
            if node is None:
                node = groups[path] = FieldNode(part.lstrip("."))
                siblings.append(node)
            siblings = node.children
        leaf = parts[-1].lstrip(".")
        group = bits.get(leaf) if f.type == "bits" else None
        if group is not None:
            key = f"{path}.{group}@{f.offset}"
            node = groups.get(key)
            if node is None:
                node = groups[key] = FieldNode(group, None, f.offset, f.size)
                siblings.append(node)
            siblings = node.children
        siblings.append(FieldNode(leaf, f, f.offset, f.size))
    for node in roots:
        _measure(node)
    return roots


def _parts(name: str, dotted: bool) -> list[str]:
    """``items[0].id`` → ``items``, ``[0]``, ``.id``; a dot not after ``]`` stays in the name unless ``dotted``."""
    if "[" not in name and not (dotted and "." in name):
        return [name]
    parts: list[str] = []
    for p in _PART.findall(name):
        if p.startswith(".") and parts and not parts[-1].endswith("]") and not dotted:
            parts[-1] += p
        else:
            parts.append(p)
    return parts or [name]


def _measure(node: FieldNode) -> None:
    """A group's offset and size: from its first child's start to its last child's end (if all are known)."""
    for child in node.children:
        _measure(child)
    if node.field is not None or not node.children or node.offset is not None:
        return
    spans = [c.span() for c in node.children]
    if all(s is not None for s in spans):
        start = min(s[0] for s in spans)  # type: ignore[index]
        end = max(s[1] for s in spans)  # type: ignore[index]
        node.offset, node.size = start, end - start
