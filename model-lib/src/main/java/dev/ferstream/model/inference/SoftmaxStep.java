package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.List;

/** Softmax over each row. */
record SoftmaxStep() implements InferenceStep {
    @Override
    public List<CustomOp> bind(INDArray in, INDArray out) {
        return List.of(DynamicCustomOp.builder("softmax").addInputs(in).addOutputs(out).build());
    }
}
