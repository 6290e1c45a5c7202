package dev.ferstream.model.inference;

import dev.ferstream.model.batchnorm.BatchNormAffine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * An inference-mode BatchNorm over dimension 1 (channels of NCHW maps, or units of a dense layer) that could not be
 * folded (it follows a non-linearity), as {@code x * scale + shift}: libnd4j's {@code batchnorm} (oneDNN) with mean
 * 0, variance 1 and epsilon 0, so the statistics are read in one place ({@link BatchNormAffine}). Channels-last,
 * the channels are the last dimension instead.
 */
record BatchNormStep(INDArray scale, INDArray shift, INDArray zeros, INDArray ones, boolean channelsLast)
        implements InferenceStep {
    private static final int APPLY_SCALE = 1;
    private static final int APPLY_OFFSET = 1;
    private static final int CHANNEL_AXIS = 1;
    private static final double NO_EPSILON = 0.0;

    static BatchNormStep of(BatchNormAffine affine) {
        long channels = affine.scale().length();
        return new BatchNormStep(affine.scale().castTo(DataType.FLOAT), affine.shift().castTo(DataType.FLOAT),
                Nd4j.zeros(DataType.FLOAT, channels), Nd4j.ones(DataType.FLOAT, channels), false);
    }

    @Override
    public BatchNormStep toChannelsLast() {
        return new BatchNormStep(scale, shift, zeros, ones, true);
    }

    @Override
    public boolean inPlace() {
        return true;
    }

    @Override
    public List<CustomOp> bind(INDArray in, INDArray out) {
        return List.of(DynamicCustomOp.builder("batchnorm").addInputs(in, zeros, ones, scale, shift).addOutputs(out)
                .addFloatingPointArguments(NO_EPSILON).addIntegerArguments(APPLY_SCALE, APPLY_OFFSET, channelsLast ? in.rank() - 1 : CHANNEL_AXIS).build());
    }
}
