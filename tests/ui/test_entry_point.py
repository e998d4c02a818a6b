"""`python -m ui --smoke` starts the real app on its own qasync loop, serves a client and exits cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_ui_smoke_exits_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "ui", "--smoke"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {"smoke": "ok"} in lines
    for bad in ("Task was destroyed", "Event loop is closed", "Traceback", "QThread: Destroyed"):
        assert bad not in proc.stderr, proc.stderr


def test_the_window_answers_to_its_contract_paths() -> None:
    """`from ui import MainWindow` and the old `ui.main_window.MainWindow` are the one window class."""
    import ui.main_window
    import ui.window.main_window
    from ui import MainWindow

    assert MainWindow is ui.main_window.MainWindow is ui.window.main_window.MainWindow
