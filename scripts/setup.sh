#!/usr/bin/env bash
# Installs what assurecalc needs on a fresh Debian 12 machine (idempotent):
# Debian packages for the C++ build, Emscripten, Catch2, nlohmann/json,
# Chromium and tzdata (the source of src/zones/, scripts/gen-zones.mjs); npm
# packages from the committed lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake make g++ clang clang-format nlohmann-json3-dev catch2 emscripten chromium libclang-rt-14-dev time tzdata)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
command -v node >/dev/null || { echo "setup: Node.js 20 or later is needed" >&2; exit 1; }

# npm packages (playwright-core drives Debian's chromium; it never downloads a browser).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
