"""The wheel's package list (pyproject.toml) names every package folder of app/ and ui/: a folder left out would
be missing from `pip install` / `pipx install` (make package-test installs the wheel and starts it)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("app", "ui")
             for p in (ROOT / top).rglob("__init__.py")}
    assert found <= listed, f"package folders missing from pyproject.toml's packages: {sorted(found - listed)}"
    assert (ROOT / "resources" / "icons" / "netassist.svg").exists()
    assert config["package-dir"]["netassist_resources"] == "resources"
