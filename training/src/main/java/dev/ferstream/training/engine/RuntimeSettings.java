package dev.ferstream.training.engine;

/**
 * How the training process runs, not what it learns (model.json does not record these).
 *
 * @param gcEvery         call System.gc() every N iterations so dead native buffers are freed (0 = never)
 * @param prefetch        prefetch batches on a background thread
 * @param bnRecalibration training faces used to recompute BatchNorm statistics after each epoch (0 = off)
 */
public record RuntimeSettings(int gcEvery, boolean prefetch, int bnRecalibration) {
    public RuntimeSettings {
        Settings.require(gcEvery >= 0, "gc-every must be >= 0, got " + gcEvery);
        Settings.require(bnRecalibration >= 0, "bn-recalibrate must be >= 0, got " + bnRecalibration);
    }

    /** Whether the garbage collector runs after this (1-based) iteration of an epoch. */
    boolean collectAfter(int iteration) {
        return gcEvery > 0 && iteration % gcEvery == 0;
    }
}
