#!/usr/bin/env bash
# Builds the native engine, CLI and tests (build/) and the WebAssembly
# module (wasm/dist/ via build-wasm/).
# usage: scripts/build.sh [native|wasm|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
jobs=$(nproc 2>/dev/null || echo 2)

if [[ $what == native || $what == all ]]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build -j"$jobs"
fi
if [[ $what == wasm || $what == all ]]; then
  # em++ optimises JS with Node and needs Debian's acorn from /usr/share/nodejs.
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release -DASSURECALC_BUILD_TESTS=OFF >/dev/null
  cmake --build build-wasm -j"$jobs"
  node scripts/build-widget.mjs   # the storefront widget: one file (web/widget/dist/assurecalc-widget.js)
fi
