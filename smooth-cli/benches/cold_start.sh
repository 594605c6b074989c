#!/usr/bin/env bash
# Cold start, side by side in one hyperfine run: our `smooth` (release build) vs the official
# `smooth` from smooth-py 0.4.5, for `smooth --help` and `smooth list-profiles --json`
# against smooth-mock on 127.0.0.1.
#
# Needs hyperfine (Debian: apt-get install hyperfine) and python3. The official CLI comes
# from the virtualenv smooth-mock/python/run-official-sdk-check.sh uses
# ($CARGO_TARGET_DIR or ./target, under smooth-py-venv; SMOOTH_CHECK_VENV overrides), which
# that script makes when it is missing. The official CLI's telemetry is switched off
# (SMOOTH_TELEMETRY=off); both CLIs get an empty HOME, so neither reads a real config.
# Extra arguments go to hyperfine (e.g. --export-markdown out.md); RUNS sets the run count.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workspace="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$workspace/target}"
venv="${SMOOTH_CHECK_VENV:-$target_dir/smooth-py-venv}"

command -v hyperfine >/dev/null || { echo "cold_start.sh: hyperfine is not installed" >&2; exit 2; }
if [ ! -x "$venv/bin/smooth" ]; then
  # The official SDK check makes the virtualenv with smooth-py 0.4.5 (and runs its check).
  "$workspace/smooth-mock/python/run-official-sdk-check.sh"
fi
official="$venv/bin/smooth"

(cd "$workspace" && CARGO_TARGET_DIR="$target_dir" cargo build --quiet --release -p smooth-cli --bin smooth)
ours="$target_dir/release/smooth"

home="$(mktemp -d)"
mock_out="$home/mock.out"
"$ours" mock --port 0 >"$mock_out" 2>/dev/null &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; rm -rf "$home"' EXIT
for _ in $(seq 100); do
  [ "$(wc -l <"$mock_out")" -ge 2 ] && break
  sleep 0.05
done
base_url="$(sed -n 's/^export SMOOTH_BASE_URL=//p' "$mock_out")"
api_key="$(sed -n 's/^export CIRCLEMIND_API_KEY=//p' "$mock_out")"
[ -n "$base_url" ] && [ -n "$api_key" ] || { echo "cold_start.sh: smooth mock did not start" >&2; exit 1; }

# Both answer correctly before anything is timed.
export HOME="$home" SMOOTH_BASE_URL="$base_url" CIRCLEMIND_API_KEY="$api_key" SMOOTH_TELEMETRY=off
"$ours" list-profiles --json | grep -q '"success": true'
"$official" list-profiles --json | grep -q '"success": true'

hyperfine --warmup 3 --runs "${RUNS:-30}" -N \
  --command-name "ours: smooth --help" "$ours --help" \
  --command-name "official: smooth --help" "$official --help" \
  --command-name "ours: smooth list-profiles --json" "$ours list-profiles --json" \
  --command-name "official: smooth list-profiles --json" "$official list-profiles --json" \
  "$@"
