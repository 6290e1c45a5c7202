package dev.ferstream.model.onnx;

import dev.ferstream.model.Emotion;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.inference.PlanLayers;
import dev.ferstream.model.inference.PlanLayers.Affine;
import dev.ferstream.model.inference.PlanLayers.Conv;
import dev.ferstream.model.inference.PlanLayers.Dense;
import dev.ferstream.model.inference.PlanLayers.Described;
import dev.ferstream.model.inference.PlanLayers.GlobalPool;
import dev.ferstream.model.inference.PlanLayers.MaxPool;
import dev.ferstream.model.onnx.OnnxGraph.Attribute;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Arrays;
import java.util.List;

/**
 * A DL4J network as an ONNX model: input {@value #INPUT} float [N, 1, 48, 48] holding the bundle's input scaling
 * (pixel / 255, as {@code InputScaling} writes it), output {@value #OUTPUT} float [N, 7] probabilities in
 * {@link Emotion} order. It walks {@link PlanLayers}, so BatchNorms are folded into the convolution or dense layer in
 * front of them exactly where the inference plan folds them; the rest become a
 * BatchNormalization node holding the folded scale and shift ({@link #affine}).
 */
public final class OnnxExport {
    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";
    static final long[] FACE = {1, Architecture.SIDE, Architecture.SIDE};

    private final OnnxGraph graph;
    private String current = INPUT;
    private long[] currentShape = FACE;
    private int layer;

    private OnnxExport(String name) {
        this.graph = new OnnxGraph(name);
    }

    /**
     * The ModelProto bytes of {@code network}.
     *
     * @param name the graph's name (the architecture)
     * @throws UnsupportedOperationException naming the first layer the inference plan cannot run
     */
    public static byte[] export(MultiLayerNetwork network, String name) {
        OnnxExport export = new OnnxExport(name);
        List<Described> layers = PlanLayers.of(network);
        layers.forEach(export::add);
        if (!Arrays.equals(export.currentShape, new long[]{Emotion.COUNT})) {
            throw new UnsupportedOperationException("the network's output is " + Arrays.toString(export.currentShape)
                    + " per face, not [" + Emotion.COUNT + "]");
        }
        export.graph.nodeWithOutput("Identity", List.of(export.current), OUTPUT);
        return export.graph.model(INPUT, FACE, OUTPUT, new long[]{Emotion.COUNT}, "ferstream");
    }

    private void add(Described d) {
        layer++;
        reshapeTo(d.inputShape());
        current = node(d.layer());
        currentShape = d.outputShape();
    }

    private String node(PlanLayers.Layer l) {
        if (l instanceof Conv c) {
            return conv(c);
        }
        if (l instanceof Dense dense) {
            return dense(dense);
        }
        if (l instanceof Affine a) {
            return affine(a);
        }
        if (l instanceof MaxPool p) {
            return graph.node("MaxPool", List.of(current), Attribute.ints("kernel_shape", p.kernel()),
                    Attribute.ints("strides", p.stride()), Attribute.ints("pads", p.pads()),
                    Attribute.ints("dilations", p.dilation()));
        }
        if (l instanceof GlobalPool g) {
            return graph.node(g.max() ? "ReduceMax" : "ReduceMean", List.of(current), Attribute.ints("axes", 2, 3),
                    Attribute.of("keepdims", 0L));
        }
        if (l instanceof PlanLayers.Relu) {
            return graph.node("Relu", List.of(current));
        }
        return graph.node("Softmax", List.of(current), Attribute.of("axis", 1L)); // the sealed type's last kind
    }

    /** The plan passes a reshaped view where shapes differ; ONNX needs the reshape as a node (c order in both). */
    private void reshapeTo(long[] shape) {
        if (Arrays.equals(shape, currentShape)) {
            return;
        }
        if (shape.length == 1) {
            current = graph.node("Flatten", List.of(current), Attribute.of("axis", 1L));
        } else {
            long[] target = new long[shape.length + 1];
            target[0] = -1;
            System.arraycopy(shape, 0, target, 1, shape.length);
            current = graph.node("Reshape", List.of(current, graph.longs("shape" + layer, target)));
        }
        currentShape = shape;
    }

    private String conv(Conv c) {
        String w = graph.floats("conv" + layer + "_w", c.weightShape(), c.weights());
        String b = graph.floats("conv" + layer + "_b", new long[]{c.bias().length}, c.bias());
        return graph.node("Conv", List.of(current, w, b), Attribute.ints("kernel_shape", c.kernel()),
                Attribute.ints("strides", c.stride()), Attribute.ints("pads", c.pads()),
                Attribute.ints("dilations", c.dilation()));
    }

    private String dense(Dense d) {
        String w = graph.floats("dense" + layer + "_w", new long[]{d.in(), d.out()}, d.weights());
        String b = graph.floats("dense" + layer + "_b", new long[]{d.out()}, d.bias());
        return graph.node("Gemm", List.of(current, w, b));
    }

    /**
     * Scale and shift per channel (dimension 1) as a BatchNormalization node with mean 0, variance 1 and epsilon 0,
     * which computes exactly {@code x * scale + shift}.
     *
     * <p>Why not Mul and Add: ONNX Runtime runs convolutional graphs in its blocked NCHWc layout and turns a
     * BatchNormalization into a per-channel convolution there, but cannot do so for a broadcast Add, so each Mul/Add
     * pair cost a reorder out of the blocked layout and one back (hw3-cnn: 3 pairs, ~2% of its batch-1 latency,
     * {@code docs/onnx.md}).
     */
    private String affine(Affine a) {
        int channels = a.scale().length;
        String scale = graph.floats("affine" + layer + "_scale", new long[]{channels}, a.scale());
        String shift = graph.floats("affine" + layer + "_shift", new long[]{channels}, a.shift());
        String mean = graph.floats("affine" + layer + "_mean", new long[]{channels}, new float[channels]);
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        String variance = graph.floats("affine" + layer + "_variance", new long[]{channels}, ones);
        return graph.node("BatchNormalization", List.of(current, scale, shift, mean, variance),
                Attribute.of("epsilon", 0f));
    }
}
