#!/usr/bin/env bash
# One training step per layer, ferstream against Keras/TF (issue 24, item 4): runs `ferstream bench` and the Keras
# peer once each with oneDNN's verbose log on, and writes the per-layer table (bench/peers/layers.py) of each net.
#   bench/peers/layers.sh OUT_DIR [ARCH_LIST]     (ARCH_LIST: hw3-cnn,fer-vgg by default; ITERS=10 timed steps)
# The peer python is $PEER_PYTHON, else /work/peer-venv/bin/python, as for run.sh; run it on an idle machine.
# Writes OUT_DIR/layers-<net>.md and each run's JSON; the verbose logs go to OUT_DIR/logs/ (compressed; not for git).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:?usage: bench/peers/layers.sh OUT_DIR [ARCH_LIST]}" arch="${2:-hw3-cnn,fer-vgg}" iters="${ITERS:-10}"
py="${PEER_PYTHON:-/work/peer-venv/bin/python}"
[ -x "$py" ] || { echo "bench/peers/layers.sh: peer python '$py' is not executable (set PEER_PYTHON)" >&2; exit 2; }
export PEERS_DIR="${PEERS_DIR:-$(cd .. && pwd)/shared/peers}"
source bench/peers/keras_command.sh
mkdir -p "$out/logs"
for a in ${arch//,/ }; do
  net="${a//-/_}"
  echo "layers: $a, ferstream (DNNL_VERBOSE=1) ..." >&2
  DNNL_VERBOSE=1 FERSTREAM_THREADS="${THREADS:-2}" ./ferstream bench --arch "$a" --iters "$iters" --warmup-seconds 0 \
    --no-saliency --engine onnx --out "$out/ferstream-$net.json" > "$out/logs/ferstream-$net.log" 2>&1
  echo "layers: $a, Keras/TF (ONEDNN_VERBOSE=1) ..." >&2
  keras_command "$a"
  ONEDNN_VERBOSE=1 TF_CPP_MIN_LOG_LEVEL=2 "$py" "${KERAS_COMMAND[@]}" --threads "${THREADS:-2}" --iters "$iters" \
    --warmup-seconds 0 --no-saliency --out "$out/keras-$net.json" > "$out/logs/keras-$net.log" 2>&1
  { echo "# One $a training step per layer: ferstream against Keras/TF"; echo
    echo "\`bench/peers/layers.sh $out $a\` ($(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), load: $(cut -d' ' -f1-3 /proc/loadavg))"
    echo; python3 bench/peers/layers.py "$out/logs/ferstream-$net.log" "$out/ferstream-$net.json" \
      "$out/logs/keras-$net.log" "$out/keras-$net.json" "$net"; } > "$out/layers-$net.md"
  gzip -f "$out/logs/ferstream-$net.log" "$out/logs/keras-$net.log"
  echo "layers: $out/layers-$net.md" >&2
done
