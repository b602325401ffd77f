#!/usr/bin/env bash
# Builds one release folder, release/sockbind-<version>/:
#   web/                    the page (trunk's release dist/: serve it from any static server)
#   sockbind-offline.html   the single-file offline page (open from disk)
#   sockbind.exe            the CLI for Windows (x86_64-pc-windows-gnu, linked with mingw-w64):
#                           `sockbind.exe probe --matrix` checks this model on that Windows
#   SHA256SUMS              checksums of the files above
# Installs what is missing first (scripts/setup.sh). Usage: ./scripts/release.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
step() { printf '\n==> %s\n' "$*"; }

VERSION="$(cargo pkgid -p sockbind-cli | sed 's/.*[#@]//')"
OUT="release/sockbind-$VERSION"

step "page and offline page (trunk build --release)"
trunk build --release
test -f dist/sockbind-offline.html

step "sockbind.exe (cargo build --release --target x86_64-pc-windows-gnu)"
cargo build -p sockbind-cli --release --target x86_64-pc-windows-gnu
EXE=target/x86_64-pc-windows-gnu/release/sockbind.exe
# A PE32+ executable for x86-64, not a host binary by mistake.
head -c 2 "$EXE" | grep -q MZ || { echo "release: $EXE is not a Windows executable" >&2; exit 1; }

step "assembling $OUT"
rm -rf "$OUT"
mkdir -p "$OUT/web"
cp -R dist/. "$OUT/web/"
rm -f "$OUT/web/sockbind-offline.html"
cp dist/sockbind-offline.html "$OUT/"
cp "$EXE" "$OUT/sockbind.exe"
(cd "$OUT" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum >SHA256SUMS)
du -sh "$OUT" "$OUT"/sockbind.exe "$OUT"/sockbind-offline.html
echo "release folder: $OUT"
