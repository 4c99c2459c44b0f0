#!/usr/bin/env bash
# Makes a PostgreSQL server available to the tests and exports where it is:
#   source scripts/postgres-for-tests.sh
# sets POSDB_TEST_PG_URL, POSDB_TEST_PG_USER and POSDB_TEST_PG_PASSWORD.
# Already set POSDB_TEST_PG_URL? Then nothing is done.
#
# The server is a throw-away cluster of the tests' own, never the machine's: initdb into
# target/postgres-for-tests/ (or $POSDB_TEST_PG_DIR), superuser role posdb_tests with a random
# password made at initdb (kept in that folder, mode 600), listening on localhost only, on a free
# port from 55000 up, its unix socket in that folder too. A developer's own PostgreSQL (the
# packaged 15/main cluster on 5432, its roles and passwords) is never started, stopped or
# altered: this script runs no pg_ctlcluster, pg_createcluster nor psql at all.
#
# The cluster is left running, so the next `source` (the fast loop) reuses it at once.
#   bash scripts/postgres-for-tests.sh --stop   stops it (.ci/run does, on exit).
# `mvn clean` (or rm -rf target) while it runs leaves no orphan server: PostgreSQL checks its
# data folder's lock file (postmaster.pid) every minute and shuts down at once when it is gone.
#
# PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the `postgres` user
# (Debian's package creates it) and the folder is given to that user. Not root, they run as
# yourself. The binaries are found on PATH, else the newest $POSDB_TEST_PG_PACKAGES/*/bin
# (/usr/lib/postgresql: Debian's layout); when there are none, Debian's postgresql package is
# installed (root or password-less sudo only).
# When no server can be provided, it says so loudly and returns 0 so that `source … && mvn …`
# still runs the SQLite suite (the PostgreSQL tests then skip with their own warning). Under
# CI=true it returns 1 instead: CI must never run without the PostgreSQL tests.
# Every tool is found through PATH, never by an absolute path: PostgresForTestsWithoutRootTest
# runs this script with only stubs on PATH that record each call.
_pg_unavailable() {
  if [[ "${CI:-}" == "true" ]]; then
    echo "postgres-for-tests: ERROR: $* (CI=true: the PostgreSQL tests must run)" >&2
    return 1
  fi
  echo "postgres-for-tests: WARNING: no PostgreSQL server for the tests: $*" >&2
  echo "postgres-for-tests: WARNING: the PostgreSQL tests will be SKIPPED; set POSDB_TEST_PG_URL to run them" >&2
  return 0
}
# Sets _pg_bin to the folder of initdb and pg_ctl: PATH first, then the newest packaged version.
_pg_find_binaries() {
  local initdb best="" best_version=-1 folder version
  if initdb=$(command -v initdb) && command -v pg_ctl >/dev/null 2>&1; then
    _pg_bin=${initdb%/initdb}
    return 0
  fi
  for folder in "${POSDB_TEST_PG_PACKAGES:-/usr/lib/postgresql}"/*/bin; do
    version=${folder%/bin}; version=${version##*/}
    if [[ -x "$folder/initdb" && -x "$folder/pg_ctl" && "$version" =~ ^[0-9]+$ ]] && ((version > best_version)); then
      best=$folder; best_version=$version
    fi
  done
  [[ -n "$best" ]] && _pg_bin=$best
}
# Runs a PostgreSQL tool as the user the server runs as (root may not run it).
_pg_as_owner() {
  if [[ -n "$_pg_owner" ]]; then runuser -u "$_pg_owner" -- "$@"; else "$@"; fi
}
_pg_for_tests() {
  local stop=false
  [[ "${1:-}" == "--stop" ]] && stop=true
  if [[ "$stop" == false && -n "${POSDB_TEST_PG_URL:-}" ]]; then
    echo "postgres-for-tests: using POSDB_TEST_PG_URL=$POSDB_TEST_PG_URL"
    return 0
  fi
  local root dir data password port line
  root=${BASH_SOURCE[0]}
  [[ "$root" == */* ]] || root=./$root
  root=$(cd "${root%/*}/.." && pwd)
  dir=${POSDB_TEST_PG_DIR:-$root/target/postgres-for-tests}
  data=$dir/data
  _pg_owner=""
  [[ $(id -u) -eq 0 ]] && _pg_owner=postgres
  if [[ "$stop" == true ]]; then
    # Only a cluster this script made: its folder holds the password file next to the data.
    [[ -f "$data/postmaster.pid" && -f "$dir/password" ]] || return 0
    _pg_find_binaries || { echo "postgres-for-tests: no pg_ctl to stop $data" >&2; return 1; }
    _pg_as_owner "$_pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null && echo "postgres-for-tests: stopped $data"
    return
  fi
  if ! _pg_find_binaries; then
    local as_root=""
    if [[ $(id -u) -ne 0 ]]; then
      # Not root (a developer, a hosted CI runner): sudo, if it needs no password, installs the package.
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo -n"; else
        echo "postgres-for-tests: no initdb and pg_ctl on PATH nor under ${POSDB_TEST_PG_PACKAGES:-/usr/lib/postgresql}/*/bin" >&2
        _pg_unavailable "not root and no password-less sudo"; return
      fi
    fi
    echo "postgres-for-tests: installing Debian's postgresql package"
    $as_root apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq postgresql >/dev/null \
      || { _pg_unavailable "apt-get install postgresql failed"; return; }
    _pg_find_binaries || { _pg_unavailable "no initdb/pg_ctl after installing postgresql"; return; }
  fi
  if [[ -n "$_pg_owner" ]] && ! id -u "$_pg_owner" >/dev/null 2>&1; then
    _pg_unavailable "running as root and there is no '$_pg_owner' user to run the server as"; return
  fi
  if [[ ! -f "$data/PG_VERSION" || ! -f "$dir/password" ]]; then
    # A new cluster. A data folder without our password file is not ours: never touch it. (A failed
    # initdb removes what it made, so an earlier failed attempt leaves no data folder behind.)
    if [[ -e "$data" ]]; then
      _pg_unavailable "$data exists but is not a cluster this script made: remove it or set POSDB_TEST_PG_DIR"; return
    fi
    mkdir -p "$dir" && chmod 700 "$dir" || { _pg_unavailable "cannot create $dir"; return; }
    password="posdb-$(od -An -N12 -tx1 /dev/urandom)"
    password=${password//[$' \n']/}
    (umask 077 && printf '%s\n' "$password" >"$dir/password") || { _pg_unavailable "cannot write $dir/password"; return; }
    if [[ -n "$_pg_owner" ]]; then
      chown -R "$_pg_owner:" "$dir" || { _pg_unavailable "cannot give $dir to $_pg_owner"; return; }
    fi
    if ! _pg_as_owner "$_pg_bin/initdb" -D "$data" -U posdb_tests --pwfile="$dir/password" -A scram-sha-256 \
        -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
      _pg_unavailable "initdb failed (see $dir/initdb.log; as root, $_pg_owner must be able to reach $dir)"; return
    fi
    # Our own cluster's settings: localhost only, the socket in our folder (never /var/run/postgresql),
    # and no durability (a throw-away server: the tests never survive a crash of it).
    printf '%s\n' "# postgres-for-tests" "listen_addresses = 'localhost'" \
      "unix_socket_directories = '${dir//\'/\'\'}'" "fsync = off" "synchronous_commit = off" \
      "full_page_writes = off" >>"$data/postgresql.conf" || { _pg_unavailable "cannot configure $data"; return; }
  fi
  password=$(<"$dir/password")
  if _pg_as_owner "$_pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # Already running (an earlier source): its port is line 4 of postmaster.pid.
    mapfile -t line <"$data/postmaster.pid"
    port=${line[3]}
  else
    port=""
    local candidate
    for ((candidate = 55000; candidate < 55100; candidate++)); do
      (: <"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null && continue # something listens there
      if _pg_as_owner "$_pg_bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 -o "-p $candidate" start \
          >/dev/null 2>&1; then
        port=$candidate
        break
      fi
      if _pg_as_owner "$_pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        port=$candidate # started, only slower than pg_ctl waited
        break
      fi
    done
    [[ -n "$port" ]] || { _pg_unavailable "the server in $data did not start (see $dir/server.log)"; return; }
  fi
  export POSDB_TEST_PG_URL="jdbc:postgresql://localhost:$port/postgres"
  export POSDB_TEST_PG_USER=posdb_tests
  export POSDB_TEST_PG_PASSWORD="$password"
  echo "postgres-for-tests: the tests' own PostgreSQL in $data on port $port (POSDB_TEST_PG_URL=$POSDB_TEST_PG_URL)"
}
# --stop only when run (bash scripts/postgres-for-tests.sh --stop): sourced, "$@" would be the caller's.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then _pg_for_tests "$@"; else _pg_for_tests; fi
_pg_status=$?
unset -f _pg_for_tests _pg_unavailable _pg_find_binaries _pg_as_owner
unset _pg_bin _pg_owner
return $_pg_status 2>/dev/null || exit $_pg_status
