#!/usr/bin/env bash
# Training/inference speed of ferstream (DL4J) and the PyTorch peer, in the same session on the same cores.
# Run on an idle machine:  bench/run.sh   (THREADS=2 ITERS=5 by default)
# Writes bench/results/<UTC stamp>/{dl4j.json,torch.json,summary.md}.
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${THREADS:-2}"
iters="${ITERS:-5}"
out="bench/results/$(date -u +%Y%m%dT%H%MZ)"
mkdir -p "$out"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"
lscpu | grep -E "Model name|^CPU\(s\)" >> "$out/machine.txt"
FERSTREAM_THREADS="$threads" ./ferstream bench --iters "$iters" --out "$out/dl4j.json" > /dev/null
/usr/bin/python3 ../shared/peers/torch_peer.py --threads "$threads" --iters "$iters" > "$out/torch.json"
python3 bench/compare.py "$out/dl4j.json" "$out/torch.json" | tee "$out/summary.md"
