#!/usr/bin/env bash
# Streaming throughput/latency benchmark: the demo pipeline (embedded Kafka + MiniCluster + exactly-once sinks) at full
# speed, per-face vs micro-batched classification, with and without saliency, next to the model's raw batched inference
# measured in the same JVM on the same cores (--raw-bench). Writes one JSON summary per run and a table.
# Throughput runs use --rate 0 (all faces at once: their "latency" is queueing, not reported); latency runs replay at a
# fixed rate below capacity (LATENCY_RATE faces/s, default 40) so p50/p99 show the pipeline's own delay.
# Usage: bench/stream/run.sh MODEL_DIR [LIMIT]     (e.g. bench/stream/run.sh models/hw3-cnn 2000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:?usage: run.sh MODEL_DIR [LIMIT]}"
limit="${2:-2000}"
rate="${LATENCY_RATE:-40}"
out="$root/bench/stream/results"
mkdir -p "$out"
jar="$root/jobs/target/ferstream-jobs.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -pl jobs -am package -DskipTests)
export OMP_NUM_THREADS="${FERSTREAM_THREADS:-$(nproc)}"
run() { # name, extra args...
  local name="$1"; shift
  java -Xmx3g -Xmn48m -Dorg.eclipse.deeplearning4j.helpers.disable=false -Djava.awt.headless=true \
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
    -cp "$jar:$root/jobs/target/lib/*" dev.ferstream.jobs.cli.JobsCli demo --model "$model" --limit "$limit" \
    --no-live --raw-bench --json-summary "$out/$name.json" "$@" > "$out/$name.log" 2>&1
  echo "done: $name"
}
nosal=(-D saliency.rate=0 -D saliency.threshold=0)
run tput-batch1-nosaliency --rate 0 --batch-size 1 "${nosal[@]}"
run tput-batch32-nosaliency --rate 0 --batch-size 32 "${nosal[@]}"
run tput-batch1 --rate 0 --batch-size 1
run tput-batch32 --rate 0 --batch-size 32
run lat-batch1 --rate "$rate" --batch-size 1
run lat-batch32 --rate "$rate" --batch-size 32
python3 - "$out" <<'PY'
import json, sys, pathlib
rows = []
for name in ["tput-batch1-nosaliency", "tput-batch32-nosaliency", "tput-batch1", "tput-batch32", "lat-batch1", "lat-batch32"]:
    s = json.loads(pathlib.Path(sys.argv[1], name + ".json").read_text())
    lat = name.startswith("lat")
    rows.append(f"| {name} | {s['rate'] or 'max'} | {s['predictions']} | {s['faces_per_second']:.1f} | "
                f"{s['raw_batched_faces_per_second']:.1f} | {100 * s['faces_per_second'] / s['raw_batched_faces_per_second']:.0f}% | "
                f"{s['latency_p50_ms'] if lat else '-'} | {s['latency_p99_ms'] if lat else '-'} | {s['accuracy']:.4f} | {s['batch_accuracy']:.4f} |")
print("| run | rate | faces | pipeline faces/s | raw batched faces/s | ratio | p50 ms | p99 ms | stream accuracy | batch accuracy |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
print("\n".join(rows))
PY
