#!/usr/bin/env bash
# Side by side, in one run: concurrent `get_task` calls per second on one client core, and
# client CPU per `get_task`, for smooth-rs and for the official Python SDK (smooth-py 0.4.5).
#
# Release build. One smooth-mock (--speed fast) pinned to core 0; each client pinned to
# core 1 and run in turn, alternating, RUNS times each; prints every run and the medians.
# Each client submits one task, then keeps CONCURRENCY get_task calls on it in flight.
#
# "Calls per second on one core" is calls divided by the client's CPU seconds (user +
# system, whole process): what one fully busy client core does, and the reciprocal of CPU
# per call. The calls per wall-clock second actually reached are printed too; they are
# lower when something else bounds the round trip (a busy mock, or on a loaded machine the
# wait for a core after each wake-up), which the "client core busy" row shows.
#
# Usage: scripts/bench-vs-official.sh
# Environment: RUNS (3), CONCURRENCY (64 calls in flight), WARM_UP (1 s), MEASURED (5 s),
# MOCK_CORE (0), CLIENT_CORE (1), CARGO_TARGET_DIR, PYTHON, SMOOTH_CHECK_VENV.
set -euo pipefail

workspace="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$workspace/target}"
runs="${RUNS:-3}"
concurrency="${CONCURRENCY:-64}"
warm_up="${WARM_UP:-1}"
measured="${MEASURED:-5}"
mock_core="${MOCK_CORE:-0}"
client_core="${CLIENT_CORE:-1}"

(cd "$workspace" && CARGO_TARGET_DIR="$target_dir" cargo build --quiet --release \
  -p smooth-mock --bin smooth-mock -p smooth-client --example get_task_throughput)
venv="$("$workspace/smooth-mock/python/official-sdk-venv.sh")"
rust_driver="$target_dir/release/examples/get_task_throughput"
python_driver="$workspace/scripts/bench/official_get_task.py"

results="$(mktemp)"
. "$workspace/scripts/bench/mock.sh"
trap 'stop_smooth_mock; rm -f "$results"' EXIT
start_smooth_mock taskset -c "$mock_core" "$target_dir/release/smooth-mock" --port 0 --speed fast --seed 7

echo "load before: $(uptime)"
echo "mock on core $mock_core, clients on core $client_core, $concurrency calls in flight, ${warm_up} s warm-up, ${measured} s measured, $runs runs each"
for run in $(seq 1 "$runs"); do
  # Alternate which client goes first, so neither always meets a warmer or busier machine.
  if [ $((run % 2)) -eq 1 ]; then order="rust python"; else order="python rust"; fi
  for client in $order; do
    if [ "$client" = rust ]; then
      line="$(taskset -c "$client_core" "$rust_driver" "$concurrency" "$warm_up" "$measured")"
    else
      line="$(taskset -c "$client_core" "$venv/bin/python" "$python_driver" "$concurrency" "$warm_up" "$measured")"
    fi
    echo "run $run $client: $line"
    echo "$client $line" >>"$results"
  done
done
echo "load after: $(uptime)"

"$venv/bin/python" - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
  client, *fields = line.split()
  rows.setdefault(client, []).append({k: float(v) for k, v in (field.split("=") for field in fields)})
keys = ("calls_per_second", "calls_per_cpu_second", "cpu_us_per_call", "cpu_share")
med = {c: {k: statistics.median(r[k] for r in rs) for k in keys} for c, rs in rows.items()}
rust, py = med["rust"], med["python"]
print()
print("| measure (median of %d runs each) | official Python SDK | smooth-rs | ratio |" % len(rows["rust"]))
print("|---|---|---|---|")
print("| concurrent get_task calls per second on one core (calls / client CPU seconds) | {:,.0f} | {:,.0f} | {:.1f}x |".format(
  py["calls_per_cpu_second"], rust["calls_per_cpu_second"], rust["calls_per_cpu_second"] / py["calls_per_cpu_second"]))
print("| client CPU per get_task | {:.1f} us | {:.1f} us | {:.1f}x less |".format(
  py["cpu_us_per_call"], rust["cpu_us_per_call"], py["cpu_us_per_call"] / rust["cpu_us_per_call"]))
print("| calls per wall-clock second reached | {:,.0f} | {:,.0f} | {:.1f}x |".format(
  py["calls_per_second"], rust["calls_per_second"], rust["calls_per_second"] / py["calls_per_second"]))
print("| client core busy | {:.0f} % | {:.0f} % | |".format(100 * py["cpu_share"], 100 * rust["cpu_share"]))
PY
