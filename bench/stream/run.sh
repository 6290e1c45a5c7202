#!/usr/bin/env bash
# Streaming throughput/latency benchmark: the demo pipeline (embedded Kafka + MiniCluster + exactly-once sinks) at full
# speed in several shapes (per-face vs micro-batched classification, one subtask with every core vs one subtask per
# core, with and without saliency), each next to the model's raw batched inference measured in the same JVM on the
# same cores just before (--raw-bench: batch 64, one classifier, all cores). Writes one JSON summary and log per run
# and prints a table.
# Throughput runs use --rate 0 (all faces at once: their "latency" is queueing, not reported); latency runs replay at a
# fixed rate below capacity (LATENCY_RATE faces/s, default 40) so p50/p99 show the pipeline's own delay.
# "end-to-end" = predictions / (last processedAt - first eventTime), start-up and drain included; "sustained" = the
# rate over the middle 80% of the predictions (10th to 90th percentile of processedAt).
# Usage: bench/stream/run.sh MODEL_DIR [LIMIT]     (LIMIT faces of test.csv.gz; default 0 = all 3,589)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:?usage: run.sh MODEL_DIR [LIMIT]}"
limit="${2:-0}"
rate="${LATENCY_RATE:-40}"
out="$root/bench/stream/results"
mkdir -p "$out"
jar="$root/jobs/target/ferstream-jobs.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -pl jobs -am package -DskipTests)
cores="$(nproc)"
uptime > "$out/load-average.txt"
run() { # name, extra args...
  local name="$1"; shift
  java -Xmx3g -Xmn48m -Dorg.eclipse.deeplearning4j.helpers.disable=false -Djava.awt.headless=true \
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
    -cp "$jar:$root/jobs/target/lib/*" dev.ferstream.jobs.cli.JobsCli demo --model "$model" --limit "$limit" \
    --no-live --raw-bench --web-port 0 --json-summary "$out/$name.json" "$@" > "$out/$name.log" 2>&1
  echo "done: $name"
}
nosal=(-D saliency.rate=0 -D saliency.threshold=0)
names=(tput-p1-batch1-nosaliency tput-p1-batch64-nosaliency tput-p${cores}-batch64-nosaliency tput-p${cores}-batch64 lat-p1-batch1 lat-p${cores}-batch64)
run "${names[0]}" --rate 0 --parallelism 1 --batch-size 1 "${nosal[@]}"
run "${names[1]}" --rate 0 --parallelism 1 --batch-size 64 "${nosal[@]}"
run "${names[2]}" --rate 0 --parallelism "$cores" --batch-size 64 "${nosal[@]}"
run "${names[3]}" --rate 0 --parallelism "$cores" --batch-size 64
run "${names[4]}" --rate "$rate" --parallelism 1 --batch-size 1
run "${names[5]}" --rate "$rate" --parallelism "$cores" --batch-size 64
uptime >> "$out/load-average.txt"
python3 - "$out" "${names[@]}" <<'PY'
import json, sys, pathlib
rows = []
for name in sys.argv[2:]:
    s = json.loads(pathlib.Path(sys.argv[1], name + ".json").read_text())
    lat = name.startswith("lat")
    rows.append(f"| {name} | {s['rate'] or 'max'} | {s['parallelism']} x {s['native_threads']} | {s['batch_size']} | {s['predictions']} | "
                f"{s['faces_per_second']:.1f} | {s['sustained_faces_per_second']:.1f} | {s['raw_batched_faces_per_second']:.1f} | "
                f"{100 * s['faces_per_second'] / s['raw_batched_faces_per_second']:.0f}% / {100 * s['sustained_faces_per_second'] / s['raw_batched_faces_per_second']:.0f}% | "
                f"{s['saliency_maps']} | "
                f"{s['latency_p50_ms'] if lat else '-'} | {s['latency_p99_ms'] if lat else '-'} | {s['accuracy']:.4f} | {s['batch_accuracy']:.4f} |")
print("| run | rate | subtasks x threads | batch | faces | end-to-end faces/s | sustained faces/s | raw batched faces/s | ratio (end-to-end / sustained) | saliency maps | p50 ms | p99 ms | stream accuracy | batch accuracy |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
print("\n".join(rows))
PY
