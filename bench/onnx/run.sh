#!/usr/bin/env bash
# ONNX Runtime engine vs the DL4J inference plan, in rounds: each round is one `ferstream bench --engine onnx`, which
# measures the plan (<arch>_infer_*) and then ONNX Runtime (<arch>_onnx_*) on the same architecture and faces, at
# batch 1 / 64 / 256 and batch-1 p50. Usage: bench/onnx/run.sh [ROUNDS] [ARCHS]  (defaults: 3, hw3-cnn,fer-vgg).
# Threads: FERSTREAM_THREADS (default 2) for both engines. Results: bench/onnx/results/<UTC stamp>/round<N>.json
# plus summary.txt (medians and per-round ranges, load before/after).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-3}"
archs="${2:-hw3-cnn,fer-vgg}"
data="${FERSTREAM_BENCH_DATA:-$root/../shared/data/fer2013/train.csv.gz}"
export FERSTREAM_THREADS="${FERSTREAM_THREADS:-2}"
out="$root/bench/onnx/results/$(date -u +%Y%m%dT%H%MZ)"
mkdir -p "$out"
echo "load before: $(uptime)" > "$out/load.txt"
for i in $(seq 1 "$rounds"); do
  "$root/ferstream" bench --arch "$archs" --engine onnx --iters 3 --data "$data" \
    --out "$out/round$i.json" > /dev/null
  echo "round $i done" >&2
done
echo "load after: $(uptime)" >> "$out/load.txt"
python3 - "$out" <<'PY' | tee "$out/summary.txt"
import glob, json, statistics, sys
rounds = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + '/round*.json'))]
print(open(sys.argv[1] + '/load.txt').read().strip())
print(f"{len(rounds)} rounds, threads {rounds[0].get('omp_num_threads')}; median [min-max]; speedup = onnx over plan (>1: onnx faster)")
for arch in sorted({k.split('_infer_')[0] for k in rounds[0] if '_infer_' in k}):
    for m in ['bs1_img_s', 'bs64_img_s', 'bs256_img_s', 'bs1_p50_ms']:
        plan = [r[f'{arch}_infer_{m}'] for r in rounds]
        ort = [r[f'{arch}_onnx_{m}'] for r in rounds]
        mp, mo = statistics.median(plan), statistics.median(ort)
        speedup = mp / mo if m.endswith('_ms') else mo / mp
        print(f"{arch:8} {m:12} plan {mp:8.2f} [{min(plan):.2f}-{max(plan):.2f}]  onnx {mo:8.2f} "
              f"[{min(ort):.2f}-{max(ort):.2f}]  speedup {speedup:.2f}")
PY
