package dev.ferstream.training;

/**
 * What a checkpoint needs besides the network to continue a run exactly: the last finished epoch and the
 * early-stopping bookkeeping.
 */
record TrainingState(int epochsDone, int bestEpoch, double bestValidationAccuracy, double trainingSeconds,
                     long imagesSeen) {
    static TrainingState fresh() {
        return new TrainingState(0, 0, -1, 0, 0);
    }
}
