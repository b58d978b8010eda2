#!/usr/bin/env bash
# Installs whatever is missing, then runs every check and test: fmt, clippy (host and wasm32),
# the Rust tests, the storage tests in headless Chromium, the built app under Playwright, and the
# generated status site under real validators, and the 10,000-incident sample acceptance. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# A run from nothing (tools installed, cold target/) needs about this much disk; say so up front.
NEED_GB=4
free_kb=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [ "${free_kb:-0}" -lt $((NEED_GB * 1024 * 1024)) ]; then
  printf 'warning: only %s MB free on the disk of %s; a test run from nothing needs about %s GB\n' \
    $((free_kb / 1024)) "$PWD" "$NEED_GB" >&2
fi
scripts/setup.sh
. scripts/env.sh

# A test run builds from nothing on CI, where incremental caches only take disk; and everything the
# run writes to a temporary directory (Chromium profiles of chromedriver and Playwright, generated
# sites, 10,000-incident bundles) goes to one directory of its own that is removed when the run
# ends, however it ends, so repeated runs on a shared machine do not fill its disk.
export CARGO_INCREMENTAL=0
# (Not under target/: Chromium's socket path under a long checkout path would pass Linux's
# 107-byte limit.)
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/cygni-test.XXXXXX")
export TMPDIR="$run_tmp"
trap 'rm -rf "$run_tmp"' EXIT

passed=0
step() {
  local name=$1; shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  local t=$SECONDS
  "$@"
  passed=$((passed + 1))
  printf '\033[1m-- %s: ok (%ss)\033[0m\n' "$name" $((SECONDS - t))
}

step "rustfmt" cargo fmt --all -- --check
# The layer rule of ARCHITECTURE.md, and a proof that the check finds each kind of violation.
step "architecture" bash -c 'python3 scripts/check-architecture.py && python3 scripts/check-architecture.py --self-test'
step "clippy (host)" cargo clippy --locked --workspace --all-targets --features status-pages/archive -- -D warnings
step "clippy (wasm32)" cargo clippy --locked -p incident-core -p status-pages -p site-worker -p app --target wasm32-unknown-unknown --all-targets -- -D warnings
# The app is tested in the browser, not on the host (a host build of the UI tests nothing).
step "Rust tests (host)" cargo test --locked --workspace --exclude app --features status-pages/archive
# In the workspace, site-gen turns on status-pages' `again` for every crate; the app's site
# worker renders without it, and this is the test of that side.
step "status-pages without site-gen's features (the site worker's renderer)" \
  cargo test --locked -p status-pages --test again --test preview_scope
step "storage and site-render tests (wasm-bindgen-test, headless Chromium)" \
  bash -c 'cd app && cargo test --locked --target wasm32-unknown-unknown --test storage --test migrate --test opening --test site'
step "app build (trunk, release)" trunk build --release
# The wasm's size is deterministic: a change that grows it past the budget says so here, and the
# budget is raised on purpose or the growth taken back (scripts/bench-app.js shows where bytes go).
wasm_budget() {
  python3 - <<'PY'
import glob, gzip, sys
# Gzipped bytes. The app's module is loaded before anything shows: 1,115,746 once the renderer
# moved to the site worker (issue 18's target is 358,400), 1,119,973 with the import's writes
# pipelined, 1,123,271 with the incidents kept in buckets (schema 6), 1,124,569 with an import
# leaving alone the incidents it does not change (overlap import's save 2.2 -> 1.1 s), 1,126,216
# with the ids named like an object's own properties kept; raised to
# 1,130,000 for that; 1,062,984 once a file the fast reader cannot take (an older version, a
# record of the wrong shape) is checked in the site worker, the located path and its second copy
# of every record's reader gone from this module. The site worker's is loaded when a preview or
# a publish first needs it (or such a file): 422,128, and 513,849 with that path (raised from
# 430,000 for it: 63 KB less before anything shows, 92 KB more in the module loaded on demand).
BUDGETS = {"app-": 1_065_000, "site-worker-": 515_000}
found = set()
for f in sorted(glob.glob("dist/*.wasm")):
    name = f.split("/")[-1]
    kind = next((k for k in BUDGETS if name.startswith(k)), None)
    if kind is None:
        sys.exit(f"{f}: a wasm module with no size budget")
    found.add(kind)
    n = len(gzip.compress(open(f, "rb").read(), 9))
    print(f"{f}: {n} bytes gzipped (budget {BUDGETS[kind]})")
    if n > BUDGETS[kind]:
        sys.exit(f"{f} is {n - BUDGETS[kind]} bytes over the budget of {BUDGETS[kind]} gzipped")
if found != set(BUDGETS):
    sys.exit(f"dist/ lacks a module: found {sorted(found)} of {sorted(BUDGETS)}")
PY
}
step "app size budget" wasm_budget
step "Playwright (built app in Chromium)" bash -c 'cd tests/e2e && npx playwright test'

# The generated status site, read by real parsers and validators (tests/site/README.md): the
# sample's site through check_site.py and axe-core; a site of hostile content through the same
# validators and opened page by page in Chromium, where no script may run.
site_checks() {
  local dir; dir=$(mktemp -d)
  local now=2026-11-01T12:00:00Z base=https://status.cygni.example
  cargo build --locked -p site-gen --quiet
  target/debug/site-gen sample --incidents 150 --seed 1 --now "$now" --out "$dir/sample.json"
  target/debug/site-gen build "$dir/sample.json" --out "$dir/site" --now "$now" --base-url "$base" --allow-sample
  tests/site/.venv/bin/python tests/site/check_site.py "$dir/site" --base-url "$base/"
  (cd tests/e2e && SITE_DIR="$dir/site" npx playwright test -c site.config.js site/axe.spec.js)
  # The same workspace with its site in the second language (German): the same validators and
  # axe-core (tests/site/check_site.py reads the weights in the page's language).
  python3 -c 'import json, sys; b = json.load(open(sys.argv[1])); b["settings"]["site_language"] = "de"; json.dump(b, open(sys.argv[2], "w"))' \
    "$dir/sample.json" "$dir/sample-de.json"
  target/debug/site-gen build "$dir/sample-de.json" --out "$dir/site-de" --now "$now" --base-url "$base" --allow-sample
  grep -q '<html lang="de">' "$dir/site-de/index.html"
  tests/site/.venv/bin/python tests/site/check_site.py "$dir/site-de" --base-url "$base/"
  (cd tests/e2e && SITE_DIR="$dir/site-de" npx playwright test -c site.config.js site/axe.spec.js)
  target/debug/site-gen build tests/fixtures/hostile/hostile.json --out "$dir/hostile" --now "$now" --base-url "$base" --allow-sample
  tests/site/.venv/bin/python tests/site/check_site.py "$dir/hostile" --base-url "$base/"
  (cd tests/e2e && SITE_DIR="$dir/hostile" npx playwright test -c site.config.js site/xss.spec.js)
  rm -rf "$dir"
}
step "status site (English and German): validators, Statuspage client, axe-core, hostile content in Chromium" site_checks

# deploy/: the CI recipes validate against their published schemas, and their check and build
# commands, as written, build a sound site from a public export (tests/deploy/check_recipes.py).
step "deploy recipes: schemas, and their commands run as written" bash -c \
  'cargo build --locked -p site-gen --quiet && tests/site/.venv/bin/python tests/deploy/check_recipes.py target/debug/site-gen tests/fixtures/v6/public-4.json'

acceptance() {
  cargo build --locked --profile native -p site-gen --quiet
  local dir; dir=$(mktemp -d)
  target/native/site-gen sample --incidents 10000 --seed 1 --out "$dir/big.json"
  local t0; t0=$(date +%s%N)
  target/native/site-gen check "$dir/big.json"
  echo "check of 10,000 incidents took $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  head -c 20000000 "$dir/big.json" > "$dir/truncated.json"
  if target/native/site-gen check "$dir/truncated.json" 2> "$dir/err.txt"; then
    echo "a truncated bundle passed the check"; return 1
  fi
  grep -q 'truncated.json: \$: the file ends unexpectedly' "$dir/err.txt" || { cat "$dir/err.txt"; return 1; }
  target/native/site-gen build "$dir/big.json" --out "$dir/site" --now 2026-11-01T12:00:00Z --allow-sample
  test -s "$dir/site/index.html" && test -s "$dir/site/api/v2/summary.json"
  rm -rf "$dir"
}
step "acceptance: 10,000-incident sample checks clean and builds, a truncated copy fails" acceptance

printf '\n%d passed, 0 failed (in %ss)\n' "$passed" $((SECONDS - started))
echo "target/ holds $(du -sh target 2>/dev/null | cut -f1) after the run"
