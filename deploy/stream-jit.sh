# Sourced by the launcher (./ferstream, its streaming commands) and deploy/local/cluster.sh (its TaskManagers): the
# JIT of the JVMs that run the stream, in one place. C1 only (-XX:TieredStopAtLevel=1) by default: a stream's CPU goes
# to native inference (ONNX Runtime, oneDNN) and the Java around it is glue that C2 barely speeds up, while C2's
# compiling of Kafka, Flink and Avro took 9-21% of 2 cores from the classifiers, all through a demo run. Measured
# (bench/stream/results/20261205T0225Z-jit): fer-vgg at full speed sustained 78-82% -> 90-97% of raw batched on the
# test faces, 86-87% -> 87-93% over 28,709; hw3-cnn 62-63% -> 87-94%; the classify threads' own CPU about the same;
# the local cluster 193-259 -> 298-305 faces/s (bench/scale/results/20261205T0325Z-jit).
# FERSTREAM_STREAM_JIT=tiered gives C2 back.
#   stream_jit_flags WHO   prints the JVM flags, or one line naming WHO and the bad value to stderr and returns 2
stream_jit_flags() {
  case "${FERSTREAM_STREAM_JIT:-c1}" in
    c1) echo "-XX:TieredStopAtLevel=1" ;;
    tiered) echo "" ;;
    *) echo "$1: FERSTREAM_STREAM_JIT is '${FERSTREAM_STREAM_JIT}'; use c1 (the default) or tiered" >&2; return 2 ;;
  esac
}
