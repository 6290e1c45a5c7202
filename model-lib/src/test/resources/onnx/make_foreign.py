#!/usr/bin/env python3
"""ONNX graphs made outside the project's Java code, for the import tests (OnnxImportTest).

Run once; the outputs are committed (a few KB each):
    /usr/bin/python3 -m venv /tmp/onnx-venv && /tmp/onnx-venv/bin/pip install onnx onnxruntime numpy
    /tmp/onnx-venv/bin/python make_foreign.py          (tested: onnx 1.23.1, onnxruntime 1.30.0)

Built like ../shared/peers/ort_peer.py (onnx.helper, opset 17, IR version 9: onnx 1.23 would write IR 14, which
ONNX Runtime refuses), random weights from a fixed seed:
  tiny-nchw.onnx   x [N,1,48,48] -> Conv(4, 3x3, stride 2, pad 1) -> Relu -> MaxPool(2x2) -> Flatten(576)
                   -> Gemm(7) -> Softmax                      probabilities, trained-elsewhere scaling pixel/255
  tiny-nhwc.onnx   x [N,48,48,1] (Keras' layout) -> Transpose -> the same layers without the Softmax: logits,
                   scaling pixel/127.5 - 1
  wrong-input.onnx x [N,3,32,32] -> ... -> [N,7]: must be refused
expected.json holds ONNX Runtime's (Python) probabilities for three deterministic faces, pixel (y*48+x)*7+k*31 mod 256
for face k, so the Java side is checked against numbers computed here, softmax of the logits included.
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def layers(rng, channels_in, side):
    conv_w = (rng.standard_normal((4, channels_in, 3, 3)) * 0.5).astype(np.float32)
    conv_b = rng.uniform(-0.1, 0.1, 4).astype(np.float32)
    flat = 4 * (side // 4) * (side // 4)
    dense_w = (rng.standard_normal((flat, 7)) * 0.2).astype(np.float32)
    dense_b = rng.uniform(-0.1, 0.1, 7).astype(np.float32)
    inits = [numpy_helper.from_array(a, n) for a, n in
             [(conv_w, 'conv_w'), (conv_b, 'conv_b'), (dense_w, 'dense_w'), (dense_b, 'dense_b')]]
    return inits


def build(name, input_shape, nhwc, softmax, channels_in=1, side=48):
    rng = np.random.default_rng(2026)
    nodes = []
    t = 'x'
    if nhwc:
        nodes.append(helper.make_node('Transpose', [t], ['nchw'], perm=[0, 3, 1, 2]))
        t = 'nchw'
    nodes += [
        helper.make_node('Conv', [t, 'conv_w', 'conv_b'], ['c'], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node('Relu', ['c'], ['r']),
        helper.make_node('MaxPool', ['r'], ['p'], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node('Flatten', ['p'], ['f'], axis=1),
        helper.make_node('Gemm', ['f', 'dense_w', 'dense_b'], ['logits' if not softmax else 'g']),
    ]
    out = 'logits'
    if softmax:
        nodes.append(helper.make_node('Softmax', ['g'], ['probs'], axis=1))
        out = 'probs'
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info('x', TensorProto.FLOAT, input_shape)],
                              [helper.make_tensor_value_info(out, TensorProto.FLOAT, ['N', 7])],
                              layers(rng, channels_in, side))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='make_foreign',
                              ir_version=9)
    onnx.checker.check_model(model)
    path = os.path.join(HERE, name + '.onnx')
    onnx.save(model, path)
    return path


def faces():
    k = np.arange(3).reshape(3, 1)
    i = np.arange(48 * 48).reshape(1, -1)
    return ((i * 7 + k * 31) % 256).astype(np.float32)  # [3, 2304] pixels 0..255, row-major


def run(path, x):
    session = ort.InferenceSession(path, providers=['CPUExecutionProvider'])
    return session.run(None, {'x': x})[0]


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def main():
    px = faces()
    nchw = build('tiny-nchw', ['N', 1, 48, 48], nhwc=False, softmax=True)
    nhwc = build('tiny-nhwc', ['N', 48, 48, 1], nhwc=True, softmax=False)
    build('wrong-input', ['N', 3, 32, 32], nhwc=False, softmax=True, channels_in=3, side=32)
    expected = {
        'tiny-nchw': run(nchw, (px / 255.0).reshape(3, 1, 48, 48).astype(np.float32)).tolist(),
        'tiny-nhwc': softmax(run(nhwc, (px / 127.5 - 1.0).reshape(3, 48, 48, 1).astype(np.float32))).tolist(),
    }
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)


if __name__ == '__main__':
    main()
