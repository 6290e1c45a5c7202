package dev.ferstream.eval;

/** Precision, recall, F1 and support of one class. */
public record ClassMetrics(String label, double precision, double recall, double f1, long support) {
    public static ClassMetrics of(ConfusionMatrix m, int c) {
        return new ClassMetrics(dev.ferstream.model.Emotion.of(c).label(), m.precision(c), m.recall(c), m.f1(c), m.actualCount(c));
    }
}
