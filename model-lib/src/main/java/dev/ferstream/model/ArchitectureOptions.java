package dev.ferstream.model;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What varies between training runs of the same architecture.
 *
 * @param seed         weight-initialisation seed
 * @param updater      optimizer with its learning-rate schedule
 * @param classWeights loss weight per class (length 7), or null for an unweighted loss
 */
public record ArchitectureOptions(long seed, IUpdater updater, double[] classWeights) {
    public ArchitectureOptions {
        if (classWeights != null && classWeights.length != Emotion.COUNT) {
            throw new IllegalArgumentException("class weights need " + Emotion.COUNT + " values, got " + classWeights.length);
        }
    }

    /** Keras' defaults (Adam 1e-3, epsilon 1e-7): enough to build a network for inference or a summary. */
    public static ArchitectureOptions defaults() {
        return new ArchitectureOptions(42, new Adam(1e-3, 0.9, 0.999, 1e-7), null);
    }
}
