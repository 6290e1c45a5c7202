package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.List;

/** {@code max(x, 0)} in place. */
record ReluStep() implements InferenceStep {
    @Override
    public boolean inPlace() {
        return true;
    }

    @Override
    public List<CustomOp> bind(INDArray in, INDArray out) {
        return List.of(DynamicCustomOp.builder("relu").addInputs(in).addOutputs(out).addFloatingPointArguments(0.0).build());
    }
}
