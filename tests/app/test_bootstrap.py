"""tools/bootstrap.sh waits for another package manager instead of failing with "Could not get lock".

Run against stand-ins on PATH (dpkg-query says nothing is installed, fuser says a lock is held once,
apt-get records its arguments): nothing is installed and no lock is really taken.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "bootstrap.sh"


def fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/usr/bin/env bash\n" + body + "\n")
    path.chmod(0o755)


def test_bootstrap_script_parses() -> None:
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True, timeout=30)


def test_every_apt_get_call_waits_for_the_lock() -> None:
    calls = [line for line in SCRIPT.read_text().splitlines()
             if "apt-get " in line and not line.lstrip().startswith("#")]
    assert calls
    assert all("-o DPkg::Lock::Timeout=" in line for line in calls), calls


def test_bootstrap_says_it_waits_and_apt_get_waits_too(tmp_path: Path) -> None:
    (tmp_path / "tools").mkdir()
    shutil.copy(SCRIPT, tmp_path / "tools" / "bootstrap.sh")
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / ".venv").mkdir()
    stamp = tmp_path / ".venv" / ".installed"
    stamp.write_text("[test]\n")
    os.utime(tmp_path / "pyproject.toml", (1, 1))  # the venv is current: the script does not touch it
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt-get.log"
    held = tmp_path / "held-once"
    held.write_text("")
    fake(bin_dir, "dpkg-query", "exit 1")  # nothing is installed
    fake(bin_dir, "fuser", f'[ -e "{held}" ] && rm "{held}" && exit 0; exit 1')  # held at first, then free
    fake(bin_dir, "pgrep", "exit 1")
    fake(bin_dir, "apt-get", f'echo "$*" >> "{log}"')
    fake(bin_dir, "sudo", 'exec "$@"')
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(["bash", str(tmp_path / "tools" / "bootstrap.sh"), "test"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "waiting for another package manager to finish" in proc.stderr, proc.stderr
    calls = log.read_text().splitlines()
    assert [c.split()[2] for c in calls] == ["update", "install"], calls
    assert all(c.startswith("-o DPkg::Lock::Timeout=") for c in calls), calls
    assert "socat" in calls[1]
