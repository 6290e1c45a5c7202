#!/usr/bin/env python3
"""Summary of a bench/peers/run.sh results folder: summary.md and summary.json beside the per-round JSON files.

Per net and measure: each engine's median over the rounds and its per-round range; the ratio ferstream/peer of the
medians for each peer (speed ratio: for times such as p50 ms and saliency ms/face it is peer time / ferstream time,
so > 1 always means ferstream is faster) with the range of the per-round ratios (round r against round r); and the
ratio against the strongest peer of that measure (the best median). Stdlib only:  python3 summarize.py RESULTS_DIR
"""
import glob, json, os, re, statistics, sys

NETS = {'hw3_cnn': 'hw3-cnn', 'fer_vgg': 'fer-vgg'}
# (key suffix, label, higher is better)
MEASURES = [('train_img_s', 'training img/s (Adam, batch 128)', True),
            ('infer_bs1_img_s', 'inference batch 1 img/s', True),
            ('infer_bs1_p50_ms', 'inference batch 1 p50 ms', False),
            ('infer_bs64_img_s', 'inference batch 64 img/s', True),
            ('infer_bs256_img_s', 'inference batch 256 img/s', True),
            ('saliency_bs1_ms_per_img', 'saliency (gradient) batch 1 ms/face', False),
            ('saliency_bs32_ms_per_img', 'saliency (gradient) batch 32 ms/face', False),
            ('saliency_occlusion_bs1_ms_per_img', 'saliency (occlusion, the stream default) batch 1 ms/face', False),
            ('plan_infer_bs1_img_s', "ferstream's DL4J plan: batch 1 img/s", True),
            ('plan_infer_bs1_p50_ms', "ferstream's DL4J plan: batch 1 p50 ms", False),
            ('plan_infer_bs64_img_s', "ferstream's DL4J plan: batch 64 img/s", True),
            ('plan_infer_bs256_img_s', "ferstream's DL4J plan: batch 256 img/s", True),
            ('ortj_infer_bs1_img_s', "ferstream's ONNX Runtime engine: batch 1 img/s", True),
            ('ortj_infer_bs1_p50_ms', "ferstream's ONNX Runtime engine: batch 1 p50 ms", False),
            ('ortj_infer_bs64_img_s', "ferstream's ONNX Runtime engine: batch 64 img/s", True),
            ('ortj_infer_bs256_img_s', "ferstream's ONNX Runtime engine: batch 256 img/s", True)]
ENGINES = {'ferstream': 'ferstream', 'keras': 'Keras/TF', 'ort': 'ONNX Runtime', 'torch': 'PyTorch'}


def rounds(folder):
    """{engine: {round: {normalised key: value}}}; peers' 'cnn_' keys become 'hw3_cnn_'."""
    data = {}
    for path in sorted(glob.glob(os.path.join(folder, '*-*.json'))):
        m = re.fullmatch(r'(ferstream|keras|ort|torch)(?:-(?:cnn|vgg))?-(\d+)\.json', os.path.basename(path))
        if not m:
            continue
        with open(path) as f:
            obj = json.load(f)
        merged = data.setdefault(m.group(1), {}).setdefault(int(m.group(2)), {})
        for k, v in obj.items():
            merged['hw3_' + k if k.startswith('cnn_') else k] = v
        if m.group(1) == 'ferstream':
            default_engine(merged)
    return data


def default_engine(d):
    """ferstream's inference as it serves: its default engine where the bench measured it -- dnnl (the bench's
    <net>_dnnl_* keys: oneDNN called directly), else auto (<net>_auto_*: ONNX Runtime below 16 faces a call, the DL4J
    plan from 16), else ONNX Runtime from Java (<net>_onnx_*). The DL4J plan's own figures move to
    <net>_plan_infer_*, and ONNX Runtime's from Java, when it is not the served one, to <net>_ortj_infer_*."""
    for net in NETS:
        for suffix in ('bs1_img_s', 'bs1_p50_ms', 'bs64_img_s', 'bs256_img_s'):
            engines = [e for e in ('dnnl', 'auto', 'onnx') if isinstance(d.get(f'{net}_{e}_{suffix}'), (int, float))]
            if engines:
                onnx = d.get(f'{net}_onnx_{suffix}')
                d[f'{net}_plan_infer_{suffix}'] = d.get(f'{net}_infer_{suffix}')
                d[f'{net}_infer_{suffix}'] = d[f'{net}_{engines[0]}_{suffix}']
                if engines[0] != 'onnx' and isinstance(onnx, (int, float)):
                    d[f'{net}_ortj_infer_{suffix}'] = onnx


def speed(value, higher):
    return value if higher else 1.0 / value


def table(data, net, key, higher):
    """Per engine: median, (min, max), per-round values; and ratios to ferstream."""
    row = {}
    for engine, per_round in data.items():
        vals = {r: d[f'{net}_{key}'] for r, d in per_round.items() if isinstance(d.get(f'{net}_{key}'), (int, float))}
        if vals:
            row[engine] = {'median': statistics.median(vals.values()), 'min': min(vals.values()),
                           'max': max(vals.values()), 'rounds': vals}
    fer = row.get('ferstream')
    peers = {e: v for e, v in row.items() if e != 'ferstream'}
    result = {'higher_is_better': higher, 'engines': row, 'ratios': {}}
    if fer:
        for e, v in peers.items():
            per_round = [speed(fer['rounds'][r], higher) / speed(v['rounds'][r], higher) for r in fer['rounds'] if r in v['rounds']]
            result['ratios'][e] = {'ratio': speed(fer['median'], higher) / speed(v['median'], higher),
                                   'round_min': min(per_round) if per_round else None,
                                   'round_max': max(per_round) if per_round else None}
        if peers:
            best = max(peers, key=lambda e: speed(peers[e]['median'], higher))
            result['strongest'] = {'peer': best, 'ratio': result['ratios'][best]['ratio']}
    return result


def fmt(v):
    return '–' if v is None else (f'{v:.0f}' if v >= 100 else f'{v:.1f}' if v >= 10 else f'{v:.2f}')


def markdown(folder, summary, engines):
    lines = [f'# ferstream against its peers: {os.path.basename(folder.rstrip("/"))}', '',
             'Medians of the rounds, [per-round min–max]. Ratio = ferstream speed / peer speed (for ms: peer ms / ferstream ms), '
             'so > 1 means ferstream is faster; in brackets the range of the per-round ratios. "vs strongest" compares with '
             'the peer whose median is best on that measure. ferstream\'s inference rows are its default engine where the bench '
             'measured it: dnnl (the bench\'s <net>_dnnl_* keys: oneDNN called directly), else auto (<net>_auto_*: ONNX '
             'Runtime below 16 faces a call, the DL4J plan from 16), else ONNX Runtime called from Java (<net>_onnx_*); '
             'the DL4J plan alone is in the "DL4J plan" rows and, where it is not the served engine, ONNX Runtime from Java '
             'in the "ONNX Runtime engine" rows.', '']
    header = '| measure | ' + ' | '.join(ENGINES[e] for e in engines) + ' | ' + ' | '.join(
        f'ratio vs {ENGINES[e]}' for e in engines if e != 'ferstream') + ' | vs strongest |'
    for net, measures in summary['nets'].items():
        lines += [f'## {NETS[net]}', '', header, '|' + '---|' + '---:|' * (header.count('|') - 2)]
        for key, label, _ in MEASURES:
            m = measures.get(key)
            if not m or not m['engines']:
                continue
            cells = []
            for e in engines:
                v = m['engines'].get(e)
                cells.append(f'{fmt(v["median"])} [{fmt(v["min"])}–{fmt(v["max"])}]' if v else '–')
            for e in engines:
                if e == 'ferstream':
                    continue
                r = m['ratios'].get(e)
                cells.append(f'**{r["ratio"]:.2f}x** [{r["round_min"]:.2f}–{r["round_max"]:.2f}]' if r else '–')
            s = m.get('strongest')
            cells.append(f'{s["ratio"]:.2f}x ({ENGINES[s["peer"]]})' if s else '–')
            lines.append(f'| {label} | ' + ' | '.join(cells) + ' |')
        lines.append('')
    lines += ['## Environment', '', '```'] + summary['environment'] + ['```', '',
              'Allocator each engine\'s process really mapped (from its /proc/self/maps; the shared keras_peer.py and '
              'ort_peer.py do not report it and run like the other Python peers, without LD_PRELOAD):', '']
    lines += [f'- {ENGINES[e]}: {", ".join(sorted(a))}' for e, a in summary['allocators'].items()]
    lines += ['', '## oneDNN kernels that ran (one short run each with ONEDNN_VERBOSE=1 / DNNL_VERBOSE=1)', '',
              'count, primitive, implementation, propagation kind (convolutions first). ONNX Runtime uses its own MLAS kernels.', '']
    for name, text in summary['kernels'].items():
        lines += [f'### {name}', '', '```', text.rstrip(), '```', '']
    return '\n'.join(lines) + '\n'


def main():
    folder = sys.argv[1]
    data = rounds(folder)
    if 'ferstream' not in data:
        sys.exit(f'summarize.py: {folder} has no ferstream-<round>.json')
    engines = ['ferstream'] + [e for e in ('keras', 'ort', 'torch') if e in data]
    summary = {'folder': folder, 'rounds': sorted(data['ferstream']), 'nets': {}, 'allocators': {}, 'kernels': {}}
    for net in NETS:
        measures = {key: table(data, net, key, higher) for key, _, higher in MEASURES}
        if any(m['engines'] for m in measures.values()):
            summary['nets'][net] = {k: m for k, m in measures.items() if m['engines']}
    for e in engines:
        summary['allocators'][e] = sorted({d.get('allocator', 'not reported') for d in data[e].values()})
    env = os.path.join(folder, 'environment.txt')
    summary['environment'] = open(env).read().splitlines() if os.path.exists(env) else []
    for path in sorted(glob.glob(os.path.join(folder, 'kernels-*.txt'))):
        summary['kernels'][os.path.basename(path)[8:-4]] = open(path).read()
    with open(os.path.join(folder, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    text = markdown(folder, summary, engines)
    with open(os.path.join(folder, 'summary.md'), 'w') as f:
        f.write(text)
    print(text)


if __name__ == '__main__':
    main()
