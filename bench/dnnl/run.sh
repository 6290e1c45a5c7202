#!/usr/bin/env bash
# hw3-cnn inference in oneDNN 2.5 called directly (DnnlHw3.java: weights prepacked once, ReLU fused) against ONNX
# Runtime's peer (../shared/peers/ort_peer.py) on the same machine, alternating for N rounds (issue 24, item 2: what a
# oneDNN engine behind Classifier could give). Not part of the build: it fetches org.bytedeco:dnnl 2.5.2-1.5.7 and
# org.bytedeco:opencl 3.0-1.5.7 (the dnnl preset's classes name OpenCL's) into the local Maven repository.
#   bench/dnnl/run.sh [--rounds 3]      (peer python: $PEER_PYTHON, else /work/peer-venv/bin/python)
# Writes bench/dnnl/results/<UTC stamp>/{dnnl-R.txt,ort-R.json,summary.md}.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "bench/dnnl/run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
py="${PEER_PYTHON:-/work/peer-venv/bin/python}"
[ -x "$py" ] || { echo "bench/dnnl/run.sh: peer python '$py' is not executable (set PEER_PYTHON)" >&2; exit 2; }
repo="$HOME/.m2/repository/org/bytedeco"
cp=""
for a in dnnl:2.5.2-1.5.7 opencl:3.0-1.5.7; do
  for classifier in "" ":jar:linux-x86_64"; do
    mvn -q -B dependency:get -Dartifact="org.bytedeco:$a$classifier" -Dtransitive=false >&2
  done
  name="${a%%:*}" version="${a#*:}"
  cp="$cp:$repo/$name/$version/$name-$version.jar:$repo/$name/$version/$name-$version-linux-x86_64.jar"
done
cp="$cp:$(ls training/target/lib/javacpp-1.5.7*.jar | tr '\n' ':')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -cp "$cp" -d "$work" bench/dnnl/DnnlHw3.java
out="bench/dnnl/results/$(date -u +%Y%m%dT%H%MZ)"
mkdir -p "$out"
export OMP_NUM_THREADS=2
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds: oneDNN 2.5 direct" >&2
  for n in 1 64 256; do java -cp "$work$cp" DnnlHw3 "$n"; done > "$out/dnnl-$r.txt"
  echo "round $r/$rounds: ONNX Runtime peer" >&2
  TF_CPP_MIN_LOG_LEVEL=2 "$py" ../shared/peers/ort_peer.py --threads 2 --iters 5 --warmup-seconds 2 --out "$out/ort-$r.json" > /dev/null
done
python3 - "$out" "$rounds" <<'PY' > "$out/summary.md"
import json, re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rows = {'bs1_p50_ms': [], 'bs64_img_s': [], 'bs256_img_s': []}
ort = {k: [] for k in rows}
for r in range(1, rounds + 1):
    mine = dict((k, float(v)) for k, v in re.findall(r'"hw3_cnn_(\w+)": ([\d.]+)', open(f'{out}/dnnl-{r}.txt').read()))
    peer = json.load(open(f'{out}/ort-{r}.json'))
    for k in rows:
        rows[k].append(mine[k]); ort[k].append(peer['cnn_infer_' + k])
print(f'# hw3-cnn inference: oneDNN 2.5 direct against ONNX Runtime ({rounds} alternating rounds)\n')
print('`bench/dnnl/run.sh`; medians, [per-round min-max]; ratio = oneDNN speed / ORT speed (for ms: ORT ms / oneDNN ms).\n')
print('| measure | oneDNN 2.5 direct | ONNX Runtime peer | ratio |\n|---|---:|---:|---:|')
for k in rows:
    a, b = statistics.median(rows[k]), statistics.median(ort[k])
    ratio = b / a if k.endswith('_ms') else a / b
    print(f'| {k} | {a:.3f} [{min(rows[k]):.3f}-{max(rows[k]):.3f}] | {b:.3f} [{min(ort[k]):.3f}-{max(ort[k]):.3f}] | **{ratio:.2f}x** |')
PY
cat "$out/summary.md"
