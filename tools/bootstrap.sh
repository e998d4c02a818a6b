#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for NetAssist: the system packages a mode needs, then the venv.
#   tools/bootstrap.sh test   packages the tests need (socat, nc, Qt's offscreen runtime), venv with [test]
#   tools/bootstrap.sh run    packages a real window needs (xcb, fonts), venv
#   tools/bootstrap.sh bench  like test
# Idempotent and quick when everything is already there.
set -euo pipefail
mode=${1:-test}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
PY=${PYTHON:-python3}

common_pkgs=(libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3)
test_pkgs=(socat netcat-openbsd openssl tshark)
gui_pkgs=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
          libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 fonts-noto-cjk)
case "$mode" in
  test|bench) want=("${common_pkgs[@]}" "${test_pkgs[@]}") ;;
  package) want=("${common_pkgs[@]}" "${test_pkgs[@]}" binutils) ;;
  run) want=("${common_pkgs[@]}" "${gui_pkgs[@]}") ;;
  screenshot) want=("${common_pkgs[@]}" "${test_pkgs[@]}" "${gui_pkgs[@]}" xvfb xauth) ;;
  *) echo "usage: $0 test|run|bench|screenshot|package" >&2; exit 2 ;;
esac
# python3-venv is separate on Debian: without it `python3 -m venv` cannot bootstrap pip.
if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then want+=(python3-venv); fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
fi

# Another package manager at work (unattended-upgrades, a software centre, a second bootstrap) holds apt's
# locks: wait for it, up to APT_WAIT seconds, instead of failing at once with "Could not get lock".
# apt-get waits for dpkg's lock itself (DPkg::Lock::Timeout; apt < 1.9.11 ignores the option) but not for the
# package lists' lock `apt-get update` takes: that wait is ours, as is saying what we wait for (apt's own
# words go to the /dev/null the install's output goes to, so ours go to stderr). Who holds a lock: fuser
# (psmisc), else pgrep.
APT_WAIT=300
apt_locks=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock)
apt_busy() {
  if command -v fuser >/dev/null 2>&1; then
    $SUDO fuser -s "${apt_locks[@]}" >/dev/null 2>&1
  elif command -v pgrep >/dev/null 2>&1; then
    pgrep -x 'apt|apt-get|aptitude|dpkg|unattended-upgr' >/dev/null 2>&1
  else
    return 1
  fi
}
apt_get() {
  local waited=0
  if apt_busy; then
    echo "bootstrap: waiting for another package manager to finish (up to $((APT_WAIT / 60)) minutes)…" >&2
    while [ "$waited" -lt "$APT_WAIT" ] && apt_busy; do sleep 2; waited=$((waited + 2)); done
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout="$((APT_WAIT - waited))" "$@"
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

stamp=.venv/.installed
extras=""; [ "$mode" != run ] && extras="[test]"
[ "$mode" = package ] && extras="[test,package]"
need=0
[ -f "$stamp" ] || need=1
[ "$need" = 1 ] || [ ! pyproject.toml -nt "$stamp" ] || need=1
[ "$need" = 1 ] || [ -z "$extras" ] || grep -qxF "$extras" "$stamp" || grep -qxF "[test,package]" "$stamp" || need=1
if [ "$need" = 1 ]; then
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras"
  echo "$extras" > "$stamp"
fi
