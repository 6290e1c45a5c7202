#!/usr/bin/env python3
"""Markdown table of an explore.py results file: per recipe, its settings, the best validation epoch with the test
accuracy there, the test accuracy after the last epoch, and with weight averaging that of the average (plain /
mirror-averaged). Recipes trained on every face (full) have no validation: their "best val" column is empty.

usage: bench/recipes/summarize.py results/FILE.jsonl
"""
import json, sys
from recipes import RECIPES


def main():
    last, averaged = {}, {}
    for line in open(sys.argv[1]):
        record = json.loads(line)
        if 'swa_test' in record:
            averaged[record['recipe']] = record
        elif record['epoch'] == RECIPES[record['recipe']]['epochs']:
            last[record['recipe']] = record
    print('| recipe | shape | epochs | optimizer | augmentation | best val (epoch) | test there | test at end '
          '| averaged from (lr): test | GPU s |')
    print('|---|---|--:|---|---|---|---|---|---|--:|')
    best = lambda kv: -max(kv[1]['test_tta'], averaged.get(kv[0], {}).get('swa_test_tta', 0))
    for name, r in sorted(last.items(), key=best):
        s = RECIPES[name]
        opt = f"SGD {s['lr']} wd {s['wd']}" if s['opt'] == 'sgd' else f"{s['opt']} {s['lr']}" + (f" wd {s['wd']}" if s['wd'] else '')
        aug = f"{s['shift']}px {s['rot']}deg {s['zoom']}" + (f" erase {s['erase']}" if s['erase'] else '')
        aug += ', all faces' if s.get('full') else ''
        opt += f", seed {s['seed']}" if 'seed' in s else ''
        val, epoch, (plain, tta) = r['best_val']
        there = '' if s.get('full') else f"{val:.4f} ({epoch}) | {plain:.4f} / {tta:.4f}"
        there = there or ' | '
        a = averaged.get(name)
        swa = f"{a['swa_from']} ({s.get('swa_lr', 'cosine')}): {a['swa_test']:.4f} / **{a['swa_test_tta']:.4f}**" if a else ''
        print(f"| {name} | {s['arch']} | {s['epochs']} | {opt} | {aug} | {there} "
              f"| {r['test']:.4f} / **{r['test_tta']:.4f}** | {swa} | {max(r['s'], a['s'] if a else 0):.0f} |")


if __name__ == '__main__':
    main()
