#!/usr/bin/env bash
# Runs every test: format and lint checks, core + CLI (native cargo test, including the 108
# generated cell tests) and the message catalogs, `sockbind probe` under Wine against an independent
# C program (scripts/wine-test.sh), components (wasm-bindgen-test in headless
# Chromium), then the end-to-end suite (Playwright + Debian's chromium) against the release
# dist/ served on 127.0.0.1, the embed host on a second port, and the offline page from file://.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
step() { printf '\n==> %s\n' "$*"; }

# One pass from a clean tree gains nothing from incremental caches, which would take gigabytes
# of target/; set CARGO_INCREMENTAL=1 to keep them between your own runs.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# Chromium's throwaway profiles (about 100 MB per browser start) go under target/ and are
# removed when the run ends, instead of piling up in /tmp.
CHROME_TMP="$PWD/target/chromium-tmp"
mkdir -p "$CHROME_TMP"
trap 'rm -rf "$CHROME_TMP"' EXIT
avail_mb=$(df -Pm target | awk 'NR==2{print $4}')
if [ "${avail_mb:-0}" -lt 4000 ]; then
  echo "test.sh: only ${avail_mb} MB free for target/; a cold run needs about 3 GB" >&2
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "generator module (sockbind-gen, wasm32 release: the component tests load it)"
cargo build -p sockbind-gen --release --target wasm32-unknown-unknown

step "cargo clippy (native, wasm32 with and without the offline build's inline-modules, and the Windows probe runner)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p sockbind-app --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p sockbind-app --target wasm32-unknown-unknown --features inline-modules --bins -- -D warnings
cargo clippy -p sockbind-cli --target x86_64-pc-windows-gnu --all-targets -- -D warnings

step "core, CLI and generator module tests, message catalogs (native)"
cargo test -p sockbind-core -p sockbind-cli -p sockbind-gen
cargo test -p sockbind-app --test i18n

step "probe under Wine: sockbind.exe against the generated C program (scripts/wine-test.sh)"
"$(dirname "${BASH_SOURCE[0]}")/wine-test.sh"

step "component tests (wasm-bindgen-test, headless Chromium)"
TMPDIR="$CHROME_TMP" CHROMEDRIVER="$(command -v chromedriver)" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p sockbind-app --target wasm32-unknown-unknown

step "release build (trunk)"
trunk build --release

step "end-to-end tests (Playwright, Debian chromium, dist/ on 127.0.0.1)"
(cd e2e && TMPDIR="$CHROME_TMP" npx playwright test)
