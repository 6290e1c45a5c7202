package dev.ferstream.explain;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The input gradient of an {@link InferenceCopy} without the weight gradients DL4J's backward pass always computes.
 *
 * <p>Why: for a convolution, d input = the same-padded convolution of the output gradient with the kernel flipped
 * and its in/out channels swapped; computing only that (one oneDNN conv per layer) halves the backward cost, since
 * DL4J's {@code backpropGradient} also computes d weights, as expensive again. Stride-1, odd-kernel, same-mode
 * convolutions with identity or ReLU take this path, and so do the 1x1 depthwise scale-shifts; every other layer
 * (pooling, dense, preprocessors) uses its own DL4J backward pass, which is cheap or parameter-free.
 */
final class InputBackprop {
    private final MultiLayerNetwork network;
    /** Per layer: the flipped, channel-swapped kernel (OIYX) for the fast conv path, else null. */
    private final INDArray[] transposedKernels;
    private final Conv2DConfig[] convConfigs;
    /** Per layer: the per-channel scale, shaped [1, C, 1, 1], for 1x1 depthwise scale-shifts, else null. */
    private final INDArray[] channelScales;

    InputBackprop(MultiLayerNetwork network) {
        this.network = network;
        network.initGradientsView(); // layers' own backward passes (dense, pooling) write into these views
        int n = network.getnLayers();
        this.transposedKernels = new INDArray[n];
        this.convConfigs = new Conv2DConfig[n];
        this.channelScales = new INDArray[n];
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        for (int j = 0; j < n; j++) {
            org.deeplearning4j.nn.conf.layers.Layer layer = conf.getConf(j).getLayer();
            if (layer instanceof DepthwiseConvolution2D dw && isOneByOne(dw) && maskable(dw.getActivationFn())) {
                INDArray w = network.getLayer(j).getParam("W");
                channelScales[j] = w.reshape(1, w.length(), 1, 1).dup();
            } else if (layer.getClass() == ConvolutionLayer.class && fastConv((ConvolutionLayer) layer)) {
                ConvolutionLayer conv = (ConvolutionLayer) layer;
                INDArray w = network.getLayer(j).getParam("W"); // [out, in, kh, kw]
                transposedKernels[j] = flippedTranspose(w);
                convConfigs[j] = Conv2DConfig.builder().kH(conv.getKernelSize()[0]).kW(conv.getKernelSize()[1])
                        .sH(1).sW(1).dH(1).dW(1).paddingMode(PaddingMode.SAME).dataFormat("NCHW")
                        .weightsFormat(WeightsFormat.OIYX).build();
            }
        }
    }

    /** t[i][o][y][x] = w[o][i][kh-1-y][kw-1-x]: the kernel of the convolution's adjoint (same padding, stride 1). */
    static INDArray flippedTranspose(INDArray w) {
        int out = (int) w.size(0);
        int in = (int) w.size(1);
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        double[] src = w.dup('c').reshape(w.length()).toDoubleVector();
        double[] dst = new double[src.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        dst[((i * out + o) * kh + y) * kw + x] = src[((o * in + i) * kh + (kh - 1 - y)) * kw + (kw - 1 - x)];
                    }
                }
            }
        }
        return Nd4j.create(dst, new long[]{in, out, kh, kw}, 'c').castTo(w.dataType());
    }

    private static boolean isOneByOne(DepthwiseConvolution2D dw) {
        return dw.getKernelSize()[0] == 1 && dw.getKernelSize()[1] == 1 && dw.getStride()[0] == 1 && dw.getStride()[1] == 1
                && dw.getDepthMultiplier() == 1;
    }

    /** Stride-1, odd-kernel, same-mode NCHW convolutions with identity or ReLU: those whose adjoint is a flipped conv. */
    static boolean fastConv(ConvolutionLayer conv) {
        int[] k = conv.getKernelSize();
        return conv.getConvolutionMode() == ConvolutionMode.Same && conv.getStride()[0] == 1 && conv.getStride()[1] == 1
                && conv.getDilation()[0] == 1 && conv.getDilation()[1] == 1 && k[0] % 2 == 1 && k[1] % 2 == 1
                && conv.getCnn2dDataFormat() == CNN2DFormat.NCHW && maskable(conv.getActivationFn());
    }

    /** Activations whose derivative can be read off the output: identity (1) and ReLU (output > 0). */
    private static boolean maskable(IActivation activation) {
        return activation instanceof ActivationIdentity || activation instanceof ActivationReLU;
    }

    /** d(sum(output * outputEpsilon)) / d input, shaped like the input. */
    INDArray gradient(INDArray input, INDArray outputEpsilon) {
        return backward(input, forward(input), outputEpsilon);
    }

    /**
     * The inference-mode forward pass, kept for {@link #backward}: [input, output of layer 0, ..., network output].
     * The layers keep their inputs until {@code backward} runs, so no other pass may come between the two.
     */
    List<INDArray> forward(INDArray input) {
        network.setInput(input);
        return network.feedForward(false, false);
    }

    /** The input gradient for the pass {@link #forward} just returned; consumes that pass. */
    INDArray backward(INDArray input, List<INDArray> activations, INDArray outputEpsilon) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        int miniBatch = (int) input.size(0);
        INDArray epsilon = outputEpsilon;
        for (int j = network.getnLayers() - 1; j >= 0; j--) {
            Layer layer = network.getLayer(j);
            if (transposedKernels[j] != null) {
                INDArray delta = masked(epsilon, activations.get(j + 1), layer);
                epsilon = Nd4j.cnn().conv2d(delta, transposedKernels[j], convConfigs[j]);
            } else if (channelScales[j] != null) {
                INDArray delta = masked(epsilon, activations.get(j + 1), layer);
                epsilon = delta.mul(channelScales[j]);
            } else {
                epsilon = layer.backpropGradient(epsilon, mgr).getSecond();
            }
            InputPreProcessor pre = conf.getInputPreProcess(j);
            if (pre != null) {
                epsilon = pre.backprop(epsilon, miniBatch, mgr);
            }
        }
        network.clear();
        return epsilon.reshape(input.shape());
    }

    /** Drops a pass from {@link #forward} that needs no backward pass (the layers' kept inputs). */
    void discard() {
        network.clear();
    }

    /** The gradient before the layer's activation; overwrites the (no longer needed) stored output. */
    private static INDArray masked(INDArray epsilon, INDArray output, Layer layer) {
        INDArray eps = epsilon.reshape(output.shape());
        if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base
                && base.getActivationFn() instanceof ActivationReLU relu) {
            // relu'(z) = [z > 0] = [relu(z) > 0]: one fused native op on the output
            return relu.backprop(output, eps).getFirst();
        }
        return eps;
    }
}
