#!/usr/bin/env bash
# One full-speed demo run (issue 24, item 5: sustained >= 90% of raw batched inference with the demo's defaults) with
# where its CPU went: `ferstream demo --rate 0 --raw-bench` on MODEL_DIR, and cpu_by_thread.py sampling the demo's
# threads until it exits. Writes NAME.json (the demo's summary), NAME.log and cpu-NAME.txt into OUT_DIR and prints the
# ratio. Extra arguments go to the demo, e.g. --data ../shared/data/fer2013/train.csv.gz --limit 12000 (a longer run:
# the 3,589 test faces are classified in ~12 s, mostly JIT warm-up) or -D saliency.nice=0.
# Usage: bench/stream/fullspeed.sh OUT_DIR NAME [MODEL_DIR] [demo args...]     (MODEL_DIR default models/fer-vgg)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: fullspeed.sh OUT_DIR NAME [MODEL_DIR] [demo args...]}"
name="${2:?usage: fullspeed.sh OUT_DIR NAME [MODEL_DIR] [demo args...]}"
shift 2
model="models/fer-vgg"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then model="$1"; shift; fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$root"
./ferstream demo --model "$model" --rate 0 --raw-bench --no-live --web-port 0 \
    --json-summary "$out/$name.json" "$@" > "$out/$name.log" 2>&1 &
launcher=$!
# the launcher execs java, so its pid is the JVM's once the exec has happened
for _ in $(seq 50); do [ "$(cat /proc/$launcher/comm 2>/dev/null)" = java ] && break; sleep 0.1; done
python3 "$root/bench/stream/cpu_by_thread.py" "$launcher" > "$out/cpu-$name.txt"
wait "$launcher"
python3 - "$out/$name.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
raw, sustained = s['raw_batched_faces_per_second'], s['sustained_faces_per_second']
print(f"{sys.argv[1]}: {s['images']} faces, raw batched {raw:.1f} faces/s, sustained {sustained:.1f} "
      f"({sustained / raw:.0%}), end to end {s['faces_per_second']:.1f} ({s['faces_per_second'] / raw:.0%}); "
      f"saliency maps {s['saliency_maps']}, shed {s['saliency_shed']}; accuracy {s['accuracy']:.4f}")
PY
