#!/usr/bin/env python3
"""Reads `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample` output on stdin (both sampled at the same
period) and prints, for the main thread's samples inside training steps, the share per DL4J layer method (the innermost
frames from org.deeplearning4j.nn.layers / .updater / dropout) and what ran: a native call (execCustomOp2 runs a libnd4j
op such as oneDNN's; execSummaryStatsTad is ND4J's variance) or Java code (the innermost ferstream frame, e.g. the
fused BatchNorm kernels), as a Markdown table."""
import collections
import re
import sys

LAYER_FRAME = re.compile(r'org\.deeplearning4j\.nn\.(layers|updater|conf\.dropout)\.')
EVENT = re.compile(r'^jdk\.(ExecutionSample|NativeMethodSample) \{', re.M)
counts = collections.Counter()
parts = EVENT.split(sys.stdin.read())
for kind, event in zip(parts[1::2], parts[2::2]):
    if 'sampledThread = "main"' not in event:
        continue  # the main thread's samples are the step's wall time; ND4J's OpenMP threads are not Java threads
    frames = re.findall(r'^\s+([\w.$<>]+)\(', event, re.M)
    if not any(f.endswith('computeGradientAndScore') for f in frames):
        continue  # not a training step
    layer = [f.rsplit('.', 2)[-2] + '.' + f.rsplit('.', 1)[-1] for f in frames if LAYER_FRAME.match(f)][:2]
    if kind == 'NativeMethodSample':
        what = frames[0].rsplit('.', 1)[-1]
    else:
        own = [f for f in frames if f.startswith('dev.ferstream.')]
        what = 'Java ' + (own[0] if own else frames[0]).rsplit('.', 2)[-2] + '.' + (own[0] if own else frames[0]).rsplit('.', 1)[-1]
    counts[(what, ' <- '.join(layer) or 'other')] += 1
total = sum(counts.values())
if total == 0:
    sys.exit('no training samples in the recording')
print(f'{total} samples of the main thread in training steps (Java and native, same period)\n')
print('| share | what ran | made by (innermost DL4J frames) |')
print('|---:|---|---|')
for (what, where), n in counts.most_common(15):
    print(f'| {100 * n / total:.1f}% | {what} | {where} |')
