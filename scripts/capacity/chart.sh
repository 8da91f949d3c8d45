#!/usr/bin/env bash
# `npm run capacity:chart` (after `npm run build`): chart requests per second
# one app core serves within the budget (chart summary p95 ≤ 30 ms), for
# docs/CAPACITY.md. It runs the benchmark's chart phase (scripts/bench/chart.ts:
# autocannon at each BENCH_CONCURRENCY, as the treating physician) with the
# benchmark and its load generator on core 0 and the app server, once it
# starts, on core 1 alone. PostgreSQL is whatever BENCH_DATABASE_SERVER (or
# DATABASE_URL) names, on its own cores. The figure is the highest req/s of a
# concurrency whose summary p95 stays within 30 ms. Nothing is written to
# docs/BENCHMARKS.md.
set -euo pipefail
export BENCH_PHASES=chart BENCH_SKIP_BUILD=1 BENCH_NO_DOC=1
export BENCH_CONCURRENCY="${BENCH_CONCURRENCY:-1,2,4,8,16}"
export BENCH_HTTP_SECONDS="${BENCH_HTTP_SECONDS:-10}"
# The chart's cost depends on the patient's history, not the clinic's size: a small clinic seeds fast.
export SEED_SCALE="${SEED_SCALE:-300}"
export BENCH_KEEP_DB="${BENCH_KEEP_DB:-1}"
echo "[capacity] load average before: $(cat /proc/loadavg)"
taskset -c 0 node --conditions=react-server --import tsx scripts/bench/run.ts &
bench=$!
# The app server is the benchmark's child (scripts/support/app-process.ts); only ours is pinned.
until app=$(pgrep -P "$bench" -f support/app-server.ts); do
  kill -0 "$bench" 2>/dev/null || { wait "$bench"; exit $?; }
  sleep 0.5
done
taskset -a -cp 1 "$app" >/dev/null
echo "[capacity] app server (pid $app) pinned to core 1; the benchmark and autocannon on core 0"
wait "$bench"
echo "[capacity] load average after: $(cat /proc/loadavg)"
