package dev.ferstream.training.report;

import dev.ferstream.explain.Deletion;
import dev.ferstream.explain.DeletionCurve;
import dev.ferstream.explain.saliency.SaliencyProvider;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.FaceClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The report's saliency comparison: every method's maps of the same test faces for the class the model predicts,
 * each scored by the {@link Deletion deletion test} (pixels blanked to the face's mean grey, 0%, 5%, ..., 100%) and
 * timed, plus a random pixel order as the baseline a useful map must beat.
 */
public final class SaliencyStudy {
    /** Faces per provider call: about what the stream's saliency operator batches, so ms per map is comparable. */
    public static final int BATCH = 16;
    public static final String RANDOM = "random order (baseline)";

    private SaliencyStudy() {
    }

    /**
     * The outcome: scores in method order (the baseline last), and each method's maps of the first faces for display.
     *
     * @param scores    one per method, then the random baseline
     * @param shownMaps per method (same order), the maps of the first {@code show} faces
     * @param predicted the predicted class of every face
     * @param probabilities the predicted class's probability for every face
     */
    public record Result(List<SaliencyScore> scores, List<float[][]> shownMaps, int[] predicted, float[] probabilities) {
    }

    public static Result run(FaceClassifier classifier, List<SaliencyProvider> providers, List<byte[]> faces, int show, int steps, long seed) {
        float[][] p = classifier.probabilities(faces, 256);
        int[] predicted = new int[faces.size()];
        float[] confidence = new float[faces.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = Classifier.argmax(p[i]);
            confidence[i] = p[i][predicted[i]];
        }
        Deletion deletion = new Deletion(rows -> classifier.probabilities(rows, 256), steps);
        List<SaliencyScore> scores = new ArrayList<>();
        List<float[][]> shown = new ArrayList<>();
        for (SaliencyProvider provider : providers) {
            long start = System.nanoTime();
            float[][] maps = maps(provider, faces, predicted);
            double ms = (System.nanoTime() - start) / 1e6 / Math.max(1, faces.size());
            scores.add(new SaliencyScore(provider.method(), meanAuc(deletion, faces, maps, predicted), ms, faces.size(), steps));
            shown.add(java.util.Arrays.copyOf(maps, Math.min(show, maps.length)));
        }
        scores.add(new SaliencyScore(RANDOM, meanAuc(deletion, faces, randomMaps(faces.size(), seed), predicted), 0, faces.size(), steps));
        return new Result(List.copyOf(scores), List.copyOf(shown), predicted, confidence);
    }

    private static float[][] maps(SaliencyProvider provider, List<byte[]> faces, int[] classes) {
        float[][] maps = new float[faces.size()][];
        for (int from = 0; from < faces.size(); from += BATCH) {
            int to = Math.min(faces.size(), from + BATCH);
            float[][] part = provider.maps(faces.subList(from, to), java.util.Arrays.copyOfRange(classes, from, to));
            System.arraycopy(part, 0, maps, from, part.length);
        }
        return maps;
    }

    /** Mean deletion AUC over the faces, computed in chunks so the blanked copies stay a few thousand rows. */
    static double meanAuc(Deletion deletion, List<byte[]> faces, float[][] maps, int[] classes) {
        double sum = 0;
        for (int from = 0; from < faces.size(); from += BATCH) {
            int to = Math.min(faces.size(), from + BATCH);
            for (DeletionCurve curve : deletion.curves(faces.subList(from, to), java.util.Arrays.copyOfRange(maps, from, to),
                    java.util.Arrays.copyOfRange(classes, from, to))) {
                sum += curve.auc();
            }
        }
        return faces.isEmpty() ? Double.NaN : sum / faces.size();
    }

    private static float[][] randomMaps(int n, long seed) {
        Random random = new Random(seed);
        float[][] maps = new float[n][2304];
        for (float[] map : maps) {
            for (int i = 0; i < map.length; i++) {
                map[i] = random.nextFloat();
            }
        }
        return maps;
    }
}
