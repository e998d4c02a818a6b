#!/usr/bin/env bash
# macOS: dist/NetAssist.app (built by packaging/build.sh) into dist/netassist-VERSION-macos.dmg, with a link to
# /Applications to drag it onto. Run by .github/workflows/build.yml on macos-latest; not run on Linux CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${1:?usage: make_dmg.sh VERSION}
APP=dist/NetAssist.app
[ -d "$APP" ] || { echo "no $APP: run packaging/build.sh first" >&2; exit 2; }
# the CLI beside the window inside the bundle (PyInstaller puts both executables in Contents/MacOS)
[ -x "$APP/Contents/MacOS/netassist-cli" ] || echo "warning: $APP has no netassist-cli" >&2
STAGE=$(mktemp -d)
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "NetAssist $VERSION" -srcfolder "$STAGE" -ov -format UDZO "dist/netassist-$VERSION-macos.dmg"
rm -rf "$STAGE"
