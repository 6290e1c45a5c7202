#!/usr/bin/env python3
"""fer-vgg in Keras 3 / TensorFlow-CPU, timed exactly as ../shared/peers/keras_peer.py times hw3-cnn.

Keys (the shared peer's, for the net "fer_vgg"): fer_vgg_train_img_s (Adam 1e-3, eps 1e-7, batch 128,
train_on_batch), fer_vgg_infer_bs{1,64,256}_img_s and fer_vgg_infer_bs1_p50_ms (a concrete tf.function per batch
size, after --warmup-seconds), fer_vgg_saliency_bs{1,32}_ms_per_img (gradient of the predicted logit w.r.t. the
input, inference mode), cpu_per_wall, allocator. The network is peerlib's fer-vgg (4,693,575 parameters, checked).
    PEER_PYTHON bench/peers/keras_vgg.py [--threads 2] [--iters 5] [--out FILE]
"""
import argparse, os, sys

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '1')
import numpy as np
import peerlib


def build():
    """(model ending in softmax, logits model sharing its layers)."""
    import keras
    from keras import layers
    inp = keras.Input((48, 48, 1))
    x = inp
    for stage, width in enumerate(peerlib.VGG_WIDTHS):
        for _ in range(2):
            x = layers.Conv2D(width, 3, padding='same', use_bias=False)(x)
            x = layers.BatchNormalization(momentum=peerlib.BN_MOMENTUM_KERAS, epsilon=peerlib.BN_EPS)(x)
            x = layers.Activation('relu')(x)
        if stage < len(peerlib.VGG_WIDTHS) - 1:
            x = layers.MaxPooling2D(2)(x)
    x = layers.Dropout(peerlib.DROPOUT_RATE)(layers.GlobalAveragePooling2D()(x))
    logits = layers.Dense(7)(x)
    return keras.Model(inp, layers.Activation('softmax')(logits), name='fer_vgg'), keras.Model(inp, logits)


def measure(a, tf, keras, x, y, clock, out):
    m, logits_model = build()
    out['fer_vgg_params'] = m.count_params()
    trainable = sum(int(np.prod(w.shape)) for w in m.trainable_weights)
    assert (out['fer_vgg_params'], trainable) == (peerlib.VGG_PARAMS, peerlib.VGG_TRAINABLE), (out['fer_vgg_params'], trainable)
    m.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, epsilon=1e-7),
              loss=keras.losses.SparseCategoricalCrossentropy())
    xb, yb = tf.constant(x[:128]), tf.constant(y[:128])
    out['fer_vgg_train_img_s'] = round(clock.rate('fer_vgg_train', lambda: m.train_on_batch(xb, yb), 128, a.iters), 1)
    infer = tf.function(lambda t: m(t, training=False))
    fixed = {bs: infer.get_concrete_function(tf.TensorSpec((bs, 48, 48, 1), tf.float32)) for bs in (1, 64, 256)}
    for bs in (1, 64, 256):
        xi = tf.constant(x[:bs])
        call = lambda: fixed[bs](xi).numpy()
        p = call()
        assert p.shape == (bs, 7) and np.allclose(p.sum(1), 1, atol=1e-4), p.shape
        reps = max(1, (64 * a.iters) // bs)
        out[f'fer_vgg_infer_bs{bs}_img_s'] = round(clock.rate(f'fer_vgg_infer_bs{bs}', peerlib.warm(call, a.warmup_seconds), bs, reps), 1)
    x1 = tf.constant(x[:1])
    out['fer_vgg_infer_bs1_p50_ms'] = round(peerlib.p50_ms(peerlib.warm(lambda: fixed[1](x1).numpy(), a.warmup_seconds)), 2)
    if not a.no_saliency:
        @tf.function
        def saliency(t):
            with tf.GradientTape() as tape:
                tape.watch(t)
                picked = tf.reduce_sum(tf.reduce_max(logits_model(t, training=False), axis=1))
            return tape.gradient(picked, t)
        for bs in (1, 32):
            xs = tf.constant(x[:bs])
            r = clock.rate(f'fer_vgg_saliency_bs{bs}', lambda: saliency(xs).numpy(), bs, max(1, 32 // bs) * a.iters)
            out[f'fer_vgg_saliency_bs{bs}_ms_per_img'] = round(1000 / r, 2)


def main():
    a = peerlib.common_args(argparse.ArgumentParser(description=__doc__.split('\n')[0])).parse_args()
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(a.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    import keras
    keras.utils.set_random_seed(0)
    x, y, source = peerlib.data(a.data)
    out = {'tf': tf.__version__, 'keras': keras.__version__, 'threads': a.threads,
           'onednn': os.environ.get('TF_ENABLE_ONEDNN_OPTS', '1 (default)'), 'data': source}
    clock = peerlib.Clock()
    measure(a, tf, keras, x, y, clock, out)
    print('fer_vgg done', file=sys.stderr)
    out['cpu_per_wall'] = clock.util
    peerlib.emit(out, a.out)


if __name__ == '__main__':
    main()
