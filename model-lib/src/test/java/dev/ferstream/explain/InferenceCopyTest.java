package dev.ferstream.explain;

import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The BN-free, dropout-free copy computes exactly what the original computes in inference mode. */
class InferenceCopyTest {
    @BeforeAll
    static void runtime() {
        NativeRuntime.configure();
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    private static INDArray softmax(INDArray logits) {
        return new ActivationSoftmax().getActivation(logits.dup(), false);
    }

    @Test
    void hw3ShapedCopyMatchesOriginal() {
        MultiLayerNetwork original = TestNets.hw3Like(DataType.FLOAT, 7);
        InferenceCopy copy = InferenceCopy.of(original);
        INDArray input = TestNets.input(DataType.FLOAT, 5, 1);
        INDArray expected = original.output(input, false);
        INDArray actual = softmax(copy.network().output(input, false));
        assertTrue(maxAbsDiff(expected, actual) < 1e-5, "max diff " + maxAbsDiff(expected, actual));
        // ReLU-then-BN after convs becomes a 1x1 depthwise scale-shift; the final BN folds into Dense(7)
        long depthwise = copy.network().getLayerWiseConfigurations().getConfs().stream()
                .filter(c -> c.getLayer() instanceof DepthwiseConvolution2D).count();
        assertEquals(2, depthwise);
        assertNoBatchNormOrDropout(copy);
    }

    @Test
    void positiveScaleShiftMovesBehindMaxPooling() {
        MultiLayerNetwork original = TestNets.hw3Like(DataType.FLOAT, 8);
        TestNets.randomizeBatchNorm(original, 8, true);
        InferenceCopy copy = InferenceCopy.of(original);
        INDArray input = TestNets.input(DataType.FLOAT, 5, 1);
        INDArray expected = original.output(input, false);
        INDArray actual = softmax(copy.network().output(input, false));
        assertTrue(maxAbsDiff(expected, actual) < 1e-5, "max diff " + maxAbsDiff(expected, actual));
        // max(s*x + t) = s*max(x) + t when s > 0: conv, pool, scale-shift
        assertTrue(copy.network().getLayerWiseConfigurations().getConf(1).getLayer() instanceof SubsamplingLayer);
        assertTrue(copy.network().getLayerWiseConfigurations().getConf(2).getLayer() instanceof DepthwiseConvolution2D);
    }

    @Test
    void ferShapedBatchNormFoldsIntoConvolutions() {
        MultiLayerNetwork original = TestNets.ferLike(DataType.FLOAT, 11);
        InferenceCopy copy = InferenceCopy.of(original);
        INDArray input = TestNets.input(DataType.FLOAT, 5, 2);
        INDArray expected = original.output(input, false);
        INDArray actual = softmax(copy.network().output(input, false));
        assertTrue(maxAbsDiff(expected, actual) < 1e-5, "max diff " + maxAbsDiff(expected, actual));
        // conv, pool, conv, global pool, dense: both BNs folded, nothing added
        assertEquals(5, copy.network().getnLayers());
        assertNoBatchNormOrDropout(copy);
    }

    @Test
    void truncatedCopyEndsAfterTheConvBlock() {
        MultiLayerNetwork original = TestNets.hw3Like(DataType.FLOAT, 3);
        INDArray input = TestNets.input(DataType.FLOAT, 3, 4);
        List<INDArray> activations = original.feedForward(input, false);
        InferenceCopy upToSecondConv = InferenceCopy.upTo(original, 4); // conv at 4, its BN at 5
        INDArray expected = activations.get(6); // index 0 is the input: output of layer 5
        INDArray actual = upToSecondConv.network().output(input, false);
        assertTrue(maxAbsDiff(expected, actual.reshape(expected.shape())) < 1e-5);
        assertEquals(4, upToSecondConv.originalLayer(upToSecondConv.network().getnLayers() - 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hw3-cnn", "hw3-dnn", "fer-cnn"})
    void realArchitecturesMatchOriginal(String name) {
        MultiLayerNetwork original = new MultiLayerNetwork(Architectures.byName(name).configuration(ArchitectureOptions.defaults()));
        original.init();
        TestNets.randomizeBatchNorm(original, 5);
        INDArray input = TestNets.input(DataType.FLOAT, 4, 9);
        // the original's logits: the activation that feeds its softmax loss layer, in inference mode
        INDArray expected = original.feedForward(input, false).get(original.getnLayers() - 1);
        INDArray actual = InferenceCopy.of(original).network().output(input, false);
        double relative = maxAbsDiff(expected, actual) / expected.amaxNumber().doubleValue();
        assertTrue(relative < 1e-5, name + ": relative logit difference " + relative);
    }

    private static void assertNoBatchNormOrDropout(InferenceCopy copy) {
        assertFalse(copy.network().getLayerWiseConfigurations().getConfs().stream()
                .anyMatch(c -> c.getLayer() instanceof BatchNormalization || c.getLayer() instanceof DropoutLayer
                        || c.getLayer().getIDropout() != null));
    }
}
