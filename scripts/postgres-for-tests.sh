#!/usr/bin/env bash
# Makes a local PostgreSQL server available to the tests and exports where it is:
#   source scripts/postgres-for-tests.sh
# sets POSDB_TEST_PG_URL, POSDB_TEST_PG_USER and POSDB_TEST_PG_PASSWORD. Installs Debian's
# postgresql package when the server is missing (root only), creates/starts the cluster
# the packaged way (pg_ctlcluster: PostgreSQL refuses to run as root, this runs it as the
# postgres user), and sets a fresh random password for the postgres role.
# Already set POSDB_TEST_PG_URL? Then nothing is done.
# When no server can be provided (not root, no password-less sudo, install failed), it says
# so loudly and returns 0 so that `source … && mvn …` still runs the SQLite suite (the
# PostgreSQL tests then skip with their own warning). Under CI=true it returns 1 instead:
# CI must never run without the PostgreSQL tests.
# Every tool is found through PATH, never by an absolute path: PostgresForTestsWithoutRootTest
# runs this script with only stubs on PATH (a non-root id, no sudo, failing apt-get/pg_*/psql),
# and that is what keeps the test away from the machine's real server and its password.
_pg_unavailable() {
  if [[ "${CI:-}" == "true" ]]; then
    echo "postgres-for-tests: ERROR: $* (CI=true: the PostgreSQL tests must run)" >&2
    return 1
  fi
  echo "postgres-for-tests: WARNING: no PostgreSQL server for the tests: $*" >&2
  echo "postgres-for-tests: WARNING: the PostgreSQL tests will be SKIPPED; set POSDB_TEST_PG_URL to run them" >&2
  return 0
}
_pg_for_tests() {
  if [[ -n "${POSDB_TEST_PG_URL:-}" ]]; then
    echo "postgres-for-tests: using POSDB_TEST_PG_URL=$POSDB_TEST_PG_URL"
    return 0
  fi
  local as_root=""
  if [[ $(id -u) -ne 0 ]]; then
    # Not root (a developer, a hosted CI runner): use sudo if it needs no password.
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo -n"; else
      _pg_unavailable "not root and no password-less sudo"; return
    fi
  fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "postgres-for-tests: installing Debian's postgresql package"
    $as_root apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq postgresql >/dev/null \
      || { _pg_unavailable "apt-get install postgresql failed"; return; }
  fi
  local version port password
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    $as_root pg_createcluster "$version" main >/dev/null || { _pg_unavailable "pg_createcluster failed"; return; }
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
    $as_root pg_ctlcluster "$version" main start \
      || { _pg_unavailable "pg_ctlcluster $version main start failed"; return; }
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
  password="posdb-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  $as_root runuser -u postgres -- psql -q -p "$port" -c "ALTER USER postgres PASSWORD '$password'" \
    || { _pg_unavailable "cannot set the postgres password"; return; }
  export POSDB_TEST_PG_URL="jdbc:postgresql://localhost:$port/postgres"
  export POSDB_TEST_PG_USER=postgres
  export POSDB_TEST_PG_PASSWORD="$password"
  echo "postgres-for-tests: PostgreSQL $version on port $port (POSDB_TEST_PG_URL=$POSDB_TEST_PG_URL)"
}
_pg_for_tests
_pg_status=$?
unset -f _pg_for_tests _pg_unavailable
return $_pg_status 2>/dev/null || exit $_pg_status
