#!/usr/bin/env bash
# Builds the page (release) and serves it on http://127.0.0.1:8080/ (PORT=… to change).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
