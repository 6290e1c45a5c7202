package dev.ferstream.explain;

import dev.ferstream.model.batchnorm.BatchNormAffine;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A copy of a trained network for taking input gradients: no Dropout and no BatchNormalization, with outputs equal
 * to the original's inference-mode outputs, and logits (not softmax probabilities) as its output.
 *
 * <p>Why: in DL4J 1.0.0-M2.1 the BatchNormalization backward pass uses batch statistics even after an
 * inference-mode forward pass (the input gradient is exactly 0 at batch 1; with oneDNN it throws), and
 * {@code calculateGradients} runs the forward pass in training mode. So each BatchNorm is removed exactly:
 * <ul>
 *   <li>folded into the convolution or dense layer before it when that layer is linear (identity activation):
 *       W' = W * s, b' = (b - mean) * s + beta with s = gamma / std, and the layer takes the BatchNorm's activation
 *       (fer-cnn's conv-BN-ReLU, the final Dense(7)-BN of the homework models);</li>
 *   <li>otherwise replaced by an exact per-channel scale-and-shift layer: a 1x1 {@link DepthwiseConvolution2D} on
 *       feature maps, an {@link ElementWiseMultiplicationLayer} on vectors (hw3's ReLU-then-BN, which cannot be folded
 *       into the next same-padded conv because that would be wrong at the zero-padded borders).</li>
 * </ul>
 * The copy runs without workspaces so the layer inputs kept by the forward pass are still valid in the backward pass.
 */
public final class InferenceCopy {
    private final MultiLayerNetwork network;
    private final int[] originalIndex;

    private InferenceCopy(MultiLayerNetwork network, int[] originalIndex) {
        this.network = network;
        this.originalIndex = originalIndex;
    }

    /** The whole network up to the logits (the loss layer is dropped). */
    public static InferenceCopy of(MultiLayerNetwork trained) {
        int last = trained.getnLayers() - 1;
        Layer lastLayer = trained.getLayerWiseConfigurations().getConf(last).getLayer();
        boolean loss = lastLayer instanceof LossLayer || lastLayer instanceof BaseOutputLayer;
        if (lastLayer instanceof BaseOutputLayer) {
            throw new IllegalArgumentException("networks ending in an OutputLayer are not supported; expected Dense + LossLayer");
        }
        return upTo(trained, loss ? last - 1 : last);
    }

    /**
     * The network up to and including original layer {@code lastLayer}, plus the BatchNorm layers that directly
     * follow it (so a conv block ends with its normalised activation, as in the original's forward pass).
     */
    public static InferenceCopy upTo(MultiLayerNetwork trained, int lastLayer) {
        MultiLayerConfiguration conf = trained.getLayerWiseConfigurations();
        int end = blockEnd(trained, lastLayer);
        DataType dataType = trained.params().dataType();
        List<Planned> plan = new ArrayList<>();
        InputType type = inputType(conf);
        InputType current = type;
        for (int i = 0; i <= end; i++) {
            Layer layer = conf.getConf(i).getLayer();
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) {
                current = pre.getOutputType(current);
            }
            InputType out = layer.getOutputType(i, current);
            if (layer instanceof DropoutLayer) {
                current = out;
                continue;
            }
            if (layer instanceof BatchNormalization bn) {
                BatchNormAffine affine = BatchNormAffine.of(trained.getLayer(i).paramTable(), bn.getEps());
                // DL4J 1.0.0-M2.1's BatchNormalization layer never applies its configured activation (its
                // activate() returns preOutput, with or without the oneDNN helper): the copy must not either.
                IActivation none = new ActivationIdentity();
                Planned previous = plan.isEmpty() ? null : plan.get(plan.size() - 1);
                if (previous != null && previous.foldable()) { // only dropout (identity at inference) can lie between
                    previous.fold(affine, none);
                } else {
                    plan.add(Planned.scaleShift(i, affine, none, current.getType() == InputType.Type.CNN));
                }
                current = out;
                continue;
            }
            Layer copy = layer.clone();
            copy.setIDropout(null);
            if (copy instanceof BaseLayer base) {
                base.setWeightNoise(null);
            }
            Planned copied = Planned.copy(i, copy, trained.getLayer(i).paramTable());
            Planned previous = plan.isEmpty() ? null : plan.get(plan.size() - 1);
            if (previous != null && previous.positiveScaleShift() && copy instanceof SubsamplingLayer pool
                    && pool.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX) {
                // max(s*x + t) = s*max(x) + t for s > 0: scaling after the pooling touches 4x fewer values
                plan.add(plan.size() - 1, copied);
            } else {
                plan.add(copied);
            }
            current = out;
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .dataType(dataType)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .list();
        for (Planned p : plan) {
            list.layer(p.layer());
        }
        MultiLayerNetwork network = new MultiLayerNetwork(list.setInputType(type).build());
        network.init();
        int[] index = new int[plan.size()];
        for (int j = 0; j < plan.size(); j++) {
            Planned p = plan.get(j);
            index[j] = p.sourceIndex;
            for (Map.Entry<String, INDArray> param : p.params.entrySet()) {
                INDArray target = network.getLayer(j).getParam(param.getKey());
                target.assign(param.getValue().reshape(target.shape()).castTo(dataType));
            }
        }
        return new InferenceCopy(network, index);
    }

    /** The last layer of {@code layer}'s block: the layer itself, or the last of the BatchNorms directly after it. */
    static int blockEnd(MultiLayerNetwork network, int layer) {
        int end = layer;
        while (end + 1 < network.getnLayers()
                && network.getLayerWiseConfigurations().getConf(end + 1).getLayer() instanceof BatchNormalization) {
            end++;
        }
        return end;
    }

    /** The BN-free, dropout-free network (not thread-safe, like every DL4J network). */
    public MultiLayerNetwork network() {
        return network;
    }

    /** For each layer of the copy, the index of the original layer it came from. */
    public int originalLayer(int copyLayer) {
        return originalIndex[copyLayer];
    }

    /** The network's input type, recovered from its first preprocessor (conv nets) or first layer's nIn. */
    static InputType inputType(MultiLayerConfiguration conf) {
        InputPreProcessor first = conf.getInputPreProcess(0);
        if (first instanceof FeedForwardToCnnPreProcessor ff) {
            return InputType.convolutionalFlat(ff.getInputHeight(), ff.getInputWidth(), ff.getNumChannels());
        }
        Layer layer = conf.getConf(0).getLayer();
        if (layer instanceof FeedForwardLayer ff) {
            return InputType.feedForward(ff.getNIn());
        }
        throw new IllegalArgumentException("cannot infer the input type of a network starting with " + layer.getClass().getSimpleName());
    }

    /** One layer of the copy being planned: its configuration and the parameters to load into it. */
    private static final class Planned {
        final int sourceIndex;
        Layer layer;
        final Map<String, INDArray> params;

        private Planned(int sourceIndex, Layer layer, Map<String, INDArray> params) {
            this.sourceIndex = sourceIndex;
            this.layer = layer;
            this.params = params;
        }

        static Planned copy(int index, Layer layer, Map<String, INDArray> params) {
            Map<String, INDArray> copied = new java.util.LinkedHashMap<>();
            params.forEach((k, v) -> copied.put(k, v.dup()));
            return new Planned(index, layer, copied);
        }

        static Planned scaleShift(int index, BatchNormAffine affine, IActivation activation, boolean featureMaps) {
            int channels = (int) affine.scale().length();
            Map<String, INDArray> params = new java.util.LinkedHashMap<>();
            params.put("W", affine.scale().dup());
            params.put("b", affine.shift().dup());
            Layer layer = featureMaps
                    ? new DepthwiseConvolution2D.Builder(1, 1).stride(1, 1).depthMultiplier(1).nIn(channels).nOut(channels)
                    .convolutionMode(ConvolutionMode.Same).activation(activation).hasBias(true).build()
                    : new ElementWiseMultiplicationLayer.Builder().nIn(channels).nOut(channels).activation(activation).build();
            return new Planned(index, layer, params);
        }

        Layer layer() {
            return layer;
        }

        /** A feature-map scale-shift with every scale > 0 and no activation: it commutes with max pooling. */
        boolean positiveScaleShift() {
            return layer instanceof DepthwiseConvolution2D dw && dw.getActivationFn() instanceof ActivationIdentity
                    && params.get("W").minNumber().doubleValue() > 0;
        }

        /** True for a plain convolution or dense layer with no non-linearity, into which a BatchNorm folds exactly. */
        boolean foldable() {
            boolean linearKind = layer.getClass() == ConvolutionLayer.class || layer.getClass() == DenseLayer.class;
            return linearKind && ((BaseLayer) layer).getActivationFn() instanceof ActivationIdentity;
        }

        void fold(BatchNormAffine affine, IActivation activation) {
            params.put("W", affine.scaleWeights(params.get("W"), layer instanceof ConvolutionLayer));
            params.put("b", affine.foldBias(params.get("b")));
            if (layer instanceof ConvolutionLayer conv) {
                conv.setHasBias(true);
            } else if (layer instanceof DenseLayer dense) {
                dense.setHasBias(true);
            }
            ((BaseLayer) layer).setActivationFn(activation);
        }
    }
}
