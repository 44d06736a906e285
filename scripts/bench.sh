#!/usr/bin/env bash
# Benchmarks that print figures (never pass/fail): the engine per claim,
# natively and in wasm under Node, the CLI's batch throughput and memory,
# and the sizes of the wasm builds; then issue 11's targets: the buyer's
# page (LCP against a blank page's first paint, bytes of its first load),
# the engine for the page, the lazy widget, objects in JavaScript against a
# hand-written version of the 2017 rules, native and batch throughput, the
# agent view against the CLI; and a table of every figure beside its target.
# usage: scripts/bench.sh [CLAIMS] [PAGE_ROUNDS]   (default 100000, 7)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
rounds=${2:-7}
[ -x build/assurecalc ] && [ -f wasm/dist/assurecalc.wasm ] || scripts/build.sh
[ -f web/widget/dist/assurecalc-widget-loader.js ] || node scripts/build-widget.mjs >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
figs="$tmp/figures"
: > "$figs"
fig() { echo "$1 $2" >> "$figs"; }
get() { awk -v k="$1" '$1 == k { v = $2 } END { print (v == "" ? "?" : v) }' "$figs"; }
node tests/tools/gen-claims.mjs "$n" 7 > "$tmp/claims.jsonl"
head -n 20000 "$tmp/claims.jsonl" > "$tmp/20k.jsonl"
echo "== $n generated claims, $(($(wc -c < "$tmp/claims.jsonl") / n)) bytes each on average"

echo "== engine, native (in memory)"
build/assurecalc_bench "$tmp/20k.jsonl" 5 | tee "$tmp/native"
fig native_per_s "$(sed -n 's/^native evaluate: .* us\/claim, \([0-9]*\) claims\/s.*/\1/p' "$tmp/native")"

echo "== engine, wasm in Node"
node tests/tools/bench-wasm.mjs "$tmp/20k.jsonl" | tee "$tmp/wasm"
fig wasm_string_us "$(sed -n 's/^wasm evaluateJSON: \([0-9.]*\) us\/claim.*/\1/p' "$tmp/wasm")"

echo "== CLI batch over $n claims (with I/O; one thread per core, $(nproc) here, then one thread)"
# batch exits 1 when some claims had errors (the generator makes some on purpose).
for threads in default 1; do
  /usr/bin/time -v -o "$tmp/time" build/assurecalc batch $([ "$threads" = 1 ] && echo --jobs 1) "$tmp/claims.jsonl" > "$tmp/out.jsonl" || true
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$tmp/time")
  kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
  awk -v n="$n" -v s="$secs" -v k="$kib" -v t="$threads" 'BEGIN { printf "   %s: %.2f s, %.0f claims/s, peak memory %d KiB\n", (t == "1" ? "--jobs 1" : "default"), s, (s > 0 ? n / s : 0), k }'
  if [ "$threads" = default ]; then
    fig batch_per_s "$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')"
    fig batch_kib "$kib"
  else
    fig batch_one_per_s "$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')"
  fi
done
echo "== CLI batch --csv over 10,000 orders"
node tests/tools/claims-to-csv.mjs 10000 7 > "$tmp/orders.csv"
/usr/bin/time -f "%e %M" -o "$tmp/time" build/assurecalc batch --csv "$tmp/orders.csv" > /dev/null || true
read -r secs kib < <(tail -n 1 "$tmp/time")
awk -v s="$secs" -v k="$kib" 'BEGIN { printf "   %.2f s, %.0f orders/s, peak memory %d KiB\n", s, (s > 0 ? 10000 / s : 0), k }'

echo "== wasm sizes (raw / gzip -9)"
for f in wasm/dist/assurecalc.wasm wasm/dist/assurecalc.js wasm/dist/assurecalc-single.js wasm/dist/assurecalc-full.wasm \
  wasm/dist/assurecalc-full.js web/widget/dist/assurecalc-widget.js; do
  printf "   %-32s %8d / %8d bytes\n" "$f" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)"
done

echo "== cost against size: 1 to 100,000 payments, order lines, missing-unit SKUs, unknown members (native and wasm)"
# Time per claim and the ratio for each 10x step (over 20 is flagged as
# superlinear); claims over 1 MiB answer INPUT_TOO_LARGE, so the largest
# count under the limit has a row of its own.
node tests/tools/bench-size.mjs 100000

echo "== issue 11: the engine for the page, the lazy widget (gzip -9)"
gz() { gzip -9 -c "$@" | wc -c; }
engine=$(($(gz wasm/dist/assurecalc.wasm) + $(gz wasm/dist/assurecalc.js)))
echo "   wasm/dist/assurecalc.wasm + assurecalc.js: $engine bytes"
fig engine_gz "$engine"
loader=web/widget/dist/assurecalc-widget-loader.js
ui=$(ls web/widget/dist/assurecalc-widget-ui-*.js | head -n 1)
lazywasm=$(ls web/widget/dist/assurecalc-[A-Z0-9]*.wasm | head -n 1)
echo "   $loader: $(gz "$loader") bytes; on sight: $ui $(gz "$ui") + $lazywasm $(gz "$lazywasm") bytes"
fig loader_gz "$(gz "$loader")"
fig sight_gz $(($(gz "$ui") + $(gz "$lazywasm")))

echo "== issue 11: objects in JavaScript, the engine against hand-written JavaScript of the 2017 rules"
node tests/tools/bench-objects.mjs "$tmp/20k.jsonl" | tee "$tmp/objects" | grep -v "^@figure" || echo "   (failed: the figures are left out)"
grep "^@figure" "$tmp/objects" | cut -d" " -f2- >> "$figs" || true

echo "== issue 11: the buyer's page and the agent view in headless Chromium ($rounds rounds; 10,000 orders)"
node tests/tools/bench-page.mjs "$tmp/orders.csv" "$rounds" | tee "$tmp/page" | grep -v "^@figure" || echo "   (failed: the figures are left out)"
grep "^@figure" "$tmp/page" | cut -d" " -f2- >> "$figs" || true

echo
echo "== issue 11: targets (figures, never a pass or a fail)"
row() { printf "   %-58s %-22s %-22s %s\n" "$1" "$2" "$3" "$4"; }
# met VALUE OP LIMIT: "yes" or "no" (or "?" when the figure is missing)
met() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { if (v == "?" || v == "") { print "?"; exit } ok = (op == "<=" ? v + 0 <= l + 0 : v + 0 >= l + 0); print (ok ? "yes" : "no") }'; }
ratio=$(get page_lcp_ratio)
row "what" "measured" "target" "met"
row "page: verdict LCP / blank page first paint (medians)" "$ratio ($(get page_lcp_ms) / $(get blank_fp_ms) ms)" "<= 2.2" "$(met "$ratio" '<=' 2.2)"
row "page: whole first load, bytes over the wire (brotli)" "$(get page_first_load_bytes)" "<= 100000" "$(met "$(get page_first_load_bytes)" '<=' 100000)"
row "engine for the page: wasm + glue, gzip -9 bytes" "$(get engine_gz)" "<= 65536" "$(met "$(get engine_gz)" '<=' 65536)"
row "  at the string API's speed, us per claim" "$(get wasm_string_us)" "<= 9" "$(met "$(get wasm_string_us)" '<=' 9)"
row "widget: the loader a storefront includes, gzip -9 bytes" "$(get loader_gz)" "<= 2048" "$(met "$(get loader_gz)" '<=' 2048)"
row "widget: what it loads on sight, gzip -9 bytes" "$(get sight_gz)" "<= 102400" "$(met "$(get sight_gz)" '<=' 102400)"
js=$(get objects_js_us)
eng=$(get objects_engine_us)
row "objects in, summary out: engine us/claim" "$eng (JS: $js; full result $(get objects_full_us))" "< JS's us/claim" "$(met "$eng" '<=' "$js")"
row "  JS and engine agree (status, closes_at, refund max)" "$(get objects_agree)" "all" "$(awk -v a="$(get objects_agree)" 'BEGIN { split(a, x, "/"); print (x[1] == x[2] && x[2] > 0 ? "yes" : "no") }')"
row "native: claims/s with the full result" "$(get native_per_s)" ">= 350000" "$(met "$(get native_per_s)" '>=' 350000)"
row "batch: claims/s ($n claims, with I/O, $(nproc) threads)" "$(get batch_per_s) (one thread: $(get batch_one_per_s))" ">= 250000" "$(met "$(get batch_per_s)" '>=' 250000)"
row "  peak memory, KiB" "$(get batch_kib)" "constant" "-"
row "agent view: 10,000 orders / CLI on the same file" "$(get agent_ratio) ($(get agent_ms) / $(get agent_cli_ms) ms)" "<= 1.5" "$(met "$(get agent_ratio)" '<=' 1.5)"
row "  the file chosen the moment the view is ready" "$(get agent_ratio_at_once) ($(get agent_ms_at_once) ms)" "<= 1.5" "$(met "$(get agent_ratio_at_once)" '<=' 1.5)"
