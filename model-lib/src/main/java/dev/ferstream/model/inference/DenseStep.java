package dev.ferstream.model.inference;

import dev.ferstream.model.batchnorm.BatchNormAffine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.List;

/**
 * A fully connected layer {@code x W + b} with DL4J's weight layout [in, out], as libnd4j's {@code matmul} and
 * {@code biasadd}. Not {@code xw_plus_b}: that goes to oneDNN's inner product, which reorders the whole weight matrix
 * into its blocked layout on every call (1.2-1.5 ms against 0.04 ms for hw3-cnn's 9216x128 layer at batch 1, and
 * 0.95 against 0.74 ms at batch 64, in a probe).
 */
record DenseStep(INDArray weights, INDArray bias) implements InferenceStep {
    private static final int NO_TRANSPOSE = 0;
    private static final double ALPHA = 1.0;
    private static final double BETA = 0.0;
    private static final boolean NCHW = false;

    /** This layer followed by a BatchNorm, folded into its weights and bias. */
    DenseStep scaledBy(BatchNormAffine affine) {
        return new DenseStep(affine.scaleWeights(weights, false).castTo(DataType.FLOAT),
                affine.foldBias(bias).castTo(DataType.FLOAT));
    }

    /**
     * This layer reading a flattened channels-last map [H, W, C] where it was trained on a flattened NCHW one
     * [{@code chw}]: the same weights, rows reordered from (c, h, w) to (h, w, c).
     */
    DenseStep readingChannelsLast(long[] chw) {
        INDArray rows = weights.reshape('c', chw[0], chw[1], chw[2], weights.size(1)).permute(1, 2, 0, 3).dup('c');
        return new DenseStep(rows.reshape('c', weights.size(0), weights.size(1)), bias);
    }

    @Override
    public List<CustomOp> bind(INDArray in, INDArray out) {
        return List.of(
                DynamicCustomOp.builder("matmul").addInputs(in, weights).addOutputs(out)
                        .addIntegerArguments(NO_TRANSPOSE, NO_TRANSPOSE, NO_TRANSPOSE)
                        .addFloatingPointArguments(ALPHA, BETA).build(),
                DynamicCustomOp.builder("biasadd").addInputs(out, bias).addOutputs(out).addBooleanArguments(NCHW).build());
    }
}
