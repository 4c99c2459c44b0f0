#!/usr/bin/env bash
# CI check of the library artifact and of the example application (.ci/run calls it after the
# tests): installs io.posdb:posdb, checks the installed jar holds posdb's classes and changelog but
# no Hibernate, Liquibase or logback.xml, builds the example against it, and runs it on a copy of
# the legacy fixture (an upgrade, then nothing to do) and on a missing file. Every run must exit 0
# and end with `Day total: <amount>`; each run records one sale of 6.85 (2 x 2.50 + 1.85), and the
# fixture's own sales are from other days; a file that is not a database exits 6. The first
# failure prints what differed and exits 1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

fail() { echo "till-app check: FAILED: $*" >&2; exit 1; }

mvn -B -ntp install -DskipTests
version="$(sed -n 's/^version=//p' target/classes/io/posdb/version.properties)"
[[ -n "$version" ]] || fail "no version in target/classes/io/posdb/version.properties"

library="target/posdb-$version.jar" # the file mvn install just copied into the local repository
contents="$(jar tf "$library")"
for wanted in changelog/db.changelog-master.yaml changelog/manifest.tsv io/posdb/api/PosDatabase.class; do
  grep -qx "$wanted" <<<"$contents" || fail "$library lacks $wanted"
done
for unwanted in '^org/hibernate/' '^liquibase/' '^logback\.xml$' '^ch/qos/' '^picocli/'; do
  if grep -q "$unwanted" <<<"$contents"; then fail "$library contains ${unwanted//[\^\$\\]/}"; fi
done
echo "till-app check: library jar $library ok"

mvn -B -ntp -f examples/till-app/pom.xml package -Dposdb.version="$version"
tree="$(mvn -B -ntp -f examples/till-app/pom.xml dependency:tree -Dposdb.version="$version")"
grep -q 'com.zaxxer:HikariCP' <<<"$tree" || fail "HikariCP is not in the example's dependency tree"$'\n'"$tree"

work="$(mktemp -d "${TMPDIR:-/tmp}/till-app-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" io.posdb.testsupport.FixtureDatabaseMain \
  "$work/legacy.db" fixtures/legacy-v1-schema.sql fixtures/legacy-v1-sample-data.sql

# run NAME DB EXPECTED_LINE EXPECTED_TOTAL: the example exits 0, prints the line and ends with the total.
run() {
  local name="$1" db="$2" line="$3" total="$4" output code=0
  output="$(java -jar examples/till-app/target/till-app.jar "$db" 2>&1)" || code=$?
  [[ $code -eq 0 ]] || fail "$name: exit $code"$'\n'"$output"
  grep -q "^INFO $line" <<<"$output" || fail "$name: no line '$line'"$'\n'"$output"
  [[ "$(tail -n 1 <<<"$output")" == "Day total: $total" ]] || fail "$name: last line is not 'Day total: $total'"$'\n'"$output"
  echo "till-app check: $name ok (Day total: $total)"
}
run "legacy fixture, upgrade" "$work/legacy.db" "Pending migrations detected: " 6.85
run "legacy fixture, nothing to do" "$work/legacy.db" "No pending migrations detected" 13.70
run "missing file" "$work/new/till.db" "Pending migrations detected: " 6.85

# A file that is not a database: the example exits with posdb's code for it (6) and records nothing.
printf 'shopping list: milk, bread, coffee\n%.0s' {1..200} >"$work/notes.db"
code=0
output="$(java -jar examples/till-app/target/till-app.jar "$work/notes.db" 2>&1)" || code=$?
[[ $code -eq 6 ]] || fail "not a database: exit $code, expected 6"$'\n'"$output"
if grep -q "^Day total" <<<"$output"; then fail "not a database: a day total was printed"$'\n'"$output"; fi
echo "till-app check: not a database ok (exit 6)"
