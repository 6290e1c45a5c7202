package dev.ferstream.training.report;

import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.model.Emotion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's "Observations": sentences computed from the numbers (best and worst class by recall, the most
 * confused pair, accuracy and speed of the models against each other), so the text stays true for any model.
 */
public final class Observations {
    private Observations() {
    }

    /** Sentences about the models' confusion on {@code set} ("validation split" or "test set"). */
    public static List<String> of(List<ModelFacts> models, String set) {
        String accuracy = set.equals(EvaluationFaces.TEST) ? "test" : "validation";
        List<String> lines = new ArrayList<>();
        for (ModelFacts m : models) {
            ConfusionMatrix c = m.validation();
            int best = -1;
            int worst = -1;
            for (int k = 0; k < ConfusionMatrix.N; k++) {
                if (c.actualCount(k) == 0) {
                    continue;
                }
                if (best < 0 || c.recall(k) > c.recall(best)) {
                    best = k;
                }
                if (worst < 0 || c.recall(k) < c.recall(worst)) {
                    worst = k;
                }
            }
            if (best < 0) {
                lines.add(m.name() + ": no " + accuracy + " faces, nothing to observe.");
                continue;
            }
            lines.add(String.format(Locale.ROOT, "%s: " + accuracy + " accuracy %.1f%% on %d faces; best class %s (recall %.1f%%, %d faces), "
                            + "worst class %s (recall %.1f%%, %d faces).", m.name(), 100 * c.accuracy(), c.total(),
                    Emotion.of(best).label(), 100 * c.recall(best), c.actualCount(best),
                    Emotion.of(worst).label(), 100 * c.recall(worst), c.actualCount(worst)));
            List<ConfusedPair> top = ConfusedPair.top(c, 1);
            if (!top.isEmpty()) {
                ConfusedPair p = top.get(0);
                lines.add(String.format(Locale.ROOT, "%s: most confused pair: %s taken for %s %d times (%.1f%% of all %s faces).",
                        m.name(), p.actual().label(), p.predicted().label(), p.count(), 100 * p.shareOfActual(), p.actual().label()));
            }
        }
        if (models.size() == 2) {
            ModelFacts a = models.get(0);
            ModelFacts b = models.get(1);
            double diff = 100 * (a.validation().accuracy() - b.validation().accuracy());
            lines.add(String.format(Locale.ROOT, "%s vs %s: %.1f%% vs %.1f%% " + accuracy + " accuracy (%s%.1f points for %s); "
                            + "%.1f vs %.1f s per training epoch (%.0f vs %.0f images/s), %s vs %s parameters.",
                    a.name(), b.name(), 100 * a.validation().accuracy(), 100 * b.validation().accuracy(), diff >= 0 ? "+" : "",
                    diff, a.name(), a.secondsPerEpoch(), b.secondsPerEpoch(), a.metadata().trainImagesPerSecond(),
                    b.metadata().trainImagesPerSecond(), parameters(a), parameters(b)));
        }
        return List.copyOf(lines);
    }

    private static String parameters(ModelFacts m) {
        return m.summary().counted() ? String.format(Locale.ROOT, "%,d", m.summary().totalParams()) : "?";
    }
}
