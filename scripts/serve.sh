#!/usr/bin/env bash
# Builds the page (release) and serves it on http://127.0.0.1:8080/ (PORT=… to change).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# No autoreload: its inline script would break the page's strict CSP.
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port "${PORT:-8080}"
