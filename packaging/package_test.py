"""`make package-test`: run the built app the way a user gets it, offscreen, with --smoke.

Checks the one-folder bundle's launcher and the .deb's (unpacked with dpkg -x into a temporary root);
each opens the window, serves a real TCP client on an ephemeral port and exits 0. Prints one JSON line
per launcher with the time from launch to window shown, beside `python -m ui` from the venv, and the sizes.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def smoke(name: str, cmd: list[str]) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="netassist-pkg-")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    shown = None
    ok = False
    assert proc.stdout is not None
    for line in proc.stdout:
        if '"window-shown"' in line and shown is None:
            shown = time.perf_counter() - t0
        if '"smoke": "ok"' in line:
            ok = True
    code = proc.wait(60)
    err = proc.stderr.read() if proc.stderr else ""
    result = {"package_test": name, "exit": code, "smoke_ok": ok,
              "launch_to_window_s": round(shown, 3) if shown is not None else None}
    print(json.dumps(result), flush=True)
    if code != 0 or not ok:
        print(err[-3000:], file=sys.stderr)
    return result


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def main() -> int:
    bundle = ROOT / "dist" / "netassist"
    debs = sorted(glob.glob(str(ROOT / "dist" / "netassist_*.deb")))
    tars = sorted(glob.glob(str(ROOT / "dist" / "netassist-*.tar.gz")))
    if not (bundle / "netassist").exists() or not debs:
        print("run `make package` first", file=sys.stderr)
        return 2
    results = [smoke("python -m ui (venv)", [str(ROOT / ".venv" / "bin" / "python"), "-m", "ui", "--smoke"]),
               smoke("bundle", [str(bundle / "netassist"), "--smoke"])]
    with tempfile.TemporaryDirectory(prefix="netassist-deb-") as root:
        subprocess.run(["dpkg", "-x", debs[-1], root], check=True)
        launcher = Path(root) / "opt" / "netassist" / "netassist"
        desktop = Path(root) / "usr" / "share" / "applications" / "io.github.netassist.NetAssist.desktop"
        icon = Path(root) / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "netassist.png"
        assert desktop.exists() and icon.exists(), "the .deb lacks its desktop entry or icon"
        results.append(smoke(".deb (dpkg -x)", [str(launcher), "--smoke"]))
    print(json.dumps({"package_sizes": True, "bundle_MB": round(du_mb(bundle), 1),
                      "deb_MB": round(Path(debs[-1]).stat().st_size / 1e6, 1),
                      "tar_gz_MB": round(Path(tars[-1]).stat().st_size / 1e6, 1) if tars else None}))
    return 0 if all(r["exit"] == 0 and r["smoke_ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
