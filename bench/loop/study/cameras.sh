#!/usr/bin/env bash
# distill.sh with the camera part of the replay written clean and shown through a new random camera each time it is
# drawn (--camera-data 3), the champion teaching both replay parts on the clean faces (--distill-data 2,3).
#   bench/loop/study/cameras.sh LOOP_WORK NAME REPLAY_N CAMERAS_P BN_MODES -- TRAIN OPTIONS...
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$1" name="$2" n="$3" p="$4" modes="$5"; shift 6
export STUDY_OUT="${STUDY_OUT:-/tmp/ferstream-study}" FER_DATA="${FER_DATA:-$root/../shared/data/fer2013}"
mkdir -p "$STUDY_OUT/classes"
cp="$root/training/target/ferstream-training.jar"
javac -cp "$cp" -d "$STUDY_OUT/classes" "$root"/bench/loop/study/*.java
JITTER_CLEAN=1 java -cp "$cp:$STUDY_OUT/classes" Jitter "$STUDY_OUT/replay-$n-$p-plain.csv" "$n" "$p" \
  "$STUDY_OUT/replay-$n-$p-clean.csv"
java -cp "$cp:$STUDY_OUT/classes" Jitter "$STUDY_OUT/replay-plain.csv" 2414 0
rm -rf "${STUDY_OUT:?}/$name"
v1="$work/registry/fer-vgg/v1"
/usr/bin/time -f "cpu %U+%S wall %e" "$root/ferstream" train --arch fer-vgg --init-from "$v1" --distill "$v1" \
  --distill-data 2,3 --camera-data 3 --out "$STUDY_OUT/$name" --data "$work/retrain/train.csv" --data "$STUDY_OUT/replay-$n-$p-plain.csv" \
  --data "$STUDY_OUT/replay-$n-$p-clean.csv" --seed 42 --val-fraction 0 --patience 0 --batch-size 64 "$@" \
  > "$STUDY_OUT/$name.train.log" 2>&1
tail -1 "$STUDY_OUT/$name.train.log" > "$STUDY_OUT/$name.out"
java -Xmx6g -cp "$cp:$STUDY_OUT/classes" Bn "$work" "$STUDY_OUT/$name" "$modes" >> "$STUDY_OUT/$name.out"
cat "$STUDY_OUT/$name.out"
