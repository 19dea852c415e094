#!/usr/bin/env bash
# Start-up with and without the class data sharing archive (not part of `mvn verify`): the time from process start
# to the first push reaching the provider, for the README's run command (`java -XX:SharedArchiveFile=target/
# redis-push-app.jsa -Xlog:cds+dynamic=off -jar target/redis-push-app.jar`) and for the same jar without the archive
# (`java -jar target/redis-push-app.jar`), in alternating runs. Then one more run of each that also counts the classes
# loaded by the first delivery, and how many came from a class data sharing archive (-Xlog:class+load slows it a little).
# Each run: a fresh redis-server, a receiver on free loopback ports, one message queued the PHP way (SET, then LPUSH),
# the jar with push.redis.url and push.url set, stopped after its first delivery (bench/first-delivery.sh does the
# work; its FIRST_DELIVERY_* variables apply).
# Usage: bench/first-push.sh [runs=5] [checkout...]   (build first: `mvn -B -q package -DskipTests`, which also
# writes target/redis-push-app.jsa)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shift || true
for checkout in "${@:-.}"; do
  if [ ! -s "$checkout/target/redis-push-app.jsa" ]; then
    echo "$checkout: no target/redis-push-app.jsa (mvn package writes it; see its target/redis-push-app.jsa.log)" >&2
    exit 1
  fi
done
export FIRST_DELIVERY_VARIANTS="no archive: ; archive: -XX:SharedArchiveFile=target/redis-push-app.jsa -Xlog:cds+dynamic=off"
bench/first-delivery.sh "$runs" "$@"
echo "classes loaded by the first delivery:"
FIRST_DELIVERY_CLASSES=1 bench/first-delivery.sh 1 "$@" | grep '^run '
