#!/usr/bin/env bash
# Faults on a real cluster, counted by a reader the job did not write.
#
#   bench/chaos/run.sh [--faces N] [--rate R] [--model DIR] [--upgrade DIR] [--delivery exactly-once|at-least-once] [--quick] [--check]
#
# Starts deploy/local/cluster.sh (JobManager, 2 TaskManagers, KRaft broker, Prometheus: separate processes), submits
# the job, replays N test faces at R faces/s with labels 2 s later, and meanwhile:
#   at 25% of the faces  kill -9 the TaskManager running the classifiers, then start a new one
#   at 50%               kill -9 the broker, restart it 10 s later
#   at 75%               stop the job with a savepoint and resume it from that savepoint; with --upgrade DIR, that
#                        bundle is published as the new champion between the stop and the resume (docs/lifecycle.md),
#                        so the resumed job swaps to it without another restart
# (--quick: only the TaskManager kill, for CI; --check: exit 1 unless nothing was lost or duplicated.) Then bench/chaos/reader.py reads predictions and confusion windows
# read_committed, decoding the published .avsc schemas itself, and counts lost and duplicated predictions, matched
# pairs in the windows, recovery gaps and stream accuracy; `ferstream evaluate` scores the same faces offline.
# Results: bench/chaos/results/<stamp>/ (summary.md, reader.json, marks.txt, the cluster's logs' errors).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
faces=10000 rate=20 model="$root/models/fer-vgg" upgrade="" delivery=exactly-once quick=0 check="" status=0
while [ $# -gt 0 ]; do
  case "$1" in
    --faces) faces="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --model) model="$(cd "$2" && pwd)"; shift 2 ;;
    --upgrade) upgrade="$(cd "$2" && pwd)"; shift 2 ;;
    --delivery) delivery="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --check) check=1; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "chaos: unknown option '$1' (--faces, --rate, --model, --upgrade, --delivery, --quick, --check, --out)" >&2; exit 2 ;;
  esac
done
stamp="$(date -u +%Y%m%dT%H%MZ)"
out="${out:-$root/bench/chaos/results/$stamp-$delivery}"
mkdir -p "$out"
cluster="$root/deploy/local/cluster.sh"
export FERSTREAM_CLUSTER_DIR="${FERSTREAM_CLUSTER_DIR:-$root/target/local-cluster}"
data="${FERSTREAM_DATA:-$root/../shared/data/fer2013}"
[ -f "$data/train.csv.gz" ] || data="$root/data/fer2013"
# The first N labelled faces of train.csv.gz (the test set has only 3,589), outside the repository: the replay sends
# them, the reader's labels file names them (ids are row numbers, as the CSV reader assigns them), evaluate scores them.
work="$FERSTREAM_CLUSTER_DIR/chaos-data"; mkdir -p "$work"
(zcat "$data/train.csv.gz" || true) | head -n "$((faces + 1))" > "$work/faces.csv" || true
awk -F, 'NR > 1 { print NR - 2 "," $1 } NR == 1 { print "id,label" }' "$work/faces.csv" > "$work/labels.csv"
[ "$(wc -l < "$work/labels.csv")" -eq "$((faces + 1))" ] || { echo "chaos: train.csv.gz has fewer than $faces faces" >&2; exit 2; }
marks="$out/marks.txt"; : > "$marks"
now_ms() { date +%s%3N; }
mark() { echo "$1 $(now_ms)" >> "$marks"; echo "chaos: $(date -u +%T) $1" >&2; }
job_id() { "$cluster" job 2> /dev/null || true; }
running_tm() { "$cluster" where classify; }  # the TaskManager running the classifiers (Flink's REST API)
cleanup() { "$cluster" down > /dev/null 2>&1 || true; [ -n "${replay_pid:-}" ] && kill "$replay_pid" 2> /dev/null || true; }
trap cleanup EXIT

"$cluster" down > /dev/null 2>&1 || true
rm -rf "$FERSTREAM_CLUSTER_DIR/checkpoints" "$FERSTREAM_CLUSTER_DIR/savepoints" "$FERSTREAM_CLUSTER_DIR/registry" \
  "$FERSTREAM_CLUSTER_DIR"/log/*.log
"$cluster" up
"$cluster" submit -D "sink.delivery=$delivery" -D "model.path=$model" -D "sink.transactional-id-prefix=chaos-$stamp"
for _ in $(seq 120); do [ -n "$(job_id)" ] && grep -qs "loaded model" "$FERSTREAM_CLUSTER_DIR"/log/taskmanager-*.log && break; sleep 1; done
mark submitted

"$root/ferstream" replay --bootstrap-servers 127.0.0.1:${CLUSTER_KAFKA_PORT:-9092} --data "$work/faces.csv" --rate "$rate" --label-delay 2s > "$out/replay.log" 2>&1 &
replay_pid=$!
duration=$(awk -v n="$faces" -v r="$rate" 'BEGIN { printf "%d", n / r }')
at() { awk -v d="$duration" -v f="$1" 'BEGIN { printf "%d", d * f }'; }
started=$(date +%s)
wait_until() { while [ $(( $(date +%s) - started )) -lt "$1" ]; do sleep 1; done; }

wait_until "$(at 0.25)"
victim="$(running_tm)"; "$cluster" kill "$victim"; mark "kill-9-$victim"
sleep 5; "$cluster" start "$victim"; mark "restart-$victim"
if [ "$quick" = 0 ]; then
  wait_until "$(at 0.5)"
  "$cluster" kill kafka; mark kill-9-broker
  sleep 10; "$cluster" start kafka; mark restart-broker
  wait_until "$(at 0.75)"
  id="$(job_id)"
  savepoint="$("$cluster" flink stop --savepointPath "file://$FERSTREAM_CLUSTER_DIR/savepoints" "$id" 2>&1 \
    | sed -n 's/.*Savepoint completed\. Path: \(.*\)/\1/p')"
  [ -n "$savepoint" ] || { echo "chaos: stop-with-savepoint gave no path" >&2; exit 1; }
  mark stop-with-savepoint
  echo "$savepoint" > "$out/savepoint.txt"
  if [ -n "$upgrade" ]; then
    "$root/ferstream" publish --model "$upgrade" --registry "file://$FERSTREAM_CLUSTER_DIR/registry" --name chaos \
      --role champion --bootstrap-servers 127.0.0.1:${CLUSTER_KAFKA_PORT:-9092} > "$out/publish.txt" 2>&1
    mark published-upgrade
  fi
  "$cluster" submit -s "$savepoint" -D "sink.delivery=$delivery" -D "model.path=$model" \
    -D "sink.transactional-id-prefix=chaos-$stamp"
  mark resumed-from-savepoint
fi
wait "$replay_pid"; replay_pid=""
mark replay-done
sleep 20  # the last micro-batches and a checkpoint commit the tail

/usr/bin/python3 "$root/bench/chaos/reader.py" --bootstrap 127.0.0.1:${CLUSTER_KAFKA_PORT:-9092} --avro "$root/model-lib/src/main/avro" \
  --labels "$work/labels.csv" --expect "$faces" --window-size-s 60 --window-slide-s 10 --marks "$marks" \
  --out "$out/reader.json" ${check:+--check} || status=$?
grep -h -E " ERROR " "$FERSTREAM_CLUSTER_DIR"/log/*.log | cut -c1-300 | sort | uniq -c | sort -rn | head -20 > "$out/cluster-errors.txt" || true
"$cluster" down
trap - EXIT
"$root/ferstream" evaluate --model "$model" --data "$work/faces.csv" --json \
  > "$out/evaluate.json" 2> "$out/evaluate.log" || echo "chaos: evaluate failed (see $out/evaluate.log)" >&2
if [ -n "$upgrade" ]; then
  "$root/ferstream" evaluate --model "$upgrade" --data "$work/faces.csv" --json \
    > "$out/evaluate-upgrade.json" 2> "$out/evaluate-upgrade.log" || echo "chaos: evaluate of the upgrade failed" >&2
fi
/usr/bin/python3 "$root/bench/chaos/summarize.py" "$out" "$faces" "$rate" "$delivery" "$model" "$quick" "$upgrade" \
  > "$out/summary.md"
cat "$out/summary.md"
exit "$status"
