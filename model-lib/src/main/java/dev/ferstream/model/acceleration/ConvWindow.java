package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One convolution's geometry over a channels-last batch, as oneDNN wants it: input [n, h, w, ic], weights [oc, ic, kh,
 * kw] (DL4J's order), stride, dilation (1 here) and explicit padding on each side. In "same" mode DL4J pads the
 * smaller half before (top, left) and the rest after, so that the output is {@code ceil(in / stride)}, as TensorFlow
 * does.
 */
record ConvWindow(long n, long h, long w, long ic, long oc, int kh, int kw, int sh, int sw, int dh, int dw, int top,
                  int left, int bottom, int right, boolean bias) {
    /** Inputs with fewer channels stay with DL4J's helper, but for a weights-only backward pass. */
    static final int MIN_CHANNELS = 16;

    /** The window for this call, or null when it is not one {@link DnnlConvolutionHelper} runs. */
    static ConvWindow of(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                         ConvolutionMode mode, int[] dilation, CNN2DFormat format) {
        ConvWindow window = anyChannels(input, weights, bias, kernel, strides, pad, mode, dilation, format);
        if (window == null || window.ic < MIN_CHANNELS) {
            return null; // a first layer on grey faces: oneDNN 2.3's blocked kernel was twice as fast (6.7 vs 13.2 ms)
        }
        return window;
    }

    /**
     * {@link #of}, but for any number of input channels: the window of a weights-only backward pass, where oneDNN 2.5
     * on one channel is the fastest there is ({@link DnnlConvolutionHelper#weightGradients}).
     */
    static ConvWindow anyChannels(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides,
                                  int[] pad, ConvolutionMode mode, int[] dilation, CNN2DFormat format) {
        if (format != CNN2DFormat.NHWC || input.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT
                || input.rank() != 4 || weights.rank() != 4 || !RowMajor.fits(input) || !RowMajor.fits(weights)
                || (bias != null && (bias.dataType() != DataType.FLOAT || !RowMajor.fits(bias)))) {
            return null;
        }
        long[] dl4jWeights = {weights.size(0), input.size(3), kernel[0], kernel[1]};
        if (!java.util.Arrays.equals(weights.shape(), dl4jWeights)) {
            return null; // not DL4J's [oc, ic, kh, kw]
        }
        if (dilation[0] != 1 || dilation[1] != 1) {
            return null; // untested against DL4J's helper, which refuses some dilated cases itself
        }
        long h = input.size(1);
        long w = input.size(2);
        int[] before = pad.clone();
        int[] after = pad.clone();
        if (mode == ConvolutionMode.Same) {
            for (int axis = 0; axis < 2; axis++) {
                long in = axis == 0 ? h : w;
                long out = (in + strides[axis] - 1) / strides[axis];
                long effective = (long) (kernel[axis] - 1) * dilation[axis] + 1;
                int total = (int) Math.max(0, (out - 1) * strides[axis] + effective - in);
                before[axis] = total / 2;
                after[axis] = total - before[axis];
            }
        } else if (mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict) {
            return null;
        }
        return new ConvWindow(input.size(0), h, w, input.size(3), weights.size(0), kernel[0], kernel[1], strides[0],
                strides[1], dilation[0], dilation[1], before[0], before[1], after[0], after[1], bias != null);
    }

    /**
     * Whether the input gradient is a forward convolution of the output gradient with the weights flipped and
     * transposed: stride 1 (no dilation here) and padding of at most {@code k - 1} on each side, so that the flipped
     * convolution's padding {@code k - 1 - p} is not negative.
     */
    boolean transposable() {
        return sh == 1 && sw == 1 && Math.max(top, bottom) < kh && Math.max(left, right) < kw;
    }

    long outH() {
        return (h + top + bottom - ((long) (kh - 1) * dh + 1)) / sh + 1;
    }

    long outW() {
        return (w + left + right - ((long) (kw - 1) * dw + 1)) / sw + 1;
    }

    /** The output's shape in DL4J's NHWC order. */
    long[] outputShape() {
        return new long[]{n, outH(), outW(), oc};
    }
}
