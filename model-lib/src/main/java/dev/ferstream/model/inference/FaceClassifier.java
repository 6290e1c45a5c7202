package dev.ferstream.model.inference;

import dev.ferstream.data.Face;
import dev.ferstream.eval.ConfusionMatrix;

import java.util.List;

/**
 * Class probabilities for raw faces (48x48 grey bytes), whatever runs the network. The seam between the commands and
 * the stream, which only need probabilities, and the engines ({@link Engine}): DL4J's {@link Classifier} and ONNX
 * Runtime's. Implementations scale the pixels as the model expects and average test-time augmentation views.
 * Not thread-safe: one per thread or Flink subtask; close it to free native sessions.
 */
public interface FaceClassifier extends AutoCloseable {
    /** Probabilities [n][7] for the faces' pixels, in {@code Emotion} order. */
    float[][] probabilities(List<byte[]> faces);

    /** Probabilities for any number of faces, computed in forward passes of at most {@code batchSize} faces. */
    default float[][] probabilities(List<byte[]> faces, int batchSize) {
        float[][] out = new float[faces.size()][];
        for (int from = 0; from < faces.size(); from += batchSize) {
            float[][] part = probabilities(faces.subList(from, Math.min(faces.size(), from + batchSize)));
            System.arraycopy(part, 0, out, from, part.length);
        }
        return out;
    }

    /** The confusion matrix of labelled faces (rows = true label). */
    default ConfusionMatrix confusion(List<Face> faces, int batchSize) {
        float[][] probs = probabilities(faces.stream().map(Face::pixels).toList(), batchSize);
        ConfusionMatrix confusion = new ConfusionMatrix();
        for (int i = 0; i < probs.length; i++) {
            confusion.add(faces.get(i).label(), Classifier.argmax(probs[i]));
        }
        return confusion;
    }

    /** Frees native resources; the classifier is not used afterwards. Nothing to free by default. */
    @Override
    default void close() {
    }
}
