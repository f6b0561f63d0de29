#!/usr/bin/env bash
# npm run check: the fast loop before a commit (no services needed): format, lint with zero
# warnings, types and unit tests, cached by Nx.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash deploy/local/ensure-node-deps.sh >/dev/null
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
npx prettier --check . >/dev/null || { npx prettier --check . | tail -20; exit 1; }
npx nx run-many -t lint typecheck test --output-style=static
