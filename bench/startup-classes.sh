#!/usr/bin/env bash
# Writes src/main/resources/META-INF/redis-push/startup-classes.txt: the classes the packaged jar loads from its own
# jar and from the JDK (outside the JDK's shared archive) up to its first delivery, in the order it loads them, for
# StartupWarmUp to load and link ahead of the main thread. Run it after a dependency or the routes change much, then
# rebuild (`mvn -B -q package -DskipTests`); a stale list only loses some of the head start (StartupClassesTest
# says when many of its names are gone). Not part of `mvn verify`.
# Usage: bench/startup-classes.sh   (builds nothing: run it on a packaged jar)
set -euo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp --suffix=.class-load.txt)"
trap 'rm -f "$log"' EXIT
# the warm-up off, so the log shows what the start-up itself loads; bench/first-delivery.sh stops the jar right
# after its first delivery
FIRST_DELIVERY_JVM_ARGS="-Dredis-push.startup-warm-up=false -Xlog:class+load:file=$log" bench/first-delivery.sh 1 >/dev/null
python3 - "$log" src/main/resources/META-INF/redis-push/startup-classes.txt <<'PY'
import re, sys
names, seen = [], set()
for line in open(sys.argv[1]):
    m = re.search(r"\] (\S+) source: (\S+)", line)
    if not m:
        continue
    name, source = m.groups()
    if name == "org.apache.camel.spi.OnCamelContextStopping":  # the shutdown after the first delivery
        break
    # from the jar or the JDK's modules; not hidden classes (lambdas, proxies), nor the JDK's shared archive's
    # (already fast), nor the logging set-up's and the launcher's (the main thread loads them while the warm-up starts)
    if not source.startswith(("file:", "jrt:")) or name.startswith("org.apache.logging.") \
            or name in ("io.github.redispush.RedisPushApplication", "io.github.redispush.StartupWarmUp") or name in seen:
        continue
    seen.add(name)
    names.append(name)
with open(sys.argv[2], "w") as out:
    out.write("".join(n + "\n" for n in names))
print("%d classes -> %s" % (len(names), sys.argv[2]))
PY
