package dev.ferstream.training.engine;

/**
 * What a checkpoint needs besides the network to continue a run exactly: the last finished epoch, the
 * early-stopping bookkeeping, and how many epochs the weight average ({@link Checkpoint}) holds (0 in
 * checkpoints written before weight averaging existed).
 *
 * @param bestEpoch              the epoch whose weights the bundle holds (the last averaged one with averaging)
 * @param bestValidationAccuracy the bundle's validation accuracy (NaN without validation faces)
 */
public record TrainingState(int epochsDone, int bestEpoch, double bestValidationAccuracy, double trainingSeconds,
                            long imagesSeen, int averagedEpochs) {
    static TrainingState fresh() {
        return new TrainingState(0, 0, -1, 0, 0, 0);
    }

    /**
     * The state after {@code epoch}, which took {@code seconds} over {@code images} training faces; when {@code kept}
     * its weights (scoring {@code validationAccuracy}) became the bundle's.
     */
    TrainingState after(int epoch, boolean kept, double validationAccuracy, double seconds, int images, int averaged) {
        return new TrainingState(epoch, kept ? epoch : bestEpoch, kept ? validationAccuracy : bestValidationAccuracy,
                trainingSeconds + seconds, imagesSeen + images, averaged);
    }
}
