#!/usr/bin/env bash
# Every check of a generated site: check_site.py (parsers, validators, API shapes, a real
# Statuspage client), then axe-core and the XSS check in Chromium. Needs scripts/setup.sh first.
#   tests/site/check_all.sh SITE_DIR [BASE_URL]
set -euo pipefail
site=$(cd "${1:?usage: tests/site/check_all.sh SITE_DIR [BASE_URL]}" && pwd)
repo=$(cd "$(dirname "$0")/../.." && pwd)
"$repo/tests/site/.venv/bin/python" "$repo/tests/site/check_site.py" "$site" ${2:+--base-url "$2"}
cd "$repo/tests/e2e"
SITE_DIR="$site" npx playwright test -c site.config.js
