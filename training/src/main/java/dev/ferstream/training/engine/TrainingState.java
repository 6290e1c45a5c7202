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
}
