package dev.ferstream.model.acceleration;

import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * oneDNN 2.5's convolution against DL4J's own oneDNN helper on the same channels-last arrays: the output, the input
 * gradient and the weight and bias gradients it writes into the layer's views, for "same" and truncate padding,
 * strides, with and without a bias; and a grey first layer, which stays with DL4J's helper.
 */
class DnnlConvolutionHelperTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @BeforeAll
    static void nativeRuntime() {
        NativeRuntime.configure();
    }

    @ParameterizedTest
    @CsvSource({"Same,3,1,1,0,true,16", "Same,5,2,1,0,true,24", "Truncate,3,1,1,1,false,16", "Truncate,3,2,1,1,true,1",
            "Same,4,1,1,0,true,16", "Truncate,5,1,1,0,false,16"})
    void givesDl4jsHelpersOutputAndGradients(ConvolutionMode mode, int k, int stride, int dilation, int pad,
                                             boolean hasBias, int ic) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 11, 9, ic);
        INDArray w = withinParameters(Nd4j.randn(DataType.FLOAT, 20, ic, k, k).muli(0.1));
        INDArray b = hasBias ? Nd4j.randn(DataType.FLOAT, 1, 20) : null;
        int[] kernel = {k, k}, strides = {stride, stride}, pads = {pad, pad}, dilations = {dilation, dilation};
        ConvolutionHelper reference = new MKLDNNConvHelper(DataType.FLOAT);
        DnnlConvolutionHelper helper = new DnnlConvolutionHelper(reference);

        INDArray want = forward(reference, x, w, b, kernel, strides, pads, mode, dilations);
        INDArray got = forward(helper, x, w, b, kernel, strides, pads, mode, dilations);
        assertArrayEquals(want.shape(), got.shape(), "output shape");
        assertClose(want, got, "output");

        INDArray delta = Nd4j.randn(DataType.FLOAT, want.shape());
        Grads expected = backward(reference, x, w, b, delta, kernel, strides, pads, mode, dilations);
        Grads actual = backward(helper, x, w, b, delta, kernel, strides, pads, mode, dilations);
        assertClose(expected.input, actual.input, "input gradient");
        assertClose(expected.weights, actual.weights, "weight gradient");
        if (hasBias) {
            assertClose(expected.bias, actual.bias, "bias gradient");
        }
    }

    /** DL4J 1.0.0-M2.1 hands a bias-free layer (fer-vgg's) a bias gradient view too; it gets zeros, not a failure. */
    @org.junit.jupiter.api.Test
    void aLayerWithoutBiasGetsAZeroBiasGradient() {
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 6, 6, 16);
        INDArray w = Nd4j.randn(DataType.FLOAT, 8, 16, 3, 3);
        INDArray delta = Nd4j.randn(DataType.FLOAT, 2, 6, 6, 8);
        INDArray weightGrad = Nd4j.create(DataType.FLOAT, w.shape());
        INDArray biasGrad = Nd4j.createUninitialized(DataType.FLOAT, 1, 8).assign(Float.NaN);
        int[] k = {3, 3}, one = {1, 1};
        Pair<Gradient, INDArray> out = new DnnlConvolutionHelper(new MKLDNNConvHelper(DataType.FLOAT)).backpropGradient(
                x, w, null, delta, k, one, new int[2], biasGrad, weightGrad, new ActivationIdentity(),
                ConvolutionLayer.AlgoMode.PREFER_FASTEST, ConvolutionLayer.BwdFilterAlgo.ALGO_0,
                ConvolutionLayer.BwdDataAlgo.ALGO_0, ConvolutionMode.Same, one, CNN2DFormat.NHWC, NO_WS);
        assertArrayEquals(new float[8], biasGrad.data().asFloat(), 0f);
        assertTrue(weightGrad.norm2Number().doubleValue() > 0, "weight gradient written");
        assertTrue(!out.getFirst().gradientForVariable().containsKey("b"), "no bias gradient reported");
    }

    /**
     * A first layer's weights-only pass (one input channel, as on grey faces) writes DL4J's helper's weight and bias
     * gradients, and leaves the views alone for a call it does not run.
     */
    @ParameterizedTest
    @CsvSource({"Same,5,1,0,true", "Truncate,3,1,1,true", "Same,3,2,0,false"})
    void weightsOnlyPassGivesDl4jsWeightGradients(ConvolutionMode mode, int k, int stride, int pad, boolean hasBias) {
        Nd4j.getRandom().setSeed(13);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 12, 10, 1);
        INDArray w = withinParameters(Nd4j.randn(DataType.FLOAT, 24, 1, k, k).muli(0.1));
        INDArray b = hasBias ? Nd4j.randn(DataType.FLOAT, 1, 24) : null;
        int[] kernel = {k, k}, strides = {stride, stride}, pads = {pad, pad}, one = {1, 1};
        ConvolutionHelper reference = new MKLDNNConvHelper(DataType.FLOAT);
        INDArray delta = Nd4j.randn(DataType.FLOAT,
                forward(reference, x, w, b, kernel, strides, pads, mode, one).shape());
        Grads expected = backward(reference, x, w, b, delta, kernel, strides, pads, mode, one);

        INDArray weightGrad = Nd4j.createUninitialized(DataType.FLOAT, w.shape(), 'c').assign(Float.NaN);
        INDArray biasGrad = hasBias ? Nd4j.createUninitialized(DataType.FLOAT, 1, 24).assign(Float.NaN) : null;
        DnnlConvolutionHelper helper = new DnnlConvolutionHelper(reference);
        assertNotNull(helper.weightGradients(x, w, b, delta, kernel, strides, pads, mode, one, weightGrad, biasGrad),
                "a one-channel NHWC float call runs");
        assertClose(expected.weights(), weightGrad, "weight gradient");
        if (hasBias) {
            assertClose(expected.bias(), biasGrad, "bias gradient");
        }
        INDArray untouched = Nd4j.zeros(DataType.FLOAT, w.shape());
        assertNull(helper.weightGradients(x.castTo(DataType.DOUBLE), w, b, delta, kernel, strides, pads, mode, one,
                untouched, biasGrad), "a double input is declined");
        assertEquals(0.0, untouched.sumNumber().doubleValue(), "declined: nothing written");
    }

    /** Stride-1 windows get their input gradient from a forward convolution of flipped weights; others do not. */
    @ParameterizedTest
    @CsvSource({"Same,3,1,0,true", "Same,4,1,0,true", "Truncate,5,1,0,true", "Truncate,3,1,1,true", "Same,5,2,0,false",
            "Truncate,3,1,3,false"})
    void stride1WindowsTransposeTheirInputGradient(ConvolutionMode mode, int k, int stride, int pad, boolean expected) {
        INDArray x = Nd4j.create(DataType.FLOAT, 2, 12, 12, 16);
        INDArray w = Nd4j.create(DataType.FLOAT, 8, 16, k, k);
        ConvWindow window = ConvWindow.of(x, w, null, new int[]{k, k}, new int[]{stride, stride}, new int[]{pad, pad},
                mode, new int[]{1, 1}, CNN2DFormat.NHWC);
        assertEquals(expected, window.transposable(), mode + " k" + k + " s" + stride + " p" + pad);
    }

    /** {@code w}'s values in a view at an offset inside a larger array, as a layer's weights are in its parameters. */
    private static INDArray withinParameters(INDArray w) {
        INDArray params = Nd4j.randn(DataType.FLOAT, 1, 5 + w.length());
        INDArray view = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(5, 5 + w.length()))
                .reshape('c', w.shape());
        view.assign(w);
        assertTrue(view.offset() == 5 && view.isView(), "weights are a view at an offset");
        return view;
    }

    private record Grads(INDArray input, INDArray weights, INDArray bias) {
    }

    private static INDArray forward(ConvolutionHelper h, INDArray x, INDArray w, INDArray b, int[] kernel,
                                    int[] strides, int[] pads, ConvolutionMode mode, int[] dilations) {
        return h.preOutput(x, w, b, kernel, strides, pads, ConvolutionLayer.AlgoMode.PREFER_FASTEST,
                ConvolutionLayer.FwdAlgo.IMPLICIT_GEMM, mode, dilations, CNN2DFormat.NHWC, NO_WS).dup();
    }

    private static Grads backward(ConvolutionHelper h, INDArray x, INDArray w, INDArray b, INDArray delta,
                                  int[] kernel, int[] strides, int[] pads, ConvolutionMode mode, int[] dilations) {
        INDArray weightGrad = Nd4j.createUninitialized(DataType.FLOAT, w.shape(), 'c').assign(Float.NaN);
        INDArray biasGrad = b == null ? null
                : Nd4j.createUninitialized(DataType.FLOAT, b.shape(), 'c').assign(Float.NaN);
        Pair<Gradient, INDArray> out = h.backpropGradient(x, w, b, delta, kernel, strides, pads, biasGrad, weightGrad,
                new ActivationIdentity(), ConvolutionLayer.AlgoMode.PREFER_FASTEST,
                ConvolutionLayer.BwdFilterAlgo.ALGO_0, ConvolutionLayer.BwdDataAlgo.ALGO_0, mode, dilations,
                CNN2DFormat.NHWC, NO_WS);
        return new Grads(out.getSecond().dup(), weightGrad, biasGrad);
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        double size = want.norm2Number().doubleValue();
        double apart = want.sub(got).norm2Number().doubleValue();
        assertTrue(size > 0, what + " is all zeros");
        assertTrue(apart <= 1e-5 * size, what + ": differs by " + apart + " of " + size);
    }
}
