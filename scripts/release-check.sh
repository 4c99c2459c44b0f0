#!/usr/bin/env bash
# Release check: for each legacy fixture and a fresh database, the upgrade path works end
# to end with the built jar and with Liquibase's own CLI:
#   posdb status (pending, exit 3) -> posdb update -> posdb status (up to date, exit 0)
#   -> bin/liquibase update-testing-rollback (on a fresh copy) -> posdb validate.
# Usage: scripts/release-check.sh [--no-build]   (--no-build: target/ is already built)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -ntp package -DskipTests || { echo "release-check: FAILED: build"; exit 1; }
fi
for needed in target/posdb.jar target/classpath.txt target/test-classes/io/posdb/testsupport/FixtureDatabaseMain.class; do
  [[ -e "$needed" ]] || { echo "release-check: FAILED: $needed is missing (build with mvn -B package)"; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/posdb-release-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
classpath="target/test-classes:target/classes:$(cat target/classpath.txt)"

# step NAME DB EXPECTED_EXIT COMMAND...: runs one step, prints one line, stops the check on failure.
step() {
  local name="$1" db="$2" expected="$3"; shift 3
  local log="$work/step.log"
  "$@" >"$log" 2>&1
  local code=$?
  if [[ $code -ne $expected ]]; then
    echo "release-check: FAILED: $db: $name (exit $code, expected $expected)"
    tail -n 20 "$log" | sed 's/^/    /'
    exit 1
  fi
  echo "release-check: $db: $name ok"
}

posdb() { java -jar target/posdb.jar "$@"; }
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
    step "build fixture" "$name" 0 fixture "$original" ${databases[$name]}
  fi
  db="$work/$name.db"
  [[ -e "$original" ]] && cp "$original" "$db"
  step "status shows pending changesets" "$name" 3 posdb status --db "$db"
  step "update" "$name" 0 posdb update --db "$db"
  step "status is up to date" "$name" 0 posdb status --db "$db"
  roundtrip="$work/$name.roundtrip.db"
  [[ -e "$original" ]] && cp "$original" "$roundtrip"
  step "update-testing-rollback round trip" "$name" 0 bin/liquibase update-testing-rollback --url "jdbc:sqlite:$roundtrip"
  step "validate" "$name" 0 posdb validate --db "$db"
done
echo "release-check: all checks passed"
