package dev.ferstream.model.inference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An inference-mode BatchNorm reduced to {@code y = x * scale + shift} per channel, computed in double from the
 * layer's statistics, so it can be folded into the convolution or dense layer in front of it.
 */
record ChannelAffine(INDArray scale, INDArray shift) {
    static ChannelAffine of(BatchNormStep bn) {
        float[] gamma = bn.gamma().toFloatVector();
        float[] beta = bn.beta().toFloatVector();
        float[] mean = bn.mean().toFloatVector();
        float[] variance = bn.variance().toFloatVector();
        float[] scale = new float[gamma.length];
        float[] shift = new float[gamma.length];
        for (int c = 0; c < gamma.length; c++) {
            double s = gamma[c] / Math.sqrt(variance[c] + bn.epsilon());
            scale[c] = (float) s;
            shift[c] = (float) (beta[c] - mean[c] * s);
        }
        return new ChannelAffine(Nd4j.createFromArray(scale), Nd4j.createFromArray(shift));
    }

    /** {@code bias * scale + shift}, or the shift alone for a layer without bias. */
    INDArray applyTo(INDArray bias) {
        INDArray out = shift.dup();
        return bias == null ? out : out.addi(bias.castTo(DataType.FLOAT).reshape(shift.shape()).mul(scale));
    }
}
