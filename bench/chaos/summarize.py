#!/usr/bin/python3
"""Writes summary.md for one bench/chaos/run.sh result folder (reader.json, evaluate.json, marks.txt)."""
import json
import os
import platform
import sys


def main(out, faces, rate, delivery, model, quick, upgrade=""):
    reader = json.load(open(os.path.join(out, "reader.json"), encoding="utf-8"))
    evaluate = _load(os.path.join(out, "evaluate.json"))
    marks = [line.split() for line in open(os.path.join(out, "marks.txt"), encoding="utf-8") if line.strip()]
    t0 = int(marks[0][1]) if marks else 0
    lines = [
        f"# Chaos run {os.path.basename(out)}",
        "",
        f"Command: `bench/chaos/run.sh --faces {faces} --rate {rate} --model {os.path.relpath(model, os.getcwd())}"
        f"{' --upgrade ' + os.path.relpath(upgrade, os.getcwd()) if upgrade else ''}"
        f" --delivery {delivery}{' --quick' if quick == '1' else ''}` on {platform.node()} "
        f"({os.cpu_count()} cores). Cluster: deploy/local/cluster.sh (JobManager, 2 TaskManagers, KRaft broker as "
        "separate processes). Counted by bench/chaos/reader.py (read_committed, own Avro decoding).",
        "",
        "| measure | value | target |",
        "|---|---:|---:|",
        f"| faces sent | {reader['faces_sent']} | |",
        f"| predictions read | {reader['predictions']} | = faces sent |",
        f"| lost | {reader['lost']} | 0 |",
        f"| duplicated | {reader['duplicated']} | 0{' (at-least-once shows them)' if delivery != 'exactly-once' else ''} |",
        f"| confusion windows (duplicate keys) | {reader['confusion_windows']} ({reader['duplicate_windows']}) | (0) |",
        f"| matched pairs in non-overlapping windows | {reader['pairs_in_tiling_windows']} | "
        f"{reader['pairs_expected_in_those_windows']} (predicted, labelled faces in those windows) |",
        f"| stream accuracy | {reader['stream_accuracy']} | = evaluate |",
        f"| `ferstream evaluate` on the same faces | {evaluate.get('accuracy', 'n/a') if evaluate else 'n/a'} | |",
        f"| model versions seen | {', '.join(reader['model_versions'])} | |",
    ]
    for version, v in reader.get("per_version", {}).items():
        lines.append(f"| predictions by {version} (their stream accuracy) | {v['predictions']} ({v['accuracy']}) | |")
    upgrade = _load(os.path.join(out, "evaluate-upgrade.json"))
    if upgrade:
        lines.append(f"| `ferstream evaluate` of the upgrade on the same faces | {upgrade.get('accuracy', 'n/a')} | |")
    lines += [
        "",
        "Faults (seconds after submission) and the longest pause in prediction output in the 120 s after each:",
        "",
        "| event | at (s) | longest gap after (s) |",
        "|---|---:|---:|",
    ]
    for name, at in marks:
        gap = reader["recovery_longest_gap_s"].get(name)
        lines.append(f"| {name} | {(int(at) - t0) / 1000:.1f} | {'' if gap is None else gap} |")
    print("\n".join(lines))


def _load(path):
    try:
        return json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError):
        return None


if __name__ == "__main__":
    main(*sys.argv[1:8])
