package dev.ferstream.model.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a bundle was trained, recorded so reports and later runs can say what produced a model.
 *
 * @param optimizer      e.g. "adam"
 * @param learningRate   initial learning rate
 * @param schedule       learning-rate schedule, e.g. "cosine", "step:10:0.5", "constant"
 * @param weightDecay    L2 coefficient on the weights, 0 = off (bundles written before it existed read as 0)
 * @param batchSize      mini-batch size
 * @param augmentation   augmentation description, "none" when off
 * @param classWeights   "none" or "balanced"
 * @param labelSmoothing label smoothing epsilon
 * @param split          how validation was held out, e.g. "stratified:0.1:seed42" or "last:2000"
 * @param seed           training seed
 * @param threads        native threads used
 * @param swaFrom        first epoch of stochastic weight averaging, 0 = off (bundles written before it existed read 0)
 * @param swaLearningRate the constant learning rate while averaging (0 when off)
 * @param distillation   the teacher and which sources learned from it, e.g. "teacher=v1 weight=0.5 data=2", or null
 * @param frozenFrom     the first layer kept at its starting weights (it and all later ones), or null when all learned
 */
public record TrainingSettings(String optimizer, double learningRate, String schedule, double weightDecay, int batchSize,
                               String augmentation, String classWeights, double labelSmoothing, String split,
                               long seed, int threads, int swaFrom, double swaLearningRate,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String distillation,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer frozenFrom) {
    /** Without a teacher (and as bundles written before distillation read). */
    public TrainingSettings(String optimizer, double learningRate, String schedule, double weightDecay, int batchSize,
                            String augmentation, String classWeights, double labelSmoothing, String split,
                            long seed, int threads, int swaFrom, double swaLearningRate) {
        this(optimizer, learningRate, schedule, weightDecay, batchSize, augmentation, classWeights, labelSmoothing, split,
                seed, threads, swaFrom, swaLearningRate, null, null);
    }
}
