#!/usr/bin/env bash
# Runs every test: unit, integration, trybuild UI tests, doctests, the 1,000-task load
# test, and the official Python SDK (smooth-py 0.4.5, from PyPI) against smooth-mock.
# Needs only cargo and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

cargo test --workspace --all-targets 2>&1 | tee -a "$log"
cargo test --workspace --doc 2>&1 | tee -a "$log"
# Optional features no workspace crate turns on still have to build.
cargo check -p smooth-client --features http2
# The load test (1,000 tasks + 100 sessions, 5 % faults) is #[ignore]d in the quick run.
cargo test -p smooth-guarantees --test load -- --ignored 2>&1 | tee -a "$log"
smooth-mock/python/run-official-sdk-check.sh

# One closing line for the whole Rust run (pipefail has already stopped on any failure).
awk '/^test result:/ { passed += $4; failed += $6; ignored += $8 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, ignored }' "$log"
