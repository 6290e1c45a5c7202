package dev.ferstream.training.engine;

import dev.ferstream.model.arch.Architecture;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning with the starting network's BatchNorm statistics kept ({@code train --batch-norm fixed}). DL4J's
 * BatchNormalization always normalises with the batch's own statistics while training and has no switch to use the
 * stored ones (and its backward pass assumes batch statistics), so the trainer swaps each BatchNorm layer for the
 * per-channel affine it computes at inference time, y = s x + b with s = gamma / sqrt(var + eps) and
 * b = beta - mean s, as a 1x1 depthwise convolution, trains that network, and writes the bundle back in the
 * architecture's own shape with the starting mean and variance and gamma, beta solved from the learned s, b.
 *
 * <p>Why: after a camera change, batch statistics computed from a mix of new and old faces move every old face's
 * normalisation too (the study in bench/loop/study found most of the forgetting there). With the statistics fixed,
 * the weights alone must absorb the new camera, and old faces keep the normalisation the champion was judged with.
 */
final class FixedBatchNorm {
    private static final String MEAN = "mean";
    private static final String VAR = "var";
    private static final String LOG_STD = "log10stdev";
    private static final String GAMMA = "gamma";
    private static final String BETA = "beta";

    /** Per BatchNorm layer index: the starting mean and spread (variance or log10 deviation), as stored. */
    private final Map<Integer, Statistics> statistics;

    /** {@code std} = sqrt(var + eps), what inference divides by; {@code spread} is stored under {@code spreadKey}. */
    private record Statistics(INDArray mean, String spreadKey, INDArray spread, INDArray std, boolean onMaps) {
        static Statistics of(Map<String, INDArray> p, BatchNormalization bn, boolean onMaps) {
            String key = p.containsKey(VAR) ? VAR : LOG_STD;
            INDArray var = key.equals(VAR) ? p.get(VAR).dup() : tenToThe(p.get(LOG_STD).mul(2));
            return new Statistics(p.get(MEAN).dup().reshape(-1), key, p.get(key).dup(),
                    Transforms.sqrt(var.reshape(-1).addi(bn.getEps()), false), onMaps);
        }
    }

    private static INDArray tenToThe(INDArray power) {
        return Transforms.pow(Nd4j.valueArrayOf(power.shape(), 10.0, power.dataType()), power, false);
    }

    private FixedBatchNorm(Map<Integer, Statistics> statistics) {
        this.statistics = statistics;
    }

    /** The statistics of {@code net}'s BatchNorm layers, which must be the architecture's (with BatchNorm) shape. */
    static FixedBatchNorm of(MultiLayerNetwork net) {
        Map<Integer, Statistics> stats = new HashMap<>();
        // what each layer receives, from one blank face: BatchNorm over feature maps or over a dense layer's units
        List<INDArray> inputs = net.feedForward(Nd4j.zeros(net.params().dataType(), 1, Architecture.PIXELS), false);
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BatchNormalization bn) {
                if (bn.isLockGammaBeta()) {
                    throw new IllegalArgumentException("--batch-norm fixed: BatchNorm layer " + i
                            + " has a locked gamma and beta; not supported");
                }
                stats.put(i, Statistics.of(net.getLayer(i).paramTable(), bn, inputs.get(i).rank() == 4));
            }
        }
        return new FixedBatchNorm(stats);
    }

    /** Whether {@code net} has BatchNorm layers to fix (a resumed run's checkpoint holds the affine form already). */
    static boolean hasBatchNorm(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BatchNormalization) {
                return true;
            }
        }
        return false;
    }

    /** A network computing what {@code net} computes at inference time, its BatchNorm layers as trainable affines. */
    MultiLayerNetwork toAffine(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        for (int i : statistics.keySet()) {
            BatchNormalization bn = (BatchNormalization) conf.getConf(i).getLayer();
            conf.getConf(i).setLayer(statistics.get(i).onMaps() ? mapAffine(bn) : unitAffine(bn));
        }
        MultiLayerNetwork affine = new MultiLayerNetwork(conf);
        affine.init();
        for (int i = 0; i < net.getnLayers(); i++) {
            Map<String, INDArray> from = net.getLayer(i).paramTable();
            Statistics s = statistics.get(i);
            if (s == null) {
                from.forEach(affine.getLayer(i)::setParam);
            } else {
                INDArray scale = from.get(GAMMA).reshape(-1).div(s.std());
                INDArray shift = from.get(BETA).reshape(-1).sub(s.mean().mul(scale));
                affine.getLayer(i).setParam("W", scale.reshape(affine.getLayer(i).getParam("W").shape()));
                affine.getLayer(i).setParam("b", shift.reshape(affine.getLayer(i).getParam("b").shape()));
            }
        }
        return affine;
    }

    /**
     * {@code affine}'s weights in a network of {@code conf} (the architecture's, with BatchNorm): the starting
     * statistics, gamma = s sqrt(var + eps), beta = b + mean s, so inference gives what {@code affine} gives.
     */
    MultiLayerNetwork toBatchNorm(MultiLayerNetwork affine, MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
        net.init();
        for (int i = 0; i < affine.getnLayers(); i++) {
            Map<String, INDArray> from = affine.getLayer(i).paramTable();
            Statistics s = statistics.get(i);
            if (s == null) {
                from.forEach(net.getLayer(i)::setParam);
            } else {
                INDArray scale = from.get("W").reshape(-1);
                INDArray shift = from.get("b").reshape(-1);
                long[] shape = net.getLayer(i).getParam(GAMMA).shape();
                net.getLayer(i).setParam(GAMMA, scale.mul(s.std()).reshape(shape));
                net.getLayer(i).setParam(BETA, shift.add(s.mean().mul(scale)).reshape(shape));
                net.getLayer(i).setParam(MEAN, s.mean().reshape(shape));
                net.getLayer(i).setParam(s.spreadKey(), s.spread());
            }
        }
        return net;
    }

    /** Per feature map: a 1x1 depthwise convolution over the BatchNorm's channels, learning with the same updater. */
    private static Layer mapAffine(BatchNormalization bn) {
        return named(bn, new DepthwiseConvolution2D.Builder(1, 1).depthMultiplier(1)
                .nIn(bn.getNOut()).nOut(bn.getNOut()).hasBias(true).activation(Activation.IDENTITY)
                .convolutionMode(ConvolutionMode.Same).dataFormat(bn.getCnn2DFormat())
                .updater(bn.getIUpdater()).biasUpdater(biasUpdater(bn)).weightInit(WeightInit.ONES).build());
    }

    /** Per unit of a dense layer: an element-wise scale and shift. */
    private static Layer unitAffine(BatchNormalization bn) {
        return named(bn, new ElementWiseMultiplicationLayer.Builder().nIn(bn.getNOut()).nOut(bn.getNOut())
                .activation(Activation.IDENTITY).updater(bn.getIUpdater()).biasUpdater(biasUpdater(bn))
                .weightInit(WeightInit.ONES).build());
    }

    private static IUpdater biasUpdater(BatchNormalization bn) {
        return bn.getBiasUpdater() != null ? bn.getBiasUpdater() : bn.getIUpdater();
    }

    private static Layer named(BatchNormalization bn, Layer layer) {
        layer.setLayerName(bn.getLayerName());
        return layer;
    }
}
