package dev.ferstream.model.inference;

import dev.ferstream.model.batchnorm.BatchNormAffine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.List;

/**
 * A 2-D convolution over NCHW (or, {@code channelsLast}, NHWC) activations with DL4J's weight layout
 * [out, in, kH, kW] and a bias per output channel (a following BatchNorm may have been folded into both), run by
 * libnd4j's {@code conv2d} (oneDNN).
 */
record ConvolutionStep(INDArray weights, INDArray bias, int[] kernel, int[] stride, int[] padding, int[] dilation,
                       boolean sameMode, boolean channelsLast) implements InferenceStep {
    private static final int NCHW = 0;
    private static final int NHWC = 1;
    private static final int WEIGHTS_OIHW = 1;

    ConvolutionStep(INDArray weights, INDArray bias, int[] kernel, int[] stride, int[] padding, int[] dilation,
                    boolean sameMode) {
        this(weights, bias, kernel, stride, padding, dilation, sameMode, false);
    }

    /** This convolution followed by a BatchNorm, folded into its weights and bias. */
    ConvolutionStep scaledBy(BatchNormAffine affine) {
        return new ConvolutionStep(affine.scaleWeights(weights, true).castTo(DataType.FLOAT),
                affine.foldBias(bias).castTo(DataType.FLOAT), kernel, stride, padding, dilation, sameMode, channelsLast);
    }

    @Override
    public ConvolutionStep toChannelsLast() {
        return new ConvolutionStep(weights, bias, kernel, stride, padding, dilation, sameMode, true);
    }

    @Override
    public List<CustomOp> bind(INDArray in, INDArray out) {
        return List.of(DynamicCustomOp.builder("conv2d").addInputs(in, weights, bias).addOutputs(out)
                .addIntegerArguments(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1],
                        dilation[0], dilation[1], sameMode ? 1 : 0, channelsLast ? NHWC : NCHW, WEIGHTS_OIHW)
                .build());
    }
}
