#!/usr/bin/env python3
"""Markdown table of an explore.py results file: per recipe, its settings, the best validation epoch with the test
accuracy there, and the test accuracy after the last epoch (plain / mirror-averaged).

usage: bench/recipes/summarize.py results/FILE.jsonl
"""
import json, sys
from recipes import RECIPES


def main():
    last = {}
    for line in open(sys.argv[1]):
        record = json.loads(line)
        if record['epoch'] == RECIPES[record['recipe']]['epochs']:
            last[record['recipe']] = record
    print('| recipe | shape | epochs | optimizer | augmentation | best val (epoch) | test there | test at end | GPU s |')
    print('|---|---|--:|---|---|---|---|---|--:|')
    for name, r in sorted(last.items(), key=lambda kv: -kv[1]['test_tta']):
        s = RECIPES[name]
        opt = f"SGD {s['lr']} wd {s['wd']}" if s['opt'] == 'sgd' else f"{s['opt']} {s['lr']}" + (f" wd {s['wd']}" if s['wd'] else '')
        aug = f"{s['shift']}px {s['rot']}deg {s['zoom']}" + (f" erase {s['erase']}" if s['erase'] else '')
        val, epoch, (plain, tta) = r['best_val']
        print(f"| {name} | {s['arch']} | {s['epochs']} | {opt} | {aug} | {val:.4f} ({epoch}) | {plain:.4f} / {tta:.4f} "
              f"| {r['test']:.4f} / **{r['test_tta']:.4f}** | {r['s']:.0f} |")


if __name__ == '__main__':
    main()
