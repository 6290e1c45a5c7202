package dev.ferstream.data;

import dev.ferstream.model.Emotion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A train/validation split of labelled faces.
 *
 * <p>Two ways: the homework's "last N rows" (comparable with its reported numbers) and a seeded stratified
 * fraction (every class, disgust included, is represented in proportion).
 */
public record Split(List<Face> train, List<Face> validation) {
    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /** The last {@code n} rows are validation, the rest training. */
    public static Split lastRows(List<Face> faces, int n) {
        if (n <= 0 || n >= faces.size()) {
            throw new IllegalArgumentException("validation rows must be in 1.." + (faces.size() - 1) + ", got " + n);
        }
        int cut = faces.size() - n;
        return new Split(faces.subList(0, cut), faces.subList(cut, faces.size()));
    }

    /** A seeded, per-class fraction for validation; order within each part follows the file. */
    public static Split stratified(List<Face> faces, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0,1), got " + fraction);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < Emotion.COUNT; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < faces.size(); i++) {
            int label = faces.get(i).label();
            if (label < 0) {
                throw new IllegalArgumentException("cannot stratify unlabelled face " + faces.get(i).id());
            }
            byClass.get(label).add(i);
        }
        boolean[] isValidation = new boolean[faces.size()];
        Random random = new Random(seed);
        for (List<Integer> indices : byClass) {
            Collections.shuffle(indices, random);
            int take = (int) Math.round(indices.size() * fraction);
            for (int k = 0; k < take; k++) {
                isValidation[indices.get(k)] = true;
            }
        }
        List<Face> train = new ArrayList<>();
        List<Face> validation = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            (isValidation[i] ? validation : train).add(faces.get(i));
        }
        return new Split(train, validation);
    }

    /** Per-class counts of a face list. */
    public static long[] classCounts(List<Face> faces) {
        long[] counts = new long[Emotion.COUNT];
        for (Face face : faces) {
            counts[face.label()]++;
        }
        return counts;
    }

    /** "Balanced" loss weights n / (classes * n_c), as scikit-learn and Keras users know them. */
    public static double[] balancedClassWeights(List<Face> faces) {
        long[] counts = classCounts(faces);
        double[] weights = new double[Emotion.COUNT];
        for (int c = 0; c < weights.length; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("class " + Emotion.of(c).label() + " has no training faces");
            }
            weights[c] = faces.size() / (double) (Emotion.COUNT * counts[c]);
        }
        return weights;
    }
}
