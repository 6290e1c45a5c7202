#!/usr/bin/env python3
"""Test accuracy of averaging the mirror-averaged test probabilities that explore.py saved (RECIPE-final.npy,
RECIPE-swa.npy): would two trained networks together reach what one does not?

usage: bench/recipes/ensemble.py A.npy [B.npy ...]   (labels from pack_data.py's data/labels.npy)
"""
import os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    truth = np.load(os.path.join(HERE, 'data', 'labels.npy'))[28709:]
    probs = [np.load(path) for path in sys.argv[1:]]
    for path, p in zip(sys.argv[1:], probs):
        print(f'{os.path.basename(path):28s} {(p.argmax(1) == truth).mean():.4f}')
    if len(probs) > 1:
        print(f'{"average of all":28s} {(sum(probs).argmax(1) == truth).mean():.4f}')


if __name__ == '__main__':
    main()
