#!/usr/bin/env bash
# The floor of a proxy's added latency at one connection on this machine, in the overhead harness's layout
# (upstream and wrk on CPU 0, the proxy on CPU 1): the fake upstream measured directly, through a C relay that
# only forwards bytes, and through the same relay busy-polling (its core never idles). Compare the relay's added
# p50 with Tiergate's (overhead.sh CONNS=1): what a gateway adds beyond the relay is its own work.
#   bench/gateway/relay-floor.sh [HARNESS_DIR]   (default: ../shared/bench beside the repository)
# Knobs (env): ROUNDS=2 DURATION=15s OUT=dir. Needs gcc, wrk and node. Loopback only; stops what it starts.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HARNESS=$(cd "${1:-$ROOT/../shared/bench}" && pwd)
command -v gcc >/dev/null || { echo "gcc is needed to build the relay (apt-get install gcc)" >&2; exit 1; }
OUT=${OUT:-$ROOT/bench/results/relay-floor-$(date -u +%Y%m%dT%H%M%SZ)}; mkdir -p "$OUT/bin"; export OUT
gcc -O2 -pthread -o "$OUT/bin/relay" "$ROOT/bench/gateway/relay/relay.c"
gcc -O2 -pthread -DSPIN_MS=0 -o "$OUT/bin/relay-spin" "$ROOT/bench/gateway/relay/relay.c"
for port in 18080 18083 18084; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use: stop what listens there" >&2; exit 1; fi
done
OWNED=()
cleanup() { for p in "${OWNED[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
taskset -c 0 node "$HARNESS/fake-backend.js" 18080 > "$OUT/upstream.log" 2>&1 & OWNED+=($!)
taskset -c 1 "$OUT/bin/relay" 18083 18080 & OWNED+=($!)
taskset -c 1 "$OUT/bin/relay-spin" 18084 18080 & OWNED+=($!)
sleep 1
export WRK_CPUS=0 CONNS=1 STREAM=0 WARMUP=${WARMUP:-5s} DURATION=${DURATION:-15s}
for _ in $(seq 1 "${ROUNDS:-2}"); do
  LABEL=direct "$HARNESS/measure.sh" http://127.0.0.1:18080/v1 > /dev/null
  LABEL=relay "$HARNESS/measure.sh" http://127.0.0.1:18083/v1 > /dev/null
  LABEL=relay-busy-poll "$HARNESS/measure.sh" http://127.0.0.1:18084/v1 > /dev/null
done
node "$HARNESS/summarize.js" "$OUT" | tee "$OUT/summary.md"
