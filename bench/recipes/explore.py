#!/usr/bin/env python3
"""Which training recipe and shape would reach 0.70 on FER2013's test set? A PyTorch study on a GPU, outside the
product: DL4J on this project's 2 cores needs ~280 s per fer-cnn-wide epoch, so one 100-epoch trial would take
8 hours there and ~4 minutes here. Each recipe trains one shape of the tuned CNN (FerCnn.java) and writes
validation accuracy per epoch, plus test accuracy (plain and mirror-averaged) every 12 epochs, at the end, and at
the best validation epoch, as JSON lines.

Mirrors the DL4J side where it matters: 3x3 conv without bias, BatchNorm (eps 1e-3, Keras momentum 0.99), ReLU;
max pooling between stages; global average pooling, dropout 0.6, dense 7; label smoothing; a 10% stratified
validation split (seed 42, drawn with numpy, so not the same rows as DL4J's); augmentation by one affine warp per
face (flip, rotation, zoom, shift; bilinear, edges replicated) like Augmentation.java, plus optional random erasing.
Cosine schedule per step down to lr/100. bf16 autocast on the GPU.

Optional recipe keys: seed (default 42); full (train on all 28,709 faces, no held-out rows: its "val" is then
training accuracy on those rows); swa (first epoch whose end-of-epoch weights enter an equal-weight average,
"stochastic weight averaging", whose BatchNorm statistics are then recomputed on the un-augmented training faces);
swa_lr (with swa: cosine from lr down to swa_lr until epoch swa-1, then constant). The final test probabilities
(mirror-averaged) go to OUTDIR/RECIPE-final.npy and, with swa, OUTDIR/RECIPE-swa.npy, so ensembles can be scored.

usage: explore.py RECIPE OUTFILE [--cpu-smoke]   (data from pack_data.py; --cpu-smoke: 2 epochs on 512 faces)
"""
import json, lzma, math, os, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from recipes import RECIPES

HERE = os.path.dirname(os.path.abspath(__file__))


def conv_bn(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01), nn.ReLU(inplace=True)]


def build(arch):
    widths = {'wide': (32, 64, 256, 512), 'narrow': (32, 64, 128, 256), 'vgg': (64, 128, 256, 512)}[arch]
    layers, cin = [], 1
    for s, w in enumerate(widths):
        n = 2 if (s > 0 or arch == 'vgg') else 1
        for _ in range(n):
            layers += conv_bn(cin, w)
            cin = w
        if s < len(widths) - 1:
            layers.append(nn.MaxPool2d(2))
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.6), nn.Linear(cin, 7)]
    return nn.Sequential(*layers)


def augment(x, r, gen):
    """x: (B,1,48,48) in 0..1 on device. Random flip, rotation, zoom, shift (bilinear, edges replicated), erasing."""
    b, dev = x.shape[0], x.device
    u = lambda: torch.rand(b, device=dev, generator=gen) * 2 - 1
    ang = u() * math.radians(r['rot'])
    scale = 1 + u() * r['zoom']
    tx, ty = u() * r['shift'] * 2 / 48, u() * r['shift'] * 2 / 48
    flip = torch.where(torch.rand(b, device=dev, generator=gen) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(ang) / scale, torch.sin(ang) / scale
    theta = torch.stack([torch.stack([cos * flip, -sin, tx], 1), torch.stack([sin * flip, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    x = F.grid_sample(x, grid, mode='bilinear', padding_mode='border', align_corners=False)
    if r['erase'] > 0:
        area = (torch.rand(b, device=dev, generator=gen) * 0.18 + 0.02) * 48 * 48
        aspect = torch.exp((torch.rand(b, device=dev, generator=gen) * 2 - 1) * math.log(3))
        h = (area * aspect).sqrt().clamp(1, 47)
        w = (area / aspect).sqrt().clamp(1, 47)
        y0 = torch.rand(b, device=dev, generator=gen) * (48 - h)
        x0 = torch.rand(b, device=dev, generator=gen) * (48 - w)
        ys = torch.arange(48, device=dev).view(1, 48, 1)
        xs = torch.arange(48, device=dev).view(1, 1, 48)
        m = (ys >= y0.view(-1, 1, 1)) & (ys < (y0 + h).view(-1, 1, 1)) & (xs >= x0.view(-1, 1, 1)) & (xs < (x0 + w).view(-1, 1, 1))
        m &= (torch.rand(b, device=dev, generator=gen) < r['erase']).view(-1, 1, 1)
        noise = torch.rand(x.shape, device=dev, generator=gen)
        x = torch.where(m.unsqueeze(1), noise, x)
    return x


def load(smoke, full=False):
    raw = lzma.decompress(open(os.path.join(HERE, 'data', 'faces.xz'), 'rb').read())
    x = np.frombuffer(bytearray(raw), dtype=np.uint8).reshape(-1, 1, 48, 48)
    y = np.load(os.path.join(HERE, 'data', 'labels.npy')).astype(np.int64)
    xtr, ytr, xte, yte = x[:28709], y[:28709], x[28709:], y[28709:]
    rng = np.random.default_rng(42)
    val = np.concatenate([rng.permutation(np.where(ytr == c)[0])[: round(0.1 * (ytr == c).sum())] for c in range(7)])
    mask = np.ones(len(ytr), bool)
    if not full:
        mask[val] = False
    if smoke:
        return xtr[mask][:512], ytr[mask][:512], xtr[val][:256], ytr[val][:256], xte[:256], yte[:256]
    return xtr[mask], ytr[mask], xtr[val], ytr[val], xte, yte


@torch.no_grad()
def predict(model, x, dev, tta):
    model.eval()
    out = []
    for i in range(0, len(x), 1024):
        b = torch.from_numpy(x[i:i + 1024]).to(dev).float().div_(255)
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=dev.type == 'cuda'):
            p = model(b).float().softmax(1)
            if tta:
                p = p + model(b.flip(3)).float().softmax(1)
        out.append(p.cpu())
    return torch.cat(out).numpy()


def main():
    name, outfile = sys.argv[1], sys.argv[2]
    smoke = '--cpu-smoke' in sys.argv
    r = dict(RECIPES[name]); bs = r.get('bs', 128)
    if smoke:
        r['epochs'] = 2
    dev = torch.device('cuda' if torch.cuda.is_available() and not smoke else 'cpu')
    seed = r.get('seed', 42)
    torch.manual_seed(seed); torch.backends.cudnn.benchmark = True
    gen = torch.Generator(device=dev); gen.manual_seed(seed)
    xtr, ytr, xva, yva, xte, yte = load(smoke, r.get('full', False))
    Xtr = torch.from_numpy(xtr).to(dev); Ytr = torch.from_numpy(ytr).to(dev)
    model = build(r['arch']).to(dev).to(memory_format=torch.channels_last)
    steps = r['epochs'] * math.ceil(len(xtr) / bs)
    if r['opt'] == 'adam':
        opt = torch.optim.Adam(model.parameters(), lr=r['lr'])
    elif r['opt'] == 'adamw':
        opt = torch.optim.AdamW(model.parameters(), lr=r['lr'], weight_decay=r['wd'])
    else:
        opt = torch.optim.SGD(model.parameters(), lr=r['lr'], momentum=0.9, nesterov=True, weight_decay=r['wd'])
    swa_start = r.get('swa')
    if smoke and swa_start:
        swa_start = 2
    if swa_start and 'swa_lr' in r:
        lr_min, steps = r['swa_lr'], (swa_start - 1) * math.ceil(len(xtr) / bs)
    else:
        lr_min = r['lr'] / 100
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (lr_min + (r['lr'] - lr_min) * 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps))) / r['lr'])
    swa = torch.optim.swa_utils.AveragedModel(model) if swa_start else None
    best, log = (-1, 0, None), open(outfile, 'a')
    t0 = time.time()
    for epoch in range(1, r['epochs'] + 1):
        model.train()
        perm = torch.randperm(len(Xtr), device=dev, generator=gen)
        for i in range(0, len(perm) - bs + 1, bs):
            idx = perm[i:i + bs]
            xb = augment(Xtr[idx].float().div_(255), r, gen).contiguous(memory_format=torch.channels_last)
            with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=dev.type == 'cuda'):
                logits = model(xb)
                loss = F.cross_entropy(logits.float(), Ytr[idx], label_smoothing=r['ls'])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step(); sched.step()
        if swa is not None and epoch >= swa_start:
            swa.update_parameters(model)
        pv = predict(model, xva, dev, False)
        va = float((pv.argmax(1) == yva).mean())
        rec = dict(recipe=name, epoch=epoch, val=round(va, 4), loss=round(loss.item(), 4), s=round(time.time() - t0, 1))
        if va > best[0]:
            pt, ptt = predict(model, xte, dev, False), predict(model, xte, dev, True)
            best = (va, epoch, (float((pt.argmax(1) == yte).mean()), float((ptt.argmax(1) == yte).mean())))
        if epoch == r['epochs'] or epoch % 12 == 0:
            pt, ptt = predict(model, xte, dev, False), predict(model, xte, dev, True)
            rec['test'] = round(float((pt.argmax(1) == yte).mean()), 4)
            rec['test_tta'] = round(float((ptt.argmax(1) == yte).mean()), 4)
            rec['best_val'] = [round(best[0], 4), best[1], [round(v, 4) for v in best[2]]]
        log.write(json.dumps(rec) + '\n'); log.flush()
    outdir = os.path.dirname(os.path.abspath(outfile))
    np.save(os.path.join(outdir, name + '-final.npy'), predict(model, xte, dev, True))
    if swa is not None:
        recompute_bn(swa.module, Xtr, dev)
        pt, ptt = predict(swa.module, xte, dev, False), predict(swa.module, xte, dev, True)
        rec = dict(recipe=name, epoch=epoch, swa_from=swa_start, swa_test=round(float((pt.argmax(1) == yte).mean()), 4),
                   swa_test_tta=round(float((ptt.argmax(1) == yte).mean()), 4), s=round(time.time() - t0, 1))
        log.write(json.dumps(rec) + '\n'); log.flush()
        np.save(os.path.join(outdir, name + '-swa.npy'), ptt)
    print(name, 'done', rec, flush=True)


@torch.no_grad()
def recompute_bn(model, x, dev):
    """BatchNorm running statistics as the exact average over the un-augmented training faces (momentum None)."""
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    for m in bns:
        m.reset_running_stats(); m.momentum = None
    model.train()
    for i in range(0, len(x), 1024):
        b = x[i:i + 1024].float().div_(255).contiguous(memory_format=torch.channels_last)
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=dev.type == 'cuda'):
            model(b)


if __name__ == '__main__':
    main()
