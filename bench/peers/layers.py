#!/usr/bin/env python3
"""One training step, layer by layer: ferstream (DL4J's oneDNN) against Keras/TF (its oneDNN), from verbose logs.

Reads two oneDNN verbose logs (DNNL_VERBOSE=1 / ONEDNN_VERBOSE=1, oneDNN 2.x and 3.x formats) of a training run at
batch 128 and the JSON each run wrote, and prints a markdown table of milliseconds per training step for every
primitive call the step made (convolution passes, BatchNorm, pooling, dense, layout reorders), plus what the step
spent outside oneDNN (step time from the run's own training img/s, minus the primitives). Each row is the median
execution time of that call times how often it ran per step, so the warm-up steps' page faults do not count.
Only lines up to the last batch-128 convolution are read: both benches train before they infer.
    bench/peers/layers.py FERSTREAM_LOG FERSTREAM_JSON TF_LOG TF_JSON NET      (NET: hw3_cnn or fer_vgg)
Written by bench/peers/layers.sh, which runs both benches.
"""
import json
import re
import statistics
import sys
from collections import defaultdict

BATCH = 128
PASS = {'forward_training': 'fwd', 'forward_inference': 'fwd', 'forward': 'fwd',
        'backward_data': 'bwd data', 'backward_weights': 'bwd weights', 'backward': 'bwd'}


def exec_fields(line):
    """The fields from 'exec' on, for either verbose format; None for other lines."""
    if not line.startswith(('dnnl_verbose', 'onednn_verbose')):
        return None
    f = line.rstrip('\n').split(',')
    head = f[:5]
    return f[head.index('exec'):] if 'exec' in head else None


def label(prim, prop, problem, mds):
    """A row name saying which layer and pass a call belongs to (by its shapes) and its implementation class."""
    step = PASS.get(prop, prop)
    conv = re.match(r'mb\d+_ic(\d+)oc(\d+)_ih(\d+)oh\d+kh(\d+)', problem)
    if prim == 'convolution' and conv:
        ic, oc, h, k = conv.groups()
        return f'conv {ic}->{oc} {k}x{k} @{h}x{h}, {step}'
    pool = re.match(r'mb\d+ic(\d+)_ih(\d+)', problem)
    if prim.startswith('pooling') and pool:
        return f'max pool {pool.group(1)} @{pool.group(2)}x{pool.group(2)}, {step}'
    bn = re.match(r'mb\d+ic(\d+)ih(\d+)', problem)
    if prim == 'batch_normalization' and bn:
        return f'BatchNorm {bn.group(1)} @{bn.group(2)}x{bn.group(2)}, {step}'
    if prim in ('inner_product', 'matmul', 'gemm_api'):
        return 'dense (inner product / gemm)'
    if prim == 'reorder':
        layouts = [re.sub(r'^(src|dst)[_:]f32:+[a-z]*:?blocked:', '', m).split(':')[0] for m in mds.split()]
        what = 'weights' if re.search(r'x\d+x[1-7]x[1-7]$', problem) else 'activations'
        return f'reorder {"->".join(layouts)} ({what})'
    return f'{prim}, {step}'


def per_step(log):
    """{row: (ms per step, implementation)} and the number of steps, from one training run's verbose log."""
    lines = [f for f in map(exec_fields, open(log, errors='replace')) if f]
    last = max((i for i, f in enumerate(lines) if f[2] == 'convolution' and f[-2].startswith(f'mb{BATCH}_')),
               default=-1)
    times, impls = defaultdict(list), {}
    for f in lines[:last + 1]:
        prim, impl, prop, mds, problem, ms = f[2], f[3], f[4], f[5], f[-2], float(f[-1])
        if not (problem.startswith(f'mb{BATCH}') or problem.startswith(f'{BATCH}x')) and prim != 'reorder':
            continue
        row = label(prim, prop, problem, mds)
        times[row].append(ms)
        impls[row] = impl
    first = [r for r in times if r.startswith('conv 1->') and r.endswith('fwd')]
    steps = len(times[first[0]]) if first else 1
    return {r: (statistics.median(v) * len(v) / steps, impls[r]) for r, v in times.items()}, steps


def train_rate(path, net):
    """Training img/s from a bench JSON (the shared Keras peer names hw3-cnn plain 'cnn')."""
    out = json.load(open(path))
    return out.get(f'{net}_train_img_s') or out['cnn_train_img_s']


KINDS = ('conv', 'BatchNorm', 'max pool', 'dense', 'reorder')  # row-name prefixes, in table order


def order(row):
    return next((i for i, kind in enumerate(KINDS) if row.startswith(kind)), len(KINDS)), row


def main(fs_log, fs_json, tf_log, tf_json, net):
    fs, fs_steps = per_step(fs_log)
    tf, tf_steps = per_step(tf_log)
    step_ms = {name: 1000.0 * BATCH / train_rate(path, net) for name, path in (('fs', fs_json), ('tf', tf_json))}
    print(f'| {net}: ms per training step (batch {BATCH}) | ferstream (DL4J, oneDNN 2.3) | kernel | '
          f'Keras/TF (oneDNN 3) | kernel |')
    print('|---|---:|---|---:|---|')
    for row in sorted(set(fs) | set(tf), key=order):
        a, b = fs.get(row, (0.0, '–')), tf.get(row, (0.0, '–'))
        if max(a[0], b[0]) < 0.5:
            continue
        print(f'| {row} | {a[0]:.1f} | {a[1]} | {b[0]:.1f} | {b[1]} |')
    sums = {'fs': sum(v[0] for v in fs.values()), 'tf': sum(v[0] for v in tf.values())}
    outside = {name: step_ms[name] - sums[name] for name in sums}
    print(f'| **all oneDNN primitives** | **{sums["fs"]:.0f}** | | **{sums["tf"]:.0f}** | |')
    print(f'| outside oneDNN (ND4J / Eigen ops, optimizer, framework) | {outside["fs"]:.0f} | | {outside["tf"]:.0f} | |')
    print(f'| **step** (from the run\'s training img/s) | **{step_ms["fs"]:.0f}** | | **{step_ms["tf"]:.0f}** | |')
    print('\n| by kind, ms per step | ferstream | Keras/TF |\n|---|---:|---:|')
    for kind in KINDS:
        a = sum(v[0] for r, v in fs.items() if r.startswith(kind))
        b = sum(v[0] for r, v in tf.items() if r.startswith(kind))
        print(f'| {kind} | {a:.0f} | {b:.0f} |')
    print(f'| outside oneDNN | {outside["fs"]:.0f} | {outside["tf"]:.0f} |')
    print(f'\nSteps seen: ferstream {fs_steps}, Keras/TF {tf_steps} (warm-up steps included; medians per call).')


if __name__ == '__main__':
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
