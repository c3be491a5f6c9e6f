#!/usr/bin/env bash
# The ledger's cost, interleaved: the fake upstream direct, Tiergate with the ledger on, and Tiergate
# with it off, each measured in turn for ROUNDS rounds (wrk, CONNS connections, DURATION each), so the
# machine's drift lands on all three alike. Before each run the ledger gateway must have copied its
# spool into SQLite (tiergate_ledger_unindexed_entries = 0): one run's deferred work never lands in
# another's. Upstream and wrk on CPU 0, both gateways on CPU 1; the two gateways take turns going first.
# Besides req/s it reads each gateway's own CPU time (/proc, user + system, without the JIT compiler threads) per request: on a saturated core
# throughput is 1 / CPU per request, and that ratio moves less with the machine's drift than req/s does.
# SHARED=1 loads both gateways at the same time instead of in turn: the scheduler splits CPU 1 evenly between
# two saturated JVMs, so their req/s ratio is their efficiency ratio, and the machine's drift lands on both at
# once. (The upstream and two wrk then share CPU 0: ~21k req/s in all, under the ~27k it manages alone.)
#   bench/gateway/ledger-ab.sh [HARNESS_DIR]   (default: ../shared/bench beside the repository)
# Knobs (env): ROUNDS=5 CONNS=16 DURATION=10s WARMUP=25s MAX_INDEX_LAG=30s; AA=1 runs the "on" gateway
# without the ledger too (an A/A run: the ratio's spread on this machine when nothing differs).
# DURATION longer than MAX_INDEX_LAG measures sustained load, where entries are indexed as they age.
# Loopback only; every process it starts is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HARNESS=$(cd "${1:-$ROOT/../shared/bench}" && pwd)
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v node >/dev/null || { echo "node is needed for the fake upstream" >&2; exit 1; }
OUT=${OUT:-$ROOT/bench/results/ledger-ab-$(date -u +%Y%m%dT%H%M%SZ)}; mkdir -p "$OUT/logs"
UP=18080; ON=18081; OFF=18082
OWNED=()
cleanup() { for p in "${OWNED[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

for port in $UP $ON $OFF; do # a leftover server on one of these ports would be measured instead
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use: stop what listens there" >&2; exit 1; fi
done
taskset -c 0 node "$HARNESS/fake-backend.js" $UP > "$OUT/logs/upstream.log" 2>&1 &
OWNED+=($!)
for side in on off; do
  port=$ON; enabled=true
  [ $side = off ] && { port=$OFF; enabled=false; }
  [ "${AA:-0}" = 1 ] && enabled=false
  cat > "$OUT/$side.yaml" <<YAML
server: {port: $port}
engine: {enabled: false}
tiers:
  - name: lan
    backends:
      - id: fake-upstream
        base-url: http://127.0.0.1:$UP/v1
        models: {fake-model: fake-model}
ledger: {enabled: $enabled, max-index-lag: ${MAX_INDEX_LAG:-30s}}
YAML
done
"$ROOT/tiergate" --version > /dev/null   # builds when sources changed, before anything is timed
declare -A PID # taskset and the launcher exec, so this is the gateway's JVM
for side in on off; do
  TIERGATE_HOME="$OUT/home-$side" taskset -c 1 "$ROOT/tiergate" serve --config "$OUT/$side.yaml" \
    > "$OUT/logs/$side.log" 2>&1 &
  OWNED+=($!); PID[$side]=$!
done
for port in $ON $OFF; do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
done
cat > "$OUT/req.lua" <<'LUA'
wrk.method = "POST"
wrk.body = [==[{"model":"fake-model","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}]==]
wrk.headers["Content-Type"] = "application/json"
LUA
unindexed() { curl -s "http://127.0.0.1:$ON/metrics" | awk '/^tiergate_ledger_unindexed_entries /{printf "%d", $2}'; }
settle() { for _ in $(seq 1 3000); do u=$(unindexed); [ -z "$u" ] || [ "$u" = 0 ] && return; sleep 0.2; done; }
# user + system ticks (1/100 s) of the gateway's threads except the JIT compilers': compiling is a one-off that
# still ran for minutes here (5 µs a request 20 s into a run; the ledger gateway also compiles its indexing code
# after every settle), and it is not what a request costs.
cpu_ticks() {
  [ -n "${1:-}" ] || { echo 0; return; }
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in C1\ Compiler*|C2\ Compiler*|C1_Compiler*|C2_Compiler*) continue ;; esac
    awk '{print $14+$15}' "$t/stat" 2>/dev/null
  done | awk '{s+=$1} END{print s+0}'
}
run() { # port duration [pid] -> "rps p50 p99 cpu-µs-per-request" (the gateway's own CPU; 0 without a pid)
  local t0; t0=$(cpu_ticks "${3:-}")
  taskset -c 0 wrk -s "$OUT/req.lua" --latency -t1 -c"${CONNS:-16}" -d"$2" "http://127.0.0.1:$1/v1/chat/completions" \
    > "$OUT/logs/wrk-$1.txt"
  awk -v t=$(( $(cpu_ticks "${3:-}") - t0 )) '/Requests\/sec/{r=$2} / requests in /{n=$1} $1=="50%"{a=$2} $1=="99%"{b=$2}
    END{printf "%s %s %s %.1f\n", r, a, b, n ? t * 10000 / n : 0}' "$OUT/logs/wrk-$1.txt"
}
# Twice: the second pass runs once the indexing code has been compiled too (the first settle runs it hot).
for pass in 1 2; do for port in $ON $OFF; do run $port "${WARMUP:-25s}" > /dev/null; settle; done; done

printf '| round | direct req/s | ledger on req/s | ledger off req/s | on/off | p99 direct | p99 on | p99 off | CPU µs/req on | off | off/on |\n' | tee "$OUT/summary.md"
printf '|---|---|---|---|---|---|---|---|---|---|---|\n' | tee -a "$OUT/summary.md"
: > "$OUT/ratios"; : > "$OUT/cpu-ratios"
for r in $(seq 1 "${ROUNDS:-5}"); do
  # The two gateways take turns going first, so neither always runs right after the direct run.
  first=$ON; second=$OFF; [ $((r % 2)) = 0 ] && { first=$OFF; second=$ON; }
  settle; read -r d_rps _ d_p99 _ <<< "$(run $UP "${DURATION:-10s}")"
  if [ "${SHARED:-0}" = 1 ]; then # both at once, sharing CPU 1: whatever else the machine does hits both alike
    settle
    run $ON "${DURATION:-10s}" "${PID[on]}" > "$OUT/logs/on.res" & on_job=$!
    run $OFF "${DURATION:-10s}" "${PID[off]}" > "$OUT/logs/off.res" & off_job=$!
    wait $on_job $off_job
    read -r a_rps _ a_p99 a_cpu < "$OUT/logs/on.res"; read -r b_rps _ b_p99 b_cpu < "$OUT/logs/off.res"
  else
    for port in $first $second; do
      settle
      if [ $port = $ON ]; then read -r a_rps _ a_p99 a_cpu <<< "$(run $ON "${DURATION:-10s}" "${PID[on]}")"
      else read -r b_rps _ b_p99 b_cpu <<< "$(run $OFF "${DURATION:-10s}" "${PID[off]}")"; fi
    done
  fi
  ratio=$(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN{printf "%.3f", a/b}')
  cpu_ratio=$(awk -v a="$a_cpu" -v b="$b_cpu" 'BEGIN{printf "%.3f", (a > 0 ? b / a : 0)}')
  echo "$ratio" >> "$OUT/ratios"; echo "$cpu_ratio" >> "$OUT/cpu-ratios"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$r" "$d_rps" "$a_rps" "$b_rps" "$ratio" "$d_p99" "$a_p99" "$b_p99" \
    "$a_cpu" "$b_cpu" "$cpu_ratio" | tee -a "$OUT/summary.md"
done
median() { sort -n "$1" | awk -v what="$2" '{v[NR]=$1} END{m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2;
  printf "%s: median %.3f (min %.3f, max %.3f) over %d rounds; target >= 0.95\n", what, m, v[1], v[NR], NR}'; }
{ echo; median "$OUT/ratios" "ledger on / off throughput"
  median "$OUT/cpu-ratios" "ledger off / on CPU per request (the throughput ratio a saturated core would give)"; } | tee -a "$OUT/summary.md"
curl -s "http://127.0.0.1:$ON/metrics" | grep -E '^tiergate_ledger' >> "$OUT/logs/ledger-metrics.txt"
echo "results: $OUT"
