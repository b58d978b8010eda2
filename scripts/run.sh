#!/usr/bin/env bash
# Installs whatever is missing and runs the product on the built-in sample data:
#   - the status site generated from the sample and served by `site-gen serve` on
#     http://127.0.0.1:${SITE_PORT:-8090}/ (rebuilt whenever demo/sample-bundle.json changes);
#   - the workspace served on http://127.0.0.1:${PORT:-8080}/ (it stores the same sample in the
#     browser on first open), built (trunk, release) only when its sources changed since the last
#     build: a start with nothing changed takes seconds. For live reload while editing the app,
#     run `trunk serve` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh

# The start of the hour: the workspace stores the sample with the same seed, size and present on
# its first open, so the site and the workspace show the same incidents.
now=$(date -u +%Y-%m-%dT%H:00:00Z)
mkdir -p demo
cargo build --locked --profile native -p site-gen --quiet
target/native/site-gen sample --incidents 120 --seed 1 --now "$now" --out demo/sample-bundle.json
target/native/site-gen check demo/sample-bundle.json

site_port=${SITE_PORT:-8090}
target/native/site-gen serve demo/sample-bundle.json --out demo/site --port "$site_port" \
  --base-url "http://127.0.0.1:$site_port" --allow-sample &
site_pid=$!

# The app's inputs, hashed; dist/ keeps the hash of the build it holds.
inputs=$(find app/src app/Cargo.toml incident-core/src incident-core/Cargo.toml status-pages/src \
  status-pages/templates status-pages/assets status-pages/Cargo.toml site-worker/src \
  site-worker/Cargo.toml scripts/name-worker.sh styles public index.html Trunk.toml Cargo.toml Cargo.lock -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
if [ "$(cat dist/.inputs 2>/dev/null)" != "$inputs" ]; then
  trunk build --release
  echo "$inputs" > dist/.inputs
else
  echo "workspace app: unchanged since the last build (dist/), not rebuilt"
fi
port=${PORT:-8080}
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
app_pid=$!
# Ctrl-C, a kill of this script, or either server ending stops both.
stop() { kill "$site_pid" "$app_pid" 2>/dev/null || true; }
trap stop EXIT INT TERM
echo "status site: http://127.0.0.1:$site_port/  (files in $PWD/demo/site)"
echo "workspace:   http://127.0.0.1:$port/  (Ctrl-C to stop both)"
wait -n "$site_pid" "$app_pid"
