package dev.ferstream.eval;

import dev.ferstream.model.Emotion;

import java.util.Arrays;
import java.util.Locale;

/**
 * Counts of (true label, predicted label) for the seven emotions; rows are the true label. Mutable for speed while
 * counting, but {@link #merge} and {@link #copy} make it usable as a window accumulator that combines partial sums.
 */
public final class ConfusionMatrix {
    public static final int N = Emotion.COUNT;
    private final long[] counts = new long[N * N];

    public ConfusionMatrix() {
    }

    /** From 49 row-major counts (row = true label). */
    public static ConfusionMatrix of(long[] rowMajor) {
        if (rowMajor.length != N * N) {
            throw new IllegalArgumentException("a confusion matrix has " + N * N + " cells, got " + rowMajor.length);
        }
        ConfusionMatrix m = new ConfusionMatrix();
        System.arraycopy(rowMajor, 0, m.counts, 0, rowMajor.length);
        return m;
    }

    public void add(int actual, int predicted) {
        counts[Emotion.of(actual).index() * N + Emotion.of(predicted).index()]++;
    }

    public ConfusionMatrix merge(ConfusionMatrix other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        return this;
    }

    public ConfusionMatrix copy() {
        return of(counts);
    }

    public long count(int actual, int predicted) {
        return counts[actual * N + predicted];
    }

    public long[] rowMajor() {
        return counts.clone();
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    public long correct() {
        long correct = 0;
        for (int c = 0; c < N; c++) {
            correct += counts[c * N + c];
        }
        return correct;
    }

    /** Accuracy; NaN when empty. */
    public double accuracy() {
        long total = total();
        return total == 0 ? Double.NaN : correct() / (double) total;
    }

    public long actualCount(int c) {
        long sum = 0;
        for (int p = 0; p < N; p++) {
            sum += counts[c * N + p];
        }
        return sum;
    }

    public long predictedCount(int c) {
        long sum = 0;
        for (int a = 0; a < N; a++) {
            sum += counts[a * N + c];
        }
        return sum;
    }

    /** Recall of class c; NaN when the class never occurs. */
    public double recall(int c) {
        long actual = actualCount(c);
        return actual == 0 ? Double.NaN : counts[c * N + c] / (double) actual;
    }

    /** Precision of class c; NaN when the class is never predicted. */
    public double precision(int c) {
        long predicted = predictedCount(c);
        return predicted == 0 ? Double.NaN : counts[c * N + c] / (double) predicted;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Each row divided by its total (0 for empty rows): the share of each true class predicted as each class. */
    public double[][] normalizedByTrueClass() {
        double[][] out = new double[N][N];
        for (int a = 0; a < N; a++) {
            long row = actualCount(a);
            for (int p = 0; p < N; p++) {
                out[a][p] = row == 0 ? 0 : counts[a * N + p] / (double) row;
            }
        }
        return out;
    }

    /** The off-diagonal cell with the largest count: the most confused (true, predicted) pair. */
    public int[] mostConfusedPair() {
        int[] best = {0, 1};
        long bestCount = -1;
        for (int a = 0; a < N; a++) {
            for (int p = 0; p < N; p++) {
                if (a != p && counts[a * N + p] > bestCount) {
                    bestCount = counts[a * N + p];
                    best = new int[]{a, p};
                }
            }
        }
        return best;
    }

    /** A fixed-width text table for terminals. */
    public String format() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-10s", "true\\pred"));
        for (Emotion e : Emotion.values()) {
            out.append(String.format(Locale.ROOT, "%9s", e.label()));
        }
        out.append(String.format(Locale.ROOT, "%9s%n", "recall"));
        for (int a = 0; a < N; a++) {
            out.append(String.format(Locale.ROOT, "%-10s", Emotion.of(a).label()));
            for (int p = 0; p < N; p++) {
                out.append(String.format(Locale.ROOT, "%9d", counts[a * N + p]));
            }
            out.append(String.format(Locale.ROOT, "%9.3f%n", recall(a)));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && Arrays.equals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }
}
