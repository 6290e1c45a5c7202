package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Channels-last training's first pre-processor: a batch of flat one-channel images [N, H * W] (or [N, 1, H, W]) as
 * [N, H, W, 1]. With one channel NCHW and NHWC are the same memory, so this is a reshape, as DL4J's
 * {@code FeedForwardToCnnPreProcessor} is for NCHW.
 */
final class ChannelsLastInput implements InputPreProcessor {
    private final long height;
    private final long width;
    private long[] inputShape;

    ChannelsLastInput(long height, long width) {
        this.height = height;
        this.width = width;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.length() != input.size(0) * height * width) {
            throw new IllegalArgumentException("expected " + height + "x" + width + " one-channel images, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        inputShape = input.shape();
        INDArray in = RowMajor.of(input);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, in.reshape('c', input.size(0), height, width, 1));
    }

    @Override
    public INDArray backprop(INDArray epsilons, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (epsilons == null) {
            return null; // the first convolution computed no input gradient (a fit discards it)
        }
        INDArray eps = RowMajor.of(epsilons);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, eps.reshape('c', inputShape));
    }

    @Override
    public InputPreProcessor clone() {
        return new ChannelsLastInput(height, width);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.convolutional(height, width, 1, CNN2DFormat.NHWC);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }
}
