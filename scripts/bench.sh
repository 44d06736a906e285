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
# batch exits 1 when some claims had errors (the generator makes some on purpose).
/usr/bin/time -f "%e %M" -o "$tmp/time" build/assurecalc batch "$tmp/claims.jsonl" > "$tmp/out.jsonl" || true
read -r secs kib < <(tail -n 1 "$tmp/time")
awk -v n="$n" -v s="$secs" -v k="$kib" 'BEGIN { printf "   %.2f s, %.0f claims/s, peak memory %d KiB\n", s, (s > 0 ? n / s : 0), k }'
echo "== CLI batch --csv over 10,000 orders"
node tests/tools/claims-to-csv.mjs 10000 7 > "$tmp/orders.csv"
/usr/bin/time -f "%e %M" -o "$tmp/time" build/assurecalc batch --csv "$tmp/orders.csv" > /dev/null || true
read -r secs kib < <(tail -n 1 "$tmp/time")
awk -v s="$secs" -v k="$kib" 'BEGIN { printf "   %.2f s, %.0f orders/s, peak memory %d KiB\n", s, (s > 0 ? 10000 / s : 0), k }'

echo "== wasm sizes (raw / gzip -9)"
for f in wasm/dist/assurecalc.wasm wasm/dist/assurecalc.js wasm/dist/assurecalc-single.js web/widget/dist/assurecalc-widget.js; do
  printf "   %-32s %8d / %8d bytes\n" "$f" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)"
done

echo "== cost against size: 1 to 100,000 payments, order lines, missing-unit SKUs, unknown members (native and wasm)"
# Time per claim and the ratio for each 10x step (over 20 is flagged as
# superlinear); claims over 1 MiB answer INPUT_TOO_LARGE, so the largest
# count under the limit has a row of its own.
node tests/tools/bench-size.mjs 100000
