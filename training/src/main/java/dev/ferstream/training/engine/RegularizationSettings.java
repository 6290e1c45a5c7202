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
 * @param distillation         a teacher's probabilities blended into some sources' labels, or {@link Distillation#NONE}
 */
public record RegularizationSettings(boolean balancedClassWeights, double labelSmoothing, Augmentation augmentation,
                                     Distillation distillation) {
    public RegularizationSettings {
        Settings.require(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing must be in [0,1), got " + labelSmoothing);
        distillation = distillation == null ? Distillation.NONE : distillation;
    }

    /** Without a teacher. */
    public RegularizationSettings(boolean balancedClassWeights, double labelSmoothing, Augmentation augmentation) {
        this(balancedClassWeights, labelSmoothing, augmentation, Distillation.NONE);
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
