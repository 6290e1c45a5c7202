#!/usr/bin/env bash
# The speed benchmark (issue 24, item 1): `ferstream bench` against every installed peer (Keras/TensorFlow, ONNX
# Runtime, PyTorch), alternating rounds on the same cores, threads and faces; medians, ratios against each peer and the
# strongest, per-round ranges, the allocator, CPU flags and the oneDNN kernels that ran. It is bench/peers/run.sh
# (read bench/peers/README.md); the arguments go to it:
#   bench/run.sh [--rounds 3] [--threads 2] [--iters 5] [--arch hw3-cnn,fer-vgg] [--warmup-seconds 2] [--no-kernels]
#                [--venv DIR | PEER_PYTHON=python]
# Results: bench/peers/results/<UTC stamp>/. The earlier pair against Debian's PyTorch 1.13 alone, whose results
# docs/performance.md cites: bench/run-torch113.sh.
exec "$(dirname "$0")/peers/run.sh" "$@"
