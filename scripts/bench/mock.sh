# Sourced by the benchmark scripts: starts a smooth-mock process and points the clients at it.
#
#   start_smooth_mock COMMAND [ARG...]   runs the smooth-mock command line in the background,
#                                        waits until it prints its URL, exports SMOOTH_BASE_URL,
#                                        CIRCLEMIND_API_KEY and SMOOTH_TELEMETRY=off
#   stop_smooth_mock                     stops it (call from the caller's EXIT trap)

start_smooth_mock() {
  smooth_mock_log="$(mktemp)"
  "$@" >"$smooth_mock_log" 2>&1 &
  smooth_mock_pid=$!
  local base_url=""
  for _ in $(seq 1 100); do
    base_url="$(sed -n 's/^export SMOOTH_BASE_URL=//p' "$smooth_mock_log")"
    [ -n "$base_url" ] && break
    if ! kill -0 "$smooth_mock_pid" 2>/dev/null; then
      echo "smooth-mock exited early:" >&2
      cat "$smooth_mock_log" >&2
      return 1
    fi
    sleep 0.1
  done
  [ -n "$base_url" ] || { echo "smooth-mock did not print its URL" >&2; return 1; }
  CIRCLEMIND_API_KEY="$(sed -n 's/^export CIRCLEMIND_API_KEY=//p' "$smooth_mock_log")"
  export SMOOTH_BASE_URL="$base_url" CIRCLEMIND_API_KEY SMOOTH_TELEMETRY=off
}

stop_smooth_mock() {
  if [ -n "${smooth_mock_pid:-}" ]; then
    kill "$smooth_mock_pid" 2>/dev/null || true
    wait "$smooth_mock_pid" 2>/dev/null || true
  fi
  rm -f "${smooth_mock_log:-}"
}
