# shellcheck shell=bash
# Debian's docker-compose (v1) for the deployment tests (up --for-tests): they validate
# deploy/compose.yaml with `docker-compose config`, which needs no Docker engine. Sourced by
# services.sh.

svc_up_compose() {
  local path state=found
  if ! have docker-compose; then
    ensure_pkg docker-compose have docker-compose || {
      record_result compose docker-compose missing "package docker-compose"
      return 0
    }
    state=installed
  fi
  path=$(command -v docker-compose)
  record_result compose "$path" "$state" "$(docker-compose version --short 2>/dev/null || echo 'version unknown')"
}

svc_status_compose() {
  local path present=no
  path=$(command -v docker-compose 2>/dev/null || echo docker-compose)
  have docker-compose && present=yes
  status_row compose "$path" "$present" "n/a" docker-compose have docker-compose
}
