#!/usr/bin/env bash
# Gateway overhead, side by side: the shared harness's fake OpenAI upstream measured directly and
# through Tiergate (upstream + load generator on CPU 0, Tiergate on CPU 1), then summarised.
#   bench/gateway/overhead.sh [HARNESS_DIR]      (default: ../shared/bench beside the repository)
# Knobs (env): CONNS="1 16 64" DURATION=15s WARMUP=20s PREWARM=15s STREAM=1 LEDGER=on|off, plus measure.sh's own.
# Loopback only; every process it starts is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HARNESS=$(cd "${1:-$ROOT/../shared/bench}" && pwd)
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v node >/dev/null || { echo "node is needed for the fake upstream" >&2; exit 1; }
OUT=${OUT:-$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}; mkdir -p "$OUT/logs"; export OUT
UPORT=${UPSTREAM_PORT:-18080}; GPORT=${GATEWAY_PORT:-18081}
OWNED=()
cleanup() { for p in "${OWNED[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

taskset -c 0 node "$HARNESS/fake-backend.js" "$UPORT" > "$OUT/logs/upstream.log" 2>&1 &
OWNED+=($!)
CONFIG="$OUT/tiergate.yaml"
cat > "$CONFIG" <<YAML
server: {port: $GPORT}
engine: {enabled: false}
tiers:
  - name: lan
    backends:
      - id: fake-upstream
        base-url: http://127.0.0.1:$UPORT/v1
        models: {fake-model: fake-model}
ledger: {enabled: ${LEDGER:-on}}
YAML
sed -i 's/enabled: on/enabled: true/; s/enabled: off/enabled: false/' "$CONFIG"
"$ROOT/tiergate" --version > /dev/null   # builds when sources changed, before anything is timed
TIERGATE_HOME="$OUT/home" TIERGATE_JAVA_OPTS="${TIERGATE_JAVA_OPTS:-}" \
  taskset -c 1 "$ROOT/tiergate" serve --config "$CONFIG" > "$OUT/logs/tiergate.log" 2>&1 &
GW=$!; OWNED+=($GW)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$GPORT/health" >/dev/null && break; sleep 0.5; done
JPID=$(pgrep -P "$GW" java || echo "$GW")
export WRK_CPUS=0
LABEL=direct PID="" "$HARNESS/measure.sh" "http://127.0.0.1:$UPORT/v1" "$HARNESS/headers/direct.txt"
# Pre-warm: two short wrk sessions, so the JIT has also compiled what a new set of connections runs. With only
# measure.sh's warm-up, the measured session's fresh connections took paths the warm-up never had (uncommon traps,
# class-hierarchy deopts), and C2 recompiled for tens of seconds on the gateway's one core: 18 µs of compiler per
# request instead of 3.5, and ±30 % between otherwise identical runs (docs/benchmarks.md).
printf 'wrk.method = "POST"\nwrk.body = [==[{"model":"fake-model","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}]==]\nwrk.headers["Content-Type"] = "application/json"\n' > "$OUT/prewarm.lua"
for _ in 1 2; do
  taskset -c 0 wrk -s "$OUT/prewarm.lua" -t1 -c16 -d"${PREWARM:-15s}" "http://127.0.0.1:$GPORT/v1/chat/completions" > /dev/null
done
LABEL=tiergate PID="$JPID" WARMUP=${WARMUP:-20s} "$HARNESS/measure.sh" "http://127.0.0.1:$GPORT/v1" "$HARNESS/headers/direct.txt"
node "$HARNESS/summarize.js" "$OUT" | tee "$OUT/summary.md"
echo "results: $OUT"
