#!/usr/bin/env bash
# Performance benchmark (issue #6): builds, then measures boot/validate/naive start-up and
# the role remap against its set-based floor as whole processes, and prints the table.
# Usage: scripts/bench.sh [--runs N] [--big USERS] [--small USERS] [--out docs/performance.md]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -ntp package -DskipTests
exec java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" io.posdb.bench.Benchmark "$@"
