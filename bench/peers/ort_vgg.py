#!/usr/bin/env python3
"""fer-vgg's inference graph in ONNX Runtime (CPU), timed exactly as ../shared/peers/ort_peer.py times hw3-cnn.

The graph (onnx.helper, opset 17, IR 9 for onnxruntime 1.30; input NCHW [N,1,48,48]): per stage two
[Conv 3x3 pad 1, no bias -> BatchNormalization(eps 1e-3) -> Relu] of 64/128/256/512 filters, MaxPool 2x2 between
stages, GlobalAveragePool -> Flatten -> Gemm(7) -> Softmax; random He weights and random BN statistics
(4,693,575 initialiser numbers, checked). Session and keys as ort_peer.py: fer_vgg_infer_bs{1,64,256}_img_s,
fer_vgg_infer_bs1_p50_ms, fer_vgg_check_max_abs_diff (ORT vs a float64 numpy forward pass, 2 faces), cpu_per_wall,
allocator. --save-dir writes fer-vgg.onnx (the unoptimised graph).
    PEER_PYTHON bench/peers/ort_vgg.py [--threads 2] [--iters 5] [--out FILE] [--save-dir DIR]
"""
import argparse, os, sys

import numpy as np
import peerlib

EPS = peerlib.BN_EPS


def weights(seed=0):
    """[(W[o,i,3,3], (gamma, beta, mean, var))] per conv, then the dense (W[512,7], b)."""
    rng = np.random.default_rng(seed)
    convs, cin = [], 1
    for width in peerlib.VGG_WIDTHS:
        for _ in range(2):
            w = (rng.standard_normal((width, cin, 3, 3)) * np.sqrt(2.0 / (cin * 9))).astype(np.float32)
            bn = tuple(rng.uniform(lo, hi, width).astype(np.float32)
                       for lo, hi in ((0.8, 1.2), (-0.1, 0.1), (-0.1, 0.1), (0.5, 1.5)))
            convs.append((w, bn))
            cin = width
    dense = ((rng.standard_normal((cin, 7)) * np.sqrt(1.0 / cin)).astype(np.float32), np.zeros(7, np.float32))
    return convs, dense


def graph(convs, dense):
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    nodes, inits = [], []

    def init(name, arr):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op, inputs, **attrs):
        out = f'{op.lower()}{len(nodes) + 1}'
        nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    t = 'x'
    for i, (w, (g, b, m, v)) in enumerate(convs):
        t = node('Conv', [t, init(f'conv{i}_w', w)], kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1])
        t = node('BatchNormalization', [t] + [init(f'conv{i}_bn_{k}', a) for k, a in zip(('gamma', 'beta', 'mean', 'var'), (g, b, m, v))], epsilon=EPS)
        t = node('Relu', [t])
        if i % 2 == 1 and i < len(convs) - 1:
            t = node('MaxPool', [t], kernel_shape=[2, 2], strides=[2, 2])
    t = node('Flatten', [node('GlobalAveragePool', [t])], axis=1)
    t = node('Gemm', [t, init('dense_w', dense[0].T), init('dense_b', dense[1])], transB=1)
    nodes.append(helper.make_node('Softmax', [t], ['probs'], axis=1, name='softmax'))
    g = helper.make_graph(nodes, 'fer_vgg', [helper.make_tensor_value_info('x', TensorProto.FLOAT, ['N', 1, 48, 48])],
                          [helper.make_tensor_value_info('probs', TensorProto.FLOAT, ['N', 7])], inits)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)], producer_name='ort_vgg', ir_version=9)
    onnx.checker.check_model(model)
    return model, sum(int(np.prod(i.dims)) for i in inits)


def reference(convs, dense, x):
    """Plain-numpy forward pass (float64) of the same network, for checking the ONNX graph."""
    t = x.astype(np.float64)
    for i, (w, (g, b, m, v)) in enumerate(convs):
        win = np.lib.stride_tricks.sliding_window_view(np.pad(t, ((0, 0), (0, 0), (1, 1), (1, 1))), (3, 3), axis=(2, 3))
        t = np.einsum('nchwij,ocij->nohw', win, w, optimize=True)
        t = (t - m[None, :, None, None]) / np.sqrt(v + EPS)[None, :, None, None] * g[None, :, None, None] + b[None, :, None, None]
        t = np.maximum(t, 0)
        if i % 2 == 1 and i < len(convs) - 1:
            n, c, h, wd = t.shape
            t = t.reshape(n, c, h // 2, 2, wd // 2, 2).max(axis=(3, 5))
    t = t.mean(axis=(2, 3)) @ dense[0] + dense[1]
    e = np.exp(t - t.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def main():
    ap = peerlib.common_args(argparse.ArgumentParser(description=__doc__.split('\n')[0]))
    ap.add_argument('--save-dir', help='also write fer-vgg.onnx (the unoptimised graph) here')
    a = ap.parse_args()
    import onnx
    import onnxruntime as ort
    xs, _, source = peerlib.data(a.data)
    x = np.ascontiguousarray(xs.transpose(0, 3, 1, 2))  # NHWC -> NCHW
    out = {'onnxruntime': ort.__version__, 'onnx': onnx.__version__, 'threads': a.threads,
           'providers': ['CPUExecutionProvider'], 'data': source}
    convs, dense = weights()
    model, count = graph(convs, dense)
    assert count == peerlib.VGG_PARAMS, count
    out['fer_vgg_params'] = count
    if a.save_dir:
        onnx.save(model, os.path.join(a.save_dir, 'fer-vgg.onnx'))
    so = ort.SessionOptions()
    so.intra_op_num_threads, so.inter_op_num_threads = a.threads, 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(model.SerializeToString(), so, providers=['CPUExecutionProvider'])
    out['fer_vgg_check_max_abs_diff'] = float(np.abs(sess.run(None, {'x': x[:2]})[0] - reference(convs, dense, x[:2])).max())
    assert out['fer_vgg_check_max_abs_diff'] < 1e-4, out['fer_vgg_check_max_abs_diff']
    clock = peerlib.Clock()
    for bs in (1, 64, 256):
        xi = np.ascontiguousarray(x[:bs])
        call = lambda: sess.run(None, {'x': xi})[0]
        p = call()
        assert p.shape == (bs, 7) and np.allclose(p.sum(1), 1, atol=1e-5), p.shape
        reps = max(1, (64 * a.iters) // bs)
        out[f'fer_vgg_infer_bs{bs}_img_s'] = round(clock.rate(f'fer_vgg_infer_bs{bs}', peerlib.warm(call, a.warmup_seconds), bs, reps), 1)
    x1 = np.ascontiguousarray(x[:1])
    out['fer_vgg_infer_bs1_p50_ms'] = round(peerlib.p50_ms(peerlib.warm(lambda: sess.run(None, {'x': x1})[0], a.warmup_seconds)), 2)
    print('fer_vgg done', file=sys.stderr)
    out['cpu_per_wall'] = clock.util
    peerlib.emit(out, a.out)


if __name__ == '__main__':
    main()
