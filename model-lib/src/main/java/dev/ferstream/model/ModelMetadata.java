package dev.ferstream.model;

import java.util.List;

/**
 * {@code model.json}: everything needed to use a bundle correctly (architecture, labels, input scaling) and to
 * know where it came from (data fingerprint, training settings, git commit), checked on load.
 */
public record ModelMetadata(int formatVersion, String architecture, List<String> labels, String inputScaling,
                            long totalParams, long trainableParams, long nonTrainableParams,
                            String dataFingerprint, int trainRows, int validationRows,
                            int epochs, int bestEpoch, double bestValidationAccuracy,
                            double trainingSeconds, double trainImagesPerSecond,
                            TrainingSettings training, String gitCommit, String createdAt) {
    public static final int FORMAT_VERSION = 1;
}
