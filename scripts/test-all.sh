#!/usr/bin/env bash
# `npm test`: every suite, in the order that fails fastest. Run through
# scripts/with-toolchain.sh, which installs what is missing first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n\033[1m▶ %s\033[0m\n' "$*"; }

# Each runner also writes a JSON report here; the last line of this script sums them.
reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT

# Services the integration and browser suites need; started when not running (CI runs on a
# machine where they are installed but may have stopped).
ensure_services() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null; then
      echo "PostgreSQL is not running: starting it"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    fi
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { echo "PostgreSQL is needed on 127.0.0.1:5432 (TEST_POSTGRES_URL to change)"; exit 1; }
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$chromium" ]; then
    echo "Chromium is needed for the browser tests: installing Debian's package"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null;
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
  fi
}

step "Prisma schema in sync"
node --import tsx scripts/db-sync.ts --check

step "Type check"
tsc --noEmit

step "Lint"
eslint . --max-warnings=0
# Formatting is Prettier's, everywhere: `npm run format` rewrites what this lists.
prettier --check . --log-level warn || { echo "Run \`npm run format\` to format the files above."; exit 1; }

step "Unit tests"
vitest run --project unit --reporter=default --reporter=json --outputFile="$reports/unit.json"

ensure_services

step "Integration tests on SQLite and PostgreSQL (order suites on PostgreSQL both ways)"
vitest run --project integration-sqlite --project integration-postgres --project integration-postgres-prisma-orders \
  --reporter=default --reporter=json --outputFile="$reports/integration.json"

step "Theme extension: theme-check and the widget's size budget"
node --import tsx scripts/theme-check.ts
node --import tsx scripts/bundle-size.ts

step "Build"
remix vite:build >/dev/null

step "Browser tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" playwright test --reporter=list,json

step "The work tree is as the run found it"
if [ -n "${LOYALTY_GIT_STATUS_BEFORE+x}" ]; then
  after="$(git status --porcelain)"
  if [ "$after" != "$LOYALTY_GIT_STATUS_BEFORE" ]; then
    echo "The run changed files that git tracks or does not ignore (a fresh clone must stay clean):"
    diff <(printf '%s\n' "$LOYALTY_GIT_STATUS_BEFORE") <(printf '%s\n' "$after") || true
    exit 1
  fi
  echo "git status unchanged"
else
  echo "not a git checkout: nothing to compare"
fi

echo
echo "All suites passed."
node scripts/sum-test-reports.mjs "$reports"
