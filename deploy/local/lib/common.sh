# shellcheck shell=bash
# Shared helpers for services.sh: logging, URL parsing, package installs,
# pidfiles and waiting. Sourced, never executed. Expects REPO_ROOT to be set.

DATA_DIR="$REPO_ROOT/.data"

# ---------------------------------------------------------------- logging

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# Print the last lines of a log file to stderr, indented, to explain a failure.
show_log_tail() {
  local file=$1 lines=${2:-20}
  if [[ -s $file ]]; then
    printf -- '--- last %s lines of %s ---\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" | sed 's/^/  | /' >&2
  else
    printf -- '--- %s is empty or missing ---\n' "$file" >&2
  fi
}

# ---------------------------------------------------------------- URLs

url_decode() {
  local s=${1//\\/\\\\}
  printf '%b' "${s//%/\\x}"
}

# parse_url URL DEFAULT_PORT
# Sets URL_SCHEME URL_USER URL_PASS URL_HOST URL_PORT URL_PATH (path without
# the leading slash, percent-decoded). IPv6 literals are not supported.
# shellcheck disable=SC2034 # the URL_* globals are read by the service files
parse_url() {
  local url=$1 default_port=$2
  local re='^([A-Za-z][A-Za-z0-9+.-]*)://(([^:@/]*)(:([^@/]*))?@)?([^:/?#@]+)(:([0-9]+))?(/([^?#]*))?([?#].*)?$'
  [[ $url =~ $re ]] || die "cannot parse URL '$url' (expected scheme://[user[:pass]@]host[:port][/path])"
  URL_SCHEME=${BASH_REMATCH[1],,}
  URL_USER=$(url_decode "${BASH_REMATCH[3]}")
  URL_PASS=$(url_decode "${BASH_REMATCH[5]}")
  URL_HOST=${BASH_REMATCH[6]}
  URL_PORT=${BASH_REMATCH[8]:-$default_port}
  URL_PATH=$(url_decode "${BASH_REMATCH[10]}")
}

# The URL with the password replaced by ***, for printing.
mask_url() {
  local url=$1
  if [[ $url =~ ^([^:/]+://[^:@/]*:)[^@/]*@(.*)$ ]]; then
    printf '%s***@%s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  else
    printf '%s\n' "$url"
  fi
}

is_local_host() {
  [[ $1 == localhost || $1 =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]]
}

# Address a server we start should listen on for a URL host.
bind_addr() {
  if [[ $1 == localhost ]]; then echo 127.0.0.1; else echo "$1"; fi
}

# ---------------------------------------------------------------- instances

# Directory holding everything for one instance we start: .data/<service> for
# the default port, .data/<service>-<port> otherwise, so several can coexist.
instance_dir() {
  local service=$1 port=$2 default_port=$3
  if [[ $port == "$default_port" ]]; then
    echo "$DATA_DIR/$service"
  else
    echo "$DATA_DIR/$service-$port"
  fi
}

ensure_data_dir() {
  if ! mkdir -p "$DATA_DIR" 2>/dev/null || [[ ! -w $DATA_DIR ]]; then
    die "cannot create or write $DATA_DIR (run as the user that owns the checkout)"
  fi
}

# Print the pid from PIDFILE if that process is alive and is COMM; pids get
# reused, so a stale pidfile must not make us claim (or kill) someone else.
# Returns 2 when this user may not read the pidfile (e.g. PostgreSQL's).
live_pid() {
  local pidfile=$1 comm=$2 pid=''
  if [[ -d ${pidfile%/*} && ! -x ${pidfile%/*} ]] || [[ -e $pidfile && ! -r $pidfile ]]; then
    return 2
  fi
  [[ -s $pidfile ]] || return 1
  read -r pid <"$pidfile" || true
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  if [[ -d /proc/$pid ]]; then
    [[ -r /proc/$pid/comm && $(<"/proc/$pid/comm") == "$comm"* ]] || return 1
  else
    kill -0 "$pid" 2>/dev/null || return 1
  fi
  echo "$pid"
}

# stop_pid PIDFILE COMM NAME: SIGTERM, wait up to 30s, then SIGKILL.
stop_pid() {
  local pidfile=$1 comm=$2 name=$3 pid i
  if ! pid=$(live_pid "$pidfile" "$comm"); then
    rm -f "$pidfile"
    return 1
  fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    live_pid "$pidfile" "$comm" >/dev/null || break
    sleep 0.5
  done
  if live_pid "$pidfile" "$comm" >/dev/null; then
    warn "$name did not exit after 30s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# Run a command that leaves a daemon behind. The daemon must not inherit fd 9,
# which holds services.sh's lock (see take_lock), or the lock would outlive us.
launch() { "$@" 9>&-; }

# Start a long-running foreground program detached from our session, so it
# survives this script and the caller's terminal/process group.
spawn_detached() {
  local logfile=$1
  shift
  if have setsid; then
    setsid nohup "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  else
    nohup "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  fi
}

# ---------------------------------------------------------------- probing

# Run a shell function under `timeout` (it needs an executable, so the
# function is re-declared in a child bash).
run_with_timeout() {
  local secs=$1 fn=$2
  shift 2
  timeout "$secs" bash -c "$(declare -f "$fn"); $fn \"\$@\"" _ "$@"
}

_tcp_connect() { exec 3<>"/dev/tcp/$1/$2"; }

tcp_open() {
  run_with_timeout 3 _tcp_connect "$1" "$2" 2>/dev/null
}

# wait_for SECONDS COMMAND...: retry every 0.5s until COMMAND succeeds.
wait_for() {
  local secs=$1 deadline
  shift
  deadline=$((SECONDS + secs))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# ---------------------------------------------------------------- packages

APT_UPDATED=0
MISSING_PKGS=()
INSTALLED_PKGS=()

can_apt_install() {
  [[ $(id -u) -eq 0 && -f /etc/debian_version ]] && have apt-get
}

# Debian packages start their daemon from postinst via invoke-rc.d when there
# is no systemd. We start our own under .data, so block that for the install
# unless a policy-rc.d (e.g. Docker's) already decides.
_POLICY_RC=/usr/sbin/policy-rc.d
_POLICY_RC_OURS=0
_block_service_autostart() {
  [[ -e $_POLICY_RC ]] && return 0
  printf '#!/bin/sh\n# temporary, from cityops deploy/local/services.sh\nexit 101\n' >"$_POLICY_RC"
  chmod 755 "$_POLICY_RC"
  _POLICY_RC_OURS=1
  trap _unblock_service_autostart EXIT
}
_unblock_service_autostart() {
  if ((_POLICY_RC_OURS)); then
    rm -f "$_POLICY_RC"
    _POLICY_RC_OURS=0
  fi
}

apt_install() {
  if ((!APT_UPDATED)); then
    log "apt-get update"
    apt-get update -q || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "installing $* with apt-get"
  _block_service_autostart
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" || rc=$?
  _unblock_service_autostart
  ((rc == 0)) || die "apt-get install $* failed (exit $rc)"
  INSTALLED_PKGS+=("$@")
}

# ensure_pkg PKG CHECK_COMMAND...
# Succeeds when CHECK_COMMAND succeeds, installing PKG first if we may. When
# we may not (not root, not Debian), PKG is remembered for report_missing_pkgs
# and this returns 1.
ensure_pkg() {
  local pkg=$1
  shift
  "$@" && return 0
  if ! can_apt_install; then
    [[ " ${MISSING_PKGS[*]} " == *" $pkg "* ]] || MISSING_PKGS+=("$pkg")
    return 1
  fi
  apt_install "$pkg"
  "$@" || die "installed $pkg but '$*' still fails"
}

pkg_was_installed() { [[ " ${INSTALLED_PKGS[*]} " == *" $1 "* ]]; }

apt_command_for() {
  local sudo=''
  [[ $(id -u) -eq 0 ]] || sudo='sudo '
  printf '%sapt-get update && %sDEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s\n' \
    "$sudo" "$sudo" "$*"
}

# Print how to install what is missing; returns 1 if anything is.
report_missing_pkgs() {
  ((${#MISSING_PKGS[@]} == 0)) && return 0
  {
    echo
    echo "error: missing software (Debian/Ubuntu packages): ${MISSING_PKGS[*]}"
    if [[ $(id -u) -ne 0 ]]; then
      echo "  This script installs packages itself only when run as root on Debian/Ubuntu."
    else
      echo "  This is not a Debian/Ubuntu system with apt-get, so nothing was installed."
    fi
    echo "  On Debian/Ubuntu, install them with:"
    echo
    echo "    $(apt_command_for "${MISSING_PKGS[@]}")"
    echo
    echo "  On other systems install the equivalent with your package manager"
    echo "  (PostgreSQL, Redis, InfluxDB 1.x, Mosquitto, Chromium, docker-compose), then run this again."
  } >&2
  return 1
}

# ---------------------------------------------------------------- results

RESULT_ROWS=()
ENV_LINES=()

# record_result SERVICE URL STATE DETAIL
record_result() {
  RESULT_ROWS+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$4")
}

# export_env NAME VALUE: remembered for .data/services.env and exported here.
export_env() {
  local name=$1 value=$2
  export "$name=$value"
  ENV_LINES+=("export $name='${value//\'/\'\\\'\'}'")
}

print_results() {
  local row service url state detail
  printf '\n%-10s %-50s %-18s %s\n' SERVICE URL STATE DETAIL
  for row in "${RESULT_ROWS[@]}"; do
    IFS=$'\t' read -r service url state detail <<<"$row"
    printf '%-10s %-50s %-18s %s\n' "$service" "$(mask_url "$url")" "$state" "$detail"
  done
  echo
}

# "yes (pid, dir)", "no" or "unknown" for the STARTED BY US column.
ours_label() {
  local pidfile=$1 comm=$2 dir=$3 pid rc=0
  pid=$(live_pid "$pidfile" "$comm") || rc=$?
  case $rc in
    0) echo "yes (pid $pid, ${dir#"$REPO_ROOT"/})" ;;
    2) echo "unknown (pidfile not readable)" ;;
    *) echo no ;;
  esac
}

# status_row SERVICE URL REACHABLE OURS PKG CHECK_COMMAND...
status_row() {
  local service=$1 url=$2 reach=$3 ours=$4 pkg=$5 note=''
  shift 5
  if [[ $reach == no ]]; then
    if "$@" >/dev/null 2>&1; then
      note="installed; 'up' would start it"
    else
      note="not installed (package $pkg)"
      [[ " ${MISSING_PKGS[*]} " == *" $pkg "* ]] || MISSING_PKGS+=("$pkg")
    fi
  fi
  printf '%-10s %-50s %-10s %s%s\n' "$service" "$(mask_url "$url")" "$reach" "$ours" "${note:+  -- $note}"
}
