#!/usr/bin/env bash
# Runs the official Python SDK (smooth-py 0.4.5, unchanged) against the smooth-mock binary.
#
# Creates a virtualenv (default: $CARGO_TARGET_DIR or ./target, under smooth-py-venv), installs
# the SDK, then for each speed (realistic, then fast) starts the mock on a free port, runs
# check_official_sdk.py against it and stops the mock. Exits non-zero on any failure.
#
# Environment: PYTHON (default python3), SMOOTH_CHECK_VENV (virtualenv directory),
# CARGO_TARGET_DIR (build directory), SMOOTH_MOCK_BIN (use this binary instead of building).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workspace="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$workspace/target}"
venv="${SMOOTH_CHECK_VENV:-$target_dir/smooth-py-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import importlib.metadata as m; assert m.version("smooth-py") == "0.4.5"' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "smooth-py==0.4.5"
fi

if [ -n "${SMOOTH_MOCK_BIN:-}" ]; then
  mock_bin="$SMOOTH_MOCK_BIN"
else
  (cd "$workspace" && CARGO_TARGET_DIR="$target_dir" cargo build --quiet -p smooth-mock --bin smooth-mock)
  mock_bin="$target_dir/debug/smooth-mock"
fi

mock_pid=""
trap 'if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; fi' EXIT

# Runs the mock at one speed and the check against it; returns the check's status.
check_at_speed() {
  local speed="$1" log base_url api_key status
  log="$(mktemp)"
  "$mock_bin" --port 0 --speed "$speed" --seed 7 >"$log" 2>&1 &
  mock_pid=$!
  base_url=""
  for _ in $(seq 1 100); do
    base_url="$(sed -n 's/^export SMOOTH_BASE_URL=//p' "$log")"
    [ -n "$base_url" ] && break
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$base_url" ]; then
    echo "smooth-mock (--speed $speed) did not print its URL:" >&2
    cat "$log" >&2
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
    rm -f "$log"
    return 1
  fi
  api_key="$(sed -n 's/^export CIRCLEMIND_API_KEY=//p' "$log")"
  echo "== smooth-mock --speed $speed"
  status=0
  SMOOTH_BASE_URL="$base_url" CIRCLEMIND_API_KEY="$api_key" SMOOTH_TELEMETRY=off SMOOTH_MOCK_SPEED="$speed" \
    "$venv/bin/python" "$here/check_official_sdk.py" || status=$?
  kill "$mock_pid" 2>/dev/null || true
  wait "$mock_pid" 2>/dev/null || true
  rm -f "$log"
  return "$status"
}

# Every check at realistic speed; the session-close checks at fast speed too, where a
# graceful close used to race.
failed=0
for speed in realistic fast; do
  check_at_speed "$speed" || failed=1
done
exit "$failed"
