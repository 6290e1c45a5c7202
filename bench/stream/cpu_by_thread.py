#!/usr/bin/python3
"""Where a JVM's CPU goes, by thread: samples /proc/PID/task/*/stat once a second until the process exits, then
prints CPU seconds per thread name (digits folded, as Linux truncates names to 15 characters) over the window in
which threads whose name contains BUSY (default: "classify") were running, and the cores used on average.

    ./ferstream demo ... &  bench/stream/cpu_by_thread.py $! [--busy classify] [--json FILE]

Why: on 2 cores every thread beside the classifiers (the saliency subtasks, the JIT compilers, the embedded broker)
takes its CPU from classification; this shows how much, from the kernel's own accounting (stdlib only).
"""
import argparse
import collections
import json
import os
import re
import time


def alive(pid):
    """True while the process runs; an exited child its parent has not reaped yet is a zombie (state Z)."""
    try:
        return open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return False


def sample(pid):
    tick = os.sysconf('SC_CLK_TCK')
    snap = {}
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            comm = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
            fields = open(f'/proc/{pid}/task/{tid}/stat').read().rsplit(')', 1)[1].split()
            snap[tid] = (re.sub(r'\d+', 'N', comm), (int(fields[11]) + int(fields[12])) / tick)
        except OSError:
            pass  # the thread ended between listing and reading
    return snap


def per_second(samples):
    rows = []
    for (_, before), (t, after) in zip(samples, samples[1:]):
        used = collections.Counter()
        for tid, (name, cpu) in after.items():
            used[name] += cpu - (before[tid][1] if tid in before else 0.0)
        rows.append((t, used))
    return rows


def report(samples, busy):
    rows = per_second(samples)
    active = [i for i, (_, used) in enumerate(rows) if any(busy in name and v > 0.3 for name, v in used.items())]
    window = rows[active[0]:active[-1] + 1] if active else rows
    total = collections.Counter()
    for _, used in window:
        total.update(used)
    seconds = len(window)
    cpu = sum(total.values())
    lines = [f'window {seconds} s (threads named *{busy}* busy), cpu {cpu:.1f} s = {cpu / max(seconds, 1):.2f} cores']
    lines += [f'{v:8.2f} s  {v / max(cpu, 1e-9):5.1%}  {name}' for name, v in total.most_common(15)]
    return '\n'.join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('pid', type=int)
    p.add_argument('--busy', default='classify')
    p.add_argument('--json', help='also write the raw samples here')
    a = p.parse_args()
    samples = []
    while alive(a.pid):
        try:
            samples.append((time.time(), sample(a.pid)))
        except OSError:
            break  # it exited while being read
        time.sleep(1)
    if a.json:
        json.dump(samples, open(a.json, 'w'))
    print(report(samples, a.busy))


if __name__ == '__main__':
    main()
