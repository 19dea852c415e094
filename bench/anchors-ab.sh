#!/usr/bin/env bash
# Two (or more) builds of the jar in one run of the anchors harness (../shared/anchors, outside this project), e.g.
# a before and an after: the harness runs its systems in order within each rep, so list one `candidate-<x>` per
# folder and the i-th start of a candidate runs the (i mod k)-th folder of AB_DIRS. Each folder holds
# target/redis-push-app.jar and routes/, and may hold candidate.opts: JVM options for that build (e.g. -D overrides).
# AB_COUNTER (default /tmp/anchors-ab.counter) is removed before a run.
#   rm -f /tmp/anchors-ab.counter
#   CANDIDATE_CMD=$PWD/bench/anchors-ab.sh AB_DIRS="/tmp/before /tmp/after" SKIP_CEILING=1 \
#     ../shared/anchors/run.sh bullmq-c16 seed-php-x4 candidate-a candidate-b
set -euo pipefail
counter="${AB_COUNTER:-/tmp/anchors-ab.counter}"
read -r -a dirs <<< "${AB_DIRS:?set AB_DIRS to the checkouts, in the order of the candidate systems}"
n=$(( $(cat "$counter" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$counter"
export PROJECT_DIR="${dirs[$(( (n - 1) % ${#dirs[@]} ))]}"
if [ -f "$PROJECT_DIR/candidate.opts" ]; then export CANDIDATE_OPTS="$(cat "$PROJECT_DIR/candidate.opts")"; fi
echo "anchors-ab: start $n runs $PROJECT_DIR ${CANDIDATE_OPTS:-}" >&2
exec "${ANCHORS_DIR:-$(dirname "$0")/../../shared/anchors}/candidate-example.sh"
