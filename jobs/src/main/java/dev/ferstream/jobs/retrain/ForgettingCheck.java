package dev.ferstream.jobs.retrain;

import dev.ferstream.data.Face;
import me.tongfei.progressbar.ProgressBar;

import java.nio.file.Path;
import java.util.List;

/**
 * The gate's second question: did the candidate forget the faces the champion knew? The hold-out only asks about the
 * new camera, and a candidate can win there while losing on everything else (loop runs 11 and 14 did, by 0.012 and
 * 0.017 on the original test faces). Both models are scored on original training faces the fine-tune never saw (drawn
 * beside the replay sample); the candidate may lose at most --max-forgetting there.
 *
 * <p>These faces are ones the champion trained on, so both accuracies are high (about 0.91 for fer-vgg) and a drop
 * there is not a drop on new faces: over loop runs 11-16 it ranked the candidates as their original-test-face drops
 * did, about 0.008 larger (bench/loop/README.md). Without a replay there are no such faces and the check is skipped.
 */
final class ForgettingCheck {
    private ForgettingCheck() {
    }

    /** Both bundles on {@code faces}; the candidate passes when it loses at most {@code maxForgetting}. */
    static RetrainSummary.Forgetting of(Path champion, Path candidate, List<Face> faces, double maxForgetting) {
        try (ProgressBar bar = StepBar.of("forgetting", 2L * faces.size(), "faces")) {
            double before = accuracy(champion, faces);
            bar.stepBy(faces.size());
            double after = accuracy(candidate, faces);
            bar.stepBy(faces.size());
            return new RetrainSummary.Forgetting(faces.size(), before, after, maxForgetting, before - after <= maxForgetting);
        }
    }

    static double accuracy(Path bundle, List<Face> faces) {
        int[] predicted = Retrain.predict(bundle, faces);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == faces.get(i).label() ? 1 : 0;
        }
        return (double) right / faces.size();
    }
}
