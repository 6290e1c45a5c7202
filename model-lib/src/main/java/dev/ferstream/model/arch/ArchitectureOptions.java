package dev.ferstream.model.arch;

import dev.ferstream.model.Emotion;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * What varies between training runs of the same architecture. {@link #networkBuilder()} applies it, so every
 * architecture starts from the same seed, optimizer and regularization handling.
 *
 * @param seed         weight-initialisation seed
 * @param updater      optimizer with its learning-rate schedule
 * @param classWeights loss weight per class (length 7), or null for an unweighted loss
 * @param weightDecay  L2 coefficient on the weights (not biases or BatchNorm parameters): each step adds
 *                     {@code weightDecay * w} to the gradient, as PyTorch's SGD {@code weight_decay} does; 0 = off
 */
public record ArchitectureOptions(long seed, IUpdater updater, double[] classWeights, double weightDecay) {
    public ArchitectureOptions {
        if (classWeights != null && classWeights.length != Emotion.COUNT) {
            throw new IllegalArgumentException("class weights need " + Emotion.COUNT + " values, got " + classWeights.length);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
        }
    }

    /** Keras' defaults (Adam 1e-3, epsilon 1e-7), no weight decay: enough to build a network for inference or a summary. */
    public static ArchitectureOptions defaults() {
        return new ArchitectureOptions(42, new Adam(1e-3, 0.9, 0.999, 1e-7), null, 0);
    }

    /** A configuration builder with this run's seed, optimizer and weight decay set. */
    public NeuralNetConfiguration.Builder networkBuilder() {
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder().seed(seed).updater(updater);
        return weightDecay > 0 ? builder.l2(weightDecay) : builder;
    }

    /** The weight decay a network was configured with by {@link #networkBuilder()}, 0 when none. */
    public static double weightDecayOf(MultiLayerNetwork network) {
        for (int i = 0; i < network.getnLayers(); i++) {
            if (network.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BaseLayer layer
                    && layer.getRegularization() != null) {
                for (Regularization regularization : layer.getRegularization()) {
                    if (regularization instanceof L2Regularization l2) {
                        return l2.getL2().valueAt(0, 0);
                    }
                }
            }
        }
        return 0;
    }
}
