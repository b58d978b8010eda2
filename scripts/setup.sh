#!/usr/bin/env bash
# Installs everything the product and its tests need on a fresh Debian machine that has only Rust.
# Idempotent: each step checks first and skips what is already there, so a warm run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. trunk (0.22 needs a newer rustc than 1.95).
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen-cli, exactly the version the app pins (no --locked: its lock names a yanked crate).
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# 3b. twiggy: where the app's wasm bytes go, by function (scripts/bench-app.js prints it).
TWIGGY_VERSION=0.7.0
if ! twiggy --version 2>/dev/null | grep -q " $TWIGGY_VERSION"; then
  log "installing twiggy $TWIGGY_VERSION (about 2 minutes, once)"
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi

# 4. Debian packages: Chromium and its driver for browser tests, fonts for readable screenshots.
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
[ -d /usr/share/fonts/truetype/liberation ] || need_apt+=(fonts-liberation)
command -v java >/dev/null || need_apt+=(default-jre-headless)
python3 -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# 5. npm packages of the browser tests and the build (playwright-core, binaryen's wasm-opt), and of
#    the generated-site checks (vnu-jar: the Nu HTML checker, run by the Java of step 4; axe-core).
#    Never downloads a browser: Playwright drives Debian's /usr/bin/chromium.
if [ ! -f tests/e2e/node_modules/.setup-stamp ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.setup-stamp ]; then
  log "installing npm packages in tests/e2e"
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  touch tests/e2e/node_modules/.setup-stamp
fi

# 6. Python venv of the generated-site checks (feedparser, icalendar, jsonschema, html5lib, a real
#    Statuspage client): reinstalled only when tests/site/requirements.txt differs from the copy
#    kept in the venv at the last install.
venv=tests/site/.venv
if ! cmp -s tests/site/requirements.txt "$venv/.requirements.txt" || ! "$venv/bin/python" -c '' 2>/dev/null; then
  log "installing the Python packages of tests/site into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r tests/site/requirements.txt
  cp tests/site/requirements.txt "$venv/.requirements.txt"
fi

# 7. Crates for offline trunk builds.
if [ ! -f target/.fetch-stamp ] || [ Cargo.lock -nt target/.fetch-stamp ]; then
  log "fetching crates"
  cargo fetch --quiet
  mkdir -p target && touch target/.fetch-stamp
fi
log "ready"
