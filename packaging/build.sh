#!/usr/bin/env bash
# Build NetAssist for this system: `make package` runs this after setting up the venv.
#   Linux:   dist/netassist/ (one-folder bundle), dist/netassist-VERSION-linux-ARCH.tar.gz, dist/netassist_VERSION_ARCH.deb
#   Windows: dist/netassist/netassist.exe (one folder)   macOS: dist/NetAssist.app
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=.venv/Scripts/python.exe  # Windows (Git Bash)
VERSION=$("$PY" -c "import app; print(app.__version__)")

rm -rf build/pyinstaller dist/netassist dist/NetAssist.app dist/netassist-*.whl
# the wheel (pip / pipx install): both entry points, icons and translations as package data
"$PY" -m pip wheel -q --disable-pip-version-check --no-deps -w dist . 2>&1 | grep -v "^WARNING: Location" || true
ls dist/netassist-*.whl >/dev/null
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath build/pyinstaller --distpath dist packaging/netassist.spec

case "$(uname -s)" in
  Linux) ;;
  *) echo "built dist/ for $(uname -s)"; exit 0 ;;
esac

ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)
echo "bundle: $(du -sh dist/netassist | cut -f1) in dist/netassist"

# .tar.gz of the bundle
tar -C dist -czf "dist/netassist-$VERSION-linux-$ARCH.tar.gz" netassist

# .deb: the bundle under /opt/netassist, a launcher on PATH, desktop entry, metainfo, hicolor icons
ROOTFS=build/deb/netassist_${VERSION}_$ARCH
rm -rf "$ROOTFS"
mkdir -p "$ROOTFS/DEBIAN" "$ROOTFS/opt" "$ROOTFS/usr/bin" "$ROOTFS/usr/share/applications" \
  "$ROOTFS/usr/share/metainfo" "$ROOTFS/usr/share/icons/hicolor/scalable/apps"
cp -a dist/netassist "$ROOTFS/opt/netassist"
ln -s /opt/netassist/netassist "$ROOTFS/usr/bin/netassist"
ln -s /opt/netassist/netassist-cli "$ROOTFS/usr/bin/netassist-cli"
cp packaging/linux/io.github.netassist.NetAssist.desktop "$ROOTFS/usr/share/applications/"
cp packaging/linux/io.github.netassist.NetAssist.metainfo.xml "$ROOTFS/usr/share/metainfo/"
cp resources/icons/netassist.svg "$ROOTFS/usr/share/icons/hicolor/scalable/apps/netassist.svg"
for size in 16 22 24 32 48 64 128 256 512; do
  mkdir -p "$ROOTFS/usr/share/icons/hicolor/${size}x${size}/apps"
  cp "resources/icons/netassist-$size.png" "$ROOTFS/usr/share/icons/hicolor/${size}x${size}/apps/netassist.png"
done
INSTALLED_KB=$(du -sk "$ROOTFS" | cut -f1)
cat > "$ROOTFS/DEBIAN/control" <<CONTROL
Package: netassist
Version: $VERSION
Section: net
Priority: optional
Architecture: $ARCH
Installed-Size: $INSTALLED_KB
Depends: libc6, libegl1, libgl1, libfontconfig1, libglib2.0-0, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3,
 libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0,
 libxcb-shape0, libxcb-xinerama0, libxcb-xkb1
Recommends: fonts-noto-cjk
Maintainer: NetAssist developers <netassist@users.noreply.github.com>
Homepage: https://github.com/netassist/netassist
Description: network debugging assistant (网络调试助手) for TCP and UDP
 TCP server (many clients), TCP client and UDP (unicast, broadcast, multicast)
 sessions showing exactly what goes over the wire, as text in the device's
 encoding (UTF-8, GB2312/GBK/GB18030 …) or hex; checksums, periodic and file
 send, framing, auto-reply, quick commands and session logs.
CONTROL
cat > "$ROOTFS/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
exit 0
POSTINST
chmod 0755 "$ROOTFS/DEBIAN/postinst"
dpkg-deb --root-owner-group --build "$ROOTFS" "dist/netassist_${VERSION}_$ARCH.deb" >/dev/null
ls -la dist/*.tar.gz dist/*.deb
