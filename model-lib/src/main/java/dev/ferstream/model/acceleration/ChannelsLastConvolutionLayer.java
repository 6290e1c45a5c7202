package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's convolution layer, less two copies in channels-last steps. In NHWC, DL4J's {@code preOutput} first copies the
 * whole input into NCHW only to read its sizes, then hands the oneDNN helper the original NHWC input; it does so on the
 * forward pass and again when the backward pass fetches the cached output. This layer reads the sizes from the NHWC
 * input and calls the helper directly; and {@link #activate} keeps no copy of the output for the backward pass. In
 * every other case (NCHW, no helper, a helper that failed) it is DL4J's layer. As a step's first layer on a one-channel
 * input it computes no input gradient ({@link #skipInputGradient}).
 *
 * <p>Why: those copies were the part of channels-last training that grew with the network (fer-vgg copies ~44M values
 * twice a step). Installed by {@link ChannelsLastTraining#install} through {@link LayerSwap}, sharing the original's
 * configuration and parameter and gradient views.
 */
final class ChannelsLastConvolutionLayer extends ConvolutionLayer {
    /** True while this layer's input gradient goes unread (a channels-last step's first layer). */
    private boolean weightsOnly;

    /** A replacement for {@code original}: same configuration, views, position in the network and listeners. */
    ChannelsLastConvolutionLayer(ConvolutionLayer original) {
        super(original.conf(), original.conf().getDataType());
        setParamsViewArray(original.params());
        setParamTable(original.paramTable());
        if (original.getGradientsViewArray() != null) { // else the network sets it on its first fit, as on any layer
            setBackpropGradientsViewArray(original.getGradientsViewArray());
        }
        setIndex(original.getIndex());
        setListeners(original.getListeners());
        setCacheMode(original.conf().getCacheMode());
        setIterationCount(original.getIterationCount());
        setEpochCount(original.getEpochCount());
    }

    /** Whether {@code layer} is DL4J's own convolution layer (not a subclass, not already replaced). */
    static boolean replaces(Layer layer) {
        return layer.getClass() == ConvolutionLayer.class;
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop,
                                                 LayerWorkspaceMgr workspaceMgr) {
        var conf = layerConf();
        if (conf.getCnn2dDataFormat() != CNN2DFormat.NHWC || helper == null || helperCountFail != 0) {
            return super.preOutput(training, forBackprop, workspaceMgr);
        }
        assertInputSet(false);
        if (preOutput != null && forBackprop) {
            return new Pair<>(preOutput, null);
        }
        INDArray bias = hasBias() ? getParamWithNoise("b", training, workspaceMgr) : null; // oneDNN takes none
        INDArray weights = getParamWithNoise("W", training, workspaceMgr);
        validateInputRank();
        INDArray in = input.castTo(dataType);
        validateInputDepth(weights.size(1));
        // the helper works out "same" padding from the NHWC sizes itself
        INDArray out = helper.preOutput(in, weights, bias, conf.getKernelSize(), conf.getStride(), conf.getPadding(),
                conf.getCudnnAlgoMode(), conf.getCudnnFwdAlgo(), convolutionMode, conf.getDilation(), CNN2DFormat.NHWC,
                workspaceMgr);
        if (out == null) { // not float: the helper declines, DL4J's layer decides
            return super.preOutput(training, forBackprop, workspaceMgr);
        }
        return new Pair<>(out, null);
    }

    /**
     * DL4J's forward pass, less the forward cache's copy: DL4J keeps a copy of each convolution's output before the
     * activation for the backward pass (6% of a channels-last fer-vgg step in JFR), but the two activations these
     * layers have need none. ReLU's derivative is 1 exactly where the output is positive, so the output itself serves
     * ({@link ChannelsLastRelu} writes the gradient into it once the next layer's backward pass is done with it), and
     * the identity's derivative reads nothing. Any other activation, layout or cache setting is DL4J's own pass.
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        IActivation activation = layerConf().getActivationFn();
        boolean outputServes = activation instanceof ChannelsLastRelu || activation instanceof ActivationIdentity;
        if (!training || !outputServes || input == null || layerConf().getCnn2dDataFormat() != CNN2DFormat.NHWC
                || helper == null || helperCountFail != 0 || cacheMode == null || cacheMode == CacheMode.NONE
                || !workspaceMgr.hasConfiguration(ArrayType.FF_CACHE)
                || !workspaceMgr.isWorkspaceOpen(ArrayType.FF_CACHE)) {
            return super.activate(training, workspaceMgr);
        }
        applyDropOutIfNecessary(true, workspaceMgr);
        INDArray out = activation.getActivation(preOutput(true, false, workspaceMgr).getFirst(), true);
        preOutput = out;
        return out;
    }

    /**
     * While true, an NHWC backward pass on a one-channel input computes only the weight and bias gradients (oneDNN
     * 2.5's backward weights, {@link DnnlConvolutionHelper#weightGradients}) and returns no input gradient; false
     * restores DL4J's backward pass. Only for the network's first layer in a fit, which discards its input gradient.
     */
    void skipInputGradient(boolean skip) {
        weightsOnly = skip;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!weightsOnly || !(helper instanceof DnnlConvolutionHelper dnnl) || helperCountFail != 0 || input == null
                || layerConf().getCnn2dDataFormat() != CNN2DFormat.NHWC || input.rank() != 4 || input.size(3) != 1
                || epsilon.rank() != 4) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        // as DL4J's pass: the cached output, the activation's derivative (NCHW views of the NHWC memory)
        INDArray z = preOutput4d(true, true, workspaceMgr).getFirst().permute(0, 3, 1, 2);
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon.permute(0, 3, 1, 2)).getFirst()
                .permute(0, 2, 3, 1);
        var conf = layerConf();
        Gradient gradient = dnnl.weightGradients(RowMajor.of(input), getParam("W"),
                hasBias() ? getParam("b") : null, RowMajor.of(delta), conf.getKernelSize(), conf.getStride(),
                conf.getPadding(), convolutionMode, conf.getDilation(), gradientViews.get("W"),
                gradientViews.get("b"));
        return gradient == null ? super.backpropGradient(epsilon, workspaceMgr) : new Pair<>(gradient, null);
    }
}
