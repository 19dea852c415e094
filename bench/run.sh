#!/usr/bin/env bash
# The benchmark (not part of `mvn verify`): drains N PHP-written messages with the project's jar and with a
# hand-written Jedis baseline, in one run, and prints the table. Usage: bench/run.sh [N=100000] [concurrency=8] [project-only|faults]
# (faults: the jar against a healthy provider, then against one failing the first try of 1 push in 10, and the ratio)
# Live traffic instead of a backlog (LPUSH -> receiver latency at a steady rate written the PHP way, the first 10 s
# after the first delivery and warm): bench/run.sh live [seconds=40] [rate=1000] [concurrency=8]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.github.redispush.bench.Benchmark "$@"
