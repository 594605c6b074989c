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

. "$workspace/scripts/bench/mock.sh"
trap stop_smooth_mock EXIT
start_smooth_mock "$target_dir/release/smooth-mock" --port 0 --seed 7 --task-duration "${task_secs}s" \
  --task-wait 0ms --max-finished-tasks $((handles * 2))

echo "official fleet bench: $handles handles at ${FLEET_RATE:-100}/s, tasks ${task_secs} s, window ${FLEET_WINDOW_SECS:-20} s; $(date -u +%H:%M:%S) UTC; load before: $(cat /proc/loadavg)"
"$venv/bin/python" "$workspace/scripts/bench/official_fleet.py"
echo "$(date -u +%H:%M:%S) UTC; load after: $(cat /proc/loadavg)"
