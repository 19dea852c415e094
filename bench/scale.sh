#!/usr/bin/env bash
# Horizontal scale (not part of `mvn verify`): 1, 2 and 4 instances of the jar against a provider that takes
# 20 ms per push. Usage: bench/scale.sh [N=20000] [provider-ms=20] [concurrency=8]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.github.redispush.bench.ScaleBenchmark "$@"
