package dev.ferstream.jobs.retrain;

import dev.ferstream.data.Face;
import dev.ferstream.model.batchnorm.BatchNormRecalibration;
import dev.ferstream.model.bundle.ModelBundle;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Recomputes the candidate's BatchNorm statistics on the two kinds of faces it must serve: the new camera's (the
 * feedback it trained on) and the original ones (the replay sample as drawn, without the random cameras it trained
 * with), the feedback at its share of the training mix.
 *
 * <p>Why: a camera shift moves mostly the first layers' activation statistics, and BatchNorm's running statistics
 * fit whatever faces they were taken on. Taken on the feedback alone they cost the original faces 0.04 of accuracy
 * on their own (bench/loop, run 3: 0.6331 as trained, 0.6765 with statistics from original faces); taken on the
 * training mix they include faces under random cameras that neither camera produces. The random cameras make the
 * weights tolerate both; these statistics place the candidate between the two cameras it will meet.
 */
final class BatchNormForBoth {
    private BatchNormForBoth() {
    }

    /**
     * Rewrites {@code candidate}'s weights with statistics from {@code faces} faces: {@code feedbackShare} of them
     * from {@code feedback}, the rest from {@code original} (each a seeded draw; fewer when a source has fewer).
     *
     * @return the faces used from each source: {feedback, original}
     */
    static int[] apply(Path candidate, List<Face> feedback, List<Face> original, double feedbackShare, int faces,
                       long seed) {
        int fromFeedback = Math.min(feedback.size(), (int) Math.round(faces * feedbackShare));
        int fromOriginal = Math.min(original.size(), faces - fromFeedback);
        Random random = new Random(seed ^ 0x62617463686E6FL);
        List<Face> sample = new ArrayList<>(draw(feedback, fromFeedback, random));
        sample.addAll(draw(original, fromOriginal, random));
        Collections.shuffle(sample, random);
        ModelBundle bundle = ModelBundle.load(candidate);
        MultiLayerNetwork net = bundle.network();
        BatchNormRecalibration.apply(net, sample);
        ModelBundle.save(candidate, net, bundle.metadata());
        return new int[]{fromFeedback, fromOriginal};
    }

    /** {@code n} of {@code faces}, a seeded draw without replacement ({@link PerCameraStatistics} draws so too). */
    static List<Face> draw(List<Face> faces, int n, Random random) {
        List<Face> shuffled = new ArrayList<>(faces);
        Collections.shuffle(shuffled, random);
        return shuffled.subList(0, n);
    }
}
