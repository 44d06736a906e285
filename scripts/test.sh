#!/usr/bin/env bash
# Sets up, builds and runs every test: the Catch2 suite natively, under
# AddressSanitizer + UndefinedBehaviorSanitizer, and compiled to wasm under
# Node; the JavaScript package tests (golden cases through wasm, native/wasm
# differential, npm pack, types, no eval); the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

scripts/setup.sh

echo "== Formatting (clang-format)"
clang-format --dry-run --Werror src/*.cpp src/*.hpp src/cli/*.cpp wasm/*.cpp tests/*.cpp

scripts/build.sh

echo "== Catch2 suite (native)"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== Catch2 suite under AddressSanitizer and UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DASSURECALC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" --target assurecalc_tests
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== Fuzzing evaluate() for 30 s (libFuzzer, ASan, UBSan)"
mkdir -p build-fuzz/corpus
cp tests/samples/*.json build-fuzz/corpus/
node tests/tools/gen-claims.mjs 200 99 | split -l 1 - build-fuzz/corpus/generated-
clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/fuzz_evaluate.cpp \
  src/civil.cpp src/calendar.cpp src/currency.cpp src/claim.cpp src/policy.cpp src/evaluate.cpp src/write_json.cpp src/builtin.cpp src/codes.cpp src/vocabulary.cpp \
  src/csv.cpp build/embedded_data.cpp -o build-fuzz/fuzz_evaluate
fuzz_status=0
build-fuzz/fuzz_evaluate build-fuzz/corpus -max_total_time=30 -max_len=4096 -seed=20261126 -print_final_stats=1 \
  -artifact_prefix=build-fuzz/ > build-fuzz/log 2>&1 || fuzz_status=$?
grep -E "^Done|ERROR|SUMMARY|artifact" build-fuzz/log || true
if [ "$fuzz_status" -ne 0 ]; then
  tail -n 40 build-fuzz/log
  echo "fuzzing found a failing input (exit $fuzz_status)" >&2
  exit 1
fi

echo "== Catch2 suite compiled to WebAssembly, run by Node"
emcmake cmake -S . -B build-wasm-tests -DCMAKE_BUILD_TYPE=Release -DASSURECALC_BUILD_TESTS=ON \
  -DASSURECALC_WASM_OUT="$PWD/build-wasm-tests/dist" >/dev/null
cmake --build build-wasm-tests -j"$jobs" --target assurecalc_tests
ctest --test-dir build-wasm-tests --output-on-failure

echo "== JavaScript package tests (wasm module)"
node --test tests/js/

echo "== Browser tests (headless Chromium)"
node --test tests/browser/
