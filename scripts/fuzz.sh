#!/usr/bin/env bash
# Coverage-guided fuzzing of the JSON reader, the link reader, the CLI entry and the lesson
# reader (cargo fuzz).
#   ./scripts/fuzz.sh [SECONDS]   # each target runs SECONDS (default 60)
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`); without them it says
# so and exits 0. Not part of ./scripts/test.sh. Findings land in fuzz/artifacts/<target>/;
# the corpus grows in fuzz/corpus/<target>/ (both ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
toolchain="${FUZZ_TOOLCHAIN:-nightly}"
case "$secs" in ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac

if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
  echo "fuzz: no $toolchain toolchain (rustup toolchain install nightly); skipping fuzzing."
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: cargo-fuzz is not installed (cargo install cargo-fuzz); skipping fuzzing."
  exit 0
fi

# Seeds: the README's example, the example links, a UTF-16 file.
seed() { mkdir -p "fuzz/corpus/$1"; printf '%s' "$2" > "fuzz/corpus/$1/seed-$3"; }
example='{"platform":"windows-7","protocol":"tcp","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150,"account":"user-a"},{"options":[],"address":"10.0.0.1","port":5150,"account":"user-b"}],"steps":[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"send","to":"10.0.0.1"}]}'
seed json_reader "$example" readme
mkdir -p fuzz/corpus/cli_entry
{ printf '\000'; printf '%s' "$example"; } > fuzz/corpus/cli_entry/seed-readme
i=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  seed link_reader "${line#\?}" "link$i"; i=$((i + 1))
done < core/tests/fixtures/urls-v1.txt
seed lesson_reader "$(cat core/data/course.json)" course
seed lesson_reader "$(cat core/data/examples.json)" examples

status=0
for target in json_reader link_reader cli_entry lesson_reader; do
  echo "fuzz: $target for ${secs}s"
  log="fuzz/$target.log"
  start=$(date +%s)
  if cargo "+$toolchain" fuzz run "$target" -- -max_total_time="$secs" -max_len=65536 \
      -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz: $target: no findings; $runs runs in $(( $(date +%s) - start ))s (build included)"
  else
    echo "fuzz: $target: FINDING (see $log and fuzz/artifacts/$target/)"
    tail -n 30 "$log"
    status=1
  fi
done
exit "$status"
