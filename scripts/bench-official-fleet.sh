#!/usr/bin/env bash
# The official Python SDK (smooth-py 0.4.5, unchanged) in the steady state of issue 11:
# 10,000 live task handles at its 1 s poll interval, measured as
# smooth-client/benches/fleet.rs measures smooth-rs (see scripts/bench/official_fleet.py).
#
# Starts the release smooth-mock binary as a process of its own (tasks run FLEET_TASK_SECS
# from their submission, no waiting time, finished tasks kept for two runs' worth), runs
# the driver in the SDK's virtualenv against it, prints the load before and after.
#
# Usage: scripts/bench-official-fleet.sh
# Environment: FLEET_HANDLES (10000), FLEET_RATE (100/s), FLEET_TASK_SECS (130),
# FLEET_WINDOW_SECS (20); smaller: FLEET_HANDLES=2000 FLEET_TASK_SECS=30 FLEET_WINDOW_SECS=5.
# CARGO_TARGET_DIR, PYTHON, SMOOTH_CHECK_VENV as for scripts/bench-vs-official.sh.
set -euo pipefail

workspace="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$workspace/target}"
handles="${FLEET_HANDLES:-10000}"
task_secs="${FLEET_TASK_SECS:-130}"
export FLEET_HANDLES="$handles" FLEET_TASK_SECS="$task_secs"

(cd "$workspace" && CARGO_TARGET_DIR="$target_dir" cargo build --quiet --release -p smooth-mock --bin smooth-mock)
venv="$("$workspace/smooth-mock/python/official-sdk-venv.sh")"

log="$(mktemp)"
"$target_dir/release/smooth-mock" --port 0 --seed 7 --task-duration "${task_secs}s" --task-wait 0ms \
  --max-finished-tasks $((handles * 2)) >"$log" 2>&1 &
mock_pid=$!
cleanup() {
  kill "$mock_pid" 2>/dev/null || true
  wait "$mock_pid" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT

base_url=""
for _ in $(seq 1 100); do
  base_url="$(sed -n 's/^export SMOOTH_BASE_URL=//p' "$log")"
  [ -n "$base_url" ] && break
  if ! kill -0 "$mock_pid" 2>/dev/null; then
    echo "smooth-mock exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
[ -n "$base_url" ] || { echo "smooth-mock did not print its URL" >&2; exit 1; }
CIRCLEMIND_API_KEY="$(sed -n 's/^export CIRCLEMIND_API_KEY=//p' "$log")"
export SMOOTH_BASE_URL="$base_url" CIRCLEMIND_API_KEY SMOOTH_TELEMETRY=off

echo "official fleet bench: $handles handles at ${FLEET_RATE:-100}/s, tasks ${task_secs} s, window ${FLEET_WINDOW_SECS:-20} s; $(date -u +%H:%M:%S) UTC; load before: $(cat /proc/loadavg)"
"$venv/bin/python" "$workspace/scripts/bench/official_fleet.py"
echo "$(date -u +%H:%M:%S) UTC; load after: $(cat /proc/loadavg)"
