#!/usr/bin/env bash
# Makes a local PostgreSQL server available to the tests and exports where it is:
#   source scripts/postgres-for-tests.sh
# sets POSDB_TEST_PG_URL, POSDB_TEST_PG_USER and POSDB_TEST_PG_PASSWORD. Installs Debian's
# postgresql package when the server is missing (root only), creates/starts the cluster
# the packaged way (pg_ctlcluster: PostgreSQL refuses to run as root, this runs it as the
# postgres user), and sets a fresh random password for the postgres role.
# Already set POSDB_TEST_PG_URL? Then nothing is done.
if [[ -n "${POSDB_TEST_PG_URL:-}" ]]; then
  echo "postgres-for-tests: using POSDB_TEST_PG_URL=$POSDB_TEST_PG_URL"
  return 0 2>/dev/null || exit 0
fi
_pg_fail() { echo "postgres-for-tests: $*" >&2; return 1 2>/dev/null || exit 1; }
_pg_as_root=""
if [[ $(id -u) -ne 0 ]]; then
  # Not root (a developer, a hosted CI runner): use sudo if it needs no password.
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then _pg_as_root="sudo -n"; else
    _pg_fail "not root and no password-less sudo: set POSDB_TEST_PG_URL to a server you have" || return 1
  fi
fi
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres-for-tests: installing Debian's postgresql package"
  $_pg_as_root apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $_pg_as_root apt-get install -y -qq postgresql >/dev/null \
    || _pg_fail "apt-get install postgresql failed" || return 1
fi
_pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$_pg_version main"; then
  $_pg_as_root pg_createcluster "$_pg_version" main >/dev/null || _pg_fail "pg_createcluster failed" || return 1
fi
if ! pg_lsclusters -h | awk -v v="$_pg_version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  $_pg_as_root pg_ctlcluster "$_pg_version" main start || _pg_fail "pg_ctlcluster $_pg_version main start failed" || return 1
fi
_pg_port=$(pg_lsclusters -h | awk -v v="$_pg_version" '$1==v && $2=="main" {print $3}')
_pg_password="posdb-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
$_pg_as_root runuser -u postgres -- psql -q -p "$_pg_port" -c "ALTER USER postgres PASSWORD '$_pg_password'" \
  || _pg_fail "cannot set the postgres password" || return 1
export POSDB_TEST_PG_URL="jdbc:postgresql://localhost:$_pg_port/postgres"
export POSDB_TEST_PG_USER=postgres
export POSDB_TEST_PG_PASSWORD="$_pg_password"
echo "postgres-for-tests: PostgreSQL $_pg_version on port $_pg_port (POSDB_TEST_PG_URL=$POSDB_TEST_PG_URL)"
