package dev.ferstream.jobs.events;

import dev.ferstream.eval.ConfusionMatrix;

/** The 7x7 counts of one sliding window (row = true label); becomes a ConfusionWindow on Kafka. */
public record ConfusionCounts(String modelVersion, long windowStart, long windowEnd, long[] counts) {
    public ConfusionMatrix matrix() {
        return ConfusionMatrix.of(counts);
    }
}
