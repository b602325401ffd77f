#!/usr/bin/env bash
# Benchmark (not a test): builds the page and a bare Leptos 0.8 counter (bench/counter) with
# the same profile and tools, then prints both side by side against the budgets in
# bench/budgets.json: sizes (first load gz, offline file), first answer vs the counter's first
# render, script+style+layout per picker change at 1× and 4× CPU throttling, and where the
# wasm bytes go. Usage: ./scripts/bench.sh [runs]   (or --runs N --changes N)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# The page, as shipped.
trunk build --release >/dev/null

# The counter: its own workspace and target dir, the page's Cargo.lock (so leptos, tachys,
# reactive_graph and wasm-bindgen are the page's exact versions) and the page's tool pins.
COUNTER=bench/counter
cp Cargo.lock "$COUNTER/Cargo.lock"
for pin in wasm_bindgen wasm_opt minify; do
  if [ "$(grep "^$pin = " Trunk.toml)" != "$(grep "^$pin = " "$COUNTER/Trunk.toml")" ]; then
    echo "bench: $COUNTER/Trunk.toml pins a different $pin than Trunk.toml: update it" >&2
    exit 1
  fi
done
if [ "$(sed -n '/^\[profile.release\]/,/^$/p' Cargo.toml)" != "$(sed -n '/^\[profile.release\]/,/^$/p' "$COUNTER/Cargo.toml")" ]; then
  echo "bench: $COUNTER/Cargo.toml's [profile.release] differs from Cargo.toml's: update it" >&2
  exit 1
fi
# The floor stays a bare counter: RUSTFLAGS (set, even empty) overrides the page's
# erase_components from .cargo/config.toml, which cargo would otherwise apply here too.
(cd "$COUNTER" && RUSTFLAGS= trunk build --release >/dev/null)
for crate in leptos tachys reactive_graph wasm-bindgen; do
  a="$(awk -v n="$crate" '$0 == "name = \"" n "\"" {getline; print; exit}' Cargo.lock)"
  b="$(awk -v n="$crate" '$0 == "name = \"" n "\"" {getline; print; exit}' "$COUNTER/Cargo.lock")"
  if [ "$a" != "$b" ]; then
    echo "bench: the counter resolved $crate to $b, the page uses $a" >&2
    exit 1
  fi
done
echo "page and counter: leptos $(awk '$0 == "name = \"leptos\"" {getline; print $3; exit}' Cargo.lock | tr -d '"'), trunk $(trunk --version | awk '{print $2}'), $(wasm-opt --version | head -1), wasm-opt -Oz"

# Pre-wasm-opt wasm-bindgen output (it keeps the name section) for the byte breakdown.
PREOPT="$(mktemp -d)"
trap 'rm -rf "$PREOPT"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$PREOPT/page" target/wasm32-unknown-unknown/release/sockbind-app.wasm
wasm-bindgen --target web --no-typescript --out-dir "$PREOPT/counter" "$COUNTER/target/wasm32-unknown-unknown/release/bench-counter.wasm"

BENCH_PAGE_PREOPT="$PREOPT/page/sockbind-app_bg.wasm" \
BENCH_COUNTER_PREOPT="$PREOPT/counter/bench-counter_bg.wasm" \
  node e2e/bench.mjs "$@"
