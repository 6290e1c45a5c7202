package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/** The mean or maximum of each NCHW channel map, giving [n, C]. */
record GlobalPoolStep(boolean max) implements InferenceStep {
    @Override
    public CustomOp bind(INDArray in, INDArray out) {
        return DynamicCustomOp.builder(max ? "reduce_max" : "reduce_mean").addInputs(in).addOutputs(out)
                .addIntegerArguments(2, 3).addBooleanArguments(false).build();
    }
}
