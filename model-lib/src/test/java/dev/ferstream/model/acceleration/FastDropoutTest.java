package dev.ferstream.model.acceleration;

import dev.ferstream.model.Hw3CnnFixture;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One-pass dropout keeps the share it should, scales what it keeps, and the backward pass uses the same mask. */
class FastDropoutTest {
    private static final int VALUES = 300_001; // not a multiple of the block or of 64

    @BeforeAll
    static void nativeRuntime() {
        NativeRuntime.configure();
    }

    private static INDArray positive(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).addi(0.5);
    }

    private static INDArray dropped(FastDropoutHelper helper, INDArray in, double retain, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray out = Nd4j.create(DataType.FLOAT, in.shape());
        helper.applyDropout(in, out, retain);
        return out;
    }

    @Test
    void keepsTheRetainedShareScaledAndZeroesTheRest() {
        INDArray in = positive(VALUES);
        INDArray out = dropped(new FastDropoutHelper(2), in, 0.75, 1);
        int kept = 0;
        for (int i = 0; i < VALUES; i++) {
            double value = out.getDouble(i);
            if (value != 0) {
                kept++;
                assertEquals(in.getDouble(i) / 0.75, value, 1e-6 * value, "value " + i);
            }
        }
        assertEquals(0.75, kept / (double) VALUES, 0.005);
    }

    @Test
    void theBackwardPassUsesTheForwardPassMask() {
        FastDropoutHelper helper = new FastDropoutHelper(2);
        INDArray out = dropped(helper, positive(VALUES), 0.5, 2);
        INDArray grad = positive(VALUES);
        INDArray gradIn = Nd4j.create(DataType.FLOAT, VALUES);
        helper.backprop(grad, gradIn);
        for (int i = 0; i < VALUES; i++) {
            boolean kept = out.getDouble(i) != 0;
            assertEquals(kept ? grad.getDouble(i) * 2 : 0, gradIn.getDouble(i), 1e-6, "value " + i);
        }
        helper.backprop(grad, grad); // in place, as DL4J's dropout layer calls it
        assertEquals(gradIn, grad);
    }

    @Test
    void aSeedGivesTheSameMaskWhateverTheThreadCountAndAnotherSeedAnother() {
        INDArray in = positive(VALUES);
        INDArray one = dropped(new FastDropoutHelper(1), in, 0.75, 3);
        assertEquals(one, dropped(new FastDropoutHelper(3), in, 0.75, 3));
        assertNotEquals(one, dropped(new FastDropoutHelper(1), in, 0.75, 4));
    }

    @Test
    void aStridedViewIsReadAndWrittenInPlace() {
        INDArray nchw = positive(4, 3, 5, 6);
        INDArray view = nchw.permute(0, 2, 3, 1); // not contiguous
        INDArray copy = view.dup('c');
        INDArray fromView = view.dup('c').assign(0);
        Nd4j.getRandom().setSeed(5);
        new FastDropoutHelper(2).applyDropout(view, fromView, 0.6);
        assertEquals(dropped(new FastDropoutHelper(2), copy, 0.6, 5), fromView);
        Nd4j.getRandom().setSeed(5);
        new FastDropoutHelper(2).applyDropout(view, view, 0.6); // into the strided view itself
        assertEquals(fromView, view.dup('c'));
    }

    @Test
    void refusesAMissingMaskAndAProbabilityOutOfRange() {
        FastDropoutHelper helper = new FastDropoutHelper(1);
        INDArray values = positive(10);
        var noMask = assertThrows(IllegalStateException.class, () -> helper.backprop(values, values));
        assertTrue(noMask.getMessage().contains("no dropout mask for shape [10]"), noMask.getMessage());
        assertThrows(IllegalArgumentException.class, () -> helper.applyDropout(values, values, 0));
        assertThrows(IllegalArgumentException.class, () -> helper.applyDropout(values, values, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new FastDropoutHelper(0));
    }

    @Test
    void everyFixedDropoutOfHw3CnnGetsTheHelperOnceAndTrains() throws Exception {
        MultiLayerNetwork net = Hw3CnnFixture.hw3Cnn();
        assertEquals(4, FastDropout.install(net), "three conv blocks and the dense layer");
        assertEquals(4, FastDropout.install(net), "installing twice changes nothing");
        Field helper = Dropout.class.getDeclaredField("helper");
        helper.setAccessible(true);
        for (var conf : net.getLayerWiseConfigurations().getConfs()) {
            if (conf.getLayer() instanceof DropoutLayer layer) {
                assertInstanceOf(FastDropoutHelper.class, helper.get(layer.getIDropout()));
            }
        }
        double before = net.score(Hw3CnnFixture.BATCH);
        for (int step = 0; step < 3; step++) {
            net.fit(Hw3CnnFixture.BATCH);
        }
        assertTrue(net.score(Hw3CnnFixture.BATCH) < before, "three steps on one batch lower its loss");
        for (var conf : net.getLayerWiseConfigurations().getConfs()) {
            if (conf.getLayer() instanceof DropoutLayer layer) {
                var used = ((FastDropoutHelper) helper.get(layer.getIDropout())).helperMemoryUse();
                assertTrue(used.get("dropout-mask") > 0, "the steps drew their masks here");
            }
        }
    }
}
