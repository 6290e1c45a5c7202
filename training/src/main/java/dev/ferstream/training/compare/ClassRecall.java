package dev.ferstream.training.compare;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One emotion's recall under model A and model B on the same faces, and B's gain. Why recall and not F1: the faces of
 * a class are the same for both models, so recall deltas compare like with like (precision's denominator is each
 * model's own predictions).
 *
 * @param label   the emotion
 * @param support faces of this emotion
 * @param recallA A's recall (NaN when the class has no faces)
 * @param recallB B's recall
 * @param delta   recallB - recallA
 */
public record ClassRecall(String label, long support, @JsonProperty("recall_a") double recallA,
                          @JsonProperty("recall_b") double recallB, double delta) {
    public static ClassRecall of(String label, long support, double recallA, double recallB) {
        return new ClassRecall(label, support, recallA, recallB, recallB - recallA);
    }
}
