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
 * Where channels-last training hands its feature maps back: NHWC [N, H, W, C] copied to NCHW, and flattened into rows
 * in (c, h, w) order when it replaces DL4J's flatten before a dense layer. The dense weights keep the order they were
 * trained and are saved in, and a global pooling layer after it pools its usual axes, so switching a network between
 * layouts never touches its parameters or optimizer state. The copy is of the network's smallest maps (hw3-cnn:
 * 6x6x256 a face).
 */
final class ChannelsFirstOutput implements InputPreProcessor {
    private static final int[] TO_CHANNELS_FIRST = {0, 3, 1, 2};
    private static final int[] TO_CHANNELS_LAST = {0, 2, 3, 1};
    private final boolean flatten;
    private long[] mapsShape;

    /** @param flatten whether the maps leave as rows [N, C * H * W] (before a dense layer) or stay [N, C, H, W] */
    ChannelsFirstOutput(boolean flatten) {
        this.flatten = flatten;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("expected NHWC feature maps, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        INDArray maps = workspaceMgr.dup(ArrayType.ACTIVATIONS, input.permute(TO_CHANNELS_FIRST), 'c');
        mapsShape = maps.shape();
        return flatten ? maps.reshape('c', maps.size(0), maps.length() / maps.size(0)) : maps;
    }

    @Override
    public INDArray backprop(INDArray epsilons, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray eps = RowMajor.of(epsilons);
        INDArray maps = eps.reshape('c', mapsShape).permute(TO_CHANNELS_LAST);
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, maps, 'c');
    }

    @Override
    public InputPreProcessor clone() {
        return new ChannelsFirstOutput(flatten);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        InputType.InputTypeConvolutional maps = (InputType.InputTypeConvolutional) inputType;
        return flatten ? InputType.feedForward(maps.arrayElementsPerExample())
                : InputType.convolutional(maps.getHeight(), maps.getWidth(), maps.getChannels(), CNN2DFormat.NCHW);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }
}
