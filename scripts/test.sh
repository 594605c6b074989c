#!/usr/bin/env bash
# Runs every test: unit, integration, trybuild UI tests, doctests, the 1,000-task load
# test, and the official Python SDK (smooth-py 0.4.5, from PyPI) against smooth-mock.
# Needs only cargo and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace --all-targets
cargo test --workspace --doc
# The load test (1,000 tasks + 100 sessions, 5 % faults) is #[ignore]d in the quick run.
cargo test -p smooth-guarantees --test load -- --ignored
smooth-mock/python/run-official-sdk-check.sh
