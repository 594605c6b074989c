#!/usr/bin/env bash
# Makes (once) the virtualenv with the official Python SDK, smooth-py 0.4.5 from PyPI, and
# prints its directory. Used by run-official-sdk-check.sh and scripts/bench-vs-official.sh.
#
# Environment: PYTHON (default python3), SMOOTH_CHECK_VENV (virtualenv directory, default
# $CARGO_TARGET_DIR or ./target, under smooth-py-venv).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workspace="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$workspace/target}"
venv="${SMOOTH_CHECK_VENV:-$target_dir/smooth-py-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c 'import importlib.metadata as m; assert m.version("smooth-py") == "0.4.5"' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "smooth-py==0.4.5" >&2
fi
echo "$venv"
