#!/usr/bin/env bash
# The main job: set up, build, and serve the buyer's page on localhost with
# a sample order filled in. PORT=8080 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo
echo "The CLI on the sample order from claim-api.md:"
./build/assurecalc evaluate tests/samples/claim-api-sample.json | sed -n '1,20p'
echo "  ..."
echo
exec node scripts/serve.mjs "${PORT:-8080}"
