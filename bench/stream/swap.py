#!/usr/bin/python3
"""Analyser for bench/stream/swap.sh: reads what the job committed on the local cluster, with the chaos reader's own
Avro decoding (bench/chaos/reader.py, no job classes), and turns it into figures.

  ready       wait until every classify subtask reported the wanted statuses on the model-events topic
  throughput  sustained faces/s of one backlog read at full speed (+ the shadow-predictions count)
  swap        gaps, latency before/after the swap decision, versions over time, exactly-once, load seconds
  prom        TaskManager CPU and GC around the swap, from the cluster's Prometheus
  summary     bench/stream/results/<stamp>-swap/summary.md from the JSON files of the three phases

Every topic is read with isolation.level=read_committed, from offset 0 of every partition.
Needs Debian's python3-confluent-kafka and python3-avro (run with /usr/bin/python3).
"""
import argparse
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "chaos"))
from reader import SingleObjectDecoder, _ms  # noqa: E402  (the chaos reader's own Avro decoding)
from confluent_kafka import Consumer, KafkaError, TopicPartition  # noqa: E402


def consume(bootstrap, topic, decoder, enough=None, idle_s=10.0, settle_s=2.0):
    """Committed records of a topic: [(kafka timestamp ms, value)]. Reads until enough(records) holds and then
    settle_s more without a record (late duplicates would show), or until nothing arrives for idle_s."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"swap-bench-{time.time_ns()}",
                         "isolation.level": "read_committed", "enable.auto.commit": False})
    parts = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    consumer.assign([TopicPartition(topic, p, 0) for p in parts])
    out, last, done = [], time.time(), False
    while time.time() - last < (settle_s if done else idle_s):
        msg = consumer.poll(0.2)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() != KafkaError._PARTITION_EOF:
                raise RuntimeError(f"{topic}: {msg.error()}")
            continue
        out.append((msg.timestamp()[1], decoder.decode(msg.value())))
        last = time.time()
        done = done or (enough is not None and enough(out))
    consumer.close()
    return out


def percentile(values, q):
    """Nearest-rank percentile (q in 0..100) of a non-empty list; None for an empty one."""
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q / 100.0 * len(s)) - 1))]


def distinct_at_least(n):
    return lambda records: len({r["id"] for _, r in records}) >= n


# ---- ready --------------------------------------------------------------------------------------------------------

def cmd_ready(a):
    decoder = SingleObjectDecoder(f"{a.avro}/ModelEvent.avsc")
    wanted = {(s, i) for s in a.status for i in range(a.parallelism)}
    deadline = time.time() + a.timeout_s
    while time.time() < deadline:
        events = [e for _, e in consume(a.bootstrap, a.events, decoder, idle_s=1.0)]
        seen = {(e["status"], e["subtask"]) for e in events if e["operator"] == "classify"
                and (a.name is None or e["name"] == a.name or e["status"] != "SERVING")}
        rejected = [e for e in events if e["status"] == "REJECTED"]
        if rejected:
            print(f"swap: a version was rejected: {rejected[0]['name']}/{rejected[0]['version']}: "
                  f"{rejected[0]['reason']}", file=sys.stderr)
            return 1
        if wanted <= seen:
            loads = ", ".join(f"{e['operator']} {e['subtask']} {e['status']} {e['name']}/{e['version']} "
                              f"{e['loadSeconds']:.1f} s" for e in events if e["loadSeconds"] > 0)
            print(f"swap: ready on {a.events}: {loads}", file=sys.stderr)
            return 0
        time.sleep(2)
    print(f"swap: {a.events}: classify subtasks not {'/'.join(a.status)} after {a.timeout_s:.0f} s", file=sys.stderr)
    return 1


# ---- throughput ---------------------------------------------------------------------------------------------------

def cmd_throughput(a):
    decoder = SingleObjectDecoder(f"{a.avro}/Prediction.avsc")
    preds = [p for _, p in consume(a.bootstrap, a.predictions, decoder, distinct_at_least(a.expect), idle_s=a.idle_s)]
    times = sorted(_ms(p["processedAt"]) for p in preds)
    seconds = (times[-1] - times[0]) / 1000.0 if len(times) > 1 else float("nan")
    lo, hi = percentile(times, 10), percentile(times, 90)
    middle = [t for t in times if lo <= t <= hi]
    result = {"run": a.label, "predictions": len(preds), "distinct": len({p["id"] for p in preds}),
              "seconds": round(seconds, 2), "faces_per_s": round(len(preds) / seconds, 1) if seconds else None,
              "middle80_faces_per_s": round(len(middle) / ((hi - lo) / 1000.0), 1) if hi > lo else None,
              "models": sorted({f"{p['modelName']}/{p['modelVersion']}" for p in preds})}
    if a.shadow:
        shadow = [p for _, p in consume(a.bootstrap, a.shadow, decoder, distinct_at_least(a.expect), idle_s=15)]
        result.update(shadow_predictions=len(shadow), shadow_distinct=len({p["id"] for p in shadow}),
                      shadow_models=sorted({f"{p['modelName']}/{p['modelVersion']}" for p in shadow}))
    write_json(a.out, result)
    print(f"swap: {a.label}: {result['predictions']} predictions in {seconds:.1f} s = {result['faces_per_s']} faces/s"
          + (f", {result['shadow_predictions']} shadow predictions" if a.shadow else ""), file=sys.stderr)
    return 0


# ---- swap ---------------------------------------------------------------------------------------------------------

def cmd_swap(a):
    updates = [u for _, u in consume(a.bootstrap, a.models, SingleObjectDecoder(f"{a.avro}/ModelUpdate.avsc"),
                                     idle_s=3)]
    decision = [u for u in updates if u["name"] == a.to_model and u["role"] == "CHAMPION"]
    if not decision:
        print(f"swap: no CHAMPION decision for {a.to_model} on {a.models}", file=sys.stderr)
        return 1
    t_swap = _ms(decision[-1]["decidedAt"])
    preds = [p for _, p in consume(a.bootstrap, a.predictions, SingleObjectDecoder(f"{a.avro}/Prediction.avsc"),
                                   distinct_at_least(a.expect), idle_s=a.idle_s)]
    faces = consume(a.bootstrap, a.faces, SingleObjectDecoder(f"{a.avro}/FaceImage.avsc"), idle_s=3)
    events = [e for _, e in consume(a.bootstrap, a.events, SingleObjectDecoder(f"{a.avro}/ModelEvent.avsc"),
                                    idle_s=3)]
    t0 = min(_ms(p["eventTime"]) for p in preds)
    # steady: from the first face + warm-up until the publish command starts (its JVM shares the cores);
    # publishing: while it runs; after: the after_s seconds from the decision on
    steady = (t0 + a.warmup_s * 1000, min(a.publish_started_ms, t_swap))
    publishing = (steady[1], t_swap)
    after = (t_swap, t_swap + a.after_s * 1000)
    rel = lambda w: [round((x - t_swap) / 1000, 1) for x in w]  # noqa: E731
    result = {
        "swap_decided_at_ms": t_swap, "publish_started_ms": a.publish_started_ms,
        "first_face_event_ms": t0, "last_face_event_ms": max(_ms(p["eventTime"]) for p in preds),
        "windows_s": {"steady": rel(steady), "publishing": rel(publishing), "after_swap": rel(after)},
        "exactly_once": exactly_once(preds, a.expect),
        "latency_ms": {"steady": latency(preds, steady), "publishing": latency(preds, publishing),
                       "after_swap": latency(preds, after)},
        "gaps": gaps(preds, steady, (publishing[0], after[1]), t_swap),
        "timeline": timeline(preds, t_swap),
        "versions": versions(preds, a.from_model, a.to_model, t_swap),
        "replay": replay_lag(faces, steady, publishing, after),
        "model_events": [{"operator": e["operator"], "subtask": e["subtask"], "model": f"{e['name']}/{e['version']}",
                          "status": e["status"], "load_s": round(e["loadSeconds"], 2),
                          "at_s": round((_ms(e["time"]) - t_swap) / 1000.0, 2), "reason": e["reason"]}
                         for e in events],
    }
    steady_p99 = result["latency_ms"]["steady"]["p99"]
    after_p99 = result["latency_ms"]["after_swap"]["p99"]
    result["targets"] = {
        "no_gap_over_1s_around_swap": result["gaps"]["around_swap"]["longest_s"] <= 1.0,
        "p99_after_within_2x_steady": bool(steady_p99 and after_p99 is not None and after_p99 <= 2 * steady_p99),
        "p99_ratio": round(after_p99 / steady_p99, 2) if steady_p99 and after_p99 is not None else None,
    }
    write_json(a.out, result)
    print(json.dumps({k: result[k] for k in ("exactly_once", "latency_ms", "targets")}, indent=1), file=sys.stderr)
    return 0


def exactly_once(preds, expect):
    ids = [p["id"] for p in preds]
    distinct = set(ids)
    return {"faces_sent": expect, "predictions": len(ids), "distinct": len(distinct),
            "duplicated": len(ids) - len(distinct), "lost": expect - len(distinct & {str(i) for i in range(expect)})}


def latency(preds, window):
    """processedAt - eventTime of the faces whose eventTime falls in [start, end)."""
    lat = [_ms(p["processedAt"]) - _ms(p["eventTime"]) for p in preds if window[0] <= _ms(p["eventTime"]) < window[1]]
    return {"faces": len(lat), "p50": percentile(lat, 50), "p99": percentile(lat, 99), "max": max(lat) if lat else None}


def timeline(preds, t_swap, step_s=5, before_s=30, after_s=45):
    """Latency per 5 s of eventTime around the decision, to see when a backlog builds and drains."""
    rows = []
    for lo in range(-before_s, after_s, step_s):
        w = (t_swap + lo * 1000, t_swap + (lo + step_s) * 1000)
        l = latency(preds, w)
        rows.append({"from_s": lo, "faces": l["faces"], "p50": l["p50"], "p99": l["p99"], "max": l["max"]})
    return rows


def gaps(preds, steady, after, t_swap):
    """Pauses between consecutive predictions of the whole job (processedAt, all subtasks merged): the longest in the
    steady window, the longest that overlaps the swap (publish command start to 30 s after the decision), and the
    five longest of the run."""
    times = sorted(_ms(p["processedAt"]) for p in preds)
    pairs = list(zip(times, times[1:]))

    def longest(lo, hi):
        inside = [(b - a, a) for a, b in pairs if b > lo and a < hi]
        g, at = max(inside) if inside else (0, lo)
        return {"longest_s": round(g / 1000.0, 3), "starts_at_s": round((at - t_swap) / 1000.0, 2)}

    top = sorted(((b - a, a) for a, b in pairs), reverse=True)[:5]
    return {"steady": longest(*steady), "around_swap": longest(*after),
            "top5_run": [{"gap_s": round(g / 1000.0, 3), "starts_at_s": round((at - t_swap) / 1000.0, 2)}
                         for g, at in top]}


def versions(preds, old, new, t_swap):
    """When the new model first answered and the old one last answered, relative to the decision (processedAt)."""
    by_model = {}
    for p in preds:
        by_model.setdefault(p["modelName"], []).append(_ms(p["processedAt"]))
    first_new = min(by_model.get(new, [0]))
    last_old = max(by_model.get(old, [0]))
    rel = lambda t: round((t - t_swap) / 1000.0, 3)  # noqa: E731
    return {"counts": {m: len(v) for m, v in sorted(by_model.items())},
            "labels": sorted({f"{p['modelName']}/{p['modelVersion']}" for p in preds}),
            "first_new_s": rel(first_new) if new in by_model else None,
            "last_new_s": rel(max(by_model[new])) if new in by_model else None,
            "last_old_s": rel(last_old) if old in by_model else None,
            "old_after_first_new": sum(1 for t in by_model.get(old, []) if new in by_model and t > first_new),
            "old_after_decision": sum(1 for t in by_model.get(old, []) if t >= t_swap)}


def replay_lag(faces, steady, publishing, after):
    """How late the replay sent each face (Kafka CreateTime - eventTime): latency includes this, the job cannot help it."""
    def window(w):
        lag = [ts - _ms(f["eventTime"]) for ts, f in faces if w[0] <= _ms(f["eventTime"]) < w[1]]
        return {"faces": len(lag), "p99_ms": percentile(lag, 99), "max_ms": max(lag) if lag else None}
    return {"faces_on_topic": len(faces), "steady": window(steady), "publishing": window(publishing),
            "after_swap": window(after)}


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


# ---- prometheus ---------------------------------------------------------------------------------------------------

PROM_SERIES = {"cpu_cores": "rate(flink_taskmanager_Status_JVM_CPU_Time[10s]) / 1e9",
               "young_gc_ms_per_s": "rate(flink_taskmanager_Status_JVM_GarbageCollector_G1_Young_Generation_Time[10s])",
               "young_gcs_per_s": "rate(flink_taskmanager_Status_JVM_GarbageCollector_G1_Young_Generation_Count[10s])",
               "old_gcs": "flink_taskmanager_Status_JVM_GarbageCollector_G1_Old_Generation_Count"}


def cmd_prom(a):
    """Per TaskManager, every 5 s around the swap: CPU cores used, young GC pause time and count, old GCs (what the
    cluster's Prometheus scraped from Flink's reporter), to read a gap against what the JVMs did."""
    import urllib.parse
    import urllib.request
    t_swap = json.load(open(a.swap, encoding="utf-8"))["swap_decided_at_ms"] / 1000.0
    out = {}
    for name, query in PROM_SERIES.items():
        url = a.url + "/api/v1/query_range?" + urllib.parse.urlencode(
            {"query": query, "start": t_swap - a.before_s, "end": t_swap + a.after_s, "step": 5})
        try:
            series = json.load(urllib.request.urlopen(url, timeout=10))["data"]["result"]
        except OSError as e:
            print(f"swap: Prometheus at {a.url} did not answer ({e}); no JVM figures", file=sys.stderr)
            return 0
        for s in series:
            out.setdefault(s["metric"].get("tm_id", "?"), {})[name] = {
                f"{float(t) - t_swap:+.0f}": round(float(v), 3) for t, v in s["values"]}
    write_json(a.out, out)
    return 0


# ---- summary ------------------------------------------------------------------------------------------------------

def cmd_summary(a):
    meta = json.load(open(a.meta, encoding="utf-8"))
    solo = json.load(open(os.path.join(a.dir, "throughput-solo.json"), encoding="utf-8"))
    shadow = json.load(open(os.path.join(a.dir, "throughput-shadow.json"), encoding="utf-8"))
    swap = json.load(open(os.path.join(a.dir, "swap.json"), encoding="utf-8"))
    lines = [f"# Hot swap under load and the cost of shadow scoring ({meta['stamp']})", ""]
    lines += [f"Command: `{meta['command']}` at commit {meta['commit']}, on {meta['cores']} cores shared with other "
              "engineers' builds and tests (local cluster: JobManager, 2 TaskManagers x 2 slots, KRaft broker, all "
              f"separate processes). Job: parallelism {meta['parallelism']}, batch {meta['batch']}, saliency.rate=0, "
              "checkpoints every 5 s, exactly-once sinks. Outputs read back read_committed and decoded independently "
              "(bench/chaos/reader.py's decoder).", ""]
    lines += ["Load average (1/5/15 min) around each phase:", "", "| phase | before | after |", "|---|---|---|"]
    for phase in ("solo", "shadow", "swap"):
        lines.append(f"| {phase} | {meta['load'][phase + '-before']} | {meta['load'][phase + '-after']} |")
    lines += ["", f"## Throughput cost of shadow scoring on every face ({meta['backlog']} test faces, backlog read at full speed)",
              "", "| job | predictions | seconds | faces/s | middle 80% faces/s | shadow predictions |",
              "|---|---:|---:|---:|---:|---:|"]
    for name, r in (("fer-vgg alone", solo), ("fer-vgg champion + fer-cnn-wide challenger, fraction 1", shadow)):
        lines.append(f"| {name} | {r['predictions']} | {r['seconds']} | {r['faces_per_s']} | {r['middle80_faces_per_s']} "
                     f"| {r.get('shadow_predictions', '-')} |")
    ratio = shadow["faces_per_s"] / solo["faces_per_s"] if solo["faces_per_s"] else float("nan")
    lines += ["", f"Ratio with shadow / alone: **{ratio:.2f}** ({100 * (1 - ratio):.0f}% fewer faces/s). "
              f"shadow-predictions = predictions: **{shadow.get('shadow_predictions') == shadow['predictions']}** "
              f"({shadow.get('shadow_predictions')} vs {shadow['predictions']}; shadow models "
              f"{', '.join(shadow.get('shadow_models', []))}).", ""]
    lines += swap_section(meta, swap)
    with open(os.path.join(a.dir, "summary.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


def swap_section(meta, s):
    lat, g, v, eo, t, w = s["latency_ms"], s["gaps"], s["versions"], s["exactly_once"], s["targets"], s["windows_s"]
    out = [f"## Swap fer-vgg -> fer-cnn-wide under load ({meta['rate']} faces/s, {meta['rate_source']})", "",
           f"{eo['faces_sent']} faces of train.csv.gz replayed at {meta['rate']} faces/s (the test split is too short "
           f"for {meta['steady']} + {meta['after']} s at this rate), labels 5 s later. `ferstream publish --role champion` "
           f"of fer-cnn-wide started {meta['steady']} s after the first face; the decision (`decidedAt` of its "
           f"ModelUpdate on the models topic) came {(s['swap_decided_at_ms'] - s['publish_started_ms']) / 1000:.1f} s "
           "later (the command's JVM start and registry copy, on the same cores). Times below are seconds relative to "
           "the decision; latency is processedAt - eventTime of the faces whose eventTime falls in the window.", "",
           "| window | from, to (s) | faces | p50 ms | p99 ms | max ms | replay lag p99 / max ms |",
           "|---|---|---:|---:|---:|---:|---|"]
    for name, key in (("steady (first face + 10 s to the publish command)", "steady"),
                      ("publish command running", "publishing"), (f"{w['after_swap'][1]:.0f} s after the decision", "after_swap")):
        l, rep = lat[key], s["replay"].get(key, {"p99_ms": "-", "max_ms": "-"})
        out.append(f"| {name} | {w[key][0]}, {w[key][1]} | {l['faces']} | {l['p50']} | {l['p99']} | {l['max']} "
                   f"| {rep['p99_ms']} / {rep['max_ms']} |")
    out += ["", f"- Longest gap between consecutive predictions (processedAt, both subtasks merged): steady "
            f"{g['steady']['longest_s']} s (at {g['steady']['starts_at_s']} s); around the swap (publish command to "
            f"{w['after_swap'][1]:.0f} s after) {g['around_swap']['longest_s']} s (at {g['around_swap']['starts_at_s']} s). "
            "Five longest of the run: " + ", ".join(f"{x['gap_s']} s at {x['starts_at_s']}" for x in g["top5_run"]) + ".",
            f"- Targets: no gap over 1 s around the swap: **{'met' if t['no_gap_over_1s_around_swap'] else 'NOT met'}**; "
            f"p99 in the {w['after_swap'][1]:.0f} s after within 2x of steady: "
            f"**{'met' if t['p99_after_within_2x_steady'] else 'NOT met'}** (ratio {t['p99_ratio']}).",
            f"- Versions: {', '.join(f'{m} {n}' for m, n in v['counts'].items())} predictions ({', '.join(v['labels'])}); "
            f"first fer-cnn-wide prediction at {v['first_new_s']} s, last at {v['last_new_s']} s; last fer-vgg "
            f"prediction at {v['last_old_s']} s; fer-vgg predictions after the first fer-cnn-wide one: "
            f"{v['old_after_first_new']} (the other subtask had not swapped yet).",
            f"- Exactly once: {eo['predictions']} predictions, {eo['distinct']} distinct faces of {eo['faces_sent']} "
            f"sent, {eo['duplicated']} duplicated, {eo['lost']} lost.", "",
            "Latency by 5 s of eventTime around the decision (ms):", "",
            "| from s | faces | p50 | p99 | max |", "|---:|---:|---:|---:|---:|"]
    out += [f"| {r['from_s']} | {r['faces']} | {r['p50']} | {r['p99']} | {r['max']} |" for r in s.get("timeline", [])]
    out += ["", "Model events (model-events topic; load s = fetch, verify, load and warm-up on the subtask's loader thread):",
            "", "| operator | subtask | model | status | load s | at s |", "|---|---:|---|---|---:|---:|"]
    for e in s["model_events"]:
        out.append(f"| {e['operator']} | {e['subtask']} | {e['model']} | {e['status']} | {e['load_s']} | {e['at_s']} |")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--bootstrap", required=True)
    common.add_argument("--avro", required=True, help="folder with the .avsc files")
    r = sub.add_parser("ready", parents=[common])
    r.add_argument("--events", required=True)
    r.add_argument("--parallelism", type=int, required=True)
    r.add_argument("--status", action="append", required=True, help="SERVING, SHADOWING (repeatable)")
    r.add_argument("--name", help="the model that must be SERVING")
    r.add_argument("--timeout-s", type=float, default=240)
    t = sub.add_parser("throughput", parents=[common])
    t.add_argument("--predictions", required=True)
    t.add_argument("--shadow")
    t.add_argument("--expect", type=int, required=True)
    t.add_argument("--label", required=True)
    t.add_argument("--idle-s", type=float, default=120)
    t.add_argument("--out", required=True)
    s = sub.add_parser("swap", parents=[common])
    for name in ("--predictions", "--models", "--events", "--faces", "--out"):
        s.add_argument(name, required=True)
    s.add_argument("--expect", type=int, required=True)
    s.add_argument("--from-model", default="fer-vgg")
    s.add_argument("--to-model", default="fer-cnn-wide")
    s.add_argument("--publish-started-ms", type=int, required=True)
    s.add_argument("--warmup-s", type=float, default=10)
    s.add_argument("--after-s", type=float, default=30)
    s.add_argument("--idle-s", type=float, default=120)
    q = sub.add_parser("prom")
    q.add_argument("--url", required=True)
    q.add_argument("--swap", required=True, help="swap.json (for the decision time)")
    q.add_argument("--before-s", type=float, default=40)
    q.add_argument("--after-s", type=float, default=40)
    q.add_argument("--out", required=True)
    m = sub.add_parser("summary")
    m.add_argument("--dir", required=True)
    m.add_argument("--meta", required=True)
    a = ap.parse_args()
    return {"ready": cmd_ready, "throughput": cmd_throughput, "swap": cmd_swap, "prom": cmd_prom,
            "summary": cmd_summary}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
