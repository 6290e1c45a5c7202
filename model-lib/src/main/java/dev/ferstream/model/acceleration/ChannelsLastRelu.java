package dev.ferstream.model.acceleration;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution layer's ReLU for channels-last training: the same values as DL4J's {@link ActivationReLU}, with the
 * derivative computed on the NHWC memory the layer's arrays live in.
 *
 * <p>Why: DL4J's {@code ConvolutionLayer} hands its activation the pre-activation and the incoming gradient as NCHW
 * views permuted over NHWC buffers; libnd4j's {@code relu_bp} walks those strided views element by element, which
 * took 13% of a channels-last hw3-cnn step (JFR). Both views have the same strides, so the element-wise derivative is
 * computed over the contiguous NHWC arrays underneath and written, as DL4J's is, into the pre-activation's memory.
 * Set on a layer only for the duration of a channels-last step ({@link ChannelsLastTraining}); never saved.
 */
final class ChannelsLastRelu extends BaseActivationFunction {
    private static final int[] TO_CHANNELS_LAST = {0, 2, 3, 1};
    private final ActivationReLU relu = new ActivationReLU();

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return relu.getActivation(in, training);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        if (!overChannelsLast(in) || !overChannelsLast(epsilon)) {
            return relu.backprop(in, epsilon);
        }
        INDArray z = in.permute(TO_CHANNELS_LAST);
        Nd4j.getExecutioner().exec(new Step(z, z, 0.0)); // 1 where z > 0, else 0 (0 at exactly 0, as DL4J)
        z.muli(epsilon.permute(TO_CHANNELS_LAST));
        return new Pair<>(in, null);
    }

    /** Whether {@code array} is an NCHW view of a contiguous NHWC array. */
    static boolean overChannelsLast(INDArray array) {
        if (array.rank() != 4) {
            return false;
        }
        return RowMajor.fits(array.permute(TO_CHANNELS_LAST));
    }

    @Override
    public int numParams(int inputSize) {
        return 0;
    }

    @Override
    public String toString() {
        return "relu (channels-last)";
    }
}
