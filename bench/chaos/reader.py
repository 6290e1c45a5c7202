#!/usr/bin/python3
"""Independent reader for the chaos run: counts what the job committed, without the job's classes.

It reads the predictions and confusion topics with isolation.level=read_committed (what a downstream consumer sees
under exactly-once), decodes Avro single-object encoding itself from the published .avsc files (CRC-64-AVRO
fingerprint of the parsing canonical form, checked per record), and compares with the faces that were sent:

  lost        faces sent that have no prediction               (target 0)
  duplicated  predictions beyond the first for a face id        (target 0)
  pairs       matched pairs counted by the confusion windows, taking one window in every size/slide so each
              pair counts once, against the predictions whose labels were sent (every matched pair once)
  accuracy    stream accuracy against the labels file
  gaps        the longest pause in prediction output (processedAt, wall clock) after each fault mark (recovery)

Usage: reader.py --bootstrap H:P --avro DIR --labels FILE --expect N [--window-size-s S --window-slide-s S]
                 [--marks FILE] [--idle-s S] [--out FILE]
Needs Debian's python3-confluent-kafka and python3-avro (run with /usr/bin/python3).
"""
import argparse
import io
import json
import struct
import sys
import time

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaError, TopicPartition

EMPTY64 = 0xC15D213AA4D7A795


def _crc64_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (EMPTY64 & -(fp & 1))
        table.append(fp)
    return table


TABLE = _crc64_table()


def crc64_avro(data: bytes) -> int:
    """The Avro specification's Rabin fingerprint (CRC-64-AVRO)."""
    fp = EMPTY64
    for b in data:
        fp = (fp >> 8) ^ TABLE[(fp ^ b) & 0xFF]
    return fp


PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")


def parsing_form(schema):
    """The specification's Parsing Canonical Form. python3-avro 1.11 leaves a primitive that had a logicalType as
    {"type":"long"}; the specification (and Java's SchemaNormalization) reduce it to "long" (rule PRIMITIVES)."""
    form = schema.canonical_form
    for p in PRIMITIVES:
        form = form.replace('{"type":"%s"}' % p, '"%s"' % p)
    return form


class SingleObjectDecoder:
    """Decodes C3 01 + 8-byte little-endian fingerprint + Avro binary body for one schema."""

    def __init__(self, avsc_path):
        with open(avsc_path, encoding="utf-8") as f:
            self.schema = avro.schema.parse(f.read())
        self.header = b"\xc3\x01" + struct.pack("<Q", crc64_avro(parsing_form(self.schema).encode("utf-8")))
        self.reader = avro.io.DatumReader(self.schema)

    def decode(self, value: bytes):
        if value[:10] != self.header:
            raise ValueError(f"not a {self.schema.name}: header {value[:10].hex()} != {self.header.hex()}")
        return self.reader.read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


def read_topic(bootstrap, topic, decoder, idle_s):
    """Every committed record of the topic from the start: (kafka timestamp ms, decoded value)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"chaos-reader-{time.time_ns()}",
                         "isolation.level": "read_committed", "enable.auto.commit": False,
                         "auto.offset.reset": "earliest"})
    meta = consumer.list_topics(topic, timeout=10).topics[topic]
    parts = [TopicPartition(topic, p, 0) for p in meta.partitions]
    consumer.assign(parts)
    out, last = [], time.time()
    while time.time() - last < idle_s:
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() != KafkaError._PARTITION_EOF:
                raise RuntimeError(f"{topic}: {msg.error()}")
            continue
        out.append((msg.timestamp()[1], decoder.decode(msg.value())))
        last = time.time()
    consumer.close()
    return out


def read_labels(path):
    labels = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            face_id, label = line.strip().split(",")[:2]
            labels[face_id] = int(label)
    return labels


def longest_gaps(times_ms, marks):
    """For each fault mark (name, epoch ms): the longest pause between consecutive predictions in the 120 s after it."""
    times = sorted(times_ms)
    result = {}
    for name, at in marks:
        after = [t for t in times if at - 5000 <= t <= at + 120000]
        gaps = [b - a for a, b in zip(after, after[1:])]
        result[name] = round(max(gaps) / 1000.0, 2) if gaps else None
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--avro", required=True, help="folder with Prediction.avsc and ConfusionWindow.avsc")
    ap.add_argument("--labels", required=True, help="id,label file of the faces that were sent")
    ap.add_argument("--expect", type=int, required=True, help="faces sent (the first N ids of the labels file)")
    ap.add_argument("--window-size-s", type=float, default=60)
    ap.add_argument("--window-slide-s", type=float, default=10)
    ap.add_argument("--marks", help="file of 'name epoch-ms' lines: when each fault was injected")
    ap.add_argument("--idle-s", type=float, default=15)
    ap.add_argument("--out")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless nothing is lost or duplicated and the windows count every matched pair once")
    a = ap.parse_args()

    predictions = read_topic(a.bootstrap, "predictions", SingleObjectDecoder(f"{a.avro}/Prediction.avsc"), a.idle_s)
    windows = read_topic(a.bootstrap, "confusion", SingleObjectDecoder(f"{a.avro}/ConfusionWindow.avsc"), a.idle_s)
    truths = read_topic(a.bootstrap, "labels", SingleObjectDecoder(f"{a.avro}/GroundTruth.avsc"), a.idle_s)
    truth_time = {t["id"]: _ms(t["eventTime"]) for _, t in truths}
    labels = read_labels(a.labels)
    sent = list(labels)[: a.expect]

    per_id = {}
    for _, p in predictions:
        per_id.setdefault(p["id"], []).append(p)
    lost = [i for i in sent if i not in per_id]
    duplicated = sum(len(v) - 1 for v in per_id.values())
    correct = sum(1 for i in sent if i in per_id and per_id[i][0]["label"] == labels[i])
    versions = sorted({p["modelVersion"] for _, p in predictions})
    per_version = {}
    for i in sent:
        for p in per_id.get(i, [])[:1]:
            v = per_version.setdefault(p["modelVersion"], [0, 0])
            v[0] += 1
            v[1] += p["label"] == labels[i]

    # One window in every size/slide: windows whose start is a multiple of the size tile event time without overlap.
    size_ms = int(a.window_size_s * 1000)
    tiling = [w for _, w in windows if _ms(w["windowStart"]) % size_ms == 0]
    pairs_in_windows = sum(w["total"] for w in tiling)
    window_keys = [(_ms(w["windowStart"]), w["modelVersion"]) for _, w in windows]

    marks = []
    if a.marks:
        with open(a.marks, encoding="utf-8") as f:
            marks = [(n, int(t)) for n, t in (line.split() for line in f if line.strip())]
    summary = {
        "faces_sent": len(sent),
        "predictions": len(predictions),
        "distinct_faces_predicted": len(per_id),
        "lost": len(lost),
        "duplicated": duplicated,
        "lost_ids_sample": lost[:10],
        "stream_accuracy": round(correct / len(sent), 4) if sent else None,
        "model_versions": versions,
        "per_version": {v: {"predictions": n, "accuracy": round(c / n, 4)} for v, (n, c) in sorted(per_version.items())},
        "confusion_windows": len(windows),
        "duplicate_windows": len(window_keys) - len(set(window_keys)),
        "pairs_in_tiling_windows": pairs_in_windows,
        "pairs_expected_in_those_windows": _pairs_in(tiling, per_id, truth_time, sent),
        "recovery_longest_gap_s": longest_gaps([_ms(p["processedAt"]) for _, p in predictions], marks),
    }
    text = json.dumps(summary, indent=2)
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    if a.check:
        failed = [k for k, ok in (("lost", summary["lost"] == 0), ("duplicated", summary["duplicated"] == 0),
                                  ("duplicate windows", summary["duplicate_windows"] == 0),
                                  ("window pairs", summary["pairs_in_tiling_windows"]
                                   == summary["pairs_expected_in_those_windows"])) if not ok]
        if failed:
            print("chaos check FAILED: " + ", ".join(failed), file=sys.stderr)
            return 1
        print("chaos check passed: nothing lost or duplicated, every matched pair counted once", file=sys.stderr)
    return 0


def _pairs_in(tiling, per_id, truth_time, sent):
    """Labelled, predicted faces whose pair falls in a tiling window that fired (later windows have not). A matched
    pair carries the event time of the record that completed it: the later of the face and its label."""
    spans = [(_ms(w["windowStart"]), _ms(w["windowEnd"])) for w in tiling]
    count = 0
    for i in sent:
        if i in per_id:
            t = max(_ms(per_id[i][0]["eventTime"]), truth_time.get(i, 0))
            count += any(start <= t < end for start, end in spans)
    return count


def _ms(value):
    """timestamp-millis arrives as a datetime from python3-avro; plain ints pass through."""
    return int(value.timestamp() * 1000) if hasattr(value, "timestamp") else int(value)


if __name__ == "__main__":
    sys.exit(main())
