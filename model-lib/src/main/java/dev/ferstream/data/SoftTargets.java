package dev.ferstream.data;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A teacher's class probabilities for some training faces, blended into their labels at a fixed weight
 * (distillation). Why: a fine-tune that sees FER2013 faces only through their hard labels may move the decision
 * everywhere the labels allow; the teacher's probabilities on the same faces say how the serving model answered
 * them, so the student keeps those answers (and what they say about similar classes) while it learns the new camera
 * from the faces without targets.
 *
 * <p>Faces are matched by identity, not by value: the targets belong to the face objects read for this run (a
 * duplicate row elsewhere in the data keeps its own hard label).
 */
public final class SoftTargets {
    private static final SoftTargets NONE = new SoftTargets(new IdentityHashMap<>(), 0);

    private final Map<Face, float[]> byFace;
    private final double weight;

    private SoftTargets(Map<Face, float[]> byFace, double weight) {
        this.byFace = byFace;
        this.weight = weight;
    }

    /** No face has a target: every label is the face's own. */
    public static SoftTargets none() {
        return NONE;
    }

    /**
     * @param byFace each face's probabilities (one per class, summing to 1); copied
     * @param weight the teacher's share of the blended label, in (0, 1]
     */
    public static SoftTargets of(Map<Face, float[]> byFace, double weight) {
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("distillation weight must be in (0, 1], got " + weight);
        }
        Map<Face, float[]> copy = new IdentityHashMap<>();
        byFace.forEach((face, p) -> copy.put(face, p.clone()));
        return new SoftTargets(copy, weight);
    }

    public int size() {
        return byFace.size();
    }

    public double weight() {
        return weight;
    }

    /**
     * Blends the teacher's probabilities into the face's label row at {@code offset} (the smoothed one-hot label
     * already written there) when the face has them; leaves the row as it is otherwise.
     */
    void blend(Face face, float[] labels, int offset, int classes) {
        float[] teacher = byFace.get(face);
        if (teacher == null) {
            return;
        }
        float w = (float) weight;
        for (int c = 0; c < classes; c++) {
            labels[offset + c] = (1 - w) * labels[offset + c] + w * teacher[c];
        }
    }
}
