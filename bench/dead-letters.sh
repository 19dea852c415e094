#!/usr/bin/env bash
# The dead-letter benchmark (not part of `mvn verify`): N dead letters (default 1,000,000) on a fresh redis-server,
# written as a deployment from before the index has them, then inspect, requeue and purge of the oldest key, a requeue
# from the middle, a search and requeue-all, each timed; then SLOWLOG at a 50 ms threshold, Redis's latency monitor
# (commands over 1 ms) and the longest PING another client waited meanwhile.
# Usage: bench/dead-letters.sh [entries=1000000] [layout=single|cluster]   (cluster: the cluster layout's names on one server)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile
# the test classpath as surefire sees it (works offline, where the dependency plugin may not be cached)
if [ ! -s target/bench.classpath ]; then
  mvn -B -o -X test -Dtest=DeadLetterReasonTest -Dsurefire.failIfNoSpecifiedTests=false 2>/dev/null \
    | sed -n 's/^\[DEBUG\] test classpath:  //p' | head -1 | sed 's/  /:/g' > target/bench.classpath
fi
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.github.redispush.bench.DeadLetterBenchmark "$@"
