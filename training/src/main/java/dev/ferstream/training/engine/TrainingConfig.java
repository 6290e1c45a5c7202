package dev.ferstream.training.engine;

import dev.ferstream.data.Augmentation;

import java.nio.file.Path;

/**
 * Every setting of one training run, parsed and validated in one place (the train command) and logged at start.
 *
 * @param architecture      architecture name
 * @param trainFile         labelled training data (any supported layout)
 * @param usage             Kaggle Usage filter for the training rows, or null
 * @param out               bundle directory
 * @param epochs            maximum epochs
 * @param batchSize         mini-batch size
 * @param optimizer         adam | nesterov | sgd
 * @param learningRate      initial learning rate
 * @param schedule          constant | cosine | step:EVERY:GAMMA
 * @param weightDecay       L2 weight decay (0 = off)
 * @param averaging         stochastic weight averaging over the last epochs, or {@link WeightAveraging#NONE}
 * @param patience          early-stopping patience in epochs without validation improvement (0 = off)
 * @param validationLast    hold out the last N rows (homework split) when > 0
 * @param validationFraction otherwise a stratified fraction; 0 = no validation: every face trains, and the bundle
 *                          holds the last epoch's weights (or the average)
 * @param balancedWeights   class-weighted loss
 * @param labelSmoothing    label smoothing epsilon
 * @param augmentation      training augmentation
 * @param seed              seed for init, split, shuffling and augmentation
 * @param resume            continue from the checkpoint in {@code out}
 * @param skipBad           skip malformed rows
 * @param limit             use only the first N training rows (smoke runs), 0 = all
 * @param gcEvery           call System.gc() every N iterations so dead native buffers are freed (0 = never)
 * @param prefetch          prefetch batches on a background thread
 * @param bnRecalibration   training faces used to recompute BatchNorm statistics after each epoch (0 = off)
 */
public record TrainingConfig(String architecture, Path trainFile, String usage, Path out, int epochs, int batchSize,
                             String optimizer, double learningRate, String schedule, double weightDecay,
                             WeightAveraging averaging, int patience,
                             int validationLast, double validationFraction, boolean balancedWeights,
                             double labelSmoothing, Augmentation augmentation, long seed, boolean resume,
                             boolean skipBad, int limit, int gcEvery, boolean prefetch, int bnRecalibration) {
    public TrainingConfig {
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        require(learningRate > 0, "learning rate must be > 0, got " + learningRate);
        require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        require(patience >= 0, "patience must be >= 0, got " + patience);
        require(validationLast > 0 || (validationFraction >= 0 && validationFraction < 1),
                "validation fraction must be in [0,1), got " + validationFraction);
        require(holdsOut(validationLast, validationFraction) || patience == 0, "early stopping needs validation faces: with --val-fraction 0 use --patience 0");
        require(averaging.fromEpoch() <= epochs, "--swa-from " + averaging.fromEpoch() + " is after the last epoch (" + epochs + ")");
        require(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing must be in [0,1), got " + labelSmoothing);
        require(limit >= 0, "limit must be >= 0, got " + limit);
        require(gcEvery >= 0, "gc-every must be >= 0, got " + gcEvery);
        require(bnRecalibration >= 0, "bn-recalibrate must be >= 0, got " + bnRecalibration);
        Optimizers.create(optimizer, LearningRates.parse(schedule, learningRate, epochs, averaging)); // validates both
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Whether some faces are held out for validation (early stopping, best-epoch selection). */
    public boolean hasValidation() {
        return holdsOut(validationLast, validationFraction);
    }

    /** (Static: the compact constructor runs before the fields it would read are assigned.) */
    private static boolean holdsOut(int validationLast, double validationFraction) {
        return validationLast > 0 || validationFraction > 0;
    }

    public String splitDescription() {
        return validationLast > 0 ? "last:" + validationLast
                : hasValidation() ? "stratified:" + validationFraction + ":seed" + seed : "none";
    }

    public String augmentationDescription() {
        return augmentation.enabled() ? "flip=" + augmentation.flip() + " shift=" + augmentation.maxShift()
                + "px rot=" + augmentation.maxRotationDeg() + "deg zoom=" + augmentation.maxZoom()
                + (augmentation.eraseProbability() > 0 ? " erase=" + augmentation.eraseProbability() : "") : "none";
    }
}
