#!/usr/bin/env bash
# Runs the named recipes of explore.py in parallel on one GPU (they are small; one process each keeps the GPU
# busier than one at a time) and appends their per-epoch records to $OUT/explore.jsonl.
# usage (device machine, repo root): bash bench/recipes/run_device.sh RECIPE...   after bench/recipes/pack_data.py here
set -uo pipefail
cd "$(dirname "$0")"
out="${OUT:-results}"
nvidia-smi --query-gpu=name --format=csv,noheader
for recipe in "$@"; do
  timeout "${RECIPE_TIMEOUT:-480}" python3 explore.py "$recipe" "$out/explore.jsonl" > "$out/$recipe.log" 2>&1 &
done
wait
for recipe in "$@"; do grep -h ' done ' "$out/$recipe.log" || echo "$recipe: did not finish"; done > "$out/finished.txt"
rm -f "$out"/*.log
