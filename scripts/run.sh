#!/usr/bin/env bash
# Installs whatever is missing and runs the product on the built-in sample data: the status site
# generated from the sample (as far as the generator exists), and the workspace served on
# http://127.0.0.1:${PORT:-8080}/ (it stores the same sample in the browser on first open).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
mkdir -p demo
cargo build --locked --release -p site-gen --quiet
target/release/site-gen sample --incidents 120 --seed 1 --now "$now" --out demo/sample-bundle.json
target/release/site-gen check demo/sample-bundle.json
if target/release/site-gen build demo/sample-bundle.json --out demo/site --now "$now"; then
  echo "status site: $PWD/demo/site/index.html"
else
  echo "(the status site could not be generated; see the message above)" >&2
fi

port=${PORT:-8080}
echo "workspace: http://127.0.0.1:$port/  (Ctrl-C to stop)"
exec trunk serve --release --address 127.0.0.1 --port "$port"
