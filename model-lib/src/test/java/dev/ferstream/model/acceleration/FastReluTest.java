package dev.ferstream.model.acceleration;

import dev.ferstream.model.Hw3CnnFixture;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.FerCnn;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-pass ReLU layers must compute exactly what DL4J's ActivationLayer computes, and must be the ones in use. */
class FastReluTest {
    private static MultiLayerNetwork ferCnn() {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(new FerCnn().configuration(ArchitectureOptions.defaults()));
        net.init();
        return net;
    }

    private static long reluLayers(MultiLayerNetwork net) {
        return Arrays.stream(net.getLayers()).filter(l -> l instanceof ActivationLayer).count();
    }

    @Test
    void everyReluLayerIsReplacedOnceAndFoundByIndexAndName() {
        MultiLayerNetwork net = ferCnn();
        long relus = reluLayers(net);
        assertTrue(relus >= 4, "fer-cnn has a ReLU layer per conv block");
        assertEquals(relus, FastRelu.install(net));
        assertEquals(relus, FastRelu.install(net), "installing twice changes nothing");
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            assertEquals(i, layer.getIndex());
            assertSame(layer, net.getLayer(net.getLayerNames().get(i)), "the by-name map holds the same layer object");
            if (layer instanceof ActivationLayer) {
                assertInstanceOf(FastReluLayer.class, layer);
            }
        }
        assertEquals(0, FastRelu.install(Hw3CnnFixture.hw3Cnn()), "hw3-cnn's ReLUs are inside its conv layers");
    }

    @Test
    void oneStepGivesTheSameScoreAndGradients() {
        MultiLayerNetwork plain = ferCnn();
        MultiLayerNetwork fast = ferCnn();
        FastRelu.install(fast);
        GradientStep expected = GradientStep.of(plain, Hw3CnnFixture.BATCH, 5);
        GradientStep actual = GradientStep.of(fast, Hw3CnnFixture.BATCH, 5);
        assertEquals(expected.score(), actual.score(), 1e-6 * Math.abs(expected.score()));
        double size = expected.gradient().gradient().norm2Number().doubleValue();
        double apart = expected.gradient().gradient().sub(actual.gradient().gradient()).norm2Number().doubleValue();
        assertTrue(size > 0);
        assertTrue(apart <= 1e-6 * size, "gradients differ by " + apart + " of " + size);
    }

    @Test
    void inferenceGivesTheSameProbabilities() {
        MultiLayerNetwork plain = ferCnn();
        MultiLayerNetwork fast = ferCnn();
        FastRelu.install(fast);
        INDArray faces = Hw3CnnFixture.BATCH.getFeatures();
        INDArray expected = plain.output(faces, false);
        assertEquals(0.0, expected.sub(fast.output(faces, false)).amaxNumber().doubleValue(), 1e-7);
    }
}
