#!/usr/bin/env python3
"""Prints a markdown table of ferstream (DL4J) vs PyTorch peer figures and their ratios (higher = better for DL4J)."""
import json
import sys

dl4j = json.load(open(sys.argv[1]))
torch = json.load(open(sys.argv[2]))
rows = []
for model, peer in (("hw3_cnn", "cnn"), ("hw3_dnn", "dnn")):
    for metric in ("train_img_s", "infer_bs1_img_s", "infer_bs64_img_s", "infer_bs256_img_s"):
        ours, theirs = dl4j.get(f"{model}_{metric}"), torch.get(f"{peer}_{metric}")
        if ours is not None and theirs is not None:
            rows.append((model.replace("_", "-"), metric, ours, theirs, ours / theirs))
for key in ("bs1", "bs32"):
    ours, theirs = dl4j.get(f"hw3_cnn_saliency_{key}_ms_per_img"), torch.get(f"cnn_saliency_{key}_ms_per_img")
    if ours is not None and theirs is not None:
        rows.append(("hw3-cnn", f"saliency_{key}_ms_per_img (lower is better)", ours, theirs, theirs / ours))
for model in ("fer_cnn",):
    for metric in ("train_img_s", "infer_bs1_img_s", "infer_bs64_img_s", "infer_bs256_img_s"):
        if f"{model}_{metric}" in dl4j:
            rows.append((model.replace("_", "-"), metric, dl4j[f"{model}_{metric}"], None, None))
print(f"DL4J: {dl4j.get('native')}, OMP_NUM_THREADS={dl4j.get('omp_num_threads')}; PyTorch {torch.get('torch')}, threads={torch.get('threads')}\n")
print("| model | measure | ferstream (DL4J) | PyTorch peer | ratio (DL4J speed / PyTorch speed) |")
print("|---|---|---:|---:|---:|")
for model, metric, ours, theirs, ratio in rows:
    print(f"| {model} | {metric} | {ours:.2f} | {'' if theirs is None else f'{theirs:.2f}'} | {'' if ratio is None else f'{ratio:.2f}x'} |")
