#!/usr/bin/env bash
# Installs everything sockbind needs to build and test, from the package registries only
# (Debian, crates.io, npm). Idempotent: each step is skipped when its tool is already there.
# Sourced by serve.sh, test.sh and bench.sh; safe to run on its own.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { printf '[setup] %s\n' "$*" >&2; }

TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

# 1. Debian packages: chromium + chromedriver (browser tests), node/npm, python3 (static server).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v python3 >/dev/null || missing+=(python3)
command -v gzip >/dev/null || missing+=(gzip)
# Probe tests (scripts/wine-test.sh): mingw-w64 (cross linker and C compiler), Wine (the `wine`
# launcher and wine64), mono-mcs (compiles the generated C#).
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(mingw-w64)
command -v wine >/dev/null || missing+=(wine wine64)
command -v mcs >/dev/null || missing+=(mono-mcs)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Rust: the wasm32 target, and x86_64-pc-windows-gnu for sockbind.exe (probe tests, release).
for target in wasm32-unknown-unknown x86_64-pc-windows-gnu; do
  if ! rustup target list --installed | grep -qx "$target"; then
    log "rustup target add $target"
    rustup target add "$target"
  fi
done

# 3. wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version (trunk insists on a match).
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WB_VERSION (a few minutes)"
  cargo install wasm-bindgen-cli --version "=$WB_VERSION"
fi
if ! grep -q "wasm_bindgen = \"$WB_VERSION\"" Trunk.toml; then
  echo "Trunk.toml pins a wasm_bindgen other than Cargo.lock's $WB_VERSION: update it" >&2
  exit 1
fi

# 4. trunk 0.21.14 (0.22 needs rustc 1.96.1; these machines have 1.95).
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  log "cargo install trunk@$TRUNK_VERSION (about 20 minutes cold)"
  cargo install "trunk@$TRUNK_VERSION" --locked
fi

# 5. npm: binaryen's wasm-opt 132 (tools/) and Playwright without its browser download (e2e/).
npm_ci() { # dir
  if [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    log "npm ci in $1"
    (cd "$1" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci tools
npm_ci e2e
if ! wasm-opt --version | grep -q "version 132"; then
  echo "wasm-opt on PATH is not binaryen 132: $(command -v wasm-opt)" >&2
  exit 1
fi
