#!/usr/bin/env bash
# ferstream against every peer that is installed, alternating for N rounds on the same cores, threads and faces.
#   bench/peers/run.sh [--rounds 3] [--threads 2] [--iters 5] [--arch hw3-cnn,fer-vgg] [--warmup-seconds 2]
#                      [--no-kernels] [--venv DIR | PEER_PYTHON=python]
# Peers (read bench/peers/README.md): Keras/TF (module tensorflow), ONNX Runtime (onnxruntime + onnx), PyTorch
# (torch); a peer whose module the peer python cannot import is skipped with a line saying so. hw3-cnn runs the shared
# peers (../shared/peers) unchanged where they fit (keras_peer.py, ort_peer.py); fer-vgg and PyTorch run this
# folder's modules, which import the shared peers' helpers. Why alternate: this machine's speed drifts 10-30%
# between minutes, so each round runs every engine once and the summary reports medians and per-round ranges.
# Writes bench/peers/results/<UTC stamp>/: <engine>-<round>.json, environment.txt, kernels-*.txt,
# summary.md, summary.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=3 threads=2 iters=5 arch=hw3-cnn,fer-vgg warmup=2 venv="" kernels=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --iters) iters="$2"; shift 2 ;;
    --arch) arch="$2"; shift 2 ;;
    --warmup-seconds) warmup="$2"; shift 2 ;;
    --venv) venv="$2"; shift 2 ;;
    --no-kernels) kernels=0; shift ;;  # skip the oneDNN-verbose runs (~5 minutes) when a recent folder has them
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench/peers/run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$rounds" "$threads" "$iters"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench/peers/run.sh: --rounds/--threads/--iters need a positive integer, got '$n'" >&2; exit 2; }
done
for a in ${arch//,/ }; do
  [[ "$a" == hw3-cnn || "$a" == fer-vgg ]] || { echo "bench/peers/run.sh: --arch takes hw3-cnn and/or fer-vgg (the nets every peer builds), got '$a'" >&2; exit 2; }
done
py="${PEER_PYTHON:-}"
if [ -n "$venv" ]; then py="$venv/bin/python"; fi
[ -n "$py" ] || py=/work/peer-venv/bin/python
[ -x "$py" ] || { echo "bench/peers/run.sh: peer python '$py' is not executable (give --venv DIR or PEER_PYTHON)" >&2; exit 2; }
shared="${PEERS_DIR:-$(cd .. && pwd)/shared/peers}"
export PEERS_DIR="$shared"
out="bench/peers/results/$(date -u +%Y%m%dT%H%MZ)"
mkdir -p "$out"
has() { [[ ",$arch," == *",$1,"* ]]; }
export OMP_NUM_THREADS="$threads" FERSTREAM_THREADS="$threads"

# Which peers run: a missing module skips the peer with one line (here and in environment.txt).
peers=()
for peer in keras:tensorflow ort:onnxruntime,onnx torch:torch; do
  name="${peer%%:*}" mods="${peer#*:}"
  if "$py" -c "import ${mods}" 2>/dev/null; then peers+=("$name"); else
    echo "skipped $name: $py cannot import ${mods}" | tee -a "$out/environment.txt" >&2; fi
done
bench/peers/environment.sh "$py" "$threads" >> "$out/environment.txt"
echo "command: bench/peers/run.sh --rounds $rounds --threads $threads --iters $iters --arch $arch --warmup-seconds $warmup (peer python $py)" >> "$out/environment.txt"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/peers/results' || echo ' (with uncommitted changes)')" >> "$out/environment.txt"
echo "load before: $(uptime)" >> "$out/environment.txt"

common=(--threads "$threads" --iters "$iters" --warmup-seconds "$warmup")
run_peer() {  # peer round: hw3-cnn through the shared script where it fits, fer-vgg through this folder's module
  local peer="$1" r="$2" nets=()
  case "$peer" in
    keras) if has hw3-cnn; then "$py" "$shared/keras_peer.py" --nets cnn "${common[@]}" --out "$out/keras-cnn-$r.json" > /dev/null || return; fi
           if has fer-vgg; then "$py" bench/peers/keras_vgg.py "${common[@]}" --out "$out/keras-vgg-$r.json" > /dev/null || return; fi ;;
    ort)   if has hw3-cnn; then "$py" "$shared/ort_peer.py" --nets cnn "${common[@]}" --out "$out/ort-cnn-$r.json" > /dev/null || return; fi
           if has fer-vgg; then "$py" bench/peers/ort_vgg.py "${common[@]}" --out "$out/ort-vgg-$r.json" > /dev/null || return; fi ;;
    torch) if has hw3-cnn; then nets+=(cnn); fi
           if has fer-vgg; then nets+=(fer_vgg); fi
           "$py" bench/peers/torch_vgg.py --nets "$(IFS=,; echo "${nets[*]}")" "${common[@]}" --out "$out/torch-$r.json" > /dev/null ;;
  esac
}
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds: ferstream bench ($(cut -d' ' -f1-3 /proc/loadavg))" >&2
  ./ferstream bench --arch "$arch" --iters "$iters" --warmup-seconds "$warmup" --out "$out/ferstream-$r.json" > /dev/null
  for peer in "${peers[@]}"; do
    echo "round $r/$rounds: $peer ($(cut -d' ' -f1-3 /proc/loadavg))" >&2
    # a failing peer is recorded and the rounds go on (its keys are then missing from the summary)
    run_peer "$peer" "$r" 2> >(grep -v -E "done$|NNPACK|^I0000 |^WARNING: All log messages" >&2) \
      || echo "round $r: $peer failed (exit $?)" | tee -a "$out/environment.txt" >&2
  done
done
echo "load after rounds: $(uptime)" >> "$out/environment.txt"
if [ "$kernels" = 1 ]; then
  bench/peers/kernels.sh "$out" "$py" "$arch" "${peers[@]}"
  echo "load after kernels: $(uptime)" >> "$out/environment.txt"
fi
/usr/bin/python3 bench/peers/summarize.py "$out"
echo "results: $out/summary.md" >&2
