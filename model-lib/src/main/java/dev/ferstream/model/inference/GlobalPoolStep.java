package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.List;

/** The mean or maximum of each NCHW channel map, giving [n, C]. */
record GlobalPoolStep(boolean max) implements InferenceStep {
    @Override
    public List<CustomOp> bind(INDArray in, INDArray out) {
        return List.of(DynamicCustomOp.builder(max ? "reduce_max" : "reduce_mean").addInputs(in).addOutputs(out)
                .addIntegerArguments(2, 3).addBooleanArguments(false).build());
    }
}
