#!/usr/bin/env bash
# Runs every test: format and lint checks, core + CLI (native cargo test, including the 108
# generated cell tests) and the message catalogs, `sockbind probe` under Wine against an independent
# C program (scripts/wine-test.sh), components (wasm-bindgen-test in headless
# Chromium), then the end-to-end suite (Playwright + Debian's chromium) against the release
# dist/ served on 127.0.0.1, the embed host on a second port, and the offline page from file://.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "generator module (sockbind-gen, wasm32 release: the component tests load it)"
cargo build -p sockbind-gen --release --target wasm32-unknown-unknown

step "cargo clippy (native, wasm32, and the Windows probe runner)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p sockbind-app --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p sockbind-cli --target x86_64-pc-windows-gnu --all-targets -- -D warnings

step "core, CLI and generator module tests, message catalogs (native)"
cargo test -p sockbind-core -p sockbind-cli -p sockbind-gen
cargo test -p sockbind-app --test i18n

step "probe under Wine: sockbind.exe against the generated C program (scripts/wine-test.sh)"
"$(dirname "${BASH_SOURCE[0]}")/wine-test.sh"

step "component tests (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER="$(command -v chromedriver)" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p sockbind-app --target wasm32-unknown-unknown

step "release build (trunk)"
trunk build --release

step "end-to-end tests (Playwright, Debian chromium, dist/ on 127.0.0.1)"
(cd e2e && npx playwright test)
