#!/usr/bin/env bash
# Runs the official Python SDK (smooth-py 0.4.5, unchanged) against the smooth-mock binary.
#
# Creates a virtualenv (default: $CARGO_TARGET_DIR or ./target, under smooth-py-venv), installs
# the SDK, starts the mock on a free port at realistic speed, runs check_official_sdk.py, and
# stops the mock. Exits non-zero on any failure.
#
# Environment: PYTHON (default python3), SMOOTH_CHECK_VENV (virtualenv directory),
# CARGO_TARGET_DIR (build directory), SMOOTH_MOCK_BIN (use this binary instead of building).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workspace="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$workspace/target}"
venv="$("$here/official-sdk-venv.sh")"

if [ -n "${SMOOTH_MOCK_BIN:-}" ]; then
  mock_bin="$SMOOTH_MOCK_BIN"
else
  (cd "$workspace" && CARGO_TARGET_DIR="$target_dir" cargo build --quiet -p smooth-mock --bin smooth-mock)
  mock_bin="$target_dir/debug/smooth-mock"
fi

log="$(mktemp)"
"$mock_bin" --port 0 --speed realistic --seed 7 >"$log" 2>&1 &
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
if [ -z "$base_url" ]; then
  echo "smooth-mock did not print its URL:" >&2
  cat "$log" >&2
  exit 1
fi
api_key="$(sed -n 's/^export CIRCLEMIND_API_KEY=//p' "$log")"

SMOOTH_BASE_URL="$base_url" CIRCLEMIND_API_KEY="$api_key" SMOOTH_TELEMETRY=off \
  "$venv/bin/python" "$here/check_official_sdk.py"
