#!/usr/bin/env python3
"""PyTorch peer for the bench: hw3-cnn (../shared/peers/torch_peer.py's own network, imported) and fer-vgg, timed as
keras_peer.py / ort_peer.py / `ferstream bench` time them.

Why not run torch_peer.py itself: it has no batch-1 p50, no warm-up before inference timing, no --out and no
--nets, so its figures would not line up with the other peers'. Its networks and data loader are reused as they are.
Keys (net = cnn, fer_vgg): <net>_train_img_s (Adam 1e-3, eps 1e-7, batch 128, train mode),
<net>_infer_bs{1,64,256}_img_s and <net>_infer_bs1_p50_ms (eval mode, no_grad, after --warmup-seconds),
<net>_saliency_bs{1,32}_ms_per_img (gradient of the predicted logit w.r.t. the input, eval mode), cpu_per_wall,
allocator. Threads: torch.set_num_threads(--threads), one inter-op thread.
    PEER_PYTHON bench/peers/torch_vgg.py [--nets cnn,fer_vgg] [--threads 2] [--iters 5] [--out FILE]
"""
import argparse, sys

import numpy as np
import peerlib
import torch
import torch.nn as nn
import torch_peer


def fer_vgg():
    layers, cin = [], 1
    for stage, width in enumerate(peerlib.VGG_WIDTHS):
        for _ in range(2):
            layers += [nn.Conv2d(cin, width, 3, padding=1, bias=False), nn.BatchNorm2d(width, **torch_peer.BN), nn.ReLU()]
            cin = width
        if stage < len(peerlib.VGG_WIDTHS) - 1:
            layers.append(nn.MaxPool2d(2))
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(peerlib.DROPOUT_RATE), nn.Linear(cin, 7)]
    return nn.Sequential(*layers)


NETS = {'cnn': (torch_peer.cnn, 2209059), 'fer_vgg': (fer_vgg, peerlib.VGG_PARAMS)}


def measure(name, a, x, y, clock, out):
    make, params = NETS[name]
    m = make()
    out[name + '_params'] = torch_peer.keras_params(m)
    assert out[name + '_params'] == params, (name, out[name + '_params'])
    opt = torch.optim.Adam(m.parameters(), lr=1e-3, eps=1e-7)
    loss = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss(m(x[:128]), y[:128]).backward()
        opt.step()
    m.train()
    out[name + '_train_img_s'] = round(clock.rate(name + '_train', step, 128, a.iters), 1)
    m.eval()
    with torch.no_grad():
        for bs in (1, 64, 256):
            xi = x[:bs].contiguous()
            call = lambda: m(xi)
            assert torch.allclose(torch.softmax(call(), 1).sum(1), torch.ones(bs), atol=1e-4)
            reps = max(1, (64 * a.iters) // bs)
            out[f'{name}_infer_bs{bs}_img_s'] = round(clock.rate(f'{name}_infer_bs{bs}', peerlib.warm(call, a.warmup_seconds), bs, reps), 1)
        x1 = x[:1].contiguous()
        out[f'{name}_infer_bs1_p50_ms'] = round(peerlib.p50_ms(peerlib.warm(lambda: m(x1), a.warmup_seconds)), 2)
    if not a.no_saliency:
        for p in m.parameters():
            p.requires_grad_(False)
        for bs in (1, 32):
            def sal():
                xi = x[:bs].clone().requires_grad_(True)
                logits = m(xi)
                logits.gather(1, logits.argmax(1, keepdim=True)).sum().backward()
                return xi.grad
            r = clock.rate(f'{name}_saliency_bs{bs}', sal, bs, max(1, 32 // bs) * a.iters)
            out[f'{name}_saliency_bs{bs}_ms_per_img'] = round(1000 / r, 2)


def main():
    ap = peerlib.common_args(argparse.ArgumentParser(description=__doc__.split('\n')[0]))
    ap.add_argument('--nets', default='cnn,fer_vgg')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    xs, ys, source = peerlib.data(a.data)
    x = torch.from_numpy(np.ascontiguousarray(xs.transpose(0, 3, 1, 2)))  # NHWC -> NCHW
    y = torch.from_numpy(ys.astype(np.int64))
    out = {'torch': torch.__version__, 'threads': a.threads, 'mkldnn': torch.backends.mkldnn.is_available(), 'data': source}
    clock = peerlib.Clock()
    for name in a.nets.split(','):
        measure(name, a, x, y, clock, out)
        print(name + ' done', file=sys.stderr)
    out['cpu_per_wall'] = clock.util
    peerlib.emit(out, a.out)


if __name__ == '__main__':
    main()
