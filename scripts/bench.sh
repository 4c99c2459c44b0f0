#!/usr/bin/env bash
# Performance benchmark (issues #6, #10): builds, then measures boot/validate/naive start-up,
# the role remap against its set-based floor (and its rollback against the remap), and the full legacy upgrade (`boot`) against
# the same SQL in the sqlite3 shell (scripts/upgrade-floor.sql), as whole processes,
# and, when the tests' PostgreSQL server is configured (POSDB_TEST_PG_URL, _USER, _PASSWORD),
# up-to-date boot ÷ validate on it (--only postgresql: that side alone); prints the table. The large
# upgrade is also run with --progress json and checked (io.posdb.bench.ProgressCheck): the bench fails unless
# the remap reports monotonic progress with an estimate (issue 22).
# --only startup: SQLite's up-to-date boot ÷ validate (and ÷ the naive stack) alone, minutes instead of
# the hour the large files take; --only doctor: posdb doctor ÷ PRAGMA quick_check on the upgraded large file alone.
# Usage: scripts/bench.sh [--runs N] [--big USERS] [--small USERS] [--upgrade-users USERS]
#                         [--only postgresql|startup|doctor] [--out FILE]
#        scripts/bench.sh --only spring [--runs N]: the Spring Boot starter alone (docs/spring-boot.md):
#        posdb's boot inside an up-to-date startup of examples/till-spring (no web server) ÷ posdb's boot in
#        the plain-Java `posdb boot` of the same file, each as its own line `posdb: boot of ... took N ms`
#        (from the start of posdb's upgrade to a validated SessionFactory / JPA EntityManagerFactory: the
#        bar's ratio); then whole processes: till-spring ÷ `posdb boot`, and ÷ the same Spring
#        application on the same file without posdb (Spring's own pool, Hibernate validate, no starter);
#        alternating, medians.
set -euo pipefail
if ! command -v sqlite3 >/dev/null; then
    echo "bench.sh: the upgrade's floor needs the sqlite3 shell; install it (Debian/Ubuntu: apt-get install -y sqlite3)" >&2
    exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${1:-}" == "--only" && "${2:-}" == "spring" ]]; then
    runs=5
    [[ "${3:-}" == "--runs" ]] && runs="$4"
    mvn -B -q -ntp install -DskipTests
    mvn -B -q -ntp -f posdb-spring-boot-starter/pom.xml install -DskipTests
    mvn -B -q -ntp -f examples/till-spring/pom.xml package
    work="$(mktemp -d "${TMPDIR:-/tmp}/bench-spring.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
    java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" io.posdb.testsupport.FixtureDatabaseMain \
        --hot-wal=0 "$work/pos.db" fixtures/legacy-v1-schema.sql fixtures/legacy-v1-sample-data.sql
    java -jar target/posdb.jar boot --db "$work/pos.db" >/dev/null 2>&1 # upgraded once: every side below is up to date
    spring=(java -jar examples/till-spring/target/till-spring.jar --spring.main.web-application-type=none)
    # seconds NAME COMMAND...: one whole process, its wall-clock seconds appended to $work/NAME.
    seconds() {
        local name="$1" start end; shift
        start=$(date +%s%N); "$@" >"$work/$name.log" 2>&1 || { echo "bench.sh: $name failed:"; cat "$work/$name.log"; exit 1; } >&2
        end=$(date +%s%N); echo "scale=3; ($end - $start) / 1000000000" | bc >>"$work/$name"
        # posdb's own share of the process, where it logs one (posdb boot, the starter): its milliseconds.
        local took
        took="$(sed -n 's/.*posdb: boot of .* took \([0-9]*\) ms.*/\1/p' "$work/$name.log" | head -n 1)"
        [[ -n "$took" ]] && echo "$took" >>"$work/$name-posdb"
        return 0
    }
    for _ in $(seq 1 "$runs"); do
        seconds plain java -jar target/posdb.jar boot --db "$work/pos.db"
        seconds starter "${spring[@]}" --posdb.db="$work/pos.db"
        # The same Hibernate settings and pool size posdb gives (PosDatabase.hibernateProperties), so
        # that the difference is posdb's work alone (the up-to-date check, the drift fingerprint).
        seconds without "${spring[@]}" --spring.datasource.url="jdbc:sqlite:$work/pos.db" --spring.liquibase.enabled=false \
            --spring.datasource.hikari.maximum-pool-size=4 --spring.jpa.hibernate.ddl-auto=validate \
            --spring.jpa.properties.hibernate.dialect=io.posdb.orm.PosSqliteDialect \
            --spring.jpa.properties.hibernate.hbm2ddl.jdbc_metadata_extraction_strategy=individually
    done
    median() { sort -n "$work/$1" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
    for side in plain starter; do
        [[ -s "$work/$side-posdb" ]] || { echo "bench.sh: no 'posdb: boot of ... took N ms' line from $side:"; cat "$work/$side.log"; exit 1; } >&2
    done
    plain="$(median plain)" starter="$(median starter)" without="$(median without)"
    plain_posdb="$(median plain-posdb)" starter_posdb="$(median starter-posdb)"
    met() { (( $(echo "$1 <= 1.10" | bc) )) && echo yes || echo '**no**'; }
    echo "| metric | measured | target | met |"
    echo "|---|---|---|---|"
    ratio="$(printf '%.2f' "$(echo "scale=4; $starter_posdb / $plain_posdb" | bc)")"
    echo "| posdb's boot through the starter ÷ posdb's plain-Java \`boot\`, same file, up to date (upgrade start to validated EntityManagerFactory / SessionFactory) | $ratio ($starter_posdb ms ÷ $plain_posdb ms) | ≤ 1.10 | $(met "$ratio") |"
    ratio="$(printf '%.2f' "$(echo "scale=4; $starter / $plain" | bc)")"
    echo "| whole process: till-spring through the starter ÷ plain-Java \`posdb boot\` (information: mostly Spring Boot's own startup) | $ratio ($starter s ÷ $plain s) | | |"
    ratio="$(printf '%.2f' "$(echo "scale=4; $starter / $without" | bc)")"
    echo "| whole process: till-spring through the starter ÷ the same application without posdb (Spring's pool, validate) | $ratio ($starter s ÷ $without s) | ≤ 1.10 | $(met "$ratio") |"
    echo
    echo "Medians of $runs runs each, alternating: posdb's boot ${plain_posdb} ms plain, ${starter_posdb} ms in the starter;"
    echo "whole processes: plain boot ${plain} s, starter ${starter} s, without posdb ${without} s."
    exit 0
fi
mvn -B -q -ntp package -DskipTests
exec java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" io.posdb.bench.Benchmark "$@"
