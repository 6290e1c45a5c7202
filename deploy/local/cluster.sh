#!/usr/bin/env bash
# A real Flink cluster on one machine, from Maven artifacts: a JobManager, TaskManagers and a KRaft Kafka broker as
# separate processes, and Debian's Prometheus scraping them. No MiniCluster, no embedded broker, no Docker.
#
#   deploy/local/cluster.sh up                 assemble (first time) and start broker, JobManager, 2 TaskManagers, Prometheus
#   deploy/local/cluster.sh submit [-s SAVEPOINT] [-D k=v]...  create the topics, submit the job jar with Flink's client
#   deploy/local/cluster.sh status             processes (by PID), the REST overview, the jobs
#   deploy/local/cluster.sh topics [NAME:PARTITIONS]...  create the job's topics (or these) if missing
#   deploy/local/cluster.sh down               stop everything this script started, by PID
#   deploy/local/cluster.sh kill|start NAME    kill -9 / start one process (jobmanager, taskmanager-N, kafka, prometheus)
#   deploy/local/cluster.sh where OPERATOR     the TaskManager running an operator of the job (e.g. classify)
#   deploy/local/cluster.sh job                the running job's id
#   deploy/local/cluster.sh flink ARGS...      Flink's command line (CliFrontend) against this cluster
#
# Why assemble instead of download: flink-dist is not on Maven Central, but everything a distribution's lib/ holds
# is; resolving them from deploy/local/pom.xml gives the cluster the job's own Flink version. The job's native stack
# (jobs/target/flink-lib: ND4J, JavaCPP, oneDNN) goes into lib/ because native libraries load once per JVM, so the
# parent class loader must own them (conf: classloader.parent-first-patterns.additional).
#
# Environment: FERSTREAM_CLUSTER_DIR (default target/local-cluster), CLUSTER_TASKMANAGERS (2), CLUSTER_SLOTS (2 per
# TaskManager), CLUSTER_REST_PORT (8081), CLUSTER_KAFKA_PORT (9092; the controller takes the next port),
# CLUSTER_PROMETHEUS_PORT (9090), CLUSTER_METRICS_PORTS (9249-9259), CLUSTER_RPC_PORT (6123, the JobManager's RPC),
# FERSTREAM_STREAM_JIT (c1: the TaskManagers' JIT, as the launcher's; tiered for C2 too).
# Every service binds to 127.0.0.1 except Flink's Prometheus reporter, which has no bind option.
#
# Credentials: CLUSTER_KAFKA_SASL=user:password when the broker is created (the first `up` after `down`) gives it a
# SASL_PLAINTEXT listener (mechanism PLAIN, that one user) for clients instead of the plaintext one; the controller
# listener stays PLAINTEXT. The client settings are written to $FERSTREAM_CLUSTER_DIR/client.properties (mode 600),
# which `submit` passes to the job as --kafka-config and the script's own Kafka tools use; give it to
# `ferstream replay|dashboard --kafka-config` too. Unset (the default), everything is plaintext, as before.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dist="${FERSTREAM_CLUSTER_DIR:-$root/target/local-cluster}"
tms="${CLUSTER_TASKMANAGERS:-2}"
slots="${CLUSTER_SLOTS:-2}"
rest_port="${CLUSTER_REST_PORT:-8081}"
kafka_port="${CLUSTER_KAFKA_PORT:-9092}"
prom_port="${CLUSTER_PROMETHEUS_PORT:-9090}"
metrics_ports="${CLUSTER_METRICS_PORTS:-9249-9259}"
rpc_port="${CLUSTER_RPC_PORT:-6123}"
kafka_sasl="${CLUSTER_KAFKA_SASL:-}"
# The TaskManagers' JIT, as the launcher's streaming commands (deploy/stream-jit.sh: C1 only unless
# FERSTREAM_STREAM_JIT=tiered)
source "$root/deploy/stream-jit.sh"
tm_jit="$(stream_jit_flags cluster)" || exit 2
run="$dist/run"
client_props="$dist/client.properties"  # present while the broker wants SASL credentials

log() { echo "cluster: $*" >&2; }
# Quiet Maven, as the launcher runs it: jansi.noreset, or Debian's Maven 3.8 writes colour resets even with -q -B.
mvn_quiet() { MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -q -B "$@"; }
die() { echo "cluster: $*" >&2; exit 1; }

# ---- assembly -------------------------------------------------------------------------------------------------

job_jar() { echo "$root/jobs/target/ferstream-jobs-flink.jar"; }

# The distribution with the job's native stack as built now.
assemble() {
  assemble_distribution
  sync_job_lib
}

assemble_distribution() {
  # again when deploy/local/pom.xml changed since (a distribution assembled before flink-connector-files was added
  # made the client fail on the feedback store's FileSink with NoClassDefFoundError)
  # (and when it predates .job-lib, the list sync_job_lib keeps)
  [ -f "$dist/.assembled" ] && [ "$dist/.assembled" -nt "$root/deploy/local/pom.xml" ] && [ -f "$dist/.job-lib" ] \
    && return 0
  command -v mvn > /dev/null || die "mvn not found: Maven 3.8+ assembles the cluster from Maven Central"
  if [ ! -f "$(job_jar)" ] || [ ! -d "$root/jobs/target/flink-lib" ]; then
    log "building the job (mvn -q package -DskipTests -pl jobs -am) ..."
    (cd "$root" && mvn_quiet package -DskipTests -pl jobs -am) >&2
  fi
  log "assembling a Flink $(flink_version) distribution in $dist ..."
  rm -rf "$dist/lib" "$dist/plugins" "$dist/kafka"
  mkdir -p "$dist/lib" "$dist/plugins/metrics-prometheus" "$dist/kafka/libs" "$dist/conf" "$dist/log" "$run"
  copy_deps flink "$dist/lib"
  copy_deps prometheus "$dist/plugins/metrics-prometheus"
  copy_deps kafka "$dist/kafka/libs"
  touch "$dist/.assembled"
}

# The job's native stack as built now (jobs/target/flink-lib: ND4J, JavaCPP, oneDNN, ONNX Runtime) into lib/. The jars
# the last sync copied (listed in .job-lib) go first, so an upgraded library (onnxruntime 1.22.0 -> 1.29.0) does not
# stay beside its new version on the TaskManagers' classpath, where the older one could win.
sync_job_lib() {
  local jar
  if [ -f "$dist/.job-lib" ]; then
    while read -r jar; do rm -f "$dist/lib/$jar"; done < "$dist/.job-lib"
  fi
  cp "$root"/jobs/target/flink-lib/*.jar "$dist/lib/"
  (cd "$root/jobs/target/flink-lib" && ls -- *.jar) > "$dist/.job-lib"
}

flink_version() { sed -n 's:.*<flink.version>\(.*\)</flink.version>.*:\1:p' "$root/pom.xml" | head -1; }
kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/pom.xml" | head -1; }

copy_deps() {  # profile of deploy/local/pom.xml, target folder
  mvn_quiet -f "$root/deploy/local/pom.xml" -P"$1" -Dflink.version="$(flink_version)" -Dkafka.version="$(kafka_version)" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$2" >&2 \
    || die "could not resolve the '$1' artifacts from Maven Central (see the Maven output above)"
}

write_flink_conf() {
  cat > "$dist/conf/config.yaml" <<EOF
# Written by deploy/local/cluster.sh: one machine, every endpoint on loopback.
jobmanager:
  rpc: {address: 127.0.0.1, port: $rpc_port}
  bind-host: 127.0.0.1
  memory: {process: {size: 1024m}}
taskmanager:
  host: 127.0.0.1
  bind-host: 127.0.0.1
  numberOfTaskSlots: $slots
  memory:
    process: {size: 2560m}
    # ND4J keeps its buffers off-heap, outside Flink's accounting: room for them as JVM overhead
    jvm-overhead: {min: 768m, max: 1g}
    managed: {fraction: 0.1}
rest: {address: 127.0.0.1, bind-address: 127.0.0.1, port: $rest_port}
parallelism: {default: 2}
state:
  backend: {type: rocksdb, incremental: true}
execution:
  checkpointing:
    interval: 5s
    mode: EXACTLY_ONCE
    dir: file://$dist/checkpoints
    savepoint-dir: file://$dist/savepoints
    externalized-checkpoint-retention: RETAIN_ON_CANCELLATION
restart-strategy: {type: fixed-delay, fixed-delay: {attempts: 1000, delay: 2s}}
heartbeat: {interval: 2s, timeout: 10s}
classloader:
  parent-first-patterns: {additional: org.nd4j.;org.bytedeco.;ai.onnxruntime.}
env:
  java:
    opts:
      # -Xmn48m: young GCs free the native buffers of dead INDArrays; helpers.disable=false turns oneDNN on
      taskmanager: -Dorg.eclipse.deeplearning4j.helpers.disable=false -Xmn48m
metrics:
  reporter:
    prom:
      factory: {class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory}
      # the reporter has no bind-address option: it listens on every interface (the rest binds to 127.0.0.1)
      port: $metrics_ports
      interval: 5 s
EOF
  cat > "$dist/conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
EOF
  cat > "$dist/conf/log4j-cli.properties" <<'EOF'
rootLogger.level = WARN
rootLogger.appenderRef.console.ref = ConsoleAppender
appender.console.name = ConsoleAppender
appender.console.type = Console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %-5p %c{1} - %m%n
# the client probes for YARN's command line and logs a stack trace when it is absent, as it is in any non-YARN setup
logger.cli.name = org.apache.flink.client.cli.CliFrontend
logger.cli.level = ERROR
EOF
}

# ---- processes ------------------------------------------------------------------------------------------------

pid_of() { cat "$run/$1.pid" 2> /dev/null || true; }
alive() { local p; p="$(pid_of "$1")"; [ -n "$p" ] && kill -0 "$p" 2> /dev/null; }

spawn() {  # name, command...: start in the background, record the PID
  local name="$1"; shift
  alive "$name" && { log "$name already running (pid $(pid_of "$name"))"; return 0; }
  nohup "$@" > "$dist/log/$name.out" 2>&1 &
  echo $! > "$run/$name.pid"
  log "started $name (pid $!)"
}

# JVM options and -D settings exactly as Flink's own scripts compute them from config.yaml (BashJavaUtils).
resource_params() {  # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  java -cp "$dist/lib/*" -Dlog4j.configurationFile=file:"$dist/conf/log4j-cli.properties" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$dist/conf" 2> /dev/null \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

start_flink_process() {  # name, entry class, resource query, extra -D settings...
  local name="$1" main="$2" params jvm dyn jit=""
  [[ "$name" == taskmanager-* ]] && jit="$tm_jit"
  params="$(resource_params "$3")"
  jvm="$(sed -n 1p <<< "$params")"
  dyn="$(sed -n 2p <<< "$params")"
  shift 3
  [ -n "$jvm" ] || die "BashJavaUtils could not size the $name from $dist/conf/config.yaml"
  # shellcheck disable=SC2086 # $jvm and $dyn are word lists by design
  FLINK_CONF_DIR="$dist/conf" FLINK_LIB_DIR="$dist/lib" FLINK_PLUGINS_DIR="$dist/plugins" \
    spawn "$name" java $jvm $jit -Xmn48m -Dorg.eclipse.deeplearning4j.helpers.disable=false \
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/java.nio=ALL-UNNAMED \
    -Dlog.file="$dist/log/$name.log" -Dlog4j.configurationFile=file:"$dist/conf/log4j.properties" \
    -cp "$dist/lib/*" "$main" --configDir "$dist/conf" $dyn "$@"
}

start_jobmanager() {
  start_flink_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS
}

start_taskmanager() {  # index; its resource id is its name, so the REST API says which process runs which task
  start_flink_process "taskmanager-$1" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS \
    -D "taskmanager.resource-id=taskmanager-$1"
}

# The broker's configuration, written once when its storage is formatted, so a restart (start kafka) keeps it.
write_kafka_props() {  # data directory
  local props="$dist/kafka/server.properties" listener=PLAINTEXT
  [ -n "$kafka_sasl" ] && listener=SASL_PLAINTEXT
  ( umask 077; cat > "$props" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((kafka_port + 1))
listeners=$listener://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$((kafka_port + 1))
advertised.listeners=$listener://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=$listener
listener.security.protocol.map=$listener:$listener,CONTROLLER:PLAINTEXT
log.dirs=$1
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
auto.create.topics.enable=false
EOF
  )
  rm -f "$client_props"
  [ -n "$kafka_sasl" ] && write_sasl_props "$props"
  return 0
}

# SASL_PLAINTEXT with PLAIN: the broker's JAAS line is a listener property (no JAAS file, no JVM -D), holding the one
# user it accepts (user_NAME) and its own identity on the inter-broker listener (the same user).
write_sasl_props() {  # server.properties
  local user="${kafka_sasl%%:*}" password="${kafka_sasl#*:}" module=org.apache.kafka.common.security.plain.PlainLoginModule
  [[ "$kafka_sasl" == *:* && "$user" =~ ^[A-Za-z0-9._-]+$ && -n "$password" ]] \
    || die "CLUSTER_KAFKA_SASL must be user:password (user of letters, digits, . _ -; a non-empty password)"
  [[ "$password" != *'"'* && "$password" != *'\'* ]] || die "CLUSTER_KAFKA_SASL: the password must not contain a quote or a backslash"
  cat >> "$1" <<EOF
sasl.enabled.mechanisms=PLAIN
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=$module required username="$user" password="$password" user_$user="$password";
EOF
  ( umask 077; cat > "$client_props" <<EOF
# Written by deploy/local/cluster.sh: the client settings of the broker at 127.0.0.1:$kafka_port (user $user).
bootstrap.servers=127.0.0.1:$kafka_port
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=$module required username="$user" password="$password";
EOF
  )
}

# The Kafka tools' --command-config when the broker wants credentials.
kafka_tool_auth() { if [ -f "$client_props" ]; then echo "--command-config $client_props"; fi; }

start_kafka() {
  local dir="$dist/kafka" props="$dist/kafka/server.properties"
  if [ ! -f "$dir/cluster.id" ]; then
    local data; data="$(mktemp -d /tmp/ferstream-kafka.XXXXXX)"
    write_kafka_props "$data"
    kafka_java kafka.tools.StorageTool random-uuid > "$dir/cluster.id"
    kafka_java kafka.tools.StorageTool format -t "$(cat "$dir/cluster.id")" -c "$props" > "$dist/log/kafka-format.out" 2>&1 \
      || die "formatting the broker's storage failed: $dist/log/kafka-format.out"
    echo "$data" > "$dir/data.dir"
  elif [ -n "$kafka_sasl" ] && [ ! -f "$client_props" ]; then
    log "CLUSTER_KAFKA_SASL ignored: the broker was created without it (down first to recreate it)"
  fi
  spawn kafka java -Xmx512m -Dlog4j2.configurationFile=file:"$dist/conf/log4j-cli.properties" \
    -cp "$dist/kafka/libs/*" kafka.Kafka "$props"
}

kafka_java() { java -Dlog4j2.configurationFile=file:"$dist/conf/log4j-cli.properties" -cp "$dist/kafka/libs/*" "$@"; }

start_prometheus() {
  command -v prometheus > /dev/null || { log "prometheus not installed (apt-get install -y prometheus): skipped"; return 0; }
  local first="${metrics_ports%-*}" last="${metrics_ports#*-}" targets="" p
  for ((p = first; p <= last; p++)); do targets="$targets'127.0.0.1:$p', "; done
  cat > "$dist/conf/prometheus.yml" <<EOF
global: {scrape_interval: 5s, evaluation_interval: 5s}
scrape_configs:
  - job_name: flink
    static_configs: [{targets: [${targets%, }]}]
EOF
  mkdir -p "$dist/prometheus-data"
  spawn prometheus prometheus --config.file="$dist/conf/prometheus.yml" --storage.tsdb.path="$dist/prometheus-data" \
    --web.listen-address="127.0.0.1:$prom_port"
}

wait_for() {  # description, seconds, command...
  local what="$1" secs="$2"; shift 2
  for ((i = 0; i < secs * 2; i++)); do "$@" > /dev/null 2>&1 && return 0; sleep 0.5; done
  die "$what not ready after ${secs}s (logs in $dist/log)"
}

# shellcheck disable=SC2046 # kafka_tool_auth is an option and its value, or nothing
kafka_ready() { kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$kafka_port" $(kafka_tool_auth) --list; }
rest_ready() { curl -sf "http://127.0.0.1:$rest_port/overview"; }
taskmanagers_registered() { [ "$(curl -sf "http://127.0.0.1:$rest_port/overview" | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p')" -ge "$1" ]; }

stop() {  # name: TERM, then KILL after 15 s
  local p; p="$(pid_of "$1")"
  [ -n "$p" ] || return 0
  if kill -0 "$p" 2> /dev/null; then
    kill "$p" 2> /dev/null || true
    for ((i = 0; i < 30; i++)); do kill -0 "$p" 2> /dev/null || break; sleep 0.5; done
    kill -0 "$p" 2> /dev/null && kill -9 "$p" 2> /dev/null || true
    log "stopped $1 (pid $p)"
  fi
  rm -f "$run/$1.pid"
}

names() { echo kafka jobmanager; for ((t = 1; t <= tms; t++)); do echo "taskmanager-$t"; done; echo prometheus; }

# ---- commands -------------------------------------------------------------------------------------------------

cmd_up() {
  assemble  # and the job's native stack as built now (e.g. a new engine or version)
  write_flink_conf  # every time, so a changed CLUSTER_* setting applies without reassembling
  start_kafka
  wait_for "the Kafka broker on 127.0.0.1:$kafka_port" 60 kafka_ready
  start_jobmanager
  wait_for "the JobManager's REST endpoint on 127.0.0.1:$rest_port" 60 rest_ready
  for ((t = 1; t <= tms; t++)); do start_taskmanager "$t"; done
  wait_for "$tms TaskManagers" 90 taskmanagers_registered "$tms"
  start_prometheus
  log "up: Flink http://127.0.0.1:$rest_port, Kafka 127.0.0.1:$kafka_port, Prometheus http://127.0.0.1:$prom_port"
  if [ -f "$client_props" ]; then
    log "Kafka wants SASL_PLAINTEXT (PLAIN) credentials: client settings in $client_props (--kafka-config FILE)"
  fi
}

cmd_topics() {  # [NAME:PARTITIONS]...: the job's default topics, or these
  local t all=(faces:4 labels:4 predictions:4 saliency:1 confusion:1 dead-letter:1 late-labels:1)
  [ $# -gt 0 ] && all=("$@")
  for t in "${all[@]}"; do
    # shellcheck disable=SC2046
    kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$kafka_port" $(kafka_tool_auth) --create --if-not-exists \
      --topic "${t%%:*}" --partitions "${t##*:}" --replication-factor 1 > /dev/null
  done
}

cmd_flink() {
  FLINK_CONF_DIR="$dist/conf" FLINK_LIB_DIR="$dist/lib" FLINK_PLUGINS_DIR="$dist/plugins" \
    java -Dlog4j.configurationFile=file:"$dist/conf/log4j-cli.properties" -Dlog.file="$dist/log/client.log" \
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    -cp "$dist/lib/*" org.apache.flink.client.cli.CliFrontend "$@"
}

cmd_submit() {  # [-s SAVEPOINT] then job settings as -D key=value
  alive jobmanager || die "the cluster is not up (deploy/local/cluster.sh up)"
  local flink_opts=() auth=()
  if [ "${1:-}" = "-s" ]; then flink_opts=(-s "$2"); shift 2; fi
  if [ -f "$client_props" ]; then auth=(--kafka-config "$client_props"); fi
  cmd_topics
  cmd_flink run -d "${flink_opts[@]}" "$(job_jar)" --config "$root/deploy/local/job.properties" "${auth[@]}" \
    -D "bootstrap.servers=127.0.0.1:$kafka_port" -D "model.path=$root/models/fer-vgg" "$@"
}

cmd_status() {
  local n
  for n in $(names); do
    if alive "$n"; then echo "$n: running (pid $(pid_of "$n"))"; else echo "$n: stopped"; fi
  done
  if rest_ready; then
    echo "overview: $(curl -sf "http://127.0.0.1:$rest_port/overview")"
    cmd_flink list 2> /dev/null || true
  fi
}

cmd_down() {
  local n
  for n in prometheus $(for ((t = tms; t >= 1; t--)); do echo "taskmanager-$t"; done) jobmanager kafka; do stop "$n"; done
  if [ -f "$dist/kafka/data.dir" ]; then rm -rf "$(cat "$dist/kafka/data.dir")" "$dist/kafka/data.dir" "$dist/kafka/cluster.id"; fi
  rm -f "$client_props"
}

cmd_job() {  # the id of the running job (empty when none), from Flink's REST API
  curl -sf "http://127.0.0.1:$rest_port/jobs/overview" | /usr/bin/python3 -c 'import json,sys
jobs=[j for j in json.load(sys.stdin)["jobs"] if j["state"]=="RUNNING"]; print(jobs[0]["jid"] if jobs else "")'
}

cmd_where() {  # VERTEX-NAME-PART: the TaskManager (by name) running the first subtask of the first matching vertex
  local job
  job="$(cmd_job)"
  [ -n "$job" ] || die "no running job"
  curl -sf "http://127.0.0.1:$rest_port/jobs/$job" | /usr/bin/python3 -c 'import json,sys,urllib.request
job=json.load(sys.stdin); part=sys.argv[1]; base=sys.argv[2]
v=[v for v in job["vertices"] if part in v["name"]]
if not v: sys.exit("no vertex named like " + part)
tms=json.load(urllib.request.urlopen(base + "/jobs/" + job["jid"] + "/vertices/" + v[0]["id"] + "/taskmanagers"))
print(tms["taskmanagers"][0]["taskmanager-id"])' "$1" "http://127.0.0.1:$rest_port"
}

cmd_kill() { local p; p="$(pid_of "$1")"; [ -n "$p" ] || die "no PID recorded for $1"; kill -9 "$p"; log "kill -9 $1 (pid $p)"; }

cmd_start() {
  case "$1" in
    kafka) start_kafka ;;
    jobmanager) start_jobmanager ;;
    taskmanager-*) start_taskmanager "${1#taskmanager-}" ;;
    prometheus) start_prometheus ;;
    *) die "unknown process '$1' (kafka, jobmanager, taskmanager-N, prometheus)" ;;
  esac
}

case "${1:-}" in
  up) cmd_up ;;
  submit) shift; cmd_submit "$@" ;;
  status) cmd_status ;;
  topics) shift; cmd_topics "$@" ;;
  down) cmd_down ;;
  kill) cmd_kill "${2:?which process}" ;;
  where) cmd_where "${2:?a part of the operator name, e.g. classify}" ;;
  job) cmd_job ;;
  start) cmd_start "${2:?which process}" ;;
  flink) shift; cmd_flink "$@" ;;
  assemble) assemble ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; [ -z "${1:-}" ] || exit 2 ;;
esac
