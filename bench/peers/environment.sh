#!/usr/bin/env bash
# The machine facts a speed figure needs beside it: CPU model and vector flags, cores, threads, allocators, versions.
#   bench/peers/environment.sh PEER_PYTHON THREADS
# (Each engine's JSON also names the allocator its own process mapped, read from /proc/self/maps.)
set -uo pipefail
py="$1" threads="$2"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p')"
echo "cpu flags (vector): $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512.*|amx.*|fma|avx_vnni)$' | sort | tr '\n' ' ')"
echo "cores: $(nproc) online; threads per engine: $threads (ferstream: OMP_NUM_THREADS=FERSTREAM_THREADS=$threads; peers: --threads $threads, one inter-op thread)"
jemalloc="$(/sbin/ldconfig -p 2>/dev/null | awk '$1 == "libjemalloc.so.2" { print $NF; exit }')"
echo "jemalloc installed: ${jemalloc:-no} (the ferstream launcher preloads it when installed unless FERSTREAM_JEMALLOC=0; FERSTREAM_JEMALLOC=${FERSTREAM_JEMALLOC:-unset})"
echo "peer LD_PRELOAD: ${LD_PRELOAD:-none} (the peers run on the allocator their process maps; see each JSON's allocator or glibc)"
echo "java: $(java -version 2>&1 | head -1)"
echo "peer python: $py ($("$py" --version 2>&1))"
"$py" - <<'PY' 2>/dev/null
import importlib.metadata as m
for p in ('tensorflow-cpu', 'keras', 'onnxruntime', 'onnx', 'torch', 'numpy'):
    try:
        print(f'  {p} {m.version(p)}')
    except m.PackageNotFoundError:
        print(f'  {p} not installed')
PY
