package dev.ferstream.training.engine;

import dev.ferstream.data.Augmentation;
import dev.ferstream.data.Face;
import dev.ferstream.data.Split;

import java.util.List;

/**
 * What keeps the network from fitting the training faces too closely (weight decay, being part of the optimizer's
 * configuration, is in {@link OptimizerSettings}).
 *
 * @param balancedClassWeights class-weighted loss (each class weighs inversely to its share of the training faces)
 * @param labelSmoothing       label smoothing epsilon
 * @param augmentation         training augmentation
 */
public record RegularizationSettings(boolean balancedClassWeights, double labelSmoothing, Augmentation augmentation) {
    public RegularizationSettings {
        Settings.require(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing must be in [0,1), got " + labelSmoothing);
    }

    /** The loss's class weights for these training faces, or null for an unweighted loss. */
    double[] classWeights(List<Face> train) {
        return balancedClassWeights ? Split.balancedClassWeights(train) : null;
    }

    /** As model.json records it. */
    String classWeightsDescription() {
        return balancedClassWeights ? "balanced" : "none";
    }

    /** As model.json records it. */
    public String augmentationDescription() {
        return augmentation.enabled() ? "flip=" + augmentation.flip() + " shift=" + augmentation.maxShift()
                + "px rot=" + augmentation.maxRotationDeg() + "deg zoom=" + augmentation.maxZoom()
                + (augmentation.eraseProbability() > 0 ? " erase=" + augmentation.eraseProbability() : "") : "none";
    }
}
