#!/usr/bin/env bash
# npm run demo: installs what is missing, builds, starts the services, the simulated city, the
# collectors and the backend serving the console, and prints the URL and logins.
# Ctrl-C stops everything this run started (services that were already running stay up).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT"

bash deploy/local/ensure-node-deps.sh
before=$(bash deploy/local/services.sh running)
bash deploy/local/services.sh up
after=$(bash deploy/local/services.sh running)
started=$(comm -13 <(sort <<<"$before") <(sort <<<"$after") | tr '\n' ' ')

stop_started_services() {
  if [[ -n ${started// /} ]]; then
    # shellcheck disable=SC2086 # a list of instance names
    bash deploy/local/services.sh down $started || true
  fi
}
trap stop_started_services EXIT

set -a
# shellcheck source=/dev/null
source .data/services.env
set +a
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

echo "==> building (cached after the first run)"
npx nx run-many -t build --output-style=static >/dev/null
# A tenth of the city by default (200 stations, 2,000 flats); SIM_SCALE=1 for all of it.
node deploy/local/stack.mjs --data-dir .data/demo --scale "${SIM_SCALE:-0.1}" "$@"
