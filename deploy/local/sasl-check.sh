#!/usr/bin/env bash
# The job on the local cluster with a SASL_PLAINTEXT (PLAIN) broker: refused at start without credentials, working
# with them, and the output readable only with them.
#
#   deploy/local/sasl-check.sh [--faces N] [--model DIR]
#
# Starts deploy/local/cluster.sh with CLUSTER_KAFKA_SASL (one TaskManager), then:
#   1. submits the job without credentials: the submission must fail with the start check's one line;
#   2. submits it as `cluster submit` does (client.properties as --kafka-config);
#   3. replays N faces with `ferstream replay --kafka-config`;
#   4. counts the committed predictions with Kafka's console consumer (read_committed) with the same file, and
#      checks that the same consumer without it reads nothing.
# Exit 0 only when all four hold. Stops the cluster at the end. Other CLUSTER_* settings (ports) are passed through.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
faces=200 model="$root/models/hw3-dnn"
while [ $# -gt 0 ]; do
  case "$1" in
    --faces) faces="$2"; shift 2 ;;
    --model) model="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "sasl-check: unknown option '$1' (--faces, --model)" >&2; exit 2 ;;
  esac
done
export FERSTREAM_CLUSTER_DIR="${FERSTREAM_CLUSTER_DIR:-$root/target/local-cluster}"
export CLUSTER_KAFKA_SASL="${CLUSTER_KAFKA_SASL:-ferstream:sasl-check-$RANDOM$RANDOM}"
export CLUSTER_TASKMANAGERS="${CLUSTER_TASKMANAGERS:-1}"
cluster="$root/deploy/local/cluster.sh"
dist="$FERSTREAM_CLUSTER_DIR"
broker="127.0.0.1:${CLUSTER_KAFKA_PORT:-9092}"
data="${FERSTREAM_DATA:-$root/../shared/data/fer2013}"
[ -f "$data/test.csv.gz" ] || data="$root/data/fer2013"
fail=0
check() { if [ "$1" = ok ]; then echo "sasl-check: ok: $2"; else echo "sasl-check: FAILED: $2" >&2; fail=1; fi; }
committed() {  # [client.properties]: committed records in predictions, by Kafka's own console consumer
  local auth=()
  [ $# -gt 0 ] && auth=(--consumer.config "$1")
  timeout 60 java -Dlog4j2.configurationFile=file:"$dist/conf/log4j-cli.properties" -cp "$dist/kafka/libs/*" \
    org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$broker" "${auth[@]}" --topic predictions \
    --consumer-property isolation.level=read_committed --from-beginning --timeout-ms 15000 --property print.value=false \
    2>&1 > /dev/null | sed -n 's/^Processed a total of \([0-9]*\) messages/\1/p'
}
trap '"$cluster" down > /dev/null 2>&1 || true' EXIT

"$cluster" down > /dev/null 2>&1 || true
"$cluster" up
[ -f "$dist/client.properties" ] || { echo "sasl-check: cluster.sh wrote no client.properties" >&2; exit 1; }

"$cluster" topics
refused="$("$cluster" flink run -d "$root/jobs/target/ferstream-jobs-flink.jar" --config "$root/deploy/local/job.properties" \
  -D "bootstrap.servers=$broker" -D "model.path=$model" 2>&1 | grep -m1 -o 'kafka at .*' || true)"
echo "sasl-check: without credentials: $refused"
[[ "$refused" == "kafka at $broker: no Kafka answer over PLAINTEXT within 10 s"*"set kafka.security.protocol, kafka.sasl.mechanism and kafka.sasl.jaas.config, or --kafka-config" ]] \
  && check ok "submission without credentials refused in one line" || check failed "submission without credentials: '$refused'"

"$cluster" submit -D "model.path=$model" -D parallelism=1 -D "sink.transactional-id-prefix=sasl-check-$RANDOM"
for _ in $(seq 120); do [ -n "$("$cluster" job)" ] && grep -qs "loaded model" "$dist"/log/taskmanager-*.log && break; sleep 1; done
[ -n "$("$cluster" job)" ] && check ok "job running with --kafka-config $dist/client.properties" || check failed "job not running"

"$root/ferstream" replay --kafka-config "$dist/client.properties" --data "$data" --limit "$faces" --rate 50 --label-delay 1s
for _ in $(seq 12); do [ "$(committed "$dist/client.properties")" = "$faces" ] && break; sleep 5; done
with="$(committed "$dist/client.properties")"
without="$(committed || true)"
echo "sasl-check: committed predictions read with credentials: ${with:-none}; without: ${without:-none}"
[ "$with" = "$faces" ] && check ok "$faces faces, $with predictions" || check failed "$faces faces, ${with:-no} predictions"
[ "${without:-0}" = 0 ] && check ok "nothing readable without credentials" || check failed "read $without without credentials"
exit "$fail"
