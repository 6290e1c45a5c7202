#!/usr/bin/env python3
"""Reads `jfr print --events jdk.NativeMethodSample` output on stdin; prints the share of training samples per DL4J
layer method (the innermost frames from org.deeplearning4j.nn.layers / .updater / dropout) and native call
(execCustomOp2 runs a libnd4j op such as oneDNN's; execSummaryStatsTad is ND4J's variance), as a Markdown table."""
import collections
import re
import sys

LAYER_FRAME = re.compile(r'org\.deeplearning4j\.nn\.(layers|updater|conf\.dropout)\.')
counts = collections.Counter()
for event in sys.stdin.read().split('jdk.NativeMethodSample')[1:]:
    frames = re.findall(r'^\s+([\w.$<>]+)\(', event, re.M)
    if not any(f.endswith('computeGradientAndScore') for f in frames):
        continue  # not a training step
    layer = [f.rsplit('.', 2)[-2] + '.' + f.rsplit('.', 1)[-1] for f in frames if LAYER_FRAME.match(f)][:2]
    native = frames[0].rsplit('.', 1)[-1]
    counts[(native, ' <- '.join(layer) or 'other')] += 1
total = sum(counts.values())
if total == 0:
    sys.exit('no training samples in the recording')
print(f'{total} native samples in training steps\n')
print('| share | native call | made by (innermost DL4J frames) |')
print('|---:|---|---|')
for (native, where), n in counts.most_common(15):
    print(f'| {100 * n / total:.1f}% | {native} | {where} |')
