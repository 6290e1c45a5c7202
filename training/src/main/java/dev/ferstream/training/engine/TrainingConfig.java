package dev.ferstream.training.engine;

import java.nio.file.Path;

/**
 * Every setting of one training run, parsed and validated in one place (the train command) and logged at start.
 * Grouped by concern so each part of the run takes only the settings it uses; each group validates its own values,
 * and this record the ones that span groups.
 *
 * @param architecture   architecture name
 * @param out            bundle directory
 * @param epochs         maximum epochs
 * @param batchSize      mini-batch size
 * @param seed           seed for init, split, shuffling and augmentation
 * @param resume         continue from the checkpoint in {@code out} (or from its bundle)
 * @param initFrom       start from this bundle's weights with a fresh optimizer (a fine-tune), or null
 * @param data           the training faces
 * @param optimization   optimizer, learning rate and its schedule, weight decay, weight averaging
 * @param validation     the held-out faces and early stopping
 * @param regularization class weights, label smoothing, augmentation
 * @param runtime        GC, prefetching, BatchNorm recalibration
 */
public record TrainingConfig(String architecture, Path out, int epochs, int batchSize, long seed, boolean resume,
                             Path initFrom, DataSettings data, OptimizerSettings optimization, ValidationSettings validation,
                             RegularizationSettings regularization, RuntimeSettings runtime) {
    public TrainingConfig {
        Settings.require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        Settings.require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        Settings.require(!(resume && initFrom != null),
                "--resume continues the run in --out, --init-from starts a new one from another bundle: give one");
        WeightAveraging averaging = optimization.averaging();
        Settings.require(averaging.fromEpoch() <= epochs,
                "--swa-from " + averaging.fromEpoch() + " is after the last epoch (" + epochs + ")");
        optimization.updater(optimization.learningRates(epochs)); // validates the optimizer and the schedule
    }

    /** The validation split as model.json records it. */
    public String splitDescription() {
        return validation.description(seed);
    }
}
