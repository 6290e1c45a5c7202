package dev.ferstream.training.engine;

import dev.ferstream.data.Face;
import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.model.inference.Classifier;

import java.util.List;

/** Accuracy and mean cross-entropy of a network on labelled faces, in inference mode. */
record Scores(double accuracy, double loss, ConfusionMatrix confusion) {
    private static final int BATCH = 256;

    static Scores of(Classifier classifier, List<Face> faces) {
        if (faces.isEmpty()) {
            return new Scores(Double.NaN, Double.NaN, new ConfusionMatrix()); // training without validation faces
        }
        float[][] probs = classifier.probabilities(faces.stream().map(Face::pixels).toList(), BATCH);
        ConfusionMatrix confusion = new ConfusionMatrix();
        double loss = 0;
        for (int i = 0; i < probs.length; i++) {
            int label = faces.get(i).label();
            confusion.add(label, Classifier.argmax(probs[i]));
            loss -= Math.log(Math.max(1e-7, probs[i][label]));
        }
        return new Scores(confusion.accuracy(), loss / faces.size(), confusion);
    }
}
