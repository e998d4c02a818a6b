"""Start-up: --help and --version without a window, a missing display said in words, Qt's noise dropped."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import QLoggingCategory, qCWarning, qInstallMessageHandler, qWarning

from ui.main import UsageError, display_problem, parse_args, qt_message_handler

ROOT = Path(__file__).resolve().parents[2]
DISPLAY_VARS = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def start(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> tuple[subprocess.CompletedProcess[str],
                                                                                       float]:
    """``python -m ui ARGS``; its result and how long it took."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "ui", *args], cwd=ROOT, env=env or dict(os.environ),
                          capture_output=True, text=True, timeout=timeout)
    return proc, time.perf_counter() - t0


def no_window_env() -> dict[str, str]:
    """A platform that does not exist: creating a QApplication would abort, so exit 0 proves none was made."""
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARS}
    return {**env, "QT_QPA_PLATFORM": "no-such-platform", "LANG": "C", "LC_ALL": "C"}


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_prints_the_options_and_exits_without_a_window(flag: str) -> None:
    proc, seconds = start(flag, env=no_window_env())
    assert proc.returncode == 0, proc.stderr
    for option in ("--settings FILE", "--lang LANG", "--smoke", "--version", "--help"):
        assert option in proc.stdout, proc.stdout
    assert proc.stdout.startswith("Usage: python -m ui [options]")
    assert proc.stderr == ""
    assert seconds < 15, seconds


def test_version_prints_the_package_version_and_exits_without_a_window() -> None:
    proc, seconds = start("--version", env=no_window_env())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"NetAssist {metadata.version('netassist')}\n"
    assert seconds < 15, seconds


def test_an_unknown_option_is_a_usage_error() -> None:
    proc, _ = start("--bogus", env=no_window_env())
    assert proc.returncode == 2
    assert "--bogus" in proc.stderr and "--help" in proc.stderr and proc.stdout == ""
    proc, _ = start("--settings", env=no_window_env())
    assert proc.returncode == 2 and "--settings" in proc.stderr and "value" in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_no_display_is_said_in_words_not_by_qt() -> None:
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARS}
    proc, _ = start(env=env)
    assert proc.returncode != 0
    assert "graphical display" in proc.stderr and "DISPLAY" in proc.stderr, proc.stderr
    assert "xcb" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_display_problem_respects_a_chosen_platform() -> None:
    none: dict[str, str] = {}
    assert display_problem(parse_args(["netassist"]), none, "linux") is not None
    assert display_problem(parse_args(["netassist"]), {"DISPLAY": ":0"}, "linux") is None
    assert display_problem(parse_args(["netassist"]), {"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem(parse_args(["netassist"]), {"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem(parse_args(["netassist", "-platform", "offscreen"]), none, "linux") is None
    assert display_problem(parse_args(["netassist", "--platform=minimal"]), none, "linux") is None
    assert display_problem(parse_args(["netassist"]), none, "win32") is None


def test_parse_args_reads_ours_and_leaves_qt_its_own() -> None:
    o = parse_args(["netassist", "--settings=a.ini", "--lang", "zh_CN", "--smoke", "-style", "fusion",
                    "--platform", "offscreen"])
    assert (o.settings, o.lang, o.smoke, o.help, o.version) == ("a.ini", "zh_CN", True, False, False)
    assert o.qt == ["-style", "fusion", "--platform", "offscreen"]
    with pytest.raises(UsageError, match="--nope"):
        parse_args(["netassist", "--nope"])
    with pytest.raises(UsageError, match="--lang"):
        parse_args(["netassist", "--lang"])


def test_qt_message_handler_drops_known_noise_and_passes_the_rest(caplog: pytest.LogCaptureFixture) -> None:
    font_db = QLoggingCategory("qt.text.font.db")
    previous = qInstallMessageHandler(qt_message_handler)
    try:
        with caplog.at_level(logging.INFO):
            qCWarning(font_db, 'OpenType support missing for "Noto Sans", script 11')
            qWarning("This plugin does not support propagateSizeHints()")
            qCWarning(font_db, "a font database problem worth reading")
            qWarning("QObject::connect: something real went wrong")
    finally:
        qInstallMessageHandler(previous)
    got = [(r.name, r.levelno, r.getMessage()) for r in caplog.records if r.name.startswith("qt")]
    assert got == [("qt.text.font.db", logging.WARNING, "a font database problem worth reading"),
                   ("qt", logging.WARNING, "QObject::connect: something real went wrong")]


def test_smoke_run_prints_none_of_qts_known_noise(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    proc, _ = start("--smoke", env=env, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '{"smoke": "ok"}' in proc.stdout
    for noise in ("OpenType support missing", "propagateSizeHints"):
        assert noise not in proc.stderr, proc.stderr
