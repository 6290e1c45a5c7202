package dev.ferstream.explain;

import dev.ferstream.data.InputScaling;
import dev.ferstream.model.arch.Architecture;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * Saliency maps: per face, the 2,304 values |d logit[target] / d pixel|, with pixels scaled as
 * {@link InputScaling} does (/255), taken in inference mode (no dropout, BatchNorm with its running statistics).
 *
 * <p>Why a separate network: DL4J's BatchNorm backward pass ignores inference mode (see {@link InferenceCopy}), so
 * the constructor builds an exact BN-free, dropout-free copy once; {@link #compute} then runs one batched forward
 * and backward pass on it. The epsilon is one-hot on each face's target logit, so every row's gradient is that
 * face's own (rows do not interact without BatchNorm).
 *
 * <p><b>Not thread-safe</b>: the copy is a DL4J network that keeps per-call state; use one instance per thread
 * (one per Flink subtask).
 */
public final class SaliencyMaps {
    private final MultiLayerNetwork copy;
    private final InputBackprop backprop;
    private final DataType dataType;
    private final int classes;

    /** Builds the inference copy of a trained network (ending in Dense + softmax LossLayer). */
    public SaliencyMaps(MultiLayerNetwork trained) {
        this.copy = InferenceCopy.of(trained).network();
        this.backprop = new InputBackprop(copy);
        this.dataType = copy.params().dataType();
        this.classes = (int) copy.getLayer(copy.getnLayers() - 1).getParam("W").size(1);
    }

    /**
     * Saliency of each face for its target class.
     *
     * @param faces         48x48 grey pixels, 2,304 bytes each
     * @param targetClasses one class per face (e.g. the predicted class)
     * @return [faces][2304] absolute gradients, row-major like the pixels
     */
    public float[][] compute(List<byte[]> faces, int[] targetClasses) {
        if (faces.size() != targetClasses.length) {
            throw new IllegalArgumentException(faces.size() + " faces but " + targetClasses.length + " target classes");
        }
        if (faces.isEmpty()) {
            return new float[0][];
        }
        INDArray input = Nd4j.create(InputScaling.batch(faces), new long[]{faces.size(), Architecture.PIXELS}, 'c')
                .castTo(dataType);
        return Transforms.abs(gradient(input, targetClasses), false).castTo(DataType.FLOAT).toFloatMatrix();
    }

    /** Signed d logit[target] / d input for already scaled input rows [n, 2304] (used by tests). */
    INDArray gradient(INDArray input, int[] targetClasses) {
        int n = (int) input.size(0);
        INDArray epsilon = Nd4j.zeros(dataType, n, classes);
        for (int i = 0; i < n; i++) {
            if (targetClasses[i] < 0 || targetClasses[i] >= classes) {
                throw new IllegalArgumentException("target class must be 0.." + (classes - 1) + ", got " + targetClasses[i]);
            }
            epsilon.putScalar(i, targetClasses[i], 1.0);
        }
        return backprop.gradient(input, epsilon);
    }

    /** The same gradient through DL4J's own backward pass (slower: also computes weight gradients); for tests. */
    INDArray gradientViaDl4j(INDArray input, int[] targetClasses) {
        INDArray epsilon = Nd4j.zeros(dataType, input.size(0), classes);
        for (int i = 0; i < targetClasses.length; i++) {
            epsilon.putScalar(i, targetClasses[i], 1.0);
        }
        return InputGradients.of(copy, input, epsilon);
    }

    /** Logits of the inference copy for scaled input rows (used by tests and to pick target classes). */
    INDArray logits(INDArray input) {
        return copy.output(input, false);
    }
}
