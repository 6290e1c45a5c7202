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
 * @param cameraData           sources (1-based, --data order) whose faces are shown through a new random camera each
 *                             time they are drawn ({@code --camera-data}); empty = none
 */
public record RegularizationSettings(boolean balancedClassWeights, double labelSmoothing, Augmentation augmentation,
                                     Distillation distillation, List<Integer> cameraData) {
    public RegularizationSettings {
        Settings.require(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing must be in [0,1), got " + labelSmoothing);
        distillation = distillation == null ? Distillation.NONE : distillation;
        cameraData = List.copyOf(cameraData);
    }

    /** Without a teacher or random cameras. */
    public RegularizationSettings(boolean balancedClassWeights, double labelSmoothing, Augmentation augmentation) {
        this(balancedClassWeights, labelSmoothing, augmentation, Distillation.NONE, List.of());
    }

    /** The loss's class weights for these training faces, or null for an unweighted loss. */
    double[] classWeights(List<Face> train) {
        return balancedClassWeights ? Split.balancedClassWeights(train) : null;
    }

    /** As model.json records it. */
    String classWeightsDescription() {
        return balancedClassWeights ? "balanced" : "none";
    }

    /** As model.json records it (with the sources shown through random cameras, when any). */
    public String augmentationDescription() {
        String cameras = cameraData.isEmpty() ? "" : " cameras=data" + cameraData.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
        return (augmentation.enabled() ? "flip=" + augmentation.flip() + " shift=" + augmentation.maxShift()
                + "px rot=" + augmentation.maxRotationDeg() + "deg zoom=" + augmentation.maxZoom()
                + (augmentation.eraseProbability() > 0 ? " erase=" + augmentation.eraseProbability() : "") : "none") + cameras;
    }
}
