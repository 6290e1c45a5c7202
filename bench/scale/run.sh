#!/usr/bin/env bash
# Throughput of the job on the local cluster at parallelism 1, 2 and 4 (over two TaskManagers of two slots each).
#
#   bench/scale/run.sh [--faces N] [--model DIR] [--parallelism "1 2 4"] [--batch B]
#
# The faces go into Kafka first (a backlog of N faces, 4 partitions), then one job per parallelism reads all of them
# from the earliest offset under its own consumer group and writes its own predictions topic; throughput is
# predictions / (last processedAt - first processedAt), counted by bench/chaos/reader.py's decoder (read_committed),
# so it is the sustained rate of the whole job (source, decode, classify, sinks, exactly-once commits), not of the
# network alone. Results: bench/scale/results/<stamp>/summary.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
faces=3000 model="$root/models/fer-vgg" levels="1 2 4" batch=16
while [ $# -gt 0 ]; do
  case "$1" in
    --faces) faces="$2"; shift 2 ;;
    --model) model="$(cd "$2" && pwd)"; shift 2 ;;
    --parallelism) levels="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    *) echo "scale: unknown option '$1' (--faces, --model, --parallelism, --batch)" >&2; exit 2 ;;
  esac
done
stamp="$(date -u +%Y%m%dT%H%MZ)"
out="$root/bench/scale/results/$stamp"
mkdir -p "$out"
cluster="$root/deploy/local/cluster.sh"
export FERSTREAM_CLUSTER_DIR="${FERSTREAM_CLUSTER_DIR:-$root/target/local-cluster}"
kafka="127.0.0.1:${CLUSTER_KAFKA_PORT:-9092}"
data="${FERSTREAM_DATA:-$root/../shared/data/fer2013}"
[ -f "$data/test.csv.gz" ] || data="$root/data/fer2013"
trap '"$cluster" down > /dev/null 2>&1 || true' EXIT

"$cluster" down > /dev/null 2>&1 || true
"$cluster" up
"$cluster" topics
"$root/ferstream" replay --bootstrap-servers "$kafka" --data "$data/test.csv.gz" --labels "$data/test_labels.csv" \
  --limit "$faces" --rate 0 --label-delay 0s > "$out/replay.log" 2>&1
for p in $levels; do
  "$cluster" topics "predictions-p$p:4"
  "$cluster" submit -D "parallelism=$p" -D "batch.size=$batch" -D "model.path=$model" -D "group.id=scale-p$p" \
    -D "source.starting-offsets=earliest" -D "topic.predictions=predictions-p$p" -D "saliency.rate=0" \
    -D "sink.transactional-id-prefix=scale-$stamp-p$p" > "$out/submit-p$p.log" 2>&1
  cut -d' ' -f1-3 /proc/loadavg > "$out/load-before-p$p.txt"
  /usr/bin/python3 "$root/bench/scale/throughput.py" --bootstrap "$kafka" --avro "$root/model-lib/src/main/avro" \
    --topic "predictions-p$p" --expect "$faces" --parallelism "$p" --out "$out/p$p.json"
  "$cluster" flink cancel "$("$cluster" job)" > /dev/null 2>&1 || true
done
"$cluster" down
trap - EXIT
/usr/bin/python3 - "$out" "$faces" "$(basename "$model")" "$batch" "$levels" > "$out/summary.md" <<'EOF'
import json, os, sys
out, faces, model, batch, levels = sys.argv[1:6]
cores = os.cpu_count()
print(f"# Throughput by parallelism, {model}, {faces} faces, batch {batch}\n")
print(f"Command: `bench/scale/run.sh --faces {faces} --model models/{model} --parallelism \"{levels}\" --batch {batch}`"
      f" on {cores} cores (local cluster: JobManager, 2 TaskManagers x 2 slots, KRaft broker).\n")
print("| parallelism | predictions | seconds | faces/s | faces/s per core | load average before (1/5/15 min) |")
print("|---:|---:|---:|---:|---:|---|")
for p in levels.split():
    r = json.load(open(os.path.join(out, f"p{p}.json")))
    load = open(os.path.join(out, f"load-before-p{p}.txt")).read().strip()
    print(f"| {p} | {r['predictions']} | {r['seconds']:.1f} | {r['faces_per_s']:.1f} | {r['faces_per_s'] / cores:.1f} | {load} |")
EOF
cat "$out/summary.md"
