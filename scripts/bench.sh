#!/usr/bin/env bash
# Benchmark (not a test): gzipped wasm/JS/CSS sizes of the release build, time to first
# interactive render and interaction latency in headless Chromium.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
trunk build --release >/dev/null
node e2e/bench.mjs "$@"
