package dev.ferstream.jobs.retrain;

import dev.ferstream.jobs.registry.PublishedVersion;
import dev.ferstream.training.compare.Comparison;

/**
 * What a retrain did, one part per step, and what it decided: printed at the end and written with {@code --json}.
 *
 * @param champion  the version fine-tuned from and compared against
 * @param data      feedback read, the split, the replay sample
 * @param fineTune  the training run
 * @param statistics how the candidate's BatchNorm statistics were taken after training
 * @param gate      both models on the hold-out and McNemar's test
 * @param forgetting both models on original faces the fine-tune never saw (null without a replay, or when the gate
 *                  already refused)
 * @param decision  {@code published} or {@code refused}
 * @param published the candidate's registry version (null when refused)
 * @param reason    why it was published or refused, in words
 */
public record RetrainSummary(Champion champion, Data data, FineTune fineTune, Statistics statistics, Gate gate,
                             Forgetting forgetting, String decision, Published published, String reason) {
    public static final String PUBLISHED = "published";
    public static final String REFUSED = "refused";

    /** The champion as fetched and verified. */
    public record Champion(String uri, String name, String version, String architecture, String manifestSha256,
                           String verifiedBy) {
        static Champion of(ChampionVersion c, String architecture) {
            return new Champion(c.uri(), c.name(), c.version(), architecture, c.manifestSha256(), c.verifiedBy());
        }
    }

    /**
     * The read and split step.
     *
     * @param feedbackRead    faces in the store within --since/--until
     * @param feedbackUsed    of those, the most recent kept (--limit)
     * @param train           feedback faces that fine-tuned
     * @param holdout         feedback faces held out (never trained on)
     * @param replayRead      labelled faces in the replay data (0 without replay)
     * @param replay          of those, the seeded sample mixed in
     * @param replayWeight    the replay's mixing weight against the feedback's 1 (0 without replay)
     */
    public record Data(String feedback, int feedbackRead, int feedbackUsed, double holdoutFraction, int train,
                       int holdout, String replayData, int replayRead, int replay, int replayShifted,
                       double replayWeight) {
    }

    /** The fine-tune step: where the candidate is and how it trained. */
    public record FineTune(String candidate, int epochs, String optimizer, double learningRate, String schedule,
                           int batchSize, double distillWeight, Integer frozenFrom, double seconds,
                           double imagesPerSecond) {
    }

    /**
     * The compare step: both models on the hold-out faces.
     *
     * @param onlyChampionRight hold-out faces only the champion got right
     * @param onlyCandidateRight hold-out faces only the candidate got right
     * @param pValue            McNemar's exact one-sided p-value for "the candidate is better"
     */
    public record Gate(long faces, double championAccuracy, double candidateAccuracy, long onlyChampionRight,
                       long onlyCandidateRight, double pValue, double alpha, double margin, boolean candidateBetter) {
        static Gate of(Comparison c) {
            return new Gate(c.faces(), c.accuracyA(), c.accuracyB(), c.mcnemar().onlyA(), c.mcnemar().onlyB(),
                    c.mcnemar().pBBetter(), c.gate().alpha(), c.gate().margin(), c.gate().bBetter());
        }
    }

    /**
     * The BatchNorm step after the fine-tune.
     *
     * @param mode             {@value #PER_CAMERA} (a set per camera, {@link PerCameraStatistics}), {@value #SHARED}
     *                         (one set from both, {@link BatchNormForBoth}) or {@value #AS_TRAINED} (--bn-recalibrate 0)
     * @param feedbackFaces    feedback faces the statistics came from
     * @param originalFaces    original (replayed) faces they came from
     * @param detectorAccuracy per camera: the camera detector's accuracy on the faces it was fitted on; else null
     */
    public record Statistics(String mode, int feedbackFaces, int originalFaces, Double detectorAccuracy) {
        public static final String PER_CAMERA = "per-camera";
        public static final String SHARED = "shared";
        public static final String AS_TRAINED = "as-trained";
    }

    /**
     * The forgetting check ({@link ForgettingCheck}).
     *
     * @param faces              original faces outside the replay sample
     * @param championAccuracy   the champion's accuracy on them
     * @param candidateAccuracy  the candidate's
     * @param maxForgetting      the most the candidate may lose (--max-forgetting)
     * @param kept               whether it lost no more than that
     */
    public record Forgetting(int faces, double championAccuracy, double candidateAccuracy, double maxForgetting,
                             boolean kept) {
    }

    /** The registry version the candidate became, announced as challenger. */
    public record Published(String name, String version, String uri, String manifestSha256, String role) {
        static Published of(PublishedVersion v, String role) {
            return new Published(v.name(), v.version(), v.uri(), v.manifestSha256(), role);
        }
    }
}
