package dev.ferstream.model.dnnl;

import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.inference.PlanLayers;
import dev.ferstream.model.inference.PlanLayers.Described;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.softmax_forward;
import org.bytedeco.javacpp.Pointer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.ferstream.model.dnnl.Primitives.desc;
import static dev.ferstream.model.dnnl.Primitives.dims;
import static dev.ferstream.model.dnnl.Primitives.longs;
import static dev.ferstream.model.dnnl.Primitives.plainTag;
import static dev.ferstream.model.dnnl.Primitives.withBatch;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.algorithm;
import static org.bytedeco.dnnl.global.dnnl.normalization_flags;
import static org.bytedeco.dnnl.global.dnnl.prop_kind;

/**
 * Translates the plan's layers ({@link PlanLayers}) into the oneDNN primitives of one forward pass over {@code n}
 * faces. Each primitive chooses its own layouts ({@code any}); a reorder is added only where one primitive's output is
 * not what the next wants. A ReLU right after a convolution or dense layer runs inside it as a post-op; BatchNorms are
 * already folded into the layer before them where the plan could, the rest run as oneDNN batch normalisation with
 * mean 0 and variance 1 (exactly {@code x * scale + shift}). Activations are described by their slot in the
 * {@link Arena} first and bound to memory once the arena is big enough for all of them.
 */
final class PassBuilder {
    /** An activation: its layout and the arena slot that holds it. */
    private record Act(memory.desc desc, int slot) {
    }

    /** A primitive whose arguments are activations (bound later) or constant memory. */
    private record Pending(primitive primitive, Map<Integer, Object> args) {
    }

    /** Convolutions with fewer input channels run the direct kernel ({@link #winogradFits}). */
    static final int WINOGRAD_MIN_CHANNELS = 16;
    private final engine engine;
    private final NetWeights weights;
    private final int n;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Pointer> owned = new ArrayList<>();
    private final long[] bytes = new long[3];

    private PassBuilder(engine engine, NetWeights weights, int n) {
        this.engine = engine;
        this.weights = weights;
        this.n = n;
    }

    /**
     * The pass for {@code n} faces, bound to {@code arena} (grown first if it is too small).
     *
     * @throws UnsupportedOperationException for a layer this engine cannot run
     */
    static Pass build(engine engine, NetWeights weights, List<Described> layers, int n, Arena arena) {
        PassBuilder b = new PassBuilder(engine, weights, n);
        Act out = b.plainRows(b.layers(layers));
        arena.ensure(b.bytes);
        return new Pass(n, b.bind(arena), out.slot(), arena.generation(), List.copyOf(b.owned));
    }

    private Act layers(List<Described> layers) {
        long side = Architecture.SIDE;
        Act x = track(new Act(desc(new long[]{n, 1, side, side}, memory.format_tag.nchw), Arena.INPUT));
        for (int i = 0; i < layers.size(); i++) {
            Described d = layers.get(i);
            boolean reluNext = i + 1 < layers.size() && layers.get(i + 1).layer() instanceof PlanLayers.Relu;
            x = fits(x, d) ? x : reshaped(x, d.inputShape());
            x = layer(x, d, reluNext, i);
            if (reluNext && (d.layer() instanceof PlanLayers.Conv || d.layer() instanceof PlanLayers.Dense)) {
                i++; // ran as the post-op
            }
        }
        return x;
    }

    /** Adds one layer's primitives; returns the activation it leaves (the same one for layers in place). */
    private Act layer(Act x, Described d, boolean reluNext, int index) {
        PlanLayers.Layer layer = d.layer();
        if (layer instanceof PlanLayers.Conv c) {
            return conv(x, c, d.outputShape(), reluNext, index);
        } else if (layer instanceof PlanLayers.Dense dense) {
            return dense(x, dense, reluNext, index);
        } else if (layer instanceof PlanLayers.MaxPool p) {
            return pool(x, algorithm.pooling_max, longs(p.kernel()), longs(p.stride()), p.pads(), p.dilation(),
                    d.outputShape());
        } else if (layer instanceof PlanLayers.GlobalPool g) {
            return globalPool(x, g.max());
        } else if (layer instanceof PlanLayers.Affine a) {
            affine(x, a, index);
        } else if (layer instanceof PlanLayers.Relu) {
            relu(x);
        } else if (layer instanceof PlanLayers.Softmax) {
            return softmax(x);
        }
        return x;
    }

    /**
     * Whether the activation already has the shape the layer reads. A dense layer reads any map (it flattens in c
     * order, as the plan does), and [C, 1, 1] serves a layer reading [C] (a global pooling's output).
     */
    private static boolean fits(Act x, Described d) {
        long[] perFace = Arrays.copyOfRange(dims(x.desc()), 1, dims(x.desc()).length);
        return Arrays.equals(perFace, d.inputShape()) || d.layer() instanceof PlanLayers.Dense
                || (perFace.length == 3 && d.inputShape().length == 1 && perFace[0] == d.inputShape()[0]
                && perFace[1] == 1 && perFace[2] == 1);
    }

    private Act conv(Act src, PlanLayers.Conv c, long[] outShape, boolean relu, int layer) {
        long[] w = c.weightShape();
        convolution_forward.primitive_desc pd = convPrimitive(src, c, outShape, relu);
        Act in = into(src, pd.src_desc());
        Act out = track(new Act(pd.dst_desc(), Arena.other(in.slot())));
        add(new convolution_forward(pd), DNNL_ARG_SRC, in,
                DNNL_ARG_WEIGHTS,
                weights.packed(layer, desc(w, memory.format_tag.oihw), c.weights(), pd.weights_desc()),
                DNNL_ARG_BIAS, weights.plain(layer + "/bias", desc(new long[]{w[0]}, memory.format_tag.x), c.bias()),
                DNNL_ARG_DST, out);
        return out;
    }

    /**
     * Whether a convolution is one to try on oneDNN's Winograd kernel (F(4x4, 3x3), {@code jit_wino_4x3}): 3x3,
     * stride 1, no dilation, at least {@value #WINOGRAD_MIN_CHANNELS} input channels.
     *
     * <p>Why: it does 2.25x fewer multiplications than the direct kernel, which already runs near this CPU's fp32 peak
     * (fer-vgg at 64 faces: 103 against 152 ms of primitives a pass, {@code DNNL_VERBOSE}). On a one-channel input it
     * was slower (11.3 against 2.7 ms), as there is little to save. The probabilities stay within the engines' 1e-4
     * of DL4J's ({@code DnnlEngineParityTest}); oneDNN refuses the algorithm where it has no kernel, and the direct
     * one runs.
     */
    private static boolean winogradFits(PlanLayers.Conv c) {
        return c.kernel()[0] == 3 && c.kernel()[1] == 3 && c.stride()[0] == 1 && c.stride()[1] == 1
                && c.dilation()[0] == 1 && c.dilation()[1] == 1 && c.weightShape()[1] >= WINOGRAD_MIN_CHANNELS;
    }

    /** The convolution's primitive: Winograd where it {@link #winogradFits} and oneDNN has the kernel, else direct. */
    private convolution_forward.primitive_desc convPrimitive(Act src, PlanLayers.Conv c, long[] outShape,
                                                             boolean relu) {
        if (winogradFits(c)) {
            try {
                return convPrimitive(src, c, outShape, relu, algorithm.convolution_winograd);
            } catch (RuntimeException unimplemented) {
                // oneDNN has no Winograd kernel for this CPU or shape: the direct one below
            }
        }
        return convPrimitive(src, c, outShape, relu, algorithm.convolution_direct);
    }

    private convolution_forward.primitive_desc convPrimitive(Act src, PlanLayers.Conv c, long[] outShape,
                                                             boolean relu, algorithm algorithm) {
        long[] w = c.weightShape();
        int[] pads = c.pads();
        convolution_forward.desc d = new convolution_forward.desc(prop_kind.forward_inference, algorithm,
                desc(dims(src.desc()), memory.format_tag.any), desc(w, memory.format_tag.any),
                desc(new long[]{w[0]}, memory.format_tag.x), desc(withBatch(n, outShape), memory.format_tag.any),
                longs(c.stride()), new long[]{c.dilation()[0] - 1L, c.dilation()[1] - 1L},
                new long[]{pads[0], pads[1]}, new long[]{pads[2], pads[3]});
        return new convolution_forward.primitive_desc(d, Primitives.reluAfter(relu), engine);
    }

    /**
     * {@code x W + b}. W is [in, out] with {@code in} the c-order flattening of the input map, so for a map [C, H, W]
     * the weights are oneDNN's [out, C, H, W] laid out {@code ihwo} and the map is read without flattening it.
     */
    private Act dense(Act src, PlanLayers.Dense dense, boolean relu, int layer) {
        long[] srcDims = dims(src.desc());
        if (Primitives.product(srcDims, 1) != dense.in() || (srcDims.length != 2 && srcDims.length != 4)) {
            throw new UnsupportedOperationException("oneDNN engine: a dense layer of " + dense.in()
                    + " inputs reading " + Arrays.toString(srcDims));
        }
        long[] wDims = srcDims.clone();
        wDims[0] = dense.out();
        memory.format_tag userTag = srcDims.length == 4 ? memory.format_tag.ihwo : memory.format_tag.io;
        memory.desc bias = desc(new long[]{dense.out()}, memory.format_tag.x);
        inner_product_forward.desc d = new inner_product_forward.desc(prop_kind.forward_inference,
                desc(srcDims, memory.format_tag.any), desc(wDims, memory.format_tag.any), bias,
                desc(new long[]{n, dense.out()}, memory.format_tag.nc));
        inner_product_forward.primitive_desc pd =
                new inner_product_forward.primitive_desc(d, Primitives.reluAfter(relu), engine);
        Act in = into(src, pd.src_desc());
        Act out = track(new Act(pd.dst_desc(), Arena.other(in.slot())));
        add(new inner_product_forward(pd), DNNL_ARG_SRC, in,
                DNNL_ARG_WEIGHTS, weights.packed(layer, desc(wDims, userTag), dense.weights(), pd.weights_desc()),
                DNNL_ARG_BIAS, weights.plain(layer + "/bias", bias, dense.bias()), DNNL_ARG_DST, out);
        return out;
    }

    private Act pool(Act src, algorithm kind, long[] kernel, long[] stride, int[] pads, int[] dilation,
                     long[] outShape) {
        if (dilation[0] != 1 || dilation[1] != 1) {
            throw new UnsupportedOperationException("oneDNN engine: dilated pooling " + Arrays.toString(dilation));
        }
        pooling_forward.desc d = new pooling_forward.desc(prop_kind.forward_inference, kind, src.desc(),
                desc(withBatch(n, outShape), memory.format_tag.any), stride, kernel, new long[]{pads[0], pads[1]},
                new long[]{pads[2], pads[3]});
        pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(d, engine);
        Act out = track(new Act(pd.dst_desc(), Arena.other(src.slot())));
        add(new pooling_forward(pd), DNNL_ARG_SRC, src, DNNL_ARG_DST, out);
        return out;
    }

    /** Mean or maximum of each channel's map: a pooling whose window is the whole map, giving [n, C, 1, 1]. */
    private Act globalPool(Act src, boolean max) {
        long[] dims = dims(src.desc());
        long[] window = {dims[2], dims[3]};
        return pool(src, max ? algorithm.pooling_max : algorithm.pooling_avg_exclude_padding, window, window,
                new int[4], new int[]{1, 1}, new long[]{dims[1], 1, 1});
    }

    /** {@code x * scale + shift} per channel, in place: batch normalisation with mean 0, variance 1, epsilon 0. */
    private void affine(Act x, PlanLayers.Affine a, int layer) {
        int channels = a.scale().length;
        int flags = normalization_flags.use_global_stats.value | normalization_flags.use_scale_shift.value;
        batch_normalization_forward.primitive_desc pd = new batch_normalization_forward.primitive_desc(
                new batch_normalization_forward.desc(prop_kind.forward_inference.value, x.desc(), 0f, flags), engine);
        float[] scaleShift = new float[2 * channels];
        System.arraycopy(a.scale(), 0, scaleShift, 0, channels);
        System.arraycopy(a.shift(), 0, scaleShift, channels, channels);
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        memory.desc vector = desc(new long[]{channels}, memory.format_tag.x);
        add(new batch_normalization_forward(pd), DNNL_ARG_SRC, x, DNNL_ARG_DST, x,
                DNNL_ARG_SCALE_SHIFT, weights.plain(layer + "/scaleShift",
                        desc(new long[]{2, channels}, memory.format_tag.nc), scaleShift),
                DNNL_ARG_MEAN, weights.plain(layer + "/mean", vector, new float[channels]),
                DNNL_ARG_VARIANCE, weights.plain(layer + "/variance", vector, ones));
    }

    /** A ReLU that could not be a post-op, in place. */
    private void relu(Act x) {
        eltwise_forward.primitive_desc pd = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                prop_kind.forward_inference, algorithm.eltwise_relu, x.desc(), 0f, 0f), engine);
        add(new eltwise_forward(pd), DNNL_ARG_SRC, x, DNNL_ARG_DST, x);
    }

    private Act softmax(Act src) {
        softmax_forward.primitive_desc pd = new softmax_forward.primitive_desc(
                new softmax_forward.desc(prop_kind.forward_inference, src.desc(), 1), engine);
        Act out = track(new Act(pd.dst_desc(), Arena.other(src.slot())));
        add(new softmax_forward(pd), DNNL_ARG_SRC, src, DNNL_ARG_DST, out);
        return out;
    }

    /** The activation in layout {@code want}: itself, or a reorder into the other slot. */
    private Act into(Act src, memory.desc want) {
        if (src.desc().equals(want)) {
            return src;
        }
        Act out = track(new Act(want, Arena.other(src.slot())));
        add(new reorder(new reorder.primitive_desc(engine, src.desc(), engine, want)),
                DNNL_ARG_FROM, src, DNNL_ARG_TO, out);
        return out;
    }

    /** The activation row-major, read as {@code perFace} (same element count): a reinterpretation, never a copy. */
    private Act reshaped(Act src, long[] perFace) {
        Act plain = into(src, desc(dims(src.desc()), plainTag(dims(src.desc()).length)));
        if (Primitives.product(dims(plain.desc()), 1) != Primitives.product(perFace, 0)) {
            throw new UnsupportedOperationException("oneDNN engine: cannot read " + Arrays.toString(dims(src.desc()))
                    + " as " + Arrays.toString(perFace));
        }
        return track(new Act(desc(withBatch(n, perFace), plainTag(perFace.length + 1)), plain.slot()));
    }

    /** The output as plain rows [n, classes] (a global pooling's [n, C, 1, 1] too). */
    private Act plainRows(Act out) {
        long[] dims = dims(out.desc());
        Act plain = into(out, desc(dims, plainTag(dims.length)));
        long[] rows = {n, Primitives.product(dims, 1)};
        return track(new Act(desc(rows, memory.format_tag.nc), plain.slot()));
    }

    private Act track(Act act) {
        int slot = act.slot();
        bytes[slot] = Math.max(bytes[slot], act.desc().get_size());
        return act;
    }

    private void add(primitive p, Object... pairs) {
        Map<Integer, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            args.put((Integer) pairs[i], pairs[i + 1]);
        }
        owned.add(p);
        pending.add(new Pending(p, args));
    }

    /** Every pending primitive with its activations made memory over the arena's buffers. */
    private List<Pass.Step> bind(Arena arena) {
        List<Pass.Step> steps = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            IntMemoryMap args = new IntMemoryMap();
            owned.add(args);
            p.args().forEach((key, value) ->
                    args.put(key, value instanceof Act act ? bound(act, arena) : (memory) value));
            steps.add(new Pass.Step(p.primitive(), args));
        }
        return steps;
    }

    private memory bound(Act act, Arena arena) {
        memory m = new memory(act.desc(), engine, arena.start(act.slot()));
        owned.add(m);
        return m;
    }
}
