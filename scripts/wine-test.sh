#!/usr/bin/env bash
# Tests `sockbind probe` on Windows' API without Windows: the CLI cross-compiled for
# x86_64-pc-windows-gnu and run under Debian's Wine, held against an independent program that
# makes the same calls — the generated C program (its own Winsock code, compiled with mingw) —
# run under Wine in the same run. Wine is not Windows and differs from the model in many
# pairs, so the model is NOT the oracle here: any difference between the two programs'
# observations (call, Winsock code, receivers, per step) is a probe bug.
#
# Also: the probe detects Wine and reports its version; a --port that is in use is refused;
# the generated programs for the golden scenario and the matrix compile (C with mingw, C# with
# mono-mcs, Python with py_compile), and the comparison itself catches a doctored difference.
# Called by scripts/test.sh; runs alone too (after scripts/setup.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)
say() { printf '[wine-test] %s\n' "$*"; }

for tool in wine x86_64-w64-mingw32-gcc mcs python3; do
  command -v "$tool" >/dev/null || { echo "wine-test: $tool missing; run scripts/setup.sh" >&2; exit 1; }
done

OUT="$ROOT/target/wine-test"
mkdir -p "$OUT"
# The prefix lives outside the repository: its drive z: is a link to /, and a file watcher that
# walks the tree (trunk serve, scripts/serve.sh) would follow it into /proc and give up.
export WINEPREFIX="${WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/sockbind/wine-prefix}" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$(dirname "$WINEPREFIX")"
unset DISPLAY
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  say "creating the Wine prefix $WINEPREFIX (once, about 30 s)"
  wine wineboot -i >/dev/null 2>&1 || true
fi

say "building sockbind (host) and sockbind.exe (x86_64-pc-windows-gnu)"
cargo build -q -p sockbind-cli
cargo build -q -p sockbind-cli --release --target x86_64-pc-windows-gnu
HOST="$ROOT/target/debug/sockbind"
EXE="$ROOT/target/x86_64-pc-windows-gnu/release/sockbind.exe"
SCEN="$ROOT/core/tests/golden/scenario.json"

say "generating and compiling the programs"
CFLAGS=(-O1 -Wall -Wextra -Werror -Wno-unused-function -Wno-unused-parameter)
"$HOST" probe --matrix --emit c >"$OUT/matrix.c"
"$HOST" probe --emit c "$SCEN" >"$OUT/scenario.c"
x86_64-w64-mingw32-gcc "${CFLAGS[@]}" -o "$OUT/matrix-c.exe" "$OUT/matrix.c" -lws2_32
x86_64-w64-mingw32-gcc "${CFLAGS[@]}" -o "$OUT/scenario-c.exe" "$OUT/scenario.c" -lws2_32
for what in "--matrix" "$SCEN"; do
  "$HOST" probe $what --emit python >"$OUT/probe.py"
  python3 -m py_compile "$OUT/probe.py"
  "$HOST" probe $what --emit csharp >"$OUT/probe.cs"
  mcs -nologo -warnaserror+ -out:"$OUT/probe-cs.exe" "$OUT/probe.cs"
  "$HOST" probe $what --emit powershell >"$OUT/probe.ps1"
  # The PowerShell script embeds exactly the C# program that just compiled.
  python3 - "$OUT/probe.ps1" "$OUT/probe.cs" <<'PY'
import sys
ps, cs = open(sys.argv[1]).read(), open(sys.argv[2]).read()
cs = cs.replace("sockbind-generated-csharp", "sockbind-generated-powershell")
assert "$source = @'\n" + cs.rstrip("\n") + "\n'@\n" in ps, "probe.ps1 does not embed the C# program"
PY
done

say "running the matrix under Wine: sockbind.exe and the C program"
wine "$EXE" probe --matrix --json >"$OUT/matrix-rs.json"
wine "$OUT/matrix-c.exe" >"$OUT/matrix-c.json"
python3 "$ROOT/scripts/probe-compare.py" "$OUT/matrix-rs.json" "$OUT/matrix-c.json"

say "running the golden scenario under Wine (mapped addresses, not-run steps, lingering, sends)"
wine "$EXE" probe "$SCEN" >"$OUT/scenario-rs.json"
wine "$OUT/scenario-c.exe" >"$OUT/scenario-c.json"
python3 "$ROOT/scripts/probe-compare.py" "$OUT/scenario-rs.json" "$OUT/scenario-c.json"

python3 - "$OUT" <<'PY'
import json, sys, copy
out = sys.argv[1]
r = json.load(open(f"{out}/matrix-rs.json"))
assert r["system"]["wine"], "the probe did not detect Wine"
s = json.load(open(f"{out}/scenario-rs.json"))
steps = s["cases"][0]["steps"]
assert sum(1 for t in steps if t.get("not_run")) == 2, "second account and unmappable address are not run"
assert any(m["local"] == "127.0.0.2" and m["source"] == "default" for m in s["cases"][0]["address_map"])
# The comparison catches a doctored observation.
bad = copy.deepcopy(r)
obs = next(t for c in bad["cases"] for t in c["steps"] if t["observed"])
obs["observed"]["code"] = 10049
json.dump(bad, open(f"{out}/doctored.json", "w"))
PY
if python3 "$ROOT/scripts/probe-compare.py" "$OUT/matrix-rs.json" "$OUT/doctored.json" >/dev/null; then
  echo "wine-test: probe-compare did not notice a doctored observation" >&2; exit 1
fi

say "a --port in use is refused"
python3 - <<'PY' &
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 47123)); s.listen(); time.sleep(20)
PY
holder=$!
sleep 1
set +e
wine "$EXE" probe --port 47123 "$SCEN" >/dev/null 2>"$OUT/port.err"
rc=$?
set -e
kill "$holder" 2>/dev/null || true
if [ "$rc" -ne 2 ] || ! grep -q "hijack" "$OUT/port.err"; then
  echo "wine-test: --port in use was not refused (exit $rc): $(cat "$OUT/port.err")" >&2; exit 1
fi

say "passed in $(( $(date +%s) - start )) s"
