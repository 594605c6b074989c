#!/usr/bin/env bash
# Runs every test of the workspace: unit, integration, trybuild UI tests and doctests,
# then the official Python SDK against smooth-mock. Needs only cargo and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace --all-targets
cargo test --workspace --doc

if [ -x smooth-mock/python/run-official-sdk-check.sh ]; then
  smooth-mock/python/run-official-sdk-check.sh
fi
