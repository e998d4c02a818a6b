"""No import circles among the modules of app/ and ui/: imports point one way.

Read from the source with ast, so every import counts — under ``if TYPE_CHECKING:`` and inside functions too:
a circle that only types or a late import hold together is still two modules a reader has to hold at once
(the same rules as ../shared/tools/import_cycles.py).
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Circles in app/ known on the day this test came, left for the engine's restructuring (issue 21). The list
#: must shrink to empty: remove a circle once it is gone (test_known_circles_still_exist says which), and never
#: add one.
KNOWN_APP_CIRCLES: list[frozenset[str]] = []  # (empty: every circle is gone; keep it so)

#: (importing module, imported module) -> the line of the first such import
Edges = dict[tuple[str, str], int]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path = ROOT) -> tuple[dict[str, set[str]], Edges]:
    files = {module_name(p, root): p for top in ("app", "ui") for p in sorted((root / top).rglob("*.py"))}
    graph: dict[str, set[str]] = {m: set() for m in files}
    lines: Edges = {}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*up, base] if base else up)
                names = [base, *(f"{base}.{a.name}" for a in node.names)]
            else:
                continue
            for name in names:
                while name and name not in files:  # a name imported from a module is that module
                    name = name.rpartition(".")[0]
                # a package's __init__ importing its own children (a re-export) is not a circle a reader minds
                if not name or name == mod or (path.name == "__init__.py" and name.startswith(mod + ".")):
                    continue
                graph[mod].add(name)
                lines.setdefault((mod, name), node.lineno)
    return graph, lines


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def one_cycle(graph: dict[str, set[str]], component: frozenset[str], lines: Edges) -> str:
    """A concrete way round ``component``, each step with the line that imports: "a:12 → b:40 → a"."""
    start = min(component)
    paths = {start: [start]}
    todo = [start]
    while todo:  # breadth first: the shortest way back to the start
        v = todo.pop(0)
        for w in sorted(graph[v] & component):
            if w == start:
                path = [*paths[v], start]
                steps = [f"{a} (line {lines[a, b]})" for a, b in itertools.pairwise(path)]
                return " → ".join([*steps, start])
            if w not in paths:
                paths[w] = [*paths[v], w]
                todo.append(w)
    return ", ".join(sorted(component))


def test_no_import_circle_in_app_or_ui() -> None:
    graph, lines = import_graph()
    assert len(graph) > 80 and "ui.window.main_window" in graph and "app.net.session" in graph
    new = [c for c in circles(graph) if c not in KNOWN_APP_CIRCLES]
    assert not new, "import circles:\n" + "\n".join(one_cycle(graph, c, lines) for c in new)


def test_known_circles_still_exist() -> None:
    """KNOWN_APP_CIRCLES only shrinks: a circle that is gone comes off the list; none in ui/ is ever on it."""
    graph, _lines = import_graph()
    current = circles(graph)
    assert all(m.startswith("app.") for c in KNOWN_APP_CIRCLES for m in c)
    gone = [sorted(c) for c in KNOWN_APP_CIRCLES if c not in current]
    assert not gone, f"these circles are gone: remove them from KNOWN_APP_CIRCLES: {gone}"


def test_a_circle_is_found_and_said(tmp_path: Path) -> None:
    """The walk sees imports under TYPE_CHECKING and inside functions, and names the lines of a circle."""
    files = {
        "app/__init__.py": "",
        "ui/__init__.py": "def __getattr__(name):\n    from ui.a import A\n    return A\n",
        "ui/a.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from ui.b import B\n",
        "ui/b.py": "import app\n\n\ndef late():\n    from ui import c\n",
        "ui/c.py": "from . import a\n",
        "ui/d.py": "from ui.a import A\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    graph, lines = import_graph(tmp_path)
    assert graph["ui"] == set()  # (the package importing its own child)
    (component,) = circles(graph)
    assert component == {"ui.a", "ui.b", "ui.c"}
    assert one_cycle(graph, component, lines) == "ui.a (line 4) → ui.b (line 5) → ui.c (line 1) → ui.a"
