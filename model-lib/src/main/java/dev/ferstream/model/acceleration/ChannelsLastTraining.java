package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a network's training steps with its convolutional part in NHWC (channels last), the network staying NCHW
 * between steps: its configuration, parameters, optimizer state, saved bundles and every other reader see what they
 * always did.
 *
 * <p>Why: DL4J keeps activations NCHW, while the oneDNN 2.3 convolutions it reaches on this CPU run on NHWC, so every
 * convolution reorders its input and output (hw3-cnn: 37 ms of a 920 ms step, {@code bench/peers/layers.sh}), and
 * pooling and BatchNorm run their slower NCHW kernels. DL4J's layers take NHWC; what did not is made to here:
 * BatchNorm's fused helper has NHWC loops ({@link ChannelsLastKernels}), a convolution's ReLU derivative runs on the
 * NHWC memory ({@link ChannelsLastRelu}), and the maps go back to NCHW before the dense or global pooling layer
 * ({@link ChannelsFirstOutput}), so the dense weights keep their (c, h, w) row order and the parameters are the same
 * numbers in either layout. The first convolution computes only its weight gradients
 * ({@link DnnlConvolutionHelper#weightGradients}): a step discards the input gradient.
 *
 * <p>Only the shape it can prove is switched: a one-channel image input reshaped by DL4J's
 * {@code FeedForwardToCnnPreProcessor}, then only convolution, max/avg pooling, BatchNorm, dropout and activation layers
 * (DL4J's own classes, not frozen or wrapped, convolution and pooling on their oneDNN helpers) up to a flatten or a
 * global pooling layer. Any other network trains as it did ({@link #switches()} is false). A switch is a handful of
 * field writes on the configuration and the layers' helpers ({@link OneDnnHelpers}), undone in a {@code finally}.
 */
public final class ChannelsLastTraining {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelsLastTraining.class);
    private final MultiLayerNetwork net;
    private final List<Switch> switches;

    private ChannelsLastTraining(MultiLayerNetwork net, List<Switch> switches) {
        this.net = net;
        this.switches = List.copyOf(switches);
    }

    /** One change to the network: what it is in NHWC steps and what it is otherwise. */
    record Switch(Runnable toChannelsLast, Runnable back) {
        static final Switch NONE = new Switch(() -> { }, () -> { });
    }

    /**
     * Plans the switch for {@code net}; a network it cannot prove is left to train as it does, and so is every network
     * (with a warning) if DL4J's internals this reaches are not where DL4J 1.0.0-M2.1 has them: slower, not wrong.
     */
    public static ChannelsLastTraining of(MultiLayerNetwork net) {
        try {
            return new ChannelsLastTraining(net, plan(net));
        } catch (IllegalStateException e) {
            LOG.warn("channels-last training steps off, training runs NCHW: {}", e.getMessage());
            return new ChannelsLastTraining(net, List.of());
        }
    }

    /**
     * Puts a {@link ChannelsLastConvolutionLayer} in place of each of DL4J's convolution layers (once), so channels-last
     * steps skip DL4J's copy of every convolution's input; returns how many the network has. Between steps they are
     * DL4J's layers.
     */
    public static int install(MultiLayerNetwork net) {
        int installed = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            if (ChannelsLastConvolutionLayer.replaces(net.getLayer(i))) {
                LayerSwap.replace(net, i,
                        new ChannelsLastConvolutionLayer((org.deeplearning4j.nn.layers.convolution.ConvolutionLayer)
                                net.getLayer(i)));
            }
            installed += net.getLayer(i) instanceof ChannelsLastConvolutionLayer ? 1 : 0;
        }
        return installed;
    }

    /** Whether this network's steps run channels-last. */
    public boolean switches() {
        return !switches.isEmpty();
    }

    /** One training step on {@code batch}: {@code net.fit(batch)}, channels-last where the network allows. */
    public void fit(DataSet batch) {
        during(() -> net.fit(batch));
    }

    /**
     * Runs {@code work} on the network with its convolutional part channels-last, switched back however it ends. The
     * network's input gradient is not computed meanwhile (a step's first convolution computes only its weight
     * gradients), so {@code work} is training steps, never saliency.
     */
    public void during(Runnable work) {
        switches.forEach(s -> s.toChannelsLast().run());
        try {
            work.run();
        } finally {
            switches.forEach(s -> s.back().run());
        }
    }

    private static List<Switch> plan(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (!(conf.getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor input) || input.getNumChannels() != 1) {
            return List.of();
        }
        List<Switch> switches = new ArrayList<>();
        switches.add(preProcessor(conf, 0, new ChannelsLastInput(input.getInputHeight(), input.getInputWidth())));
        if (net.getLayer(0) instanceof ChannelsLastConvolutionLayer first) {
            switches.add(new Switch(() -> first.skipInputGradient(true), () -> first.skipInputGradient(false)));
        }
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = net.getLayer(i).conf().getLayer();
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (i > 0 && pre instanceof CnnToFeedForwardPreProcessor flatten
                    && flatten.getFormat() == CNN2DFormat.NCHW) {
                switches.add(preProcessor(conf, i, new ChannelsFirstOutput(true)));
                return switches;
            }
            if (i > 0 && pre != null) {
                return List.of();
            }
            if (layer.getClass() == GlobalPoolingLayer.class) {
                switches.add(preProcessor(conf, i, new ChannelsFirstOutput(false)));
                return switches;
            }
            Switch own = layerSwitch(layer);
            Switch helper = OneDnnHelpers.channelsLast(net.getLayer(i));
            if (own == null || helper == null) {
                return List.of();
            }
            switches.add(own);
            switches.add(helper);
        }
        return List.of(); // never left the maps: nothing proves where NHWC would end
    }

    /** The switch of a layer that takes NHWC, null for any other. */
    private static Switch layerSwitch(Layer layer) {
        if (layer.getClass() == ConvolutionLayer.class) {
            ConvolutionLayer conv = (ConvolutionLayer) layer;
            if (conv.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                return null;
            }
            boolean relu = new ActivationReLU().equals(conv.getActivationFn());
            var original = conv.getActivationFn();
            var channelsLastRelu = new ChannelsLastRelu();
            return new Switch(() -> {
                conv.setCnn2dDataFormat(CNN2DFormat.NHWC);
                if (relu) {
                    conv.setActivationFn(channelsLastRelu);
                }
            }, () -> {
                conv.setCnn2dDataFormat(CNN2DFormat.NCHW);
                conv.setActivationFn(original);
            });
        }
        if (layer.getClass() == SubsamplingLayer.class) {
            SubsamplingLayer pool = (SubsamplingLayer) layer;
            return pool.getCnn2dDataFormat() != CNN2DFormat.NCHW ? null
                    : new Switch(() -> pool.setCnn2dDataFormat(CNN2DFormat.NHWC),
                    () -> pool.setCnn2dDataFormat(CNN2DFormat.NCHW));
        }
        if (layer.getClass() == BatchNormalization.class) {
            BatchNormalization bn = (BatchNormalization) layer;
            return bn.getCnn2DFormat() != CNN2DFormat.NCHW ? null
                    : new Switch(() -> bn.setCnn2DFormat(CNN2DFormat.NHWC), () -> bn.setCnn2DFormat(CNN2DFormat.NCHW));
        }
        if (layer.getClass() == DropoutLayer.class || layer.getClass() == ActivationLayer.class) {
            return Switch.NONE; // element-wise: any layout
        }
        return null;
    }

    /** Puts {@code replacement} in {@code index}'s pre-processor slot during channels-last steps. */
    private static Switch preProcessor(MultiLayerConfiguration conf, int index, InputPreProcessor replacement) {
        Map<Integer, InputPreProcessor> slots = conf.getInputPreProcessors();
        InputPreProcessor original = slots.get(index);
        return new Switch(() -> slots.put(index, replacement), () -> {
            if (original == null) {
                slots.remove(index);
            } else {
                slots.put(index, original);
            }
        });
    }
}
