package dev.ferstream.model.acceleration;

import dev.ferstream.model.dnnl.Primitives;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;

import static dev.ferstream.model.dnnl.Primitives.args;
import static dev.ferstream.model.dnnl.Primitives.desc;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.algorithm;
import static org.bytedeco.dnnl.global.dnnl.prop_kind;

/**
 * A channels-last float convolution's forward and backward passes in a training step through oneDNN 2.5 called
 * directly, on the layer's own NHWC buffers; anything else goes to the wrapped helper (DL4J's oneDNN helper for NHWC,
 * {@link OneDnnHelpers}).
 *
 * <p>Why: DL4J's helper runs libnd4j's oneDNN 2.3, whose backward convolutions want a blocked layout (a reorder of
 * every activation and gradient into it and back, 15-19 ms of a hw3-cnn step) and run slower on this CPU than
 * oneDNN 2.5's on plain NHWC. Only the weights are reordered here, once per call each way (their layout is small).
 * The input gradient runs as a forward convolution where it can ({@link InputGradient}), and a first layer's
 * weights-only pass ({@link #weightGradients}) takes any channel count.
 *
 * <p>One helper per layer and layout, not thread-safe, like DL4J's. Its native objects are freed when it is collected
 * (helpers live for one epoch's channels-last plan).
 */
final class DnnlConvolutionHelper implements ConvolutionHelper {
    private final ConvolutionHelper fallback;
    private final engine engine = new engine(org.bytedeco.dnnl.engine.kind.cpu, 0);
    private final stream stream = new stream(engine);
    private final Map<ConvWindow, ConvPrimitives> primitives = new HashMap<>();

    DnnlConvolutionHelper(ConvolutionHelper fallback) {
        this.fallback = fallback;
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              ConvolutionLayer.AlgoMode mode, ConvolutionLayer.FwdAlgo fwdAlgo,
                              ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        ConvWindow window = ConvWindow.of(input, weights, bias, kernel, strides, pad, convolutionMode, dilation,
                format);
        if (window == null) {
            return fallback.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode,
                    dilation, format, workspaceMgr);
        }
        ConvPrimitives p = primitives.computeIfAbsent(window, ConvPrimitives::new);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, window.outputShape(),
                'c');
        p.pack(weights, p.forwardWeights);
        try (memory src = bind(p.src, input); memory dst = bind(p.dst, out); memory b = biasMemory(p, bias)) {
            execute(p.forward, args(DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, p.forwardWeights, DNNL_ARG_BIAS, b,
                    DNNL_ARG_DST, dst));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn,
                                                     ConvolutionLayer.AlgoMode mode,
                                                     ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                     ConvolutionLayer.BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        ConvWindow window = ConvWindow.of(input, weights, bias, kernel, strides, pad, convolutionMode, dilation,
                format);
        if (window == null || !gradientsFit(window, delta, weightGradView, biasGradView)) {
            return fallback.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView,
                    weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format,
                    workspaceMgr);
        }
        ConvPrimitives p = primitives.computeIfAbsent(window, ConvPrimitives::new);
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                input.shape(), 'c');
        try (memory diffDst = bind(p.dst, delta); memory diffSrc = bind(p.src, inputGradient);
             memory src = bind(p.src, input)) {
            p.inputGradient().compute(weights, diffDst, diffSrc);
            return new Pair<>(parameterGradients(p, src, diffDst, weightGradView, biasGradView), inputGradient);
        }
    }

    /**
     * A backward pass that computes only the weight and bias gradients, into the layer's views, for the network's
     * first layer whose input gradient nobody reads; {@code delta} is the gradient before the activation. Returns the
     * gradients as {@link #backpropGradient} does, or null, having written nothing, for a call it does not run (then
     * the layer runs DL4J's whole backward pass).
     *
     * <p>Why: DL4J's backward pass always computes the input gradient too, which on a one-channel input costs oneDNN
     * far more than the weights. oneDNN 2.5's backward weights on plain NHWC took 8.5 ms for hw3-cnn's first layer at
     * 128 faces, where the Java loops that did this before took 27 (a scratch timing, both on two threads).
     */
    Gradient weightGradients(INDArray input, INDArray weights, INDArray bias, INDArray delta, int[] kernel,
                             int[] strides, int[] pad, ConvolutionMode convolutionMode, int[] dilation,
                             INDArray weightGradView, INDArray biasGradView) {
        ConvWindow window = ConvWindow.anyChannels(input, weights, bias, kernel, strides, pad, convolutionMode,
                dilation, CNN2DFormat.NHWC);
        if (window == null || !gradientsFit(window, delta, weightGradView, biasGradView)) {
            return null;
        }
        ConvPrimitives p = primitives.computeIfAbsent(window, ConvPrimitives::new);
        try (memory diffDst = bind(p.dst, delta); memory src = bind(p.src, input)) {
            return parameterGradients(p, src, diffDst, weightGradView, biasGradView);
        }
    }

    /** oneDNN's backward weights into DL4J's gradient views, and the gradient naming them. */
    private Gradient parameterGradients(ConvPrimitives p, memory src, memory diffDst, INDArray weightGradView,
                                        INDArray biasGradView) {
        // a layer without bias still gets a bias gradient view from DL4J 1.0.0-M2.1 (fer-vgg): it has no bias to move
        INDArray biasGrad = p.window.bias() ? biasGradView : null;
        if (biasGradView != null && biasGrad == null) {
            biasGradView.assign(0);
        }
        try (memory diffBias = biasMemory(p, biasGrad)) {
            execute(p.backwardWeights, args(DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diffDst,
                    DNNL_ARG_DIFF_WEIGHTS, p.weightGradients, DNNL_ARG_DIFF_BIAS, diffBias));
        }
        p.unpack(p.weightGradients, weightGradView);
        Gradient gradient = new DefaultGradient();
        if (biasGrad != null) {
            gradient.gradientForVariable().put("b", biasGrad);
        }
        gradient.gradientForVariable().put("W", weightGradView);
        return gradient;
    }

    private static boolean gradientsFit(ConvWindow window, INDArray delta, INDArray weightGrad, INDArray biasGrad) {
        return delta.dataType() == DataType.FLOAT && RowMajor.fits(delta)
                && java.util.Arrays.equals(delta.shape(), window.outputShape())
                && weightGrad.dataType() == DataType.FLOAT && RowMajor.fits(weightGrad)
                && (!window.bias()
                || (biasGrad != null && biasGrad.dataType() == DataType.FLOAT && RowMajor.fits(biasGrad)));
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return fallback.activate(z, afn, training);
    }

    private memory bind(memory.desc desc, INDArray array) {
        return new memory(desc, engine, Primitives.at(address(array)));
    }

    /** The bias (or its gradient) as oneDNN memory, or null when the layer has none. */
    private memory biasMemory(ConvPrimitives p, INDArray bias) {
        return bias == null ? null : bind(p.bias, bias);
    }

    private void execute(primitive primitive, IntMemoryMap args) {
        try (args) {
            primitive.execute(stream, args);
            stream._wait();
        }
    }

    private static long address(INDArray array) {
        return array.data().address() + array.offset() * array.dataType().width();
    }

    /** The primitives of one window and the weights in the layouts they chose; the input gradient's on first use. */
    private final class ConvPrimitives {
        final ConvWindow window;
        final memory.desc src;
        final memory.desc dst;
        final memory.desc bias;
        final memory.desc userWeights;
        final memory.desc anyWeights;
        final convolution_forward.primitive_desc forwardDesc;
        final primitive forward;
        final primitive backwardWeights;
        final memory forwardWeights;
        final memory weightGradients;
        private InputGradient inputGradient;

        ConvPrimitives(ConvWindow c) {
            window = c;
            src = desc(new long[]{c.n(), c.ic(), c.h(), c.w()}, memory.format_tag.nhwc);
            dst = desc(new long[]{c.n(), c.oc(), c.outH(), c.outW()}, memory.format_tag.nhwc);
            bias = desc(new long[]{c.oc()}, memory.format_tag.x);
            userWeights = desc(new long[]{c.oc(), c.ic(), c.kh(), c.kw()}, memory.format_tag.oihw);
            anyWeights = desc(new long[]{c.oc(), c.ic(), c.kh(), c.kw()}, memory.format_tag.any);
            forwardDesc = new convolution_forward.primitive_desc(c.bias()
                    ? new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, src,
                    anyWeights, bias, dst, strides(), dilates(), before(), after())
                    : new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, src,
                    anyWeights, dst, strides(), dilates(), before(), after()), engine);
            convolution_backward_weights.primitive_desc bwdWeights = new convolution_backward_weights.primitive_desc(
                    c.bias() ? new convolution_backward_weights.desc(algorithm.convolution_direct, src, anyWeights,
                            bias, dst, strides(), dilates(), before(), after())
                            : new convolution_backward_weights.desc(algorithm.convolution_direct, src, anyWeights,
                            dst, strides(), dilates(), before(), after()), engine, forwardDesc);
            forward = new convolution_forward(forwardDesc);
            backwardWeights = new convolution_backward_weights(bwdWeights);
            forwardWeights = new memory(forwardDesc.weights_desc(), engine);
            weightGradients = new memory(bwdWeights.diff_weights_desc(), engine);
        }

        /** The input gradient's primitive, built on the first backward pass that needs one. */
        InputGradient inputGradient() {
            if (inputGradient == null) {
                inputGradient = new InputGradient(this);
            }
            return inputGradient;
        }

        long[] strides() {
            return new long[]{window.sh(), window.sw()};
        }

        long[] dilates() {
            return new long[]{window.dh() - 1L, window.dw() - 1L};
        }

        long[] before() {
            return new long[]{window.top(), window.left()};
        }

        long[] after() {
            return new long[]{window.bottom(), window.right()};
        }

        /** DL4J's [oc, ic, kh, kw] weights into {@code target}'s layout. */
        void pack(INDArray weights, memory target) {
            try (memory user = bind(userWeights, weights)) {
                reorder(user, target);
            }
        }

        /** Weight gradients from oneDNN's layout into DL4J's gradient view. */
        void unpack(memory source, INDArray view) {
            try (memory user = bind(userWeights, view)) {
                reorder(source, user);
            }
        }

        void reorder(memory from, memory to) {
            try (reorder r = new reorder(from, to)) {
                execute(r, args(DNNL_ARG_FROM, from, DNNL_ARG_TO, to));
            }
        }
    }

    /**
     * The input gradient of one window. For stride 1 and padding of at most k - 1 ({@link ConvWindow#transposable})
     * it is a forward convolution of the output gradient with the weights flipped in space and their channel axes
     * swapped, padded k - 1 - p on each side; otherwise oneDNN's backward data.
     *
     * <p>Why: oneDNN 2.5 has brgemm kernels for forward convolutions on this CPU but runs backward data on its older
     * jit:avx512_common kernel (hw3-cnn at batch 128: 78 ms against 67 for the forward of the same size,
     * {@code bench/peers/layers.sh}); TensorFlow's oneDNN 3 does the same substitution (its log names
     * brg_conv_bwd+brg_conv_fwd).
     */
    private final class InputGradient {
        private final ConvPrimitives conv;
        private final primitive primitive;
        private final boolean asForward;
        private final memory weights;
        /** The flipped weights [ic, oc, kh, kw] row-major, reordered into {@link #weights}; null for backward data. */
        private final memory flippedUser;
        private final float[] scratch;
        private final float[] flipped;

        InputGradient(ConvPrimitives conv) {
            this.conv = conv;
            ConvWindow c = conv.window;
            asForward = c.transposable();
            if (asForward) {
                long[] flippedDims = {c.ic(), c.oc(), c.kh(), c.kw()};
                convolution_forward.primitive_desc data = new convolution_forward.primitive_desc(
                        new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct,
                                conv.dst, desc(flippedDims, memory.format_tag.any), conv.src, conv.strides(),
                                conv.dilates(), new long[]{c.kh() - 1L - c.top(), c.kw() - 1L - c.left()},
                                new long[]{c.kh() - 1L - c.bottom(), c.kw() - 1L - c.right()}), engine);
                primitive = new convolution_forward(data);
                weights = new memory(data.weights_desc(), engine);
                flippedUser = new memory(desc(flippedDims, memory.format_tag.oihw), engine);
                scratch = new float[Math.toIntExact(c.oc() * c.ic() * c.kh() * c.kw())];
                flipped = new float[scratch.length];
            } else {
                convolution_backward_data.primitive_desc data = new convolution_backward_data.primitive_desc(
                        new convolution_backward_data.desc(algorithm.convolution_direct, conv.src, conv.anyWeights,
                                conv.dst, conv.strides(), conv.dilates(), conv.before(), conv.after()), engine,
                        conv.forwardDesc);
                primitive = new convolution_backward_data(data);
                weights = new memory(data.weights_desc(), engine);
                flippedUser = null;
                scratch = null;
                flipped = null;
            }
        }

        /** Writes the input gradient for the output gradient {@code diffDst} into {@code diffSrc}. */
        void compute(INDArray layerWeights, memory diffDst, memory diffSrc) {
            pack(layerWeights);
            if (asForward) {
                execute(primitive, args(DNNL_ARG_SRC, diffDst, DNNL_ARG_WEIGHTS, weights, DNNL_ARG_DST, diffSrc));
            } else {
                execute(primitive, args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_WEIGHTS, weights,
                        DNNL_ARG_DIFF_SRC, diffSrc));
            }
        }

        /** DL4J's weights into {@link #weights}: flipped and transposed first for the forward convolution. */
        private void pack(INDArray layerWeights) {
            if (!asForward) {
                conv.pack(layerWeights, weights);
                return;
            }
            ConvWindow c = conv.window;
            ChannelKernels.floats(layerWeights).get((int) layerWeights.offset(), scratch);
            int oc = (int) c.oc();
            int ic = (int) c.ic();
            int taps = c.kh() * c.kw();
            for (int o = 0; o < oc; o++) {
                for (int i = 0; i < ic; i++) {
                    int from = (o * ic + i) * taps;
                    int to = (i * oc + o) * taps + taps - 1;
                    for (int k = 0; k < taps; k++) {
                        flipped[to - k] = scratch[from + k]; // (a, b) -> (kh-1-a, kw-1-b)
                    }
                }
            }
            new FloatPointer(flippedUser.get_data_handle()).put(flipped);
            conv.reorder(flippedUser, weights);
        }
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return fallback.helperMemoryUse();
    }

    @Override
    public boolean checkSupported() {
        return true;
    }
}
