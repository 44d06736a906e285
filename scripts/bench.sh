#!/usr/bin/env bash
# Benchmarks that print figures (never pass/fail): the engine per claim,
# natively and in wasm under Node, the CLI's batch throughput and memory,
# and the sizes of the wasm builds.
# usage: scripts/bench.sh [CLAIMS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
[ -x build/assurecalc ] && [ -f wasm/dist/assurecalc.wasm ] || scripts/build.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node tests/tools/gen-claims.mjs "$n" 7 > "$tmp/claims.jsonl"
head -n 20000 "$tmp/claims.jsonl" > "$tmp/20k.jsonl"
echo "== $n generated claims, $(($(wc -c < "$tmp/claims.jsonl") / n)) bytes each on average"

echo "== engine, native (in memory)"
build/assurecalc_bench "$tmp/20k.jsonl" 5

echo "== engine, wasm in Node"
node tests/tools/bench-wasm.mjs "$tmp/20k.jsonl"

echo "== CLI batch over $n claims (with I/O)"
/usr/bin/time -f "   %e s elapsed, peak memory %M KiB" build/assurecalc batch "$tmp/claims.jsonl" > "$tmp/out.jsonl" || true
secs=$( { /usr/bin/time -f "%e" build/assurecalc batch "$tmp/claims.jsonl" > /dev/null; } 2>&1 | tail -1)
awk -v n="$n" -v s="$secs" 'BEGIN { if (s > 0) printf "   %.0f claims/s\n", n / s }'

echo "== wasm sizes (raw / gzip -9)"
for f in wasm/dist/assurecalc.wasm wasm/dist/assurecalc.js wasm/dist/assurecalc-single.js; do
  printf "   %-32s %8d / %8d bytes\n" "$f" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)"
done
