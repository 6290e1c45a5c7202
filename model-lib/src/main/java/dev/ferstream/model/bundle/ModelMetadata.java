package dev.ferstream.model.bundle;

import java.util.List;

/**
 * {@code model.json}: everything needed to use a bundle correctly (architecture, labels, input scaling) and to
 * know where it came from (data fingerprint, training settings, git commit), checked on load.
 *
 * <p>{@code training} and {@code gitCommit} describe the latest training command; {@code runs} lists every command
 * that trained the bundle, oldest first. Bundles written before {@code runs} existed have none ({@code null}): their
 * earlier commands are not recorded.
 */
public record ModelMetadata(int formatVersion, String architecture, List<String> labels, String inputScaling,
                            long totalParams, long trainableParams, long nonTrainableParams,
                            String dataFingerprint, int trainRows, int validationRows,
                            int epochs, int bestEpoch, double bestValidationAccuracy,
                            double trainingSeconds, double trainImagesPerSecond,
                            TrainingSettings training, String gitCommit, String createdAt, List<TrainingRun> runs) {
    public static final int FORMAT_VERSION = 1;

    /** Metadata without a run history (tests, hand-made bundles). */
    public ModelMetadata(int formatVersion, String architecture, List<String> labels, String inputScaling,
                         long totalParams, long trainableParams, long nonTrainableParams,
                         String dataFingerprint, int trainRows, int validationRows,
                         int epochs, int bestEpoch, double bestValidationAccuracy,
                         double trainingSeconds, double trainImagesPerSecond,
                         TrainingSettings training, String gitCommit, String createdAt) {
        this(formatVersion, architecture, labels, inputScaling, totalParams, trainableParams, nonTrainableParams,
                dataFingerprint, trainRows, validationRows, epochs, bestEpoch, bestValidationAccuracy, trainingSeconds,
                trainImagesPerSecond, training, gitCommit, createdAt, null);
    }

    /** The recorded runs, empty when none were recorded. */
    public List<TrainingRun> runsOrEmpty() {
        return runs == null ? List.of() : runs;
    }
}
