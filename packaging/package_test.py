"""`make package-test`: run the built app the way a user gets it, offscreen, with --smoke.

Checks the one-folder bundle, the .tar.gz (unpacked) and the .deb (unpacked with dpkg -x into a temporary
root, its /usr/bin launchers followed into that root): each window launcher opens the window, serves a real
TCP client on an ephemeral port and exits 0, and prints its version; each `netassist-cli` prints its version
and sends to a real loopback echo server with ``--expect``. Prints one JSON line per check with the time from
launch to window shown (the median of three launches, each listed), beside `python -m ui` from the venv, and the
sizes. Exits 1 if any check fails.
"""

from __future__ import annotations

import glob
import json
import os
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def smoke(name: str, cmd: list[str]) -> dict[str, object]:
    env = _env()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    shown = None
    ok = False
    chart = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if '"smoke": "chart"' in line:
            chart = json.loads(line)
        if '"window-shown"' in line and shown is None:
            shown = time.perf_counter() - t0
        if '"smoke": "ok"' in line:
            ok = True
    code = proc.wait(60)
    err = proc.stderr.read() if proc.stderr else ""
    # the start is timed again (to the window, then the app is stopped): one launch is one noisy sample, the
    # first one after a build or an unpack the noisiest; the median of the launches is the figure
    runs = [shown, *(time_to_window(cmd) for _ in range(LAUNCHES - 1))] if shown is not None else []
    timed = sorted(r for r in runs if r is not None)
    result = {"package_test": name, "exit": code, "smoke_ok": ok,
              "launch_to_window_s": round(timed[len(timed) // 2], 3) if timed else None,
              "launches_s": [None if r is None else round(r, 3) for r in runs],
              "chart": None if chart is None else {k: chart[k] for k in ("series", "png_bytes", "pyqtgraph")}}
    print(json.dumps(result), flush=True)
    if code != 0 or not ok:
        print(err[-3000:], file=sys.stderr)
    return result


#: Launches timed per launcher (the first is the full --smoke run); ``launch_to_window_s`` is their median.
LAUNCHES = 3


def time_to_window(cmd: list[str]) -> float | None:
    """Seconds from launch to the window shown (``--smoke`` prints it), the app stopped then."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env(), cwd=ROOT)
    shown = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if '"window-shown"' in line:
            shown = time.perf_counter() - t0
            break
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(30)
    return shown


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": tempfile.mkdtemp(prefix="netassist-pkg-")}


def version(name: str, exe: Path, expected: str) -> dict[str, object]:
    """``exe --version`` prints the app's version and exits 0."""
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60, env=_env())
    ok = proc.returncode == 0 and expected in proc.stdout
    result = {"package_test": f"{name} --version", "exit": proc.returncode, "ok": ok, "printed": proc.stdout.strip()}
    print(json.dumps(result), flush=True)
    if not ok:
        print(proc.stderr[-3000:], file=sys.stderr)
    return result


def _echo_server() -> tuple[socket.socket, int]:
    """A loopback TCP server that echoes each connection's bytes (one thread per connection)."""
    srv = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            threading.Thread(target=echo, args=(conn,), daemon=True).start()

    def echo(conn: socket.socket) -> None:
        with conn:
            while data := conn.recv(65536):
                conn.sendall(data)

    threading.Thread(target=serve, daemon=True).start()
    return srv, srv.getsockname()[1]


def cli_send(name: str, exe: Path) -> dict[str, object]:
    """The bundled CLI sends 你好 to a real echo server and expects it back (exit 0)."""
    srv, port = _echo_server()
    try:
        cmd = [str(exe), "send", "tcp", f"127.0.0.1:{port}", "ping 你好", "--expect", "你好", "--timeout", "10"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=_env())
    finally:
        srv.close()
    ok = proc.returncode == 0
    result = {"package_test": f"{name} send --expect", "exit": proc.returncode, "ok": ok}
    print(json.dumps(result), flush=True)
    if not ok:
        print(proc.stdout[-2000:], proc.stderr[-3000:], file=sys.stderr)
    return result


def launcher_in_root(root: Path, link: str) -> Path:
    """A /usr/bin symlink of the .deb, followed inside the unpacked ``root`` (it points at /opt/…)."""
    path = root / link.lstrip("/")
    assert path.is_symlink(), f"the .deb lacks {link}"
    target = Path(os.readlink(path))
    resolved = root / str(target).lstrip("/") if target.is_absolute() else path.parent / target
    assert resolved.exists(), f"{link} points at {target}, which the .deb does not hold"
    return resolved


def check_folder(name: str, folder: Path, expected: str) -> list[dict[str, object]]:
    """Every check on one unpacked app folder (the window's launcher and the CLI)."""
    return [smoke(name, [str(folder / "netassist"), "--smoke"]),
            version(name, folder / "netassist", expected),
            version(f"{name} cli", folder / "netassist-cli", expected),
            cli_send(f"{name} cli", folder / "netassist-cli")]


def pipx_install(wheel: Path) -> list[dict[str, object]]:
    """``pipx install`` the wheel into a throw-away pipx home (its own clean venv), then the checks on its two
    entry points: the window's --smoke and --version, the CLI's --help, --version and a real send."""
    with tempfile.TemporaryDirectory(prefix="netassist-pipx-") as home_name:
        home = Path(home_name)
        env = {**os.environ, "PIPX_HOME": str(home / "pipx"), "PIPX_BIN_DIR": str(home / "bin"),
               "PIPX_MAN_DIR": str(home / "man")}
        pipx = ROOT / ".venv" / "bin" / "pipx"
        t0 = time.perf_counter()
        proc = subprocess.run([str(pipx), "install", str(wheel)], capture_output=True, text=True, env=env,
                              timeout=600)
        installed = {"package_test": "pipx install (wheel)", "exit": proc.returncode, "ok": proc.returncode == 0,
                     "seconds": round(time.perf_counter() - t0, 1)}
        print(json.dumps(installed), flush=True)
        if proc.returncode != 0:
            print(proc.stdout[-2000:], proc.stderr[-3000:], file=sys.stderr)
            return [installed]
        bin_dir = home / "bin"
        helped = subprocess.run([str(bin_dir / "netassist-cli"), "--help"], capture_output=True, text=True,
                                timeout=60, env=_env())
        helps = {"package_test": "pipx netassist-cli --help", "exit": helped.returncode,
                 "ok": helped.returncode == 0 and "usage: netassist-cli" in helped.stdout}
        print(json.dumps(helps), flush=True)
        expected = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", "import app; print(app.__version__)"],
                                  capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
        return [installed, helps, *check_folder("pipx", bin_dir, expected)]


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def main() -> int:
    bundle = ROOT / "dist" / "netassist"
    debs = sorted(glob.glob(str(ROOT / "dist" / "netassist_*.deb")))
    tars = sorted(glob.glob(str(ROOT / "dist" / "netassist-*.tar.gz")))
    if not (bundle / "netassist").exists() or not (bundle / "netassist-cli").exists() or not debs or not tars:
        print("run `make package` first", file=sys.stderr)
        return 2
    expected = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", "import app; print(app.__version__)"],
                              capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
    results = [smoke("python -m ui (venv)", [str(ROOT / ".venv" / "bin" / "python"), "-m", "ui", "--smoke"])]
    results += check_folder("bundle", bundle, expected)
    with tempfile.TemporaryDirectory(prefix="netassist-tar-") as root:
        with tarfile.open(tars[-1]) as tar:
            tar.extractall(root, filter="tar")
        results += check_folder(".tar.gz", Path(root) / "netassist", expected)
    with tempfile.TemporaryDirectory(prefix="netassist-deb-") as root_name:
        root = Path(root_name)
        subprocess.run(["dpkg", "-x", debs[-1], root], check=True)
        desktop = root / "usr" / "share" / "applications" / "io.github.netassist.NetAssist.desktop"
        icon = root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "netassist.png"
        assert desktop.exists() and icon.exists(), "the .deb lacks its desktop entry or icon"
        gui = launcher_in_root(root, "/usr/bin/netassist")
        cli = launcher_in_root(root, "/usr/bin/netassist-cli")
        results += [smoke(".deb /usr/bin/netassist", [str(gui), "--smoke"]),
                    version(".deb /usr/bin/netassist", gui, expected),
                    version(".deb /usr/bin/netassist-cli", cli, expected),
                    cli_send(".deb /usr/bin/netassist-cli", cli)]
    wheels = sorted(glob.glob(str(ROOT / "dist" / "netassist-*.whl")))
    if wheels:
        results += pipx_install(Path(wheels[-1]))
    else:
        results.append({"package_test": "wheel", "exit": 1, "ok": False})
        print("no wheel in dist/: run `make package`", file=sys.stderr)
    print(json.dumps({"package_sizes": True, "bundle_MB": round(du_mb(bundle), 1),
                      "deb_MB": round(Path(debs[-1]).stat().st_size / 1e6, 1),
                      "tar_gz_MB": round(Path(tars[-1]).stat().st_size / 1e6, 1)}))
    failed = [r["package_test"] for r in results if r.get("exit") != 0 or not r.get("smoke_ok", r.get("ok"))]
    if failed:
        print(f"package-test failed: {', '.join(map(str, failed))}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
