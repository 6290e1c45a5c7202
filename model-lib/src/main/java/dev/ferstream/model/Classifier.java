package dev.ferstream.model;

import dev.ferstream.data.InputScaling;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Batched inference on raw faces: scaling, optional test-time augmentation (average with the mirror image), and
 * probabilities out. Not thread-safe (DL4J networks are not); use one per thread or Flink subtask.
 */
public final class Classifier {
    private final MultiLayerNetwork network;
    private final boolean tta;

    public Classifier(MultiLayerNetwork network, boolean tta) {
        this.network = network;
        this.tta = tta;
    }

    /** Probabilities [n][7] for the faces' pixels. */
    public float[][] probabilities(List<byte[]> faces) {
        int n = faces.size();
        if (n == 0) {
            return new float[0][];
        }
        float[] features = InputScaling.batch(faces);
        INDArray probs = network.output(Nd4j.create(features, new long[]{n, Architecture.PIXELS}, 'c'), false);
        if (tta) {
            float[] mirrored = new float[features.length];
            for (int i = 0; i < n; i++) {
                InputScaling.writeMirrored(faces.get(i), mirrored, i * Architecture.PIXELS);
            }
            INDArray mirrorProbs = network.output(Nd4j.create(mirrored, new long[]{n, Architecture.PIXELS}, 'c'), false);
            probs = probs.add(mirrorProbs).muli(0.5);
        }
        return probs.toFloatMatrix();
    }

    public static int argmax(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }
}
