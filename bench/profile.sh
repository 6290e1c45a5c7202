#!/usr/bin/env bash
# Where a training step's time goes: JFR samples of native calls made while `ferstream bench` trains (inference
# calls left out), grouped by the DL4J layer method that made them. Run on an idle machine:
#   bench/profile.sh [ARCH]     (ARCH defaults to hw3-cnn; THREADS=2 ITERS=20 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
arch="${1:-hw3-cnn}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
FERSTREAM_THREADS="${THREADS:-2}" FERSTREAM_JAVA_OPTS="-XX:StartFlightRecording=filename=$work/bench.jfr,settings=profile" \
  ./ferstream bench --arch "$arch" --iters "${ITERS:-20}" > /dev/null
jfr print --stack-depth 64 --events jdk.NativeMethodSample "$work/bench.jfr" | python3 bench/profile.py
