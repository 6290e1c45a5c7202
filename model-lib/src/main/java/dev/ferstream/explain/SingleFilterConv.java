package dev.ferstream.explain;

import dev.ferstream.model.batchnorm.BatchNormAffine;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A convolution block's output for image k through filter k alone: the convolution, its activation and the
 * BatchNorm layers directly after it (exact per-filter scale and shift), one channel per image.
 *
 * <p>Why: in gradient ascent image k only feeds filter k's objective, so computing every filter for every image
 * wastes all but 1/filters of the layer's work. Image k's channels convolved with filter k's kernels is one
 * depthwise convolution over the n * inputChannels maps (summed per image afterwards), and its adjoint is the same
 * with flipped kernels: 1/filters of the full convolution's cost, forward and backward. Stride-1, odd-kernel,
 * same-mode NCHW convolutions with identity or ReLU, as in both shipped CNNs. Not thread-safe.
 */
final class SingleFilterConv {
    private final int filters;
    private final int inputChannels;
    private final INDArray kernels;        // [kh, kw, n * in, 1]: image k, channel c gets filter k's kernel for c
    private final INDArray flippedKernels; // the same, rotated by 180 degrees: the adjoint's kernels
    private final INDArray bias;           // [n, 1]
    private final INDArray scale;          // [n, 1]: the BatchNorms' combined scale, 1 without BatchNorm
    private final INDArray shift;          // [n, 1]
    private final boolean relu;
    private final Conv2DConfig config;

    /** The part of a forward pass the backward pass needs. */
    record Pass(INDArray preActivation, INDArray output, long[] inputShape) {
    }

    /** The block of {@code layer} for its first {@code n} filters (n at most the layer's filter count). */
    SingleFilterConv(MultiLayerNetwork trained, ConvLayer layer, int n) {
        MultiLayerConfiguration conf = trained.getLayerWiseConfigurations();
        ConvolutionLayer convConf = (ConvolutionLayer) conf.getConf(layer.index()).getLayer();
        if (!InputBackprop.fastConv(convConf)) {
            throw new IllegalArgumentException(layer.name() + ": gradient ascent supports stride-1, odd-kernel, "
                    + "same-mode NCHW convolutions with identity or ReLU activation");
        }
        DataType type = trained.params().dataType();
        INDArray w = trained.getLayer(layer.index()).getParam("W").castTo(DataType.DOUBLE); // [out, in, kh, kw]
        this.filters = n;
        this.inputChannels = (int) w.size(1);
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        this.kernels = depthwiseKernels(w, n, false).castTo(type);
        this.flippedKernels = depthwiseKernels(w, n, true).castTo(type);
        INDArray b = convConf.hasBias() ? trained.getLayer(layer.index()).getParam("b") : null;
        this.bias = b == null ? Nd4j.zeros(type, n, 1)
                : b.castTo(DataType.DOUBLE).reshape(-1).get(NDArrayIndex.interval(0, n)).reshape(n, 1).castTo(type);
        this.relu = convConf.getActivationFn() instanceof ActivationReLU;
        INDArray s = Nd4j.ones(DataType.DOUBLE, n);
        INDArray t = Nd4j.zeros(DataType.DOUBLE, n);
        for (int j = layer.index() + 1, end = InferenceCopy.blockEnd(trained, layer.index()); j <= end; j++) {
            BatchNormalization bn = (BatchNormalization) conf.getConf(j).getLayer();
            BatchNormAffine affine = BatchNormAffine.of(trained.getLayer(j).paramTable(), bn.getEps());
            INDArray a = affine.scale().get(NDArrayIndex.interval(0, n));
            INDArray c = affine.shift().get(NDArrayIndex.interval(0, n));
            t = t.mul(a).add(c); // BN(s x + t) = a (s x + t) + c
            s = s.mul(a);
        }
        this.scale = s.reshape(n, 1).castTo(type);
        this.shift = t.reshape(n, 1).castTo(type);
        this.config = Conv2DConfig.builder().kH(kh).kW(kw).sH(1).sW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NCHW").build();
    }

    /**
     * Filters 0..n-1 of conv weights [out, in, kh, kw] as depthwise kernels [kh, kw, n * in, 1]: map k * in + c gets
     * filter k's kernel for input channel c, rotated by 180 degrees for the adjoint.
     */
    static INDArray depthwiseKernels(INDArray w, int n, boolean flipped) {
        int in = (int) w.size(1);
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        double[] src = w.castTo(DataType.DOUBLE).dup('c').reshape(w.length()).toDoubleVector();
        double[] dst = new double[kh * kw * n * in];
        for (int m = 0; m < n * in; m++) { // m = k * in + c, and w is laid out [k][c][y][x]
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    int sy = flipped ? kh - 1 - y : y;
                    int sx = flipped ? kw - 1 - x : x;
                    dst[(y * kw + x) * n * in + m] = src[(m * kh + sy) * kw + sx];
                }
            }
        }
        return Nd4j.create(dst, new long[]{kh, kw, (long) n * in, 1}, 'c');
    }

    int inputChannels() {
        return inputChannels;
    }

    /** Block output of image k through filter k, shaped [n, H * W], for input maps shaped [n, in, H, W]. */
    Pass forward(INDArray input) {
        long[] shape = input.shape();
        long area = shape[2] * shape[3];
        INDArray maps = Nd4j.cnn().depthWiseConv2d(
                input.dup('c').reshape(1, (long) filters * inputChannels, shape[2], shape[3]), kernels, config);
        INDArray z = maps.reshape(filters, inputChannels, area).sum(1).addiColumnVector(bias); // [n, H*W]
        INDArray activated = relu ? Transforms.relu(z, true) : z;
        return new Pass(z, activated.mulColumnVector(scale).addiColumnVector(shift), shape);
    }

    /** d(sum(output * epsilon)) / d input for a pass, shaped like its input. */
    INDArray inputGradient(Pass pass, INDArray epsilon) {
        long[] shape = pass.inputShape();
        INDArray delta = epsilon.mulColumnVector(scale);
        if (relu) {
            delta.muli(pass.preActivation().gt(0).castTo(delta.dataType()));
        }
        // every input channel of image k sees the same output gradient
        INDArray spread = delta.reshape(filters, 1, shape[2] * shape[3])
                .repeat(1, inputChannels).reshape(1, (long) filters * inputChannels, shape[2], shape[3]);
        return Nd4j.cnn().depthWiseConv2d(spread, flippedKernels, config).reshape(shape);
    }
}
