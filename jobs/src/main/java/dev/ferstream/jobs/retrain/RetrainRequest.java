package dev.ferstream.jobs.retrain;

import dev.ferstream.data.TimeRange;

import java.nio.file.Path;

/**
 * Everything one retrain needs, checked in one place (the command parses, this validates).
 *
 * @param feedback        the feedback store
 * @param truthTime       its faces within this truth-time range
 * @param limit           at most this many most recent faces (0 = all)
 * @param minFaces        fewer feedback faces than this is bad input, not a retrain
 * @param holdoutFraction share of face ids held out to judge
 * @param replayData      original training data replayed beside the feedback, or null for none
 * @param replayWeight    the replay's mixing weight against the feedback's 1
 * @param replayCameras   share of the replayed faces shown through a random camera
 * @param champion        the champion's version folder (URI)
 * @param candidateName   the registry name to publish under (null: the champion's)
 * @param fineTune        how the candidate trains
 * @param alpha           McNemar significance level
 * @param margin          the accuracy gain the candidate must also reach
 * @param forgettingFaces original faces outside the replay sample to measure forgetting on (0 = no check)
 * @param maxForgetting   the most accuracy the candidate may lose on them
 * @param work            folder for the champion's copy, the split, the candidate
 */
public record RetrainRequest(Path feedback, TimeRange truthTime, int limit, int minFaces, double holdoutFraction,
                             Path replayData, double replayWeight, double replayCameras, String champion, String candidateName,
                             FineTuneSettings fineTune, double alpha, double margin, int forgettingFaces,
                             double maxForgetting, Path work) {
    public RetrainRequest {
        require(limit >= 0, "--limit must be >= 0, got " + limit);
        require(minFaces >= 2, "--min-faces must be >= 2 (one to train, one to judge), got " + minFaces);
        require(holdoutFraction > 0 && holdoutFraction < 1, "--holdout-fraction must be in (0, 1), got " + holdoutFraction);
        require(replayData == null || (replayWeight > 0 && Double.isFinite(replayWeight)),
                "--replay-weight must be > 0, got " + replayWeight + " (use --no-replay for none)");
        require(replayCameras >= 0 && replayCameras <= 1, "--replay-cameras must be in [0, 1], got " + replayCameras);
        require(alpha > 0 && alpha < 1, "--alpha must be in (0, 1), got " + alpha);
        require(margin >= 0 && margin < 1, "--margin must be in [0, 1), got " + margin);
        require(forgettingFaces >= 0, "--forgetting-faces must be >= 0, got " + forgettingFaces);
        require(maxForgetting >= 0 && maxForgetting <= 1, "--max-forgetting must be in [0, 1], got " + maxForgetting);
        require(limit == 0 || limit >= minFaces, "--limit " + limit + " keeps fewer faces than --min-faces " + minFaces);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
