package dev.ferstream.training.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.eval.McNemar;
import dev.ferstream.eval.PairedOutcomes;
import dev.ferstream.model.Emotion;

import java.util.ArrayList;
import java.util.List;

/**
 * Two models scored on the same labelled faces, and the gate's decision: accuracy of each, per-class recall, the 2x2
 * table of who was right, McNemar's exact test on the faces they disagree on, and whether B is better (what
 * {@code compare --json} writes). Built from labels and predictions only, so it does not care how the predictions were
 * made (test-time augmentation, either inference path).
 *
 * @param sources  what was compared
 * @param faces    faces scored
 * @param accuracyA A's accuracy
 * @param accuracyB B's accuracy
 * @param table    who was right
 * @param perClass per-emotion recall of A and B
 * @param mcnemar  the exact test on {@code table}'s discordant faces
 * @param gate     the decision rule and its outcome
 */
public record Comparison(Sources sources, long faces, @JsonProperty("accuracy_a") double accuracyA,
                         @JsonProperty("accuracy_b") double accuracyB, PairedOutcomes table,
                         @JsonProperty("per_class") List<ClassRecall> perClass, McNemar.Result mcnemar, Gate gate) {

    /** The two bundles, the data and the test-time augmentation. */
    public record Sources(@JsonProperty("model_a") String modelA, @JsonProperty("model_b") String modelB,
                          String data, String tta) {
    }

    /**
     * The decision rule ({@link PairedOutcomes#betterAt}): B is better when McNemar's one-sided exact p-value for "B
     * better" is at most {@code alpha} and B's accuracy exceeds A's by at least {@code margin}.
     */
    public record Gate(double alpha, double margin, @JsonProperty("b_better") boolean bBetter) {
    }

    /**
     * Compares predictions {@code predictedA} and {@code predictedB} against {@code labels} (all the same length, one
     * entry per face, emotion indices).
     */
    public static Comparison of(Sources sources, int[] labels, int[] predictedA, int[] predictedB, double alpha, double margin) {
        if (predictedA.length != labels.length || predictedB.length != labels.length) {
            throw new IllegalArgumentException("need one prediction per face from each model: " + labels.length
                    + " faces, " + predictedA.length + " and " + predictedB.length + " predictions");
        }
        ConfusionMatrix a = new ConfusionMatrix();
        ConfusionMatrix b = new ConfusionMatrix();
        PairedOutcomes table = PairedOutcomes.EMPTY;
        for (int i = 0; i < labels.length; i++) {
            a.add(labels[i], predictedA[i]);
            b.add(labels[i], predictedB[i]);
            table = table.add(predictedA[i] == labels[i], predictedB[i] == labels[i]);
        }
        List<ClassRecall> perClass = new ArrayList<>();
        for (int c = 0; c < Emotion.COUNT; c++) {
            perClass.add(ClassRecall.of(Emotion.of(c).label(), a.actualCount(c), a.recall(c), b.recall(c)));
        }
        return new Comparison(sources, table.total(), table.accuracyA(), table.accuracyB(), table, List.copyOf(perClass),
                table.mcnemar(), new Gate(alpha, margin, table.betterAt(alpha, margin)));
    }
}
