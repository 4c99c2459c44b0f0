#!/usr/bin/env bash
# Performance benchmark (issues #6, #10): builds, then measures boot/validate/naive start-up,
# the role remap against its set-based floor, and the full legacy upgrade (`boot`) against
# the same SQL in the sqlite3 shell (scripts/upgrade-floor.sql), as whole processes,
# and, when the tests' PostgreSQL server is configured (POSDB_TEST_PG_URL, _USER, _PASSWORD),
# up-to-date boot ÷ validate on it (--only postgresql: that side alone); prints the table.
# Usage: scripts/bench.sh [--runs N] [--big USERS] [--small USERS] [--upgrade-users USERS] [--only postgresql] [--out FILE]
set -euo pipefail
if ! command -v sqlite3 >/dev/null; then
    echo "bench.sh: the upgrade's floor needs the sqlite3 shell; install it (Debian/Ubuntu: apt-get install -y sqlite3)" >&2
    exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -ntp package -DskipTests
exec java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" io.posdb.bench.Benchmark "$@"
