package dev.ferstream.training.report;

import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.model.Emotion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An off-diagonal cell of a confusion matrix: how many faces of class {@code actual} were predicted as
 * {@code predicted}, and that count's share of the true class.
 */
public record ConfusedPair(Emotion actual, Emotion predicted, long count, double shareOfActual) {

    /** The {@code k} largest off-diagonal cells by count (ties: larger share first). */
    public static List<ConfusedPair> top(ConfusionMatrix m, int k) {
        double[][] share = m.normalizedByTrueClass();
        List<ConfusedPair> pairs = new ArrayList<>();
        for (int a = 0; a < ConfusionMatrix.N; a++) {
            for (int p = 0; p < ConfusionMatrix.N; p++) {
                if (a != p && m.count(a, p) > 0) {
                    pairs.add(new ConfusedPair(Emotion.of(a), Emotion.of(p), m.count(a, p), share[a][p]));
                }
            }
        }
        pairs.sort(Comparator.comparingLong(ConfusedPair::count).reversed()
                .thenComparing(Comparator.comparingDouble(ConfusedPair::shareOfActual).reversed()));
        return List.copyOf(pairs.subList(0, Math.min(k, pairs.size())));
    }
}
