#!/usr/bin/env bash
# Training/inference speed of ferstream (DL4J) and the PyTorch peer, in the same session on the same cores.
# Run on an idle machine:  bench/run-torch113.sh   (THREADS=2 ITERS=5 ROUNDS=3 by default)
# (bench/run.sh until 2026-12-05; bench/run.sh is now the benchmark against every installed peer, bench/peers.)
# The two alternate for ROUNDS rounds, because this machine's speed drifts by 10-30% between minutes (the same
# command gave hw3-cnn batch-1 p50s of 3.3 and 4.7 ms in back-to-back runs); summary.md reports medians and the
# range of the per-round ratios. Writes bench/results/<UTC stamp>/{dl4j-R.json,torch-R.json,summary.md}.
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${THREADS:-2}"
iters="${ITERS:-5}"
rounds="${ROUNDS:-3}"
out="bench/results/$(date -u +%Y%m%dT%H%MZ)"
mkdir -p "$out"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"
lscpu | grep -E "Model name|^CPU\(s\)" >> "$out/machine.txt"
echo "command: THREADS=$threads ITERS=$iters ROUNDS=$rounds bench/run-torch113.sh" >> "$out/machine.txt"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (with uncommitted changes)')" >> "$out/machine.txt"
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds: ferstream bench" >&2
  FERSTREAM_THREADS="$threads" ./ferstream bench --iters "$iters" --out "$out/dl4j-$round.json" > /dev/null
  echo "round $round/$rounds: torch_peer.py" >&2
  /usr/bin/python3 ../shared/peers/torch_peer.py --threads "$threads" --iters "$iters" > "$out/torch-$round.json"
done
python3 bench/compare.py "$out"/dl4j-*.json "$out"/torch-*.json | tee "$out/summary.md"
