#!/usr/bin/python3
"""Sustained throughput of one job run: reads its predictions topic (read_committed) until every face has a
prediction (or nothing arrives for --idle-s), then predictions / (last processedAt - first processedAt)."""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "chaos"))
from reader import SingleObjectDecoder, _ms  # noqa: E402  (the chaos reader's own Avro decoding)
from confluent_kafka import Consumer, TopicPartition  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--avro", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--expect", type=int, required=True)
    ap.add_argument("--parallelism", type=int, required=True)
    ap.add_argument("--idle-s", type=float, default=120)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    decoder = SingleObjectDecoder(f"{a.avro}/Prediction.avsc")
    consumer = Consumer({"bootstrap.servers": a.bootstrap, "group.id": f"scale-{time.time_ns()}",
                         "isolation.level": "read_committed", "enable.auto.commit": False})
    parts = consumer.list_topics(a.topic, timeout=10).topics[a.topic].partitions
    consumer.assign([TopicPartition(a.topic, p, 0) for p in parts])
    times, ids, last = [], set(), time.time()
    while len(ids) < a.expect and time.time() - last < a.idle_s:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        p = decoder.decode(msg.value())
        ids.add(p["id"])
        times.append(_ms(p["processedAt"]))
        last = time.time()
    consumer.close()
    seconds = (max(times) - min(times)) / 1000.0 if len(times) > 1 else float("nan")
    result = {"parallelism": a.parallelism, "predictions": len(times), "distinct": len(ids), "seconds": seconds,
              "faces_per_s": len(times) / seconds if seconds else float("nan")}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(result, f)
    print(f"scale: parallelism {a.parallelism}: {len(times)} predictions in {seconds:.1f} s = "
          f"{result['faces_per_s']:.1f} faces/s", file=sys.stderr)


if __name__ == "__main__":
    main()
