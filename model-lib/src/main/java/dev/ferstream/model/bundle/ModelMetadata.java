package dev.ferstream.model.bundle;

import java.util.List;

/**
 * {@code model.json}: everything needed to use a bundle correctly (architecture, labels, input scaling) and to
 * know where it came from (data fingerprint, training settings, git commit), checked on load.
 *
 * <p>{@code training} and {@code gitCommit} describe the latest training command; {@code runs} lists every command
 * that trained the bundle, oldest first. Bundles written before {@code runs} existed have none ({@code null}): their
 * earlier commands are not recorded. {@code parent} is the bundle a fine-tune started from ({@code train --init-from};
 * null for a model trained from scratch) and {@code dataMix} the training sources with their shares of each batch
 * (null in bundles written before it existed).
 */
public record ModelMetadata(int formatVersion, String architecture, List<String> labels, String inputScaling,
                            long totalParams, long trainableParams, long nonTrainableParams,
                            String dataFingerprint, int trainRows, int validationRows,
                            int epochs, int bestEpoch, double bestValidationAccuracy,
                            double trainingSeconds, double trainImagesPerSecond,
                            TrainingSettings training, String gitCommit, String createdAt, List<TrainingRun> runs,
                            ParentModel parent, List<DataShare> dataMix) {
    public static final int FORMAT_VERSION = 1;

    /** Metadata with a run history but no lineage (bundles trained from scratch before lineage was recorded). */
    public ModelMetadata(int formatVersion, String architecture, List<String> labels, String inputScaling,
                         long totalParams, long trainableParams, long nonTrainableParams,
                         String dataFingerprint, int trainRows, int validationRows,
                         int epochs, int bestEpoch, double bestValidationAccuracy,
                         double trainingSeconds, double trainImagesPerSecond,
                         TrainingSettings training, String gitCommit, String createdAt, List<TrainingRun> runs) {
        this(formatVersion, architecture, labels, inputScaling, totalParams, trainableParams, nonTrainableParams,
                dataFingerprint, trainRows, validationRows, epochs, bestEpoch, bestValidationAccuracy, trainingSeconds,
                trainImagesPerSecond, training, gitCommit, createdAt, runs, null, null);
    }

    /** Metadata without a run history (tests, hand-made bundles). */
    public ModelMetadata(int formatVersion, String architecture, List<String> labels, String inputScaling,
                         long totalParams, long trainableParams, long nonTrainableParams,
                         String dataFingerprint, int trainRows, int validationRows,
                         int epochs, int bestEpoch, double bestValidationAccuracy,
                         double trainingSeconds, double trainImagesPerSecond,
                         TrainingSettings training, String gitCommit, String createdAt) {
        this(formatVersion, architecture, labels, inputScaling, totalParams, trainableParams, nonTrainableParams,
                dataFingerprint, trainRows, validationRows, epochs, bestEpoch, bestValidationAccuracy, trainingSeconds,
                trainImagesPerSecond, training, gitCommit, createdAt, null, null, null);
    }

    /** The recorded runs, empty when none were recorded. */
    public List<TrainingRun> runsOrEmpty() {
        return runs == null ? List.of() : runs;
    }

    /** The recorded training sources, empty when none were recorded. */
    public List<DataShare> dataMixOrEmpty() {
        return dataMix == null ? List.of() : dataMix;
    }
}
