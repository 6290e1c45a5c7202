package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.List;

/**
 * Inference-mode BatchNorm over dimension 1 (channels of NCHW maps, or units of a dense layer), by libnd4j's
 * {@code batchnorm} (oneDNN), for the BatchNorms that follow a non-linearity and so cannot be folded.
 */
record BatchNormStep(INDArray mean, INDArray variance, INDArray gamma, INDArray beta, double epsilon)
        implements InferenceStep {
    private static final int APPLY_SCALE = 1;
    private static final int APPLY_OFFSET = 1;
    private static final int CHANNEL_AXIS = 1;

    @Override
    public boolean inPlace() {
        return true;
    }

    @Override
    public List<CustomOp> bind(INDArray in, INDArray out) {
        return List.of(DynamicCustomOp.builder("batchnorm").addInputs(in, mean, variance, gamma, beta).addOutputs(out)
                .addFloatingPointArguments(epsilon).addIntegerArguments(APPLY_SCALE, APPLY_OFFSET, CHANNEL_AXIS).build());
    }
}
