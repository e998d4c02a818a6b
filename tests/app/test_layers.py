"""The engine's imports point one way, down the layers its folders name:
core ← flow, decode ← net ← view, chart ← export ← automation ← cli. A module may import its own package's
modules and any lower layer's, never a higher one's; read from the source with ast, imports inside functions
and under TYPE_CHECKING included (they are dependencies a reader has to hold all the same)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Each top-level package of app/ and its layer (a lower number is lower down).
LAYERS = {"core": 0, "flow": 1, "decode": 1, "net": 2, "view": 3, "chart": 3, "export": 4, "automation": 5,
          "cli": 6}


def _modules() -> dict[str, Path]:
    out = {}
    for p in (ROOT / "app").rglob("*.py"):
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = p
    return out


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m.startswith("app.")}


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_package_of_the_engine_has_a_layer() -> None:
    packages = {_package(m) for m in _modules()} - {None}
    assert packages <= set(LAYERS), f"a package with no layer (add it to LAYERS): {sorted(packages - set(LAYERS))}"


def test_imports_point_down_the_layers() -> None:
    modules = _modules()
    upward = []
    for module, path in sorted(modules.items()):
        mine = _package(module)
        if mine is None:  # (app/__init__.py: the version and the public names, re-exported)
            continue
        for target in _imports(path):
            theirs = _package(target)
            if theirs is None or theirs == mine or theirs not in LAYERS:
                continue
            if LAYERS[theirs] > LAYERS[mine]:
                upward.append(f"{module} ({mine}) imports {target} ({theirs})")
    assert not upward, "imports up the layers:\n" + "\n".join(sorted(set(upward)))


def test_no_module_imports_another_modules_private_names() -> None:
    """(In the window too: ui/ imports nothing private of ui/ or app/.)"""
    files = {str(p.relative_to(ROOT)): p for top in ("app", "ui") for p in (ROOT / top).rglob("*.py")}
    private = []
    for module, path in sorted(files.items()):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(("app", "ui")):
                private += [f"{module}: from {node.module} import {a.name}" for a in node.names
                            if a.name.startswith("_") and not a.name.startswith("__")]
    assert not private, "\n".join(private)
