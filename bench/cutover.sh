#!/usr/bin/env bash
# The cut-over benchmark (not part of `mvn verify`): the jar drains fresh PHP-written messages with and without
# L leftovers in temp_queue (1% with a value), and prints how fast the leftovers clear, when the stranded pushes
# go out, the live delivery rate meanwhile against a run without them, and SLOWLOG's slowest commands.
# Usage: bench/cutover.sh [leftovers=1000000] [fresh=150000] [window-seconds=15] [without-first]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.github.redispush.bench.CutOverBenchmark "$@"
