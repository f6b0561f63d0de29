#!/usr/bin/env bash
# npm test: installs what is missing, starts the services (Redis, InfluxDB, Mosquitto, PostgreSQL,
# Chromium), and runs every test: format, lint, types, unit, integration against the real
# services, and the browser end-to-end tests against the real stack.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT"

started_at=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(($(date +%s) - started_at))"; }

step "dependencies"
bash deploy/local/ensure-node-deps.sh
step "services"
bash deploy/local/services.sh up --for-tests
set -a
# shellcheck source=/dev/null
source .data/services.env
set +a
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

step "format"
npx prettier --check . >/dev/null || { npx prettier --check . | tail -20; exit 1; }
step "build"
npx nx run-many -t build --output-style=static
step "lint, types and unit tests"
npx nx run-many -t lint typecheck test --output-style=static
step "integration tests (real Redis, InfluxDB, PostgreSQL and PGlite)"
npx nx run-many -t test:integration --parallel=1 --output-style=static
step "hostile-input corpus over every entry point (npm run test:hostile)"
npx nx run-many -t test:hostile --parallel=1 --output-style=static
step "browser end-to-end tests (Chromium against the running stack)"
npx nx run @cityops/frontend:e2e --output-style=static
step "all tests passed"
