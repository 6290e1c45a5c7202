package dev.ferstream.model.inference;

import dev.ferstream.model.arch.Architecture;

import dev.ferstream.data.InputScaling;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The DL4J engine ({@link Engine#DL4J}): batched inference on raw faces: scaling, optional test-time augmentation (the average over several views of each
 * face), and probabilities out. Runs the network as an {@link InferencePlan} (about three times as fast as DL4J's
 * own forward pass for a single face) when every layer is one the plan knows, else through DL4J.
 *
 * <p>The plan copies the weights, so a classifier sees the network as it was when the classifier was made: make a
 * new one after training or recalibrating. Not thread-safe; use one per thread or Flink subtask.
 */
public final class Classifier implements FaceClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(Classifier.class);

    private final MultiLayerNetwork network;
    private final InferencePlan plan;
    private final TestTimeAugmentation tta;

    public Classifier(MultiLayerNetwork network, TestTimeAugmentation tta) {
        this.network = network;
        this.plan = planOrNull(network);
        this.tta = tta;
    }

    private static InferencePlan planOrNull(MultiLayerNetwork network) {
        try {
            return InferencePlan.compile(network);
        } catch (UnsupportedOperationException e) {
            LOG.info("running the network through DL4J: {}", e.getMessage());
            return null;
        }
    }

    /** With {@code tta}, average each face with its mirror image ({@link TestTimeAugmentation#MIRROR}). */
    public Classifier(MultiLayerNetwork network, boolean tta) {
        this(network, tta ? TestTimeAugmentation.MIRROR : TestTimeAugmentation.NONE);
    }

    /** Probabilities [n][7] for the faces' pixels. */
    @Override
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
            INDArray batch = Nd4j.create(features, new long[]{n, Architecture.PIXELS}, 'c');
            INDArray probs = plan != null ? plan.output(batch) : network.output(batch, false);
            sum = sum == null ? probs : sum.addi(probs);
        }
        return sum.divi(tta.views().size()).toFloatMatrix();
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
