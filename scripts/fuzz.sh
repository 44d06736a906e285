#!/usr/bin/env bash
# Fuzzes the engine with libFuzzer under AddressSanitizer and
# UndefinedBehaviorSanitizer, one bounded run per target (tests/fuzz/):
#   fuzz_evaluate    any bytes through evaluate()
#   fuzz_cli_output  evaluate(), then printed as the CLI prints a result
#   fuzz_csv         any bytes as the agents' CSV (rows to claims to result rows)
#   fuzz_policy      any bytes as a policy file (and calendar), then claims under it
# Seeds: tests/samples, generated claims, the golden cases' inputs, the
# agents' CSVs and the policy and calendar files; and every past finding,
# kept in tests/fuzz/regressions/<target>/ (each run starts with them).
# The corpus grows in build-fuzz/corpus/<target>/ from run to run (unless
# FUZZ_FRESH=1); a finding is written to build-fuzz/<target>-crash-... (or
# leak-, timeout-, oom-) and fails the run, and so does undefined behaviour.
# Needs build/embedded_data.cpp (scripts/build.sh native).
# usage: scripts/fuzz.sh [SECONDS per target, default 300] [TARGET...]
#   FUZZ_SEED=N   libFuzzer's random seed (default: a new one each run)
#   FUZZ_FRESH=1  start from the seeds alone, in a corpus thrown away at the
#                 end (the test command: bounded time, the same run each time)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_evaluate fuzz_cli_output fuzz_csv fuzz_policy)
jobs=$(nproc 2>/dev/null || echo 2)
[ -f build/embedded_data.cpp ] || scripts/build.sh native

out=build-fuzz
obj=$out/obj
mkdir -p "$obj"
# The version CMake gives the engine (project(... VERSION x.y.z)).
version=$(sed -n 's/^project(assurecalc VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
# -fno-sanitize-recover: undefined behaviour stops the run and is a finding
# (by default UBSan reports it and goes on, and the run passes).
sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=all)
flags=(-std=c++17 -g -O1 -fsanitize=fuzzer-no-link "${sanitize[@]}" -Isrc "-DASSURECALC_VERSION=\"$version\"")

# One build at a time (test.sh and a long run may overlap).
exec 9> "$obj/.lock"
flock 9

# The engine's objects, built once for every target: src/*.cpp (a glob, so
# new sources are picked up) and the embedded policies and calendars. An
# object is rebuilt when its source, a header or the flags change (by
# content: sources may change while a build runs).
headers=$(cat src/*.hpp | sha256sum | cut -c1-64)
stale=()
for src in src/*.cpp build/embedded_data.cpp; do
  o=$obj/$(basename "${src%.cpp}").o
  key="$(sha256sum < "$src" | cut -c1-64) $headers ${flags[*]}"
  if [ ! -f "$o" ] || [ "$(cat "$o.key" 2>/dev/null)" != "$key" ]; then
    rm -f "$o" "$o.key"
    stale+=("$src")
    echo "$key" > "$obj/$(basename "${src%.cpp}").key.new"
  fi
done
if [ ${#stale[@]} -gt 0 ]; then
  printf '%s\n' "${stale[@]}" |
    xargs -P "$jobs" -I{} sh -c 'clang++ "$@" -c {} -o '"$obj"'/$(basename {} .cpp).o' _ "${flags[@]}"
  # The key is the one read before compiling: a source changed meanwhile is rebuilt next time.
  for src in "${stale[@]}"; do
    b=$obj/$(basename "${src%.cpp}")
    mv "$b.key.new" "$b.o.key"
  done
fi
objects=()
for src in src/*.cpp build/embedded_data.cpp; do objects+=("$obj/$(basename "${src%.cpp}").o"); done
for t in "${targets[@]}"; do
  # Linked beside, then moved: a run still going keeps its own binary.
  clang++ -std=c++17 -g -O1 -fsanitize=fuzzer "${sanitize[@]}" -Isrc "tests/fuzz/$t.cpp" "${objects[@]}" -o "$out/$t.new"
  mv "$out/$t.new" "$out/$t"
done
flock -u 9

# Seeds, written afresh for each run.
seeds=$(mktemp -d "$out/seeds.XXXXXX")
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds"/{claims,csv,policy}
cp tests/samples/*.json "$seeds/claims/"
node tests/tools/gen-claims.mjs 200 99 | split -l 1 - "$seeds/claims/generated-"
node --input-type=module -e '
  import { writeFileSync } from "node:fs";
  import { loadCases } from "./tests/js/lib.mjs";
  // Each golden case input as the exact bytes the engine reads (big ones left out).
  loadCases().forEach((c, i) => { if (c.bytes.length <= 65536) writeFileSync(`'"$seeds"'/claims/case-${i}`, c.bytes); });
'
cp tests/fixtures/agents/*.csv "$seeds/csv/"
node tests/tools/claims-to-csv.mjs 40 11 > "$seeds/csv/orders-40.csv"
head -n 4 "$seeds/csv/orders-40.csv" > "$seeds/csv/orders-3.csv"
(head -n 1 "$seeds/csv/orders-40.csv" | tr ',' '\n' | sort -r | paste -sd, -) > "$seeds/csv/header-only.csv"
printf 'total,created_on,currency,as_of,order_id\r\n100,2025-03-02,USD,2025-04-20T09:30:00Z,"PO ""1"""\r\n' \
  > "$seeds/csv/crlf.csv"
cp src/policies/*.json tests/policies/*.json src/calendars/*.json "$seeds/policy/"
for p in src/policies/*.json; do
  { cat src/calendars/cn.json; printf '\0'; cat "$p"; } > "$seeds/policy/with-calendar-$(basename "$p")"
done
{ cat tests/policies/weekdays-calendar.json; printf '\0'; cat tests/policies/peer-test-2024.json; } \
  > "$seeds/policy/with-calendar-ebay.json"

status=0
for t in "${targets[@]}"; do
  case $t in
    fuzz_csv) seed_dir=$seeds/csv max_len=4096 ;;
    fuzz_policy) seed_dir=$seeds/policy max_len=32768 ;;
    *) seed_dir=$seeds/claims max_len=4096 ;;
  esac
  corpus=$out/corpus/$t
  [ "${FUZZ_FRESH:-0}" = 1 ] && corpus=$seeds/corpus-$t
  mkdir -p "$corpus"
  echo "== $t for $secs s"
  t_status=0
  regressions=()
  [ -d "tests/fuzz/regressions/$t" ] && regressions=("tests/fuzz/regressions/$t")
  "$out/$t" "$corpus" "$seed_dir" "${regressions[@]}" -max_total_time="$secs" -max_len="$max_len" -timeout=20 \
    -seed="${FUZZ_SEED:-0}" -print_final_stats=1 -artifact_prefix="$out/$t-" > "$out/$t.log" 2>&1 || t_status=$?
  grep -E "^Done|ERROR|SUMMARY|artifact|fuzz check failed" "$out/$t.log" || true
  if [ "$t_status" -ne 0 ]; then
    tail -n 40 "$out/$t.log"
    echo "$t found a failing input (exit $t_status); see $out/$t.log" >&2
    status=1
  fi
done
exit "$status"
