package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.List;

/** The mean or maximum of each channel's map of NCHW (or, {@code channelsLast}, NHWC) maps, giving [n, C]. */
record GlobalPoolStep(boolean max, boolean channelsLast) implements InferenceStep {
    GlobalPoolStep(boolean max) {
        this(max, false);
    }

    @Override
    public GlobalPoolStep toChannelsLast() {
        return new GlobalPoolStep(max, true);
    }

    @Override
    public List<CustomOp> bind(INDArray in, INDArray out) {
        int[] maps = channelsLast ? new int[]{1, 2} : new int[]{2, 3};
        return List.of(DynamicCustomOp.builder(max ? "reduce_max" : "reduce_mean").addInputs(in).addOutputs(out)
                .addIntegerArguments(maps).addBooleanArguments(false).build());
    }
}
