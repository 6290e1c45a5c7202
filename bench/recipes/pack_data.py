#!/usr/bin/env python3
"""Packs FER2013 (train.csv.gz, test.csv.gz, test_labels.csv) into bench/recipes/data/{faces.xz,labels.npy}:
28,709 training then 3,589 test faces as raw 48x48 uint8 (xz, 55 MiB) and their labels, small enough to travel to a
GPU machine with no network (the device tool's working tree is limited to 64 MiB; the CSVs are 86 MB).

usage: bench/recipes/pack_data.py [FER2013 DIR]   (default: ../shared/data/fer2013 beside the repo)
"""
import csv, gzip, lzma, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def read(path):
    pixels, first = [], []
    with gzip.open(path, 'rt') as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            first.append(row[0])
            pixels.append(np.array(row[1].split(), dtype=np.uint8))
    return np.stack(pixels), first


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'fer2013')
    x_train, y_train = read(os.path.join(src, 'train.csv.gz'))
    x_test, ids = read(os.path.join(src, 'test.csv.gz'))
    with open(os.path.join(src, 'test_labels.csv')) as f:
        truth = {row[0]: int(row[1]) for row in csv.reader(f) if row[0] != 'id'}
    labels = np.array([int(v) for v in y_train] + [truth[i] for i in ids], dtype=np.uint8)
    out = os.path.join(HERE, 'data')
    os.makedirs(out, exist_ok=True)
    raw = np.concatenate([x_train, x_test]).tobytes()
    with open(os.path.join(out, 'faces.xz'), 'wb') as f:
        f.write(lzma.compress(raw, preset=9 | lzma.PRESET_EXTREME))
    np.save(os.path.join(out, 'labels.npy'), labels)
    print(f'{len(x_train)} train + {len(x_test)} test faces -> {out}')


if __name__ == '__main__':
    main()
