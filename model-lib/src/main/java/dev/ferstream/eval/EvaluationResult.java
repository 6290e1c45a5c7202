package dev.ferstream.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferstream.model.Emotion;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code evaluate --json} prints: accuracy, count, the 7x7 confusion matrix (rows = true label, columns =
 * predicted) and per-class metrics; {@code tta} says whether views were averaged and {@code tta_views} how many.
 */
public record EvaluationResult(String model, String data, double accuracy, long n, long[][] confusion,
                               @JsonProperty("per_class") List<ClassMetrics> perClass, boolean tta,
                               @JsonProperty("tta_views") int ttaViews) {

    public static EvaluationResult of(String model, String data, ConfusionMatrix m, int ttaViews) {
        long[][] rows = new long[ConfusionMatrix.N][ConfusionMatrix.N];
        for (int a = 0; a < ConfusionMatrix.N; a++) {
            for (int p = 0; p < ConfusionMatrix.N; p++) {
                rows[a][p] = m.count(a, p);
            }
        }
        List<ClassMetrics> perClass = new ArrayList<>();
        for (int c = 0; c < Emotion.COUNT; c++) {
            perClass.add(ClassMetrics.of(m, c));
        }
        return new EvaluationResult(model, data, m.accuracy(), m.total(), rows, List.copyOf(perClass), ttaViews > 1, ttaViews);
    }
}
