#!/usr/bin/env python3
"""Markdown table of ferstream (DL4J) vs PyTorch peer figures and their ratios (higher = better for ferstream).

Usage: compare.py FILE...  where each FILE is the JSON of one `ferstream bench` run (has "engine") or one
torch_peer.py run (has "torch"). With several rounds of each (bench/run-torch113.sh alternates them), every figure
is the median over the rounds, the ratio is the ratio of the medians, and the range is that of the per-round ratios.
"""
import json
import statistics
import sys

runs = [json.load(open(f)) for f in sys.argv[1:]]
dl4j = [r for r in runs if "engine" in r]
torch = [r for r in runs if "torch" in r]
if not dl4j or not torch:
    sys.exit("compare.py: need at least one ferstream bench JSON and one torch_peer.py JSON")


def median(rounds, key):
    values = [r[key] for r in rounds if r.get(key) is not None]
    return statistics.median(values) if values else None


def ratio_range(ours_key, theirs_key, inverse=False):
    pairs = [(d.get(ours_key), t.get(theirs_key)) for d, t in zip(dl4j, torch)]
    ratios = [(b / a if inverse else a / b) for a, b in pairs if a and b]
    return f"{min(ratios):.2f}–{max(ratios):.2f}x" if len(ratios) > 1 else ""


rows = []
for model, peer in (("hw3_cnn", "cnn"), ("hw3_dnn", "dnn")):
    for metric in ("train_img_s", "infer_bs1_img_s", "infer_bs64_img_s", "infer_bs256_img_s", "dl4j_output_bs1_img_s",
                   "dl4j_output_bs64_img_s", "dl4j_output_bs256_img_s"):
        peer_metric = metric.replace("dl4j_output", "infer")
        ours, theirs = median(dl4j, f"{model}_{metric}"), median(torch, f"{peer}_{peer_metric}")
        if ours is not None and theirs is not None:
            rows.append((model.replace("_", "-"), metric, ours, theirs, ours / theirs,
                         ratio_range(f"{model}_{metric}", f"{peer}_{peer_metric}")))
for key in ("bs1", "bs32"):
    ours, theirs = median(dl4j, f"hw3_cnn_saliency_{key}_ms_per_img"), median(torch, f"cnn_saliency_{key}_ms_per_img")
    if ours is not None and theirs is not None:
        rows.append(("hw3-cnn", f"saliency_{key}_ms_per_img (lower is better)", ours, theirs, theirs / ours,
                     ratio_range(f"hw3_cnn_saliency_{key}_ms_per_img", f"cnn_saliency_{key}_ms_per_img", inverse=True)))
for model in ("hw3_cnn", "hw3_dnn", "fer_cnn", "fer_cnn_wide"):
    for metric in ("infer_bs1_p50_ms", "dl4j_output_bs1_p50_ms") + (
            ("train_img_s", "infer_bs1_img_s", "infer_bs64_img_s", "infer_bs256_img_s") if model.startswith("fer") else ()):
        value = median(dl4j, f"{model}_{metric}")
        if value is not None:
            rows.append((model.replace("_", "-"), metric, value, None, None, ""))
first = dl4j[0]
print(f"DL4J: {first.get('native')}, OMP_NUM_THREADS={first.get('omp_num_threads')}; "
      f"PyTorch {torch[0].get('torch')}, threads={torch[0].get('threads')}; rounds: {len(dl4j)} ferstream, {len(torch)} PyTorch "
      f"(medians; infer_* = InferencePlan, dl4j_output_* = DL4J's output())\n")
print("| model | measure | ferstream (DL4J) | PyTorch peer | ratio (ferstream speed / PyTorch speed) | per-round range |")
print("|---|---|---:|---:|---:|---:|")
for model, metric, ours, theirs, ratio, spread in rows:
    print(f"| {model} | {metric} | {ours:.2f} | {'' if theirs is None else f'{theirs:.2f}'} | "
          f"{'' if ratio is None else f'{ratio:.2f}x'} | {spread} |")
