#!/usr/bin/env bash
# Backing services for local development and tests. For each service: use the
# one already reachable at its URL, else start a private one under .data/,
# else (root on Debian/Ubuntu) apt-get install it first. See
# docs/local-services.md.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd -P)

# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/redis.sh
source "$SCRIPT_DIR/lib/redis.sh"
# shellcheck source=lib/influxdb.sh
source "$SCRIPT_DIR/lib/influxdb.sh"
# shellcheck source=lib/mosquitto.sh
source "$SCRIPT_DIR/lib/mosquitto.sh"
# shellcheck source=lib/postgres.sh
source "$SCRIPT_DIR/lib/postgres.sh"
# shellcheck source=lib/chromium.sh
source "$SCRIPT_DIR/lib/chromium.sh"
# shellcheck source=lib/docker-compose.sh
source "$SCRIPT_DIR/lib/docker-compose.sh"

CORE_SERVICES=(redis influxdb mosquitto)
TEST_SERVICES=(postgres chromium compose)
DAEMONS=(redis influxdb mosquitto postgres)
ENV_FILE="$DATA_DIR/services.env"

usage() {
  cat <<EOF
Usage: $(basename "$0") COMMAND

  up [--for-tests]   make Redis, InfluxDB and Mosquitto reachable (with
                     --for-tests also PostgreSQL, Chromium and
                     docker-compose) and write
                     .data/services.env; reuses running services, starts
                     missing ones under .data/, installs packages when root
                     on Debian/Ubuntu
  down [INSTANCE...] stop the services this script started (all, or the named
                     instances, e.g. influxdb-8096, as listed by 'status')
  status             show what is reachable and what this script started
  running            list the running instances this script started

URLs come from REDIS_URL, INFLUX_URL, MQTT_URL and TEST_DATABASE_URL;
CHROMIUM_PATH names the browser. Details: docs/local-services.md
EOF
}

# Serialise concurrent runs (e.g. parallel CI jobs) on the same checkout.
# Daemons are started through `launch`, which closes fd 9 so they don't keep
# holding the lock.
take_lock() {
  have flock || return 0
  { exec 9>>"$DATA_DIR/.lock"; } 2>/dev/null || die "cannot open $DATA_DIR/.lock (run as the user that owns the checkout)"
  flock -w 300 9 || die "another services.sh is still running (lock $DATA_DIR/.lock)"
}

write_env_file() {
  local tmp="$ENV_FILE.tmp.$$" line
  {
    echo "# written by deploy/local/services.sh up on $(date -Is); source it"
    for line in "${ENV_LINES[@]}"; do echo "$line"; done
  } >"$tmp"
  chmod 600 "$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

cmd_up() {
  local services=("${CORE_SERVICES[@]}") svc
  while (($#)); do
    case $1 in
      --for-tests) services+=("${TEST_SERVICES[@]}") ;;
      -h | --help) usage && exit 0 ;;
      *) die "unknown option for up: $1" ;;
    esac
    shift
  done
  ensure_data_dir
  take_lock
  for svc in "${services[@]}"; do
    "svc_up_$svc"
  done
  print_results
  report_missing_pkgs || exit 1
  write_env_file
  echo "Wrote ${ENV_FILE#"$REPO_ROOT"/}; load it with: source ${ENV_FILE#"$REPO_ROOT"/}"
}

# Instance directories under .data that belong to one of our daemons.
instance_dirs() {
  local dir name kind
  for dir in "$DATA_DIR"/*/; do
    [[ -d $dir ]] || continue
    dir=${dir%/}
    name=${dir##*/}
    kind=${name%%-*}
    [[ " ${DAEMONS[*]} " == *" $kind "* ]] && echo "$dir"
  done
  return 0
}

cmd_down() {
  local dirs=() dir name rc stopped=0
  if (($#)); then
    for name in "$@"; do
      [[ -d $DATA_DIR/$name && " ${DAEMONS[*]} " == *" ${name%%-*} "* ]] ||
        die "no instance $name under ${DATA_DIR#"$REPO_ROOT"/} (see 'status')"
      dirs+=("$DATA_DIR/$name")
    done
  elif [[ -d $DATA_DIR ]]; then
    mapfile -t dirs < <(instance_dirs)
  fi
  [[ -d $DATA_DIR ]] && take_lock
  for dir in "${dirs[@]}"; do
    name=${dir##*/}
    rc=0
    "svc_pid_${name%%-*}" "$dir" >/dev/null || rc=$?
    if ((rc == 2)); then
      warn "$name: cannot read its pidfile; run 'down' as the user who ran 'up'"
    elif "svc_stop_${name%%-*}" "$dir"; then
      stopped=$((stopped + 1))
    else
      echo "$name: not running"
    fi
  done
  echo "Stopped $stopped service(s) started by this script; services that were already running were left alone."
  # Without arguments everything of ours is down, so the env file is stale.
  if (($# == 0)) && [[ -f $ENV_FILE ]]; then
    rm -f "$ENV_FILE"
    echo "Removed ${ENV_FILE#"$REPO_ROOT"/}; run 'up' again to recreate it."
  fi
}

cmd_status() {
  local svc dir pid rc any=0
  printf '%-10s %-50s %-10s %s\n' SERVICE URL REACHABLE "STARTED BY US"
  for svc in "${CORE_SERVICES[@]}" "${TEST_SERVICES[@]}"; do
    "svc_status_$svc"
  done
  if [[ -d $DATA_DIR ]]; then
    echo
    echo "Instances under ${DATA_DIR#"$REPO_ROOT"/}:"
    while IFS= read -r dir; do
      any=1
      rc=0
      pid=$("svc_pid_$(basename "$dir" | cut -d- -f1)" "$dir") || rc=$?
      case $rc in
        0) printf '  %-20s running (pid %s)\n' "${dir##*/}" "$pid" ;;
        2) printf '  %-20s unknown (this user cannot read its pidfile)\n' "${dir##*/}" ;;
        *) printf '  %-20s stopped\n' "${dir##*/}" ;;
      esac
    done < <(instance_dirs)
    ((any)) || echo "  (none)"
    [[ -f $ENV_FILE ]] && echo "Env file: ${ENV_FILE#"$REPO_ROOT"/}"
  fi
  report_missing_pkgs
}

# Names of the instances under .data that are running now, one per line (demo.sh stops the
# ones it started).
cmd_running() {
  [[ -d $DATA_DIR ]] || return 0
  local dir
  while IFS= read -r dir; do
    "svc_pid_$(basename "$dir" | cut -d- -f1)" "$dir" >/dev/null 2>&1 && echo "${dir##*/}"
  done < <(instance_dirs)
  return 0
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    running) cmd_running ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
