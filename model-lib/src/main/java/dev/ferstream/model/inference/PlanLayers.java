package dev.ferstream.model.inference;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@link InferencePlan} described as plain numbers, for writers of other formats (ONNX export). Why here:
 * the plan's steps are package-private and already do the hard part (BatchNorms folded or moved, dropout gone,
 * shapes taken from DL4J itself), so an exporter that walks this description gets the plan's arithmetic exactly,
 * and "same mode" padding is resolved here into explicit pads, where the steps' settings are visible.
 */
public final class PlanLayers {
    private PlanLayers() {
    }

    /** One computing layer; shapes are per face (no batch dimension). */
    public sealed interface Layer permits Conv, Dense, Affine, Relu, MaxPool, GlobalPool, Softmax {
    }

    /**
     * A 2-D convolution, weights [out, in, kH, kW] (ONNX's OIHW), {@code pads} as ONNX orders them
     * (top, left, bottom, right).
     */
    public record Conv(float[] weights, long[] weightShape, float[] bias, int[] kernel, int[] stride, int[] pads,
                       int[] dilation) implements Layer {
    }

    /** {@code x W + b} with W [in, out] (row-major). */
    public record Dense(float[] weights, long in, long out, float[] bias) implements Layer {
    }

    /** {@code x * scale + shift} per channel (dimension 1): a BatchNorm that could not be folded. */
    public record Affine(float[] scale, float[] shift) implements Layer {
    }

    public record Relu() implements Layer {
    }

    /** Max pooling; {@code pads} as in {@link Conv}. */
    public record MaxPool(int[] kernel, int[] stride, int[] pads, int[] dilation) implements Layer {
    }

    /** Mean or maximum over each channel's map: [C, H, W] to [C]. */
    public record GlobalPool(boolean max) implements Layer {
    }

    /** Softmax over the last (only) dimension. */
    public record Softmax() implements Layer {
    }

    /**
     * A layer with the shapes it reads and writes. When {@code inputShape} differs from the previous layer's output
     * (or, for the first, from the [1, 48, 48] face), the reader reshapes in c order, as the plan does.
     */
    public record Described(Layer layer, long[] inputShape, long[] outputShape) {
    }

    /**
     * The network as the plan would run it.
     *
     * @throws UnsupportedOperationException naming the first layer the plan cannot run
     */
    public static List<Described> of(MultiLayerNetwork network) {
        List<Described> out = new ArrayList<>();
        for (Stage stage : PlanCompiler.compile(network)) {
            out.add(new Described(describe(stage), stage.inputShape().clone(), stage.outputShape().clone()));
        }
        return out;
    }

    private static Layer describe(Stage stage) {
        InferenceStep step = stage.step();
        if (step instanceof ConvolutionStep c) {
            int[] pads = pads(c.kernel(), c.stride(), c.padding(), c.dilation(), c.sameMode(), stage);
            return new Conv(floats(c.weights()), c.weights().shape(), floats(c.bias()), c.kernel(), c.stride(), pads,
                    c.dilation());
        }
        if (step instanceof DenseStep d) {
            return new Dense(floats(d.weights()), d.weights().size(0), d.weights().size(1), floats(d.bias()));
        }
        if (step instanceof BatchNormStep b) {
            return new Affine(floats(b.scale()), floats(b.shift()));
        }
        if (step instanceof MaxPoolStep p) {
            return new MaxPool(p.kernel(), p.stride(), pads(p.kernel(), p.stride(), p.padding(), p.dilation(),
                    p.sameMode(), stage), p.dilation());
        }
        if (step instanceof GlobalPoolStep g) {
            return new GlobalPool(g.max());
        }
        if (step instanceof ReluStep) {
            return new Relu();
        }
        if (step instanceof SoftmaxStep) {
            return new Softmax();
        }
        throw new UnsupportedOperationException("no description for plan step " + step.getClass().getSimpleName());
    }

    /**
     * Explicit pads. DL4J's "same" mode pads {@code total = (out - 1) * stride + effectiveKernel - in} per axis,
     * the smaller half before (TensorFlow's and ONNX's SAME_UPPER); otherwise the configured padding on both sides.
     */
    static int[] pads(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean same, Stage stage) {
        if (!same) {
            return new int[]{padding[0], padding[1], padding[0], padding[1]};
        }
        int[] before = new int[2];
        int[] after = new int[2];
        for (int axis = 0; axis < 2; axis++) {
            long in = stage.inputShape()[axis + 1];
            long out = stage.outputShape()[axis + 1];
            long effective = (long) (kernel[axis] - 1) * dilation[axis] + 1;
            int total = (int) Math.max(0, (out - 1) * stride[axis] + effective - in);
            before[axis] = total / 2;
            after[axis] = total - before[axis];
        }
        return new int[]{before[0], before[1], after[0], after[1]};
    }

    private static float[] floats(INDArray array) {
        return array.castTo(DataType.FLOAT).dup('c').reshape(array.length()).toFloatVector();
    }

}
