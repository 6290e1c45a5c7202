#!/usr/bin/env bash
# The feedback loop, end to end on this machine (issue 22): a champion loses accuracy on a new camera, the stream
# keeps its labelled faces, `ferstream retrain` fine-tunes on them, the candidate shadows the champion on faces it
# never saw, and the promotion gate decides.
#
#   bench/loop/run.sh [--model DIR] [--camera NAME] [--seen N] [--rate R] [--min-pairs N] [-- RETRAIN OPTIONS...]
#
# On the real local cluster (deploy/local/cluster.sh: JobManager, 2 TaskManagers, KRaft broker, Prometheus):
#   0. FER2013's 3,589 test faces are split: the first N (--seen, default 2000) and the rest (1,589 with the default),
#      in a work folder outside the repository. The champion (--model, default models/fer-vgg) is published to a
#      file:// registry; the job starts from it with feedback.path on and the gate on (gate.min-pairs).
#   1. The first N faces go through `replay --camera NAME` (default night) at R faces/s (default 20), labels 2 s
#      later; the champion's windowed accuracy comes from the confusion topic, the feedback store's size from its
#      committed files.
#   2. `ferstream retrain` on at most N feedback faces (hold-out by face id; FER2013 train faces replayed beside them),
#      timed with /usr/bin/time (CPU = user + system); it publishes the candidate as challenger only if it passes.
#   3. The rest of the faces, through the same camera: the challenger shadows the champion on every face; the gate
#      decides after gate.min-pairs paired faces. Offline `compare` of the two bundles on the same unseen faces, with
#      and without the camera, checks the stream's figures and the "no worse on the original faces" target.
# Results: bench/loop/results/<stamp>/ (summary.md, JSON per step, logs). Ports and folders come from cluster.sh's
# environment (CLUSTER_REST_PORT, CLUSTER_KAFKA_PORT, ..., FERSTREAM_CLUSTER_DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="$root/models/fer-vgg" camera=night seen=2000 rate=20 min_pairs=1000 window_s=60
args="$*"
retrain_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$(cd "$2" && pwd)"; shift 2 ;;
    --camera) camera="$2"; shift 2 ;;
    --seen) seen="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --min-pairs) min_pairs="$2"; shift 2 ;;
    --) shift; retrain_extra=("$@"); break ;;
    *) echo "loop: unknown option '$1' (--model, --camera, --seen, --rate, --min-pairs, -- retrain options)" >&2; exit 2 ;;
  esac
done
stamp="$(date -u +%Y%m%dT%H%MZ)"
out="$root/bench/loop/results/$stamp"
work="${TMPDIR:-/tmp}/ferstream-loop-$stamp"
mkdir -p "$out" "$work"
cluster="$root/deploy/local/cluster.sh"
export FERSTREAM_CLUSTER_DIR="${FERSTREAM_CLUSTER_DIR:-$root/target/local-cluster}"
kafka="127.0.0.1:${CLUSTER_KAFKA_PORT:-9092}"
avro="$root/model-lib/src/main/avro"
data="${FERSTREAM_DATA:-$root/../shared/data/fer2013}"
[ -f "$data/test.csv.gz" ] || data="$root/data/fer2013"
labels="$data/test_labels.csv"
registry="file://$work/registry"
name="$(basename "$model")"
py() { /usr/bin/python3 "$root/bench/loop/loop.py" "$@"; }
say() { echo "loop: $(date -u +%H:%M:%S) $*" >&2; }
cleanup() { "$cluster" down > /dev/null 2>&1 || true; }
trap cleanup EXIT
topic_args=()
for t in faces labels predictions saliency confusion dead-letter late-labels models model-events shadow-predictions; do
  topic_args+=(-D "topic.$t=loop-$t")
done

say "results in $out, work folder $work"
py split --data "$data/test.csv.gz" --first "$seen" --seen "$work/seen.csv" --unseen "$work/unseen.csv"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
"$cluster" down > /dev/null 2>&1 || true
"$cluster" up 2> "$work/cluster-up.log"
"$cluster" topics loop-faces:2 loop-labels:2 loop-predictions:2 loop-saliency:1 loop-confusion:1 loop-dead-letter:1 \
  loop-late-labels:1
"$root/ferstream" publish --model "$model" --registry "$registry" --name "$name" --role champion \
  --bootstrap-servers "$kafka" --models-topic loop-models > "$work/publish.log" 2>&1
champion_version="$(sed -n 's/^published [^/]*\/\([^ ]*\) .*/\1/p' "$work/publish.log")"
"$cluster" submit -D parallelism=2 -D group.id="loop-$stamp" -D source.starting-offsets=earliest \
  -D sink.transactional-id-prefix="loop-$stamp" -D model.start=champion -D saliency.rate=0 -D saliency.threshold=0 \
  -D feedback.path="file://$work/feedback" -D challenger.fraction=1 -D gate.enabled=true \
  -D gate.min-pairs="$min_pairs" -D window.size="${window_s}s" -D window.slide=10s "${topic_args[@]}" \
  > "$work/submit.log" 2>&1
say "job submitted; waiting for every classifier to serve $name/$champion_version ..."
/usr/bin/python3 "$root/bench/stream/swap.py" ready --bootstrap "$kafka" --avro "$avro" --events loop-model-events \
  --parallelism 2 --name "$name" --status SERVING

say "1. $seen faces through camera $camera at $rate faces/s ..."
"$root/ferstream" replay --bootstrap-servers "$kafka" --faces-topic loop-faces --labels-topic loop-labels \
  --data "$work/seen.csv" --labels "$labels" --camera "$camera" --rate "$rate" --label-delay 2s > "$work/replay-seen.log" 2>&1
seen_end_ms=$(($(date +%s%3N) + 3000))  # the last label's event time, and a margin
py wait --bootstrap "$kafka" --avro "$avro" --topic loop-predictions --ids "$work/seen.csv"
# matched pairs reach the store as their labels arrive; a part file shows when its checkpoint completes
feedback="$(py feedback --dir "$work/feedback" --expect "$seen" --timeout-s 60)"

say "2. retrain on the feedback store ..."
set +e
/usr/bin/time -f '%e %U %S' -o "$work/retrain.time" "$root/ferstream" retrain --feedback "$work/feedback" \
  --champion "$registry/$name/$champion_version" --registry "$registry" --bootstrap-servers "$kafka" \
  --models-topic loop-models --limit "$seen" --json "$out/retrain.json" --work "$work/retrain" "${retrain_extra[@]}" \
  > "$work/retrain.log" 2>&1
retrain_exit=$?
set -e
read -r wall user sys < <(tail -n 1 "$work/retrain.time")
say "retrain exit $retrain_exit, wall $wall s, user $user s, system $sys s"
candidate="$(ls -d "$work/registry/$name"/*/ | sort -V | tail -n 1)"
# refused: nothing was published, and the offline comparison shows the candidate the gate kept out
[ "$retrain_exit" != 0 ] && [ -f "$work/retrain/candidate/model.json" ] && candidate="$work/retrain/candidate"

if [ "$retrain_exit" = 0 ]; then
  say "3. the challenger shadows the champion on $(($(wc -l < "$work/unseen.csv") - 1)) unseen faces ..."
  /usr/bin/python3 "$root/bench/stream/swap.py" ready --bootstrap "$kafka" --avro "$avro" --events loop-model-events \
    --parallelism 2 --status SHADOWING
  "$root/ferstream" replay --bootstrap-servers "$kafka" --faces-topic loop-faces --labels-topic loop-labels \
    --data "$work/unseen.csv" --labels "$labels" --camera "$camera" --rate "$rate" --label-delay 2s \
    > "$work/replay-unseen.log" 2>&1
  py wait --bootstrap "$kafka" --avro "$avro" --topic loop-predictions --ids "$work/unseen.csv"
  py gate --bootstrap "$kafka" --avro "$avro" --events loop-model-events --out "$out/gate.json" --timeout-s 120 || true
  py accuracy --bootstrap "$kafka" --avro "$avro" --topics loop-predictions loop-shadow-predictions \
    --ids "$work/unseen.csv" --labels "$labels" --out "$out/unseen-stream.json"
fi
# the champion's windows over the first phase: they fire once later faces move the watermark past them
py windows --bootstrap "$kafka" --avro "$avro" --topic loop-confusion --version "$champion_version" \
  --window-s "$window_s" --until-ms "$seen_end_ms" --out "$out/champion-windows.json"
"$cluster" down > /dev/null 2>&1 || true
trap - EXIT
for variant in camera original; do
  cam=(--camera "$camera"); [ "$variant" = original ] && cam=()
  "$root/ferstream" compare --model "$model" --model "$candidate" --data "$work/unseen.csv" --labels "$labels" \
    "${cam[@]}" --json "$out/compare-unseen-$variant.json" > "$out/compare-unseen-$variant.txt" 2> /dev/null || true
done
cp "$work/retrain.log" "$work/publish.log" "$out/" 2> /dev/null || true
/usr/bin/python3 - "$out/meta.json" <<EOF
import json, sys
feedback = json.loads('''$feedback''')
json.dump({"stamp": "$stamp", "command": "bench/loop/run.sh $args".strip(), "commit": "$(git -C "$root" rev-parse --short HEAD)",
           "cores": $(nproc --all), "model": "$model", "camera": "$camera", "seen": $seen, "rate": $rate,
           "unseen": $(($(wc -l < "$work/unseen.csv") - 1)), "label_delay": "2s", "window_s": $window_s,
           "min_pairs": $min_pairs, "feedback_faces": feedback["faces"], "feedback_files": feedback["files"],
           "retrain_exit": $retrain_exit, "retrain_wall_s": $wall, "retrain_user_s": $user, "retrain_sys_s": $sys,
           "retrain_cpu_s": round($user + $sys, 1), "candidate": "$candidate",
           "load_before": "$load_before", "load_after": "$(cut -d' ' -f1-3 /proc/loadavg)"},
          open(sys.argv[1], "w"), indent=1)
EOF
py summary --dir "$out"
