#!/usr/bin/env bash
# Release check: for each legacy fixture and a fresh database, the upgrade path works end
# to end with the built jar and with Liquibase's own CLI (after `posdb lint` of the changelog):
#   bin/liquibase status (on a throw-away copy: see below) ->
#   posdb status (pending, exit 3) -> posdb update -> posdb status (up to date, exit 0)
#   -> bin/liquibase update-testing-rollback (on a fresh copy of the original database, then
#   posdb finds that copy up to date) -> posdb validate.
# Each step prints `release-check: <db>: <step> ok`; the first failure prints
# `release-check: FAILED: <db>: <step> (exit N)` and the tail of its output, and exits 1.
# Fixture databases are built by io.posdb.testsupport.FixtureDatabaseMain (test classpath),
# so no sqlite3 shell is needed. Everything happens in a temporary folder, removed at exit.
# Usage: scripts/release-check.sh [--no-build]   (--no-build: mvn package already ran)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *) echo "usage: scripts/release-check.sh [--no-build]" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/posdb-release-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# step DB NAME EXPECTED_EXIT COMMAND...: runs one step, prints one line; on an unexpected exit
# code prints the failure and the tail of the step's output, and stops the check (exit 1).
step() {
  local db="$1" name="$2" expected="$3"; shift 3
  local log="$work/step.log"
  "$@" >"$log" 2>&1
  local code=$?
  if [[ $code -ne $expected ]]; then
    echo "release-check: FAILED: $db: $name (exit $code)"
    echo "    expected exit $expected; last lines of: $*"
    tail -n 25 "$log" | sed 's/^/    /'
    exit 1
  fi
  echo "release-check: $db: $name ok"
}

if $build; then
  # Test classes too (FixtureDatabaseMain): -DskipTests compiles them, only skips running them.
  step project build 0 mvn -B -q -ntp package -DskipTests
fi
# built FILE...: every file the check runs from is there (with --no-build, the caller built it).
built() {
  local file
  for file in "$@"; do
    [[ -e "$file" ]] || { echo "$file is missing: build with mvn -B package first"; return 1; }
  done
}
step project "build outputs present" 0 built target/posdb.jar target/classes/io/posdb target/classpath.txt \
  target/test-classes/io/posdb/testsupport/FixtureDatabaseMain.class
classpath="target/test-classes:target/classes:$(cat target/classpath.txt)"
# The changelog rules (docs/writing-migrations.md, Changelog lint): the build ran them too; here the jar's own command.
step project "lint changelog" 0 java -jar target/posdb.jar lint --changelog changelog/db.changelog-master.yaml

posdb() { java -jar target/posdb.jar "$@"; }
# The database this release writes, with seeded rows in every table, archived as releases/<version>.sql
# the first time the check runs for a version (a released archive is never rewritten): the tests
# upgrade every archive to HEAD (EveryPastReleaseUpgradesTest). Commit the new file with the release.
version="$(java -jar target/posdb.jar --version | awk '{print $2}')"
step project "release archive releases/$version.sql" 0 \
  java -cp "$classpath" io.posdb.effect.ReleaseArchive "releases/$version.sql"
fixture() { java -cp "$classpath" io.posdb.testsupport.FixtureDatabaseMain "$@"; }

declare -A databases=(
  [legacy-shop]="fixtures/legacy-v1-schema.sql fixtures/legacy-v1-sample-data.sql"
  [legacy-roles-migrated]="fixtures/legacy-v1-schema.sql fixtures/legacy-v1-sample-data.sql fixtures/legacy-v1-roles-already-migrated.sql"
  [fresh]=""
)
for name in legacy-shop legacy-roles-migrated fresh; do
  original="$work/$name.original.db"
  if [[ -n "${databases[$name]}" ]]; then
    # shellcheck disable=SC2086
    step "$name" "build fixture" 0 fixture "$original" ${databases[$name]}
  fi
  db="$work/$name.db"
  [[ -e "$original" ]] && cp "$original" "$db"
  # Liquibase's own `status` is not read-only: it creates DATABASECHANGELOG and its lock table
  # in a database that has none (a legacy shop file). It therefore runs on a throw-away copy,
  # never on the database the other steps check, and never on a live shop file.
  if [[ -e "$original" ]]; then
    status_copy="$work/$name.liquibase-status.db"
    cp "$original" "$status_copy"
    step "$name" "bin/liquibase status (on a copy)" 0 bin/liquibase status --verbose --url "jdbc:sqlite:$status_copy"
  fi
  step "$name" "status shows pending changesets" 3 posdb status --db "$db"
  step "$name" "update" 0 posdb update --db "$db"
  step "$name" "status is up to date" 0 posdb status --db "$db"
  roundtrip="$work/$name.roundtrip.db"
  [[ -e "$original" ]] && cp "$original" "$roundtrip"
  # update-testing-rollback (Liquibase 4.33) updates, rolls back by count as many changesets as
  # that update recorded, and updates again: with nothing pending it proves nothing, so it runs
  # on a fresh copy of the database as it was before `posdb update`.
  step "$name" "update-testing-rollback round trip" 0 bin/liquibase update-testing-rollback --url "jdbc:sqlite:$roundtrip"
  step "$name" "round-tripped copy up to date for posdb" 0 posdb status --db "$roundtrip"
  step "$name" "validate" 0 posdb validate --db "$db"
done
echo "release-check: all checks passed"
