#!/usr/bin/env bash
# Where a training step's time goes: JFR samples (Java and native, both every 10 ms) of the main thread while
# `ferstream bench` trains (inference calls left out), grouped by the DL4J layer method that made them. Run on an idle machine:
#   bench/profile.sh [ARCH]     (ARCH defaults to hw3-cnn; THREADS=2 ITERS=20 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
arch="${1:-hw3-cnn}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
FERSTREAM_THREADS="${THREADS:-2}" FERSTREAM_JAVA_OPTS="-XX:StartFlightRecording=filename=$work/bench.jfr,settings=profile,jdk.ExecutionSample#period=10ms,jdk.NativeMethodSample#period=10ms" \
  ./ferstream bench --arch "$arch" --iters "${ITERS:-20}" > /dev/null
jfr print --stack-depth 64 --events jdk.ExecutionSample,jdk.NativeMethodSample "$work/bench.jfr" | python3 bench/profile.py
