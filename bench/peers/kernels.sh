#!/usr/bin/env bash
# Which oneDNN kernels each engine ran: one short run per engine and net with ONEDNN_VERBOSE=1 / DNNL_VERBOSE=1,
# reduced to the distinct "primitive impl propagation" triples with their call counts (the full logs are large).
#   bench/peers/kernels.sh OUT_DIR PEER_PYTHON ARCH_LIST PEER...
# Writes OUT_DIR/kernels-<engine>-<net>.txt. ONNX Runtime runs its own MLAS kernels, not oneDNN: not listed.
set -uo pipefail
out="$1" py="$2" arch="$3"; shift 3
peers=" $* "
: "${PEERS_DIR:?set PEERS_DIR to the shared peers (run.sh exports it)}"
source bench/peers/keras_command.sh
distinct() {  # verbose log on stdin -> "count primitive impl prop" lines, convolutions first
  grep -oE 'exec,cpu,[a-z_]+,[^,]+,[a-z_]+' | cut -d, -f3- | sort | uniq -c | sort -k2,2 -k1,1nr \
    | awk '{ split($2, f, ","); printf "%6d %-22s %-36s %s\n", $1, f[1], f[2], f[3] }' \
    | sort -s -k2,2 | awk '$2 == "convolution" { print; next } { rest = rest $0 "\n" } END { printf "%s", rest }'
}
record() {  # engine net command... : run with verbose on, keep the distinct kernels
  local engine="$1" net="$2"; shift 2
  local file="$out/kernels-$engine-$net.txt"
  echo "# $engine $net: $*" > "$file"
  ONEDNN_VERBOSE=1 DNNL_VERBOSE=1 "$@" 2>&1 | distinct >> "$file"
  [ "$(grep -vc '^#' "$file")" -gt 0 ] || echo "no oneDNN primitive executed (verbose printed nothing)" >> "$file"
  echo "kernels: $file" >&2
}
quick=(--threads "${OMP_NUM_THREADS:-2}" --iters 1 --warmup-seconds 0 --no-saliency)
for a in ${arch//,/ }; do
  net="${a//-/_}"
  record ferstream "$net" ./ferstream bench --arch "$a" --iters 1 --warmup-seconds 0 --no-saliency
  if [[ "$peers" == *" keras "* ]]; then
    keras_command "$a"
    record keras "$net" "$py" "${KERAS_COMMAND[@]}" "${quick[@]}"
  fi
  if [[ "$peers" == *" torch "* ]]; then
    record torch "$net" "$py" bench/peers/torch_vgg.py --nets "$([ "$a" = hw3-cnn ] && echo cnn || echo fer_vgg)" "${quick[@]}"
  fi
done
