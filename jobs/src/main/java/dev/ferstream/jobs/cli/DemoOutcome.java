package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.jobs.demo.ChallengerFigures;

/**
 * What one demo run produced: exact totals (committed topics and the job's accumulators) and what the watcher
 * measured downstream.
 *
 * @param saliencyShed requests for a map dropped for waiting longer than saliency.max-lag
 * @param finalWindow the newest confusion window seen, or null when none was emitted
 * @param challenger  champion against challenger over every committed record; null when the demo ran no challenger
 */
record DemoOutcome(long images, long predictions, long matched, long correct, long late, long unmatchedTruths,
                   long expiredPredictions, long deadLetters, long saliencyMaps, long saliencyShed,
                   double facesPerSecond, double sustainedFacesPerSecond, long latencyP50Ms, long latencyP99Ms,
                   ConfusionWindow finalWindow, ChallengerFigures challenger) {

    /** An outcome without a challenger. */
    DemoOutcome(long images, long predictions, long matched, long correct, long late, long unmatchedTruths,
                long expiredPredictions, long deadLetters, long saliencyMaps, long saliencyShed,
                double facesPerSecond, double sustainedFacesPerSecond, long latencyP50Ms, long latencyP99Ms,
                ConfusionWindow finalWindow) {
        this(images, predictions, matched, correct, late, unmatchedTruths, expiredPredictions, deadLetters,
                saliencyMaps, saliencyShed, facesPerSecond, sustainedFacesPerSecond, latencyP50Ms, latencyP99Ms,
                finalWindow, null);
    }

    /** The same totals with champion against challenger, and the final window to show with them. */
    DemoOutcome withChallenger(ChallengerFigures figures, ConfusionWindow window) {
        return new DemoOutcome(images, predictions, matched, correct, late, unmatchedTruths, expiredPredictions,
                deadLetters, saliencyMaps, saliencyShed, facesPerSecond, sustainedFacesPerSecond, latencyP50Ms,
                latencyP99Ms, window, figures);
    }

    /** Accuracy over matched pairs, NaN when nothing matched. */
    double accuracy() {
        return matched == 0 ? Double.NaN : correct / (double) matched;
    }
}
