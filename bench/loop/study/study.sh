#!/usr/bin/env bash
# The offline forgetting study behind retrain's defaults (README.md here): fine-tunes fer-vgg from a loop run's
# champion on that run's feedback training part and a replay sample, then scores it on the run's unseen faces with
# BatchNorm statistics from several mixes.
#   [REPLAY=one|distill|cameras] bench/loop/study/study.sh LOOP_WORK NAME REPLAY_N CAMERAS_P BN_MODES -- TRAIN OPTIONS...
# REPLAY (default one): one replay file with the camera part shifted once; distill: the replay as two files (plain,
# shifted once), the champion teaching the plain one (--distill-data 2); cameras: two files, the camera part clean and
# shifted per draw (--camera-data 3), the champion teaching both (--distill-data 2,3). Add --distill-weight W to the
# train options for the last two.
# e.g. study.sh /tmp/ferstream-loop-20261203T2311Z e3 3218 0.5 orig,mix20,mix33 -- --epochs 3 --lr 5e-5 \
#        --augment standard --label-smoothing 0.1
# Figures go to $STUDY_OUT/NAME.out (default STUDY_OUT=/tmp/ferstream-study).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$1" name="$2" n="$3" p="$4" modes="$5"; shift 6
export STUDY_OUT="${STUDY_OUT:-/tmp/ferstream-study}" FER_DATA="${FER_DATA:-$root/../shared/data/fer2013}"
mkdir -p "$STUDY_OUT/classes"
cp="$root/training/target/ferstream-training.jar"
v1="$work/registry/fer-vgg/v1"
javac -cp "$cp" -d "$STUDY_OUT/classes" "$root"/bench/loop/study/*.java
jitter() { java -cp "$cp:$STUDY_OUT/classes" Jitter "$@"; }
replay="$STUDY_OUT/replay-$n-$p"
case "${REPLAY:-one}" in
  one) jitter "$replay.csv" "$n" "$p"; data=(--data "$replay.csv") ;;
  distill) jitter "$replay-plain.csv" "$n" "$p" "$replay-cam.csv"
    data=(--data "$replay-plain.csv" --data "$replay-cam.csv" --distill "$v1" --distill-data 2) ;;
  cameras) JITTER_CLEAN=1 jitter "$replay-plain.csv" "$n" "$p" "$replay-clean.csv"
    data=(--data "$replay-plain.csv" --data "$replay-clean.csv" --distill "$v1" --distill-data 2,3 --camera-data 3) ;;
  *) echo "study: REPLAY must be one, distill or cameras" >&2; exit 2 ;;
esac
jitter "$STUDY_OUT/replay-plain.csv" 2414 0
rm -rf "${STUDY_OUT:?}/$name"
/usr/bin/time -f "cpu %U+%S wall %e" "$root/ferstream" train --arch fer-vgg --init-from "$v1" \
  --out "$STUDY_OUT/$name" --data "$work/retrain/train.csv" "${data[@]}" --seed 42 \
  --val-fraction 0 --patience 0 --batch-size 64 "$@" > "$STUDY_OUT/$name.train.log" 2>&1
tail -1 "$STUDY_OUT/$name.train.log" > "$STUDY_OUT/$name.out"
java -Xmx6g -cp "$cp:$STUDY_OUT/classes" Bn "$work" "$STUDY_OUT/$name" "$modes" >> "$STUDY_OUT/$name.out"
cat "$STUDY_OUT/$name.out"
