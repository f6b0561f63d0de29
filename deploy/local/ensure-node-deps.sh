#!/usr/bin/env bash
# Install the workspace's npm dependencies if they are missing or older than
# package-lock.json / any workspace package.json.
# Usage: deploy/local/ensure-node-deps.sh [--check]
#   --check  only report; exit 1 if an install is needed, without running it.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd -P)
MIN_NODE=20.19.0

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

check_only=0
case ${1:-} in
  '') ;;
  --check) check_only=1 ;;
  *) die "usage: $(basename "$0") [--check]" ;;
esac

command -v node >/dev/null 2>&1 || die "node is not installed; install Node.js >= $MIN_NODE (https://nodejs.org/ or your package manager)"
command -v npm >/dev/null 2>&1 || die "npm is not installed; it ships with Node.js >= $MIN_NODE"

node_version=$(node -p 'process.versions.node')
if [[ $(printf '%s\n%s\n' "$MIN_NODE" "$node_version" | sort -V | head -n 1) != "$MIN_NODE" ]]; then
  die "Node.js $node_version is too old; this repository needs >= $MIN_NODE ($(command -v node))"
fi

cd "$REPO_ROOT"
stamp=node_modules/.package-lock.json

# package.json files that can change what npm installs: the root one and one
# per workspace (workspace entries may be globs).
manifests() {
  local pattern dir
  echo package.json
  while IFS= read -r pattern; do
    [[ -n $pattern ]] || continue
    for dir in $pattern; do
      [[ -f $dir/package.json ]] && echo "$dir/package.json"
    done
  done < <(node -e '
    const ws = require("./package.json").workspaces ?? [];
    for (const p of Array.isArray(ws) ? ws : ws.packages ?? []) console.log(p);
  ')
  return 0
}

reason=''
if [[ ! -d node_modules ]]; then
  reason="node_modules is missing"
elif [[ ! -f $stamp ]]; then
  reason="$stamp is missing"
else
  mapfile -t files < <(manifests)
  for f in package-lock.json "${files[@]}"; do
    if [[ -f $f && $f -nt $stamp ]]; then
      reason="$f is newer than $stamp"
      break
    fi
  done
fi

if [[ -z $reason ]]; then
  echo "Node dependencies are up to date (node $node_version)."
  exit 0
fi

if ((check_only)); then
  echo "Node dependencies need installing: $reason"
  exit 1
fi

echo "==> npm install ($reason)"
npm install --no-audit --no-fund
# npm leaves the hidden lockfile untouched when nothing changed; touch it so
# the next run does not install again.
touch "$stamp"
echo "Node dependencies installed."
