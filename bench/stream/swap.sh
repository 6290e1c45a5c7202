#!/usr/bin/env bash
# A model swap under load, and the throughput cost of shadow scoring, on the real local cluster (deploy/local/cluster.sh:
# JobManager, 2 TaskManagers x 2 slots, KRaft broker, separate processes).
#
#   bench/stream/swap.sh [--backlog N] [--rate R] [--steady S] [--after S] [--parallelism P] [--batch B]
#
# Three jobs, one after the other, each on its own topics (prefix solo-, shadow-, swap-) and its own file:// registry
# under target/swapbench/<stamp>/, every model published BEFORE the job is submitted, so the job starts from the
# models topic's champion (model.start=champion):
#   1. solo:   fer-vgg champion; N test faces (default 3,000) produced at full speed once every classify subtask
#              serves; sustained faces/s = predictions / (last - first processedAt), as bench/scale measures.
#   2. shadow: the same with fer-cnn-wide as challenger (challenger.fraction=1), produced once every classify subtask
#              shadows; faces/s, and the shadow-predictions count against the predictions count.
#   3. swap:   fer-vgg champion; train faces replayed at R faces/s (default: half of run 1's rate), labels 5 s later;
#              S seconds (default 60) after the first face, fer-cnn-wide is published as champion; the replay goes on
#              for about S' more seconds (default 60).
# bench/stream/swap.py reads every topic back read_committed with bench/chaos/reader.py's own Avro decoder and writes
# bench/stream/results/<stamp>-swap/ (JSON per phase, summary.md, the load average before/after each phase).
# Ports and folders come from deploy/local/cluster.sh's environment (CLUSTER_REST_PORT, CLUSTER_KAFKA_PORT, ...,
# FERSTREAM_CLUSTER_DIR); the cluster is started here and stopped at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
backlog=3000 rate="" steady=60 after=60 parallelism=2 batch=16
args="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --backlog) backlog="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --steady) steady="$2"; shift 2 ;;
    --after) after="$2"; shift 2 ;;
    --parallelism) parallelism="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    *) echo "swap: unknown option '$1' (--backlog, --rate, --steady, --after, --parallelism, --batch)" >&2; exit 2 ;;
  esac
done
stamp="$(date -u +%Y%m%dT%H%MZ)"
out="$root/bench/stream/results/$stamp-swap"
work="$root/target/swapbench/$stamp"
mkdir -p "$out" "$work"
cluster="$root/deploy/local/cluster.sh"
export FERSTREAM_CLUSTER_DIR="${FERSTREAM_CLUSTER_DIR:-$root/target/local-cluster}"
kafka="127.0.0.1:${CLUSTER_KAFKA_PORT:-9092}"
avro="$root/model-lib/src/main/avro"
data="${FERSTREAM_DATA:-$root/../shared/data/fer2013}"
[ -f "$data/test.csv.gz" ] || data="$root/data/fer2013"
py() { /usr/bin/python3 "$root/bench/stream/swap.py" "$@"; }
say() { echo "swap: $(date -u +%H:%M:%S) $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg > "$out/load-$1.txt"; }
replay_pid=""
cleanup() {
  [ -n "$replay_pid" ] && kill "$replay_pid" 2> /dev/null || true
  "$cluster" down > /dev/null 2>&1 || true
}
trap cleanup EXIT

publish() {  # prefix, model dir, role
  "$root/ferstream" publish --model "$root/models/$2" --registry "file://$work/registry-$1" --role "$3" \
    --bootstrap-servers "$kafka" --models-topic "${1}-models" >> "$work/publish-$1.log" 2>&1
}

submit() {  # prefix, extra -D settings...
  local p="$1" t topics=()
  shift
  for t in faces labels predictions saliency confusion dead-letter late-labels models model-events shadow-predictions; do
    topics+=(-D "topic.$t=$p-$t")
  done
  "$cluster" topics "$p-faces:4" "$p-labels:4" "$p-predictions:4" "$p-saliency:1" "$p-confusion:1" \
    "$p-dead-letter:1" "$p-late-labels:1"
  "$cluster" submit -D "parallelism=$parallelism" -D "batch.size=$batch" -D "group.id=swapbench-$stamp-$p" \
    -D "source.starting-offsets=earliest" -D "saliency.rate=0" -D "sink.transactional-id-prefix=swapbench-$stamp-$p" \
    -D "model.start=champion" "${topics[@]}" "$@" > "$work/submit-$p.log" 2>&1
}

cancel() {  # the running job, then wait until its slots are free
  "$cluster" flink cancel "$("$cluster" job)" > /dev/null 2>&1 || true
  for _ in $(seq 60); do [ -z "$("$cluster" job)" ] && return 0; sleep 1; done
}

replay() {  # prefix, faces file, labels args..., then replay options
  local p="$1"; shift
  "$root/ferstream" replay --bootstrap-servers "$kafka" --faces-topic "$p-faces" --labels-topic "$p-labels" "$@"
}

throughput() {  # prefix, label, ready statuses..., extra -D settings after --
  local p="$1" label="$2"; shift 2
  local statuses=() shadow=()
  while [ "$1" != -- ]; do statuses+=(--status "$1"); shift; done
  shift
  load "$p-before"
  publish "$p" fer-vgg champion
  if [ "$p" = shadow ]; then
    publish "$p" fer-cnn-wide challenger
    shadow=(--shadow "$p-shadow-predictions")
  fi
  submit "$p" "$@"
  say "$p: submitted, waiting for every classify subtask (${statuses[*]}) ..."
  py ready --bootstrap "$kafka" --avro "$avro" --events "$p-model-events" --parallelism "$parallelism" \
    --name fer-vgg "${statuses[@]}"
  replay "$p" --data "$data/test.csv.gz" --labels "$data/test_labels.csv" --limit "$backlog" --rate 0 \
    --label-delay 0s > "$work/replay-$p.log" 2>&1
  say "$p: $backlog faces produced, reading the predictions ..."
  py throughput --bootstrap "$kafka" --avro "$avro" --predictions "$p-predictions" "${shadow[@]}" \
    --expect "$backlog" --label "$label" --out "$out/throughput-$p.json"
  cancel
  load "$p-after"
}

swap() {
  load swap-before
  publish swap fer-vgg champion
  submit swap
  say "swap: submitted, waiting for every classify subtask to serve fer-vgg ..."
  py ready --bootstrap "$kafka" --avro "$avro" --events swap-model-events --parallelism "$parallelism" \
    --name fer-vgg --status SERVING
  faces=$(/usr/bin/python3 -c "import math; print(min(28709, math.ceil($rate * ($steady + $after + 30))))")
  say "swap: replaying $faces train faces at $rate faces/s; fer-cnn-wide goes in after ${steady}s ..."
  replay swap --data "$data/train.csv.gz" --limit "$faces" --rate "$rate" --label-delay 5s \
    > "$work/replay-swap.log" 2>&1 &
  replay_pid=$!
  for _ in $(seq 240); do grep -q '^replaying' "$work/replay-swap.log" && break; sleep 0.25; done
  sleep "$steady"
  publish_started=$(date +%s%3N)
  publish swap fer-cnn-wide champion
  say "swap: fer-cnn-wide published as champion; replay continues ..."
  wait "$replay_pid"
  replay_pid=""
  py swap --bootstrap "$kafka" --avro "$avro" --predictions swap-predictions --models swap-models \
    --events swap-model-events --faces swap-faces --expect "$faces" --publish-started-ms "$publish_started" \
    --out "$out/swap.json"
  cancel
  load swap-after
}

say "results in $out, registries and logs in $work"
"$cluster" down > /dev/null 2>&1 || true
"$cluster" up 2> "$work/cluster-up.log"
"$cluster" topics
throughput solo fer-vgg SERVING --
throughput shadow fer-vgg+fer-cnn-wide SERVING SHADOWING -- -D challenger.fraction=1
rate_source="given with --rate"
if [ -z "$rate" ]; then
  rate=$(/usr/bin/python3 -c "import json; print(round(json.load(open('$out/throughput-solo.json'))['faces_per_s'] / 2))")
  rate_source="half of the solo job's sustained rate measured in this run"
fi
swap
# what the JVMs and the job did around the swap, to read a gap against: TaskManager CPU and GC (Prometheus), the
# swap job's model lines (loads, swaps), where its tasks ran, and its checkpoint timings
py prom --url "http://127.0.0.1:${CLUSTER_PROMETHEUS_PORT:-9090}" --swap "$out/swap.json" --out "$out/taskmanagers-jvm.json"
grep -H ServingModels "$FERSTREAM_CLUSTER_DIR"/log/taskmanager-*.log 2> /dev/null | grep "$stamp/registry-swap" \
  | sed "s:$FERSTREAM_CLUSTER_DIR/log/::" > "$out/swap-model-lines.txt" || true
grep -E 'Completed checkpoint|expired|declined' "$FERSTREAM_CLUSTER_DIR/log/jobmanager.log" 2> /dev/null \
  | tail -n 40 > "$out/swap-checkpoints.txt" || true
"$cluster" down > /dev/null 2>&1 || true
trap - EXIT
/usr/bin/python3 - "$out/meta.json" <<EOF
import json, sys
load = {}
for k in ("solo", "shadow", "swap"):
    for w in ("before", "after"):
        load[f"{k}-{w}"] = open(f"$out/load-{k}-{w}.txt").read().strip()
json.dump({"stamp": "$stamp", "command": "bench/stream/swap.sh $args".strip(), "commit": "$(git -C "$root" rev-parse --short HEAD)",
           "cores": $(nproc --all), "parallelism": $parallelism, "batch": $batch, "backlog": $backlog, "rate": $rate,
           "rate_source": "$rate_source", "steady": $steady, "after": $after, "load": load},
          open(sys.argv[1], "w"), indent=1)
EOF
py summary --dir "$out" --meta "$out/meta.json"
