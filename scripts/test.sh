#!/usr/bin/env bash
# Sets up, builds and runs every test: formatting and lint (C++ and
# JavaScript), the Catch2 suite natively, under
# AddressSanitizer + UndefinedBehaviorSanitizer, and compiled to wasm under
# Node; the JavaScript package tests (golden cases through wasm, native/wasm
# differential, npm pack, types, no eval); the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

scripts/setup.sh

echo "== Formatting (clang-format)"
clang-format --dry-run --Werror src/*.cpp src/*.hpp src/lean/*.cpp src/cli/*.cpp wasm/*.cpp tests/*.cpp tests/fuzz/*.cpp tests/fuzz/*.hpp

echo "== JavaScript: formatting (prettier) and lint (eslint)"
# The package, the scripts, the web apps and every JS test.
js_checked=(wasm scripts web tests/js tests/tools tests/browser eslint.config.js)
node_modules/.bin/prettier --check --log-level warn "wasm/**/*.{js,mjs,ts}" "scripts/**/*.{js,mjs}" \
  "web/**/*.{js,mjs}" "tests/js/**/*.{mjs,ts}" "tests/tools/**/*.mjs" "tests/browser/**/*.mjs" eslint.config.js
node_modules/.bin/eslint --max-warnings 0 "${js_checked[@]}"

scripts/build.sh

echo "== Catch2 suite (native)"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== Catch2 suite under AddressSanitizer and UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DASSURECALC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" --target assurecalc_tests
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== Fuzzing for 60 s: evaluate(), the CLI's printing, the CSV path, policy files; 15 s each (libFuzzer, ASan, UBSan)"
# scripts/fuzz.sh builds each target from src/*.cpp, seeds it and prints
# libFuzzer's Done/ERROR/SUMMARY lines; it fails on a finding (longer runs:
# scripts/fuzz.sh [SECONDS]).
FUZZ_SEED=20261126 FUZZ_FRESH=1 scripts/fuzz.sh 15

echo "== Catch2 suite compiled to WebAssembly, run by Node"
emcmake cmake -S . -B build-wasm-tests -DCMAKE_BUILD_TYPE=Release -DASSURECALC_BUILD_TESTS=ON \
  -DASSURECALC_WASM_OUT="$PWD/build-wasm-tests/dist" >/dev/null
cmake --build build-wasm-tests -j"$jobs" --target assurecalc_tests
ctest --test-dir build-wasm-tests --output-on-failure

echo "== JavaScript package tests (wasm module)"
node --test tests/js/

echo "== Browser tests (headless Chromium)"
node --test tests/browser/
