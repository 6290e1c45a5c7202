package dev.ferstream.model;

import dev.ferstream.data.Face;
import dev.ferstream.data.InputScaling;
import dev.ferstream.eval.ConfusionMatrix;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Batched inference on raw faces: scaling, optional test-time augmentation (the average over several views of each
 * face), and probabilities out. Not thread-safe (DL4J networks are not); use one per thread or Flink subtask.
 */
public final class Classifier {
    private final MultiLayerNetwork network;
    private final TestTimeAugmentation tta;

    public Classifier(MultiLayerNetwork network, TestTimeAugmentation tta) {
        this.network = network;
        this.tta = tta;
    }

    /** With {@code tta}, average each face with its mirror image ({@link TestTimeAugmentation#MIRROR}). */
    public Classifier(MultiLayerNetwork network, boolean tta) {
        this(network, tta ? TestTimeAugmentation.MIRROR : TestTimeAugmentation.NONE);
    }

    /** Probabilities [n][7] for the faces' pixels. */
    public float[][] probabilities(List<byte[]> faces) {
        int n = faces.size();
        if (n == 0) {
            return new float[0][];
        }
        INDArray sum = null;
        float[] features = new float[n * Architecture.PIXELS];
        for (TestTimeAugmentation.View view : tta.views()) {
            for (int i = 0; i < n; i++) {
                InputScaling.writeShifted(faces.get(i), view.dx(), view.dy(), view.mirror(), features, i * Architecture.PIXELS);
            }
            INDArray probs = network.output(Nd4j.create(features, new long[]{n, Architecture.PIXELS}, 'c'), false);
            sum = sum == null ? probs : sum.addi(probs);
        }
        return sum.divi(tta.views().size()).toFloatMatrix();
    }

    /** Probabilities for any number of faces, computed in forward passes of at most {@code batchSize} faces. */
    public float[][] probabilities(List<byte[]> faces, int batchSize) {
        float[][] out = new float[faces.size()][];
        for (int from = 0; from < faces.size(); from += batchSize) {
            float[][] part = probabilities(faces.subList(from, Math.min(faces.size(), from + batchSize)));
            System.arraycopy(part, 0, out, from, part.length);
        }
        return out;
    }

    /** The confusion matrix of labelled faces (rows = true label). */
    public ConfusionMatrix confusion(List<Face> faces, int batchSize) {
        float[][] probs = probabilities(faces.stream().map(Face::pixels).toList(), batchSize);
        ConfusionMatrix confusion = new ConfusionMatrix();
        for (int i = 0; i < probs.length; i++) {
            confusion.add(faces.get(i).label(), argmax(probs[i]));
        }
        return confusion;
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
