package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/** A fully connected layer {@code x W + b} with DL4J's weight layout [in, out] (libnd4j's {@code xw_plus_b}). */
record DenseStep(INDArray weights, INDArray bias) implements InferenceStep {
    /** This layer followed by a per-unit {@code x * scale + shift}. */
    DenseStep scaledBy(ChannelAffine affine) {
        return new DenseStep(weights.dup('c').muliRowVector(affine.scale()), affine.applyTo(bias));
    }

    @Override
    public CustomOp bind(INDArray in, INDArray out) {
        return DynamicCustomOp.builder("xw_plus_b").addInputs(in, weights, bias).addOutputs(out).build();
    }
}
