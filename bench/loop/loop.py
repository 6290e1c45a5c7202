#!/usr/bin/python3
"""Analyser for bench/loop/run.sh (the feedback loop): prepares the two halves of the test faces and reads back what
the job committed on the local cluster, with the chaos reader's own Avro decoding (no job classes).
  split     the first N faces of test.csv.gz (the stream shows them to the champion, they feed the retraining) and
            the rest (never trained on: the challenger shadows the champion on them), as two id,feature files
  wait      until the predictions (or shadow-predictions) topic holds a prediction for every id of a file
  windows   the champion's windowed accuracy on the first half, from the confusion topic (one tiling of the sliding
            windows, so each matched pair counts once), and per window
  feedback  how many faces the feedback store's committed part files hold (in-progress files are hidden: ".part")
  accuracy  accuracy per model version of predictions + shadow-predictions on the ids of a file, against the labels
  gate      wait for the promotion gate's decision (PROMOTED / KEPT) on the model-events topic
  summary   bench/loop/results/<stamp>/summary.md from the JSON files of the run
Every topic is read with isolation.level=read_committed. Needs Debian's python3-confluent-kafka and python3-avro.
"""
import argparse
import gzip
import io
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "chaos"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "stream"))
from reader import SingleObjectDecoder, _ms, read_labels  # noqa: E402
from swap import consume  # noqa: E402

import avro.datafile  # noqa: E402
import avro.io  # noqa: E402


def ids_of(path):
    with open(path) as f:
        next(f)
        return [line.split(",", 1)[0] for line in f if line.strip()]


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=1)
    print(json.dumps(value), file=sys.stderr)


def cmd_split(a):
    with gzip.open(a.data, "rt") as f:
        header, rows = next(f), [line for line in f if line.strip()]
    for path, part in ((a.seen, rows[:a.first]), (a.unseen, rows[a.first:])):
        with open(path, "w") as out:
            out.write(header)
            out.writelines(part)
    print(f"loop: {a.first} faces in {a.seen}, {len(rows) - a.first} in {a.unseen}", file=sys.stderr)


def cmd_wait(a):
    want = set(ids_of(a.ids))
    decoder = SingleObjectDecoder(f"{a.avro}/Prediction.avsc")
    got = consume(a.bootstrap, a.topic, decoder, enough=lambda rs: want <= {r["id"] for _, r in rs},
                  idle_s=a.timeout_s, settle_s=1.0)
    have = want & {r["id"] for _, r in got}
    print(f"loop: {a.topic}: {len(have)} of {len(want)} faces", file=sys.stderr)
    return 0 if have == want else 1


def cmd_windows(a):
    decoder = SingleObjectDecoder(f"{a.avro}/ConfusionWindow.avsc")
    windows = [w for _, w in consume(a.bootstrap, a.topic, decoder, idle_s=5.0)
               if w["modelVersion"] == a.version and w["total"] > 0 and _ms(w["windowEnd"]) <= a.until_ms]
    windows.sort(key=lambda w: _ms(w["windowStart"]))
    size = a.window_s * 1000
    # one tiling: windows whose starts are a whole window apart, from the first one with pairs
    tiling = [w for w in windows if (_ms(w["windowStart"]) - _ms(windows[0]["windowStart"])) % size == 0] if windows else []
    correct = sum(round(w["accuracy"] * w["total"]) for w in tiling)
    total = sum(w["total"] for w in tiling)
    write_json(a.out, {"version": a.version, "windows_fired": len(windows), "tiling_windows": len(tiling),
                       "pairs": total, "accuracy": correct / total if total else None,
                       "per_window": [{"start_ms": _ms(w["windowStart"]), "pairs": w["total"],
                                       "accuracy": round(w["accuracy"], 4)} for w in tiling]})


def cmd_feedback(a):
    deadline = time.time() + a.timeout_s
    while True:
        files, count = feedback_count(a.dir)
        if count >= a.expect or time.time() > deadline:
            print(json.dumps({"files": files, "faces": count}))
            return 0
        time.sleep(2)


def feedback_count(folder_root):
    """Records in the committed part files (FileSink keeps in-progress ones hidden, with a leading dot)."""
    count, files = 0, 0
    for folder, _, names in os.walk(folder_root):
        for name in names:
            if name.startswith("."):
                continue
            files += 1
            with open(os.path.join(folder, name), "rb") as f:
                count += sum(1 for _ in avro.datafile.DataFileReader(io.BytesIO(f.read()), avro.io.DatumReader()))
    return files, count


def cmd_accuracy(a):
    want = set(ids_of(a.ids))
    labels = read_labels(a.labels)
    decoder = SingleObjectDecoder(f"{a.avro}/Prediction.avsc")
    per_version = {}
    for topic in a.topics:
        for _, p in consume(a.bootstrap, topic, decoder, idle_s=5.0):
            if p["id"] in want:
                v = per_version.setdefault(f"{p['modelName']}/{p['modelVersion']}", {})
                v.setdefault(p["id"], p["label"])
    out = {v: {"faces": len(ps), "accuracy": sum(ps[i] == labels[i] for i in ps) / len(ps)}
           for v, ps in per_version.items()}
    both = set.intersection(*[set(ps) for ps in per_version.values()]) if per_version else set()
    out["_paired_faces"] = len(both)
    write_json(a.out, out)


def cmd_gate(a):
    decoder = SingleObjectDecoder(f"{a.avro}/ModelEvent.avsc")
    deadline = time.time() + a.timeout_s
    while time.time() < deadline:
        decided = [e for _, e in consume(a.bootstrap, a.events, decoder, idle_s=2.0)
                   if e["operator"] == "gate" and e["status"] in ("PROMOTED", "KEPT")]
        if decided:
            e = decided[-1]
            write_json(a.out, {"status": e["status"], "version": e["version"], "reason": e["reason"]})
            return 0
        time.sleep(2)
    write_json(a.out, {"status": "NO DECISION", "reason": f"no gate decision within {a.timeout_s} s"})
    return 1


def load(d, name):
    path = os.path.join(d, name)
    return json.load(open(path)) if os.path.exists(path) else {}


def cmd_summary(a):
    meta, windows, retrain = load(a.dir, "meta.json"), load(a.dir, "champion-windows.json"), load(a.dir, "retrain.json")
    stream, gate = load(a.dir, "unseen-stream.json"), load(a.dir, "gate.json")
    shifted, original = load(a.dir, "compare-unseen-camera.json"), load(a.dir, "compare-unseen-original.json")
    a_sh, b_sh = shifted.get("accuracy_a"), shifted.get("accuracy_b")
    a_or, b_or = original.get("accuracy_a"), original.get("accuracy_b")
    lines = [f"# The feedback loop on one machine ({meta.get('stamp')})", "",
             f"Command: `{meta.get('command')}` at commit {meta.get('commit')}, {meta.get('cores')} cores "
             f"(load average before/after: {meta.get('load_before')} / {meta.get('load_after')}). Local cluster "
             "(JobManager, 2 TaskManagers, KRaft broker: separate processes), job with feedback.path on, the gate on.", "",
             f"1. **Champion on the new camera.** {meta.get('seen')} test faces through `replay --camera "
             f"{meta.get('camera')}` with labels {meta.get('label_delay')} later: windowed accuracy "
             f"{fmt(windows.get('accuracy'))} over {windows.get('pairs')} matched pairs "
             f"({windows.get('tiling_windows')} non-overlapping windows of {meta.get('window_s')} s); the feedback "
             f"store holds {meta.get('feedback_faces')} faces in {meta.get('feedback_files')} committed files.",
             f"2. **Retrain** (`ferstream retrain`, CPU time {meta.get('retrain_cpu_s')} s = user "
             f"{meta.get('retrain_user_s')} + system {meta.get('retrain_sys_s')}, wall {meta.get('retrain_wall_s')} s, "
             f"exit {meta.get('retrain_exit')}): **{retrain.get('decision')}**, {retrain.get('reason')}"
             + forgetting_note(retrain.get("forgetting")),
             f"3. **Shadow on unseen faces.** {meta.get('unseen')} further test faces through the same camera, "
             f"never trained on; the gate (min pairs {meta.get('min_pairs')}) decided: **{gate.get('status')}** "
             f"{gate.get('version', '')}: {gate.get('reason', '')}", "",
             "| on the unseen faces | champion | challenger | gain |", "|---|---:|---:|---:|"]
    versions = sorted((v for v in stream if not v.startswith("_")), key=lambda v: int(v.rsplit("/v", 1)[-1] or 0)
                      if v.rsplit("/v", 1)[-1].isdigit() else 0)
    if len(versions) == 2:  # the champion (older version) until the gate's decision, the challenger throughout
        (va, sa), (vb, sb) = [(v, stream[v]) for v in versions]
        lines.append(f"| stream: {va} on {sa['faces']} faces (until promoted), {vb} on {sb['faces']} | "
                     f"{fmt(sa['accuracy'])} | {fmt(sb['accuracy'])} | {fmt(diff(sb['accuracy'], sa['accuracy']))} |")
    lines += [f"| `compare --camera {meta.get('camera')}` (offline, same faces) | {fmt(a_sh)} | {fmt(b_sh)} | "
              f"{fmt(diff(b_sh, a_sh))} |",
              f"| `compare` on the original faces (no camera) | {fmt(a_or)} | {fmt(b_or)} | {fmt(diff(b_or, a_or))} |", ""]
    loss = diff(a_or, a_sh)
    recovered = diff(b_sh, a_sh) / loss if loss and b_sh is not None else None
    lines += [f"- Champion's loss to the camera on these faces: {fmt(loss)}; the challenger recovers "
              f"{fmt(recovered)} of it (target at least 0.5): **{'met' if recovered is not None and recovered >= 0.5 else 'NOT met'}**.",
              f"- On the original faces the challenger is {fmt(diff(b_or, a_or))} against the champion (target: no worse "
              f"than -0.01): **{'met' if a_or is not None and b_or is not None and b_or >= a_or - 0.01 else 'NOT met'}**.",
              f"- Retraining CPU time {meta.get('retrain_cpu_s')} s (target within 600 s): "
              f"**{'met' if meta.get('retrain_cpu_s') is not None and float(meta['retrain_cpu_s']) <= 600 else 'NOT met'}**.",
              f"- McNemar on the unseen shifted faces (offline): p = {shifted.get('mcnemar', {}).get('p_b_better')} (one-sided, B = challenger better)."]
    if retrain.get("decision") == "refused":
        lines.append("- Refused, so nothing shadowed: the 'challenger' column is the refused candidate "
                     f"({meta.get('candidate')}) scored offline, to show what the refusal kept out.")
    with open(os.path.join(a.dir, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def forgetting_note(f):
    if not f:
        return ""
    return (f" (forgetting check: {f['faces']} original faces outside the replay, champion {fmt(f['championAccuracy'])}, "
            f"candidate {fmt(f['candidateAccuracy'])}, {fmt(f['candidateAccuracy'] - f['championAccuracy'])} against "
            f"at most -{f['maxForgetting']})")


def fmt(x):
    return "-" if x is None else f"{x:.4f}" if isinstance(x, float) else str(x)


def diff(x, y):
    return None if x is None or y is None else x - y


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("split")
    s.add_argument("--data", required=True)
    s.add_argument("--first", type=int, required=True)
    s.add_argument("--seen", required=True)
    s.add_argument("--unseen", required=True)
    for name in ("wait", "windows", "accuracy", "gate"):
        s = sub.add_parser(name)
        s.add_argument("--bootstrap", required=True)
        s.add_argument("--avro", required=True)
        s.add_argument("--out")
        s.add_argument("--timeout-s", type=float, default=600)
    sub.choices["wait"].add_argument("--topic", required=True)
    sub.choices["wait"].add_argument("--ids", required=True)
    sub.choices["windows"].add_argument("--topic", required=True)
    sub.choices["windows"].add_argument("--version", required=True)
    sub.choices["windows"].add_argument("--window-s", type=int, required=True)
    sub.choices["windows"].add_argument("--until-ms", type=int, required=True,
                                        help="only windows that end by then (event time): the phase's own")
    sub.choices["accuracy"].add_argument("--topics", nargs="+", required=True)
    sub.choices["accuracy"].add_argument("--ids", required=True)
    sub.choices["accuracy"].add_argument("--labels", required=True)
    sub.choices["gate"].add_argument("--events", required=True)
    s = sub.add_parser("feedback")
    s.add_argument("--dir", required=True)
    s.add_argument("--expect", type=int, default=0, help="wait until the committed files hold this many faces")
    s.add_argument("--timeout-s", type=float, default=120)
    s = sub.add_parser("summary")
    s.add_argument("--dir", required=True)
    a = p.parse_args()
    return {"split": cmd_split, "wait": cmd_wait, "windows": cmd_windows, "feedback": cmd_feedback,
            "accuracy": cmd_accuracy, "gate": cmd_gate, "summary": cmd_summary}[a.cmd](a) or 0


if __name__ == "__main__":
    sys.exit(main())
