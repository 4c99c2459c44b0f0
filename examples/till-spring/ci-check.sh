#!/usr/bin/env bash
# CI check of the Spring Boot starter and of the Spring Boot example (.ci/run calls it after
# examples/till-app/ci-check.sh): installs io.posdb:posdb and io.posdb:posdb-spring-boot-starter,
# builds examples/till-spring against them (its dependency tree must keep posdb's Liquibase 4.33.0
# and Hibernate 7.4.13.Final), then runs target/till-spring.jar
#   1. on a copy of the legacy shop fixture in WAL mode with sales committed only in its -wal (a
#      till's file after a power cut): posdb's upgrade is logged before Hibernate's
#      EntityManagerFactory, Spring's own Liquibase never runs (no line from it, no
#      /actuator/liquibase), a POST records a sale that the day's total then counts, health is UP,
#      and the sales that were only in the -wal are read through JPA;
#   2. on a file that is not a database: the service exits with posdb's exit code 6;
#   3. on a legacy copy with a hand-made view and posdb.strict-schema: the upgrade runs, the drift
#      check refuses the upgraded file before JPA, the service exits 12, and the file is as it was
#      (nothing applied, the roles still the legacy ones): the failed startup undid the upgrade.
# The first failure prints what differed (and the service's log) and exits 1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

fail() { echo "till-spring check: FAILED: $*" >&2; exit 1; }

mvn -B -ntp -q install -DskipTests
version="$(sed -n 's/^version=//p' target/classes/io/posdb/version.properties)"
[[ -n "$version" ]] || fail "no version in target/classes/io/posdb/version.properties"
# The starter's own <version> (the first <version> of its pom; its dependencies' come later).
starter_version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' posdb-spring-boot-starter/pom.xml | head -n 1)"
[[ "$starter_version" == "$version" ]] || fail "the starter's version $starter_version is not the library's $version"
mvn -B -ntp -q -f posdb-spring-boot-starter/pom.xml install -DskipTests
mvn -B -ntp -q -f examples/till-spring/pom.xml package -Dposdb.version="$version"
jar=examples/till-spring/target/till-spring.jar
tree="$(mvn -B -ntp -f examples/till-spring/pom.xml dependency:tree -Dposdb.version="$version")"
for wanted in org.liquibase:liquibase-core:jar:4.33.0 org.hibernate.orm:hibernate-core:jar:7.4.13.Final; do
  grep -q "$wanted" <<<"$tree" || fail "$wanted is not in the example's dependency tree"$'\n'"$tree"
done
echo "till-spring check: $jar built (Liquibase 4.33.0, Hibernate 7.4.13.Final)"

work="$(mktemp -d "${TMPDIR:-/tmp}/till-spring-check.XXXXXX")"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" io.posdb.testsupport.FixtureDatabaseMain \
  --hot-wal=3 "$work/legacy.db" fixtures/legacy-v1-schema.sql fixtures/legacy-v1-sample-data.sql
[[ -s "$work/legacy.db-wal" ]] || fail "the fixture has no -wal beside it"

# A free port: bind to 0 and read what the kernel gave.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
java -jar "$jar" --posdb.db="$work/legacy.db" --server.port="$port" >"$work/service.log" 2>&1 &
pid=$!
log() { echo "--- service log:"; cat "$work/service.log"; }
for _ in $(seq 1 180); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health" && break
  kill -0 "$pid" 2>/dev/null || fail "the service exited before listening"$'\n'"$(log)"
  sleep 1
done
curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health" || fail "no answer on port $port after 180 s"$'\n'"$(log)"

upgrade_line="$(grep -n 'posdb: upgrade of .* done' "$work/service.log" | head -n 1 | cut -d: -f1)"
jpa_line="$(grep -n 'Initialized JPA EntityManagerFactory' "$work/service.log" | head -n 1 | cut -d: -f1)"
[[ -n "$upgrade_line" ]] || fail "no 'posdb: upgrade of ... done' line"$'\n'"$(log)"
[[ -n "$jpa_line" ]] || fail "no 'Initialized JPA EntityManagerFactory' line"$'\n'"$(log)"
(( upgrade_line < jpa_line )) || fail "posdb's upgrade (line $upgrade_line) is logged after Hibernate's EntityManagerFactory (line $jpa_line)"
if grep -qiE 'SpringLiquibase|springframework\.boot\.liquibase|o\.s\.b\.l\.' "$work/service.log"; then
  fail "a line from Spring's own Liquibase"$'\n'"$(log)"
fi
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/liquibase")"
[[ "$code" == 404 ]] || fail "/actuator/liquibase answered $code: Spring's own Liquibase is configured"
echo "till-spring check: upgrade logged at line $upgrade_line, before the EntityManagerFactory (line $jpa_line); no Liquibase of Spring's"

# amount FIELD JSON: the decimal string of "FIELD":"..." in a JSON answer.
amount() { sed -n "s/.*\"$1\":\"\([0-9.]*\)\".*/\1/p" <<<"$2"; }
before="$(amount total "$(curl -fs "http://127.0.0.1:$port/sales/total")")" || fail "GET /sales/total failed"$'\n'"$(log)"
sale="$(curl -fs -X POST "http://127.0.0.1:$port/sales")" || fail "POST /sales failed"$'\n'"$(log)"
[[ "$(amount total "$sale")" == 6.85 ]] || fail "the sale's total is not 6.85: $sale"
after="$(amount total "$(curl -fs "http://127.0.0.1:$port/sales/total")")"
[[ "$(python3 -c "from decimal import Decimal as D; print(D('$after') - D('$before'))")" == 6.85 ]] \
  || fail "the day's total went from $before to $after, not by the sale's 6.85"
health="$(curl -fs "http://127.0.0.1:$port/actuator/health")" || fail "health is not UP"$'\n'"$(curl -s "http://127.0.0.1:$port/actuator/health")"
grep -q '"posdb":{[^}]*"status":"UP"\|"posdb":{"details":{[^}]*},"status":"UP"' <<<"$health" || fail "the posdb health is not UP: $health"
echo "till-spring check: sale recorded (day total $before -> $after), health UP"
# The three sales the fixture committed only in its -wal (1.50 + 2.50 + 3.50 on 2026-11-30, a day the
# fixture has no other sale) came through the upgrade and are read through JPA.
hot="$(amount total "$(curl -fs "http://127.0.0.1:$port/sales/total?day=2026-11-30")")"
[[ "$hot" == 7.50 ]] || fail "the -wal's sales of 2026-11-30 add up to '$hot', not 7.50"

kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
echo "till-spring check: legacy WAL copy ok"

# A file that is not a database: the service exits with posdb's code for it (6) and never listens.
printf 'shopping list: milk, bread, coffee\n%.0s' {1..200} >"$work/notes.db"
code=0
output="$(java -jar "$jar" --posdb.db="$work/notes.db" --server.port="$port" 2>&1)" || code=$?
[[ $code -eq 6 ]] || fail "not a database: exit $code, expected 6"$'\n'"$output"
grep -q "is not an SQLite database" <<<"$output" || fail "not a database: posdb's message is not in the output"$'\n'"$output"
echo "till-spring check: not a database ok (exit 6)"

# A startup that fails after the upgrade: the upgrade is undone, in a real process that exits with the code.
java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" io.posdb.testsupport.FixtureDatabaseMain \
  "$work/drifting.db" fixtures/legacy-v1-schema.sql fixtures/legacy-v1-sample-data.sql
# The sqlite3 shell: .ci/run installs it.
sqlite3 "$work/drifting.db" "CREATE VIEW hand_made_daily AS SELECT date(created_at) AS day, count(*) AS sales FROM sale GROUP BY 1"
roles_before="$(sqlite3 "$work/drifting.db" "SELECT group_concat(role) FROM (SELECT role FROM user ORDER BY id)")"
code=0
output="$(java -jar "$jar" --posdb.db="$work/drifting.db" --posdb.strict-schema=true --server.port="$port" 2>&1)" || code=$?
[[ $code -eq 12 ]] || fail "strict schema on a drifting upgrade: exit $code, expected 12"$'\n'"$output"
grep -q "the database was restored to its state before the upgrade" <<<"$output" \
  || fail "strict schema on a drifting upgrade: no line saying the file was restored"$'\n'"$output"
applied="$(sqlite3 "$work/drifting.db" "SELECT count(*) FROM sqlite_schema WHERE name = 'DATABASECHANGELOG'")"
roles_after="$(sqlite3 "$work/drifting.db" "SELECT group_concat(role) FROM (SELECT role FROM user ORDER BY id)")"
[[ "$applied" == 0 && "$roles_after" == "$roles_before" ]] \
  || fail "the refused startup left the file upgraded (DATABASECHANGELOG tables: $applied, roles $roles_before -> $roles_after)"
echo "till-spring check: a startup refused after its upgrade left the file as it was (exit 12, roles $roles_after)"
