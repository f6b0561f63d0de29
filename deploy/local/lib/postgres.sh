# shellcheck shell=bash
# PostgreSQL, only for tests (up --for-tests). Sourced by services.sh.

PG_DEFAULT_URL=postgres://postgres@127.0.0.1:5432/postgres
PG_DEFAULT_PORT=5432

# Newest server binaries: Debian's /usr/lib/postgresql/<major>/bin, else
# whatever initdb is on PATH (other distributions, Homebrew).
pg_bin_dir() {
  local initdb
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  if [[ -x $initdb ]]; then
    dirname "$initdb"
  elif have initdb; then
    dirname "$(command -v initdb)"
  else
    return 1
  fi
}

pg_probe() {
  local host=$1 port=$2 user=$3 db=$4 isready=''
  if have pg_isready; then
    isready=pg_isready
  elif [[ -x $(pg_bin_dir 2>/dev/null)/pg_isready ]]; then
    isready="$(pg_bin_dir)/pg_isready"
  fi
  if [[ -n $isready ]]; then
    "$isready" -q -h "$host" -p "$port" -U "$user" -d "$db" -t 3
  else
    tcp_open "$host" "$port"
  fi
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# 'postgres' OS user; any other user simply runs it as themselves.
pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_ensure_os_user() {
  [[ $(id -u) -eq 0 ]] || return 0
  id -u postgres >/dev/null 2>&1 && return 0
  log "creating OS user postgres"
  useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
    --shell /bin/bash postgres
}

pg_start() {
  local dir=$1 bind=$2 port=$3 user=$4 bin
  local data="$dir/data" sock="$dir/run" logfile="$dir/postgres.log"
  bin=$(pg_bin_dir)
  pg_ensure_os_user
  mkdir -p "$dir" "$sock"
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres: "$dir"
    pg_as_owner test -w "$dir" ||
      die "the postgres OS user cannot write $dir; a parent directory is probably closed to other users (e.g. /root). Make the parents world-executable (chmod o+x) or move the checkout"
  fi

  if [[ ! -s $data/PG_VERSION ]]; then
    log "initialising a PostgreSQL cluster in ${data#"$REPO_ROOT"/}"
    pg_as_owner "$bin/initdb" -D "$data" -U "$user" -A trust -E UTF8 --no-locale \
      >"$dir/initdb.log" 2>&1 || {
      show_log_tail "$dir/initdb.log"
      die "initdb failed"
    }
    # Throwaway test cluster: durability is traded for speed.
    cat >>"$data/postgresql.conf" <<EOF

# added by deploy/local/services.sh
listen_addresses = '$bind'
port = $port
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  fi
  local have_major
  have_major=$(<"$data/PG_VERSION")
  [[ $bin == */"$have_major"/bin || $("$bin/pg_ctl" --version) == *" $have_major"* ]] ||
    die "${data#"$REPO_ROOT"/} was created by PostgreSQL $have_major but $bin is another version; remove $dir to recreate it"

  launch pg_as_owner "$bin/pg_ctl" -D "$data" -l "$logfile" -w -t 60 start >/dev/null || {
    show_log_tail "$logfile"
    die "PostgreSQL failed to start"
  }
}

# Create the URL's database if it does not exist (psql required).
pg_ensure_database() {
  local host=$1 port=$2 user=$3 pass=$4 db=$5 psql exists
  [[ $db == postgres || $db == template1 ]] && return 0
  psql=$(command -v psql || echo "$(pg_bin_dir)/psql")
  [[ -x $psql ]] || {
    warn "psql not found; cannot check that database $db exists"
    return 0
  }
  local conn=(-h "$host" -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qtA)
  exists=$(PGPASSWORD=$pass "$psql" "${conn[@]}" -c "select 1 from pg_database where datname = '${db//\'/\'\'}'") ||
    die "cannot query PostgreSQL at $host:$port as $user"
  if [[ $exists != 1 ]]; then
    log "creating database $db"
    PGPASSWORD=$pass "$psql" "${conn[@]}" -c "create database \"${db//\"/\"\"}\"" >/dev/null ||
      die "cannot create database $db"
  fi
}

svc_up_postgres() {
  local url=${TEST_DATABASE_URL:-$PG_DEFAULT_URL} dir pid state detail db user
  parse_url "$url" "$PG_DEFAULT_PORT"
  [[ $URL_SCHEME == postgres || $URL_SCHEME == postgresql ]] ||
    die "TEST_DATABASE_URL must start with postgres:// (got $(mask_url "$url"))"
  dir=$(instance_dir postgres "$URL_PORT" "$PG_DEFAULT_PORT")
  user=${URL_USER:-postgres}
  db=${URL_PATH:-$user}

  if pg_probe "$URL_HOST" "$URL_PORT" "$user" "$db"; then
    if pid=$(live_pid "$dir/data/postmaster.pid" postgres); then
      state="running (ours)" detail="pid $pid, ${dir#"$REPO_ROOT"/}"
    else
      state=found detail="already running"
    fi
  else
    is_local_host "$URL_HOST" || die "PostgreSQL is not reachable at $(mask_url "$url") and that host is not local, so it cannot be started here"
    tcp_open "$URL_HOST" "$URL_PORT" && die "port $URL_PORT on $URL_HOST is in use by something that does not answer as PostgreSQL"
    ensure_pkg postgresql pg_bin_dir >/dev/null || {
      record_result postgres "$url" missing "package postgresql"
      return 0
    }
    state=started
    pkg_was_installed postgresql && state="installed+started"
    log "starting PostgreSQL on $(bind_addr "$URL_HOST"):$URL_PORT (${dir#"$REPO_ROOT"/})"
    pg_start "$dir" "$(bind_addr "$URL_HOST")" "$URL_PORT" "$user"
    detail="pid $(live_pid "$dir/data/postmaster.pid" postgres), ${dir#"$REPO_ROOT"/}"
  fi
  pg_ensure_database "$URL_HOST" "$URL_PORT" "$user" "$URL_PASS" "$db"
  record_result postgres "$url" "$state" "$detail"
  export_env TEST_DATABASE_URL "$url"
}

svc_status_postgres() {
  local url=${TEST_DATABASE_URL:-$PG_DEFAULT_URL} dir ours reach=no
  parse_url "$url" "$PG_DEFAULT_PORT"
  dir=$(instance_dir postgres "$URL_PORT" "$PG_DEFAULT_PORT")
  pg_probe "$URL_HOST" "$URL_PORT" "${URL_USER:-postgres}" postgres && reach=yes
  ours=$(ours_label "$dir/data/postmaster.pid" postgres "$dir")
  status_row postgres "$url" "$reach" "$ours" postgresql pg_bin_dir
}

svc_pid_postgres() { live_pid "$1/data/postmaster.pid" postgres; }

svc_stop_postgres() {
  local dir=$1 bin
  svc_pid_postgres "$dir" >/dev/null || return 1
  log "stopping PostgreSQL (${dir#"$REPO_ROOT"/})"
  bin=$(pg_bin_dir) || die "PostgreSQL binaries not found, cannot stop ${dir#"$REPO_ROOT"/}"
  pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
}
