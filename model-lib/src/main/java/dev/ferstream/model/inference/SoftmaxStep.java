package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/** Softmax over each row. */
record SoftmaxStep() implements InferenceStep {
    @Override
    public CustomOp bind(INDArray in, INDArray out) {
        return DynamicCustomOp.builder("softmax").addInputs(in).addOutputs(out).build();
    }
}
