package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.List;

/** 2-D max pooling over NCHW (or, {@code channelsLast}, NHWC) maps (libnd4j's {@code maxpool2d}, oneDNN). */
record MaxPoolStep(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean sameMode, boolean channelsLast)
        implements InferenceStep {
    private static final int UNUSED = 0;
    private static final int NCHW = 0;
    private static final int NHWC = 1;

    MaxPoolStep(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean sameMode) {
        this(kernel, stride, padding, dilation, sameMode, false);
    }

    @Override
    public MaxPoolStep toChannelsLast() {
        return new MaxPoolStep(kernel, stride, padding, dilation, sameMode, true);
    }

    @Override
    public List<CustomOp> bind(INDArray in, INDArray out) {
        return List.of(DynamicCustomOp.builder("maxpool2d").addInputs(in).addOutputs(out)
                .addIntegerArguments(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1],
                        dilation[0], dilation[1], sameMode ? 1 : 0, UNUSED, channelsLast ? NHWC : NCHW)
                .build());
    }
}
