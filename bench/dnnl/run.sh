#!/usr/bin/env bash
# hw3-cnn and fer-vgg inference in oneDNN 2.5 called directly (DnnlNets.java: weights prepacked once, ReLU fused) against
# ONNX Runtime's peers (../shared/peers/ort_peer.py, bench/peers/ort_vgg.py) on the same machine, alternating for N
# rounds (issue 24, item 2: what a oneDNN engine behind Classifier could give). Not part of the build: it fetches org.bytedeco:dnnl 2.5.2-1.5.7 and
# org.bytedeco:opencl 3.0-1.5.7 (the dnnl preset's classes name OpenCL's) into the local Maven repository.
#   bench/dnnl/run.sh [--rounds 3] [--arch hw3-cnn,fer-vgg]      (peer python: $PEER_PYTHON, else /work/peer-venv/bin/python)
# Writes bench/dnnl/results/<UTC stamp>/{dnnl-NET-R.txt,ort-NET-R.json,summary.md}.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=3 arch=hw3-cnn,fer-vgg
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --arch) arch="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
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
javac -cp "$cp" -d "$work" bench/dnnl/DnnlNets.java
out="bench/dnnl/results/$(date -u +%Y%m%dT%H%MZ)"
mkdir -p "$out"
export OMP_NUM_THREADS=2
for r in $(seq 1 "$rounds"); do
  for net in ${arch//,/ }; do
    echo "round $r/$rounds: $net, oneDNN 2.5 direct" >&2
    for n in 1 64 256; do java -cp "$work$cp" DnnlNets "$n" "$net"; done > "$out/dnnl-$net-$r.txt"
    echo "round $r/$rounds: $net, ONNX Runtime peer" >&2
    peer=../shared/peers/ort_peer.py
    [ "$net" = fer-vgg ] && peer=bench/peers/ort_vgg.py
    TF_CPP_MIN_LOG_LEVEL=2 "$py" "$peer" --threads 2 --iters 5 --warmup-seconds 2 --out "$out/ort-$net-$r.json" > /dev/null
  done
done
python3 - "$out" "$rounds" "$arch" <<'PY' > "$out/summary.md"
import json, re, statistics, sys
out, rounds, nets = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(',')
print(f'# Inference: oneDNN 2.5 direct against ONNX Runtime ({rounds} alternating rounds)\n')
print('`bench/dnnl/run.sh`; medians, [per-round min-max]; ratio = oneDNN speed / ORT speed (for ms: ORT ms / oneDNN ms).\n')
print('| net | measure | oneDNN 2.5 direct | ONNX Runtime peer | ratio |\n|---|---|---:|---:|---:|')
for net in nets:
    key = net.replace('-', '_')
    peer_key = 'cnn' if net == 'hw3-cnn' else key
    for m in ('bs1_p50_ms', 'bs64_img_s', 'bs256_img_s'):
        mine = [float(re.search(rf'"{key}_{m}": ([\d.]+)', open(f'{out}/dnnl-{net}-{r}.txt').read()).group(1))
                for r in range(1, rounds + 1)]
        ort = [json.load(open(f'{out}/ort-{net}-{r}.json'))[f'{peer_key}_infer_{m}'] for r in range(1, rounds + 1)]
        a, b = statistics.median(mine), statistics.median(ort)
        ratio = b / a if m.endswith('_ms') else a / b
        print(f'| {net} | {m} | {a:.3f} [{min(mine):.3f}-{max(mine):.3f}] | {b:.3f} [{min(ort):.3f}-{max(ort):.3f}] | **{ratio:.2f}x** |')
PY
cat "$out/summary.md"
