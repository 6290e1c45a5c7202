package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ConfusionWindow;

/**
 * What one demo run produced: exact totals (committed topics and the job's accumulators) and what the watcher
 * measured downstream.
 *
 * @param finalWindow the newest confusion window seen, or null when none was emitted
 */
record DemoOutcome(long images, long predictions, long matched, long correct, long late, long unmatchedTruths,
                   long expiredPredictions, long deadLetters, long saliencyMaps, double facesPerSecond,
                   double sustainedFacesPerSecond, long latencyP50Ms, long latencyP99Ms, ConfusionWindow finalWindow) {

    /** Accuracy over matched pairs, NaN when nothing matched. */
    double accuracy() {
        return matched == 0 ? Double.NaN : correct / (double) matched;
    }
}
