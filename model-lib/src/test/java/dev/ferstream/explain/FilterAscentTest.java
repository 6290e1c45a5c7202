package dev.ferstream.explain;

import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filter weights, layer activations and gradient ascent on small seeded networks. */
class FilterAscentTest {
    @BeforeAll
    static void runtime() {
        NativeRuntime.configure();
    }

    @Test
    void ascentIncreasesEachTargetFiltersMeanActivation() {
        for (MultiLayerNetwork net : List.of(TestNets.hw3Like(DataType.FLOAT, 41), TestNets.ferLike(DataType.FLOAT, 42))) {
            // positive BN scales as in trained nets (with gamma < 0 the maximum of s*relu(z)+t may already hold)
            TestNets.randomizeBatchNorm(net, 40, true);
            List<ConvLayer> convs = ConvLayer.of(net);
            assertEquals(2, convs.size());
            for (ConvLayer layer : convs) {
                FilterAscent.Result result = new FilterAscent(net, layer).run(64, 15, 0.1, 7);
                assertEquals(layer.filters(), result.images().count(), "capped at the layer's filter count");
                int increased = 0;
                for (int k = 0; k < result.images().count(); k++) {
                    // a filter dead (ReLU 0) on the whole noise image has no gradient and may stay put; none may drop
                    assertTrue(result.finalActivation()[k] >= result.initialActivation()[k],
                            layer.name() + " filter " + k + ": " + result.initialActivation()[k] + " -> " + result.finalActivation()[k]);
                    if (result.finalActivation()[k] > result.initialActivation()[k] + 1e-3) {
                        increased++;
                    }
                    for (float v : result.images().maps().get(k)) {
                        assertTrue(v >= 0 && v <= 1, "image values are clipped to [0, 1]");
                    }
                }
                assertEquals(result.images().count(), increased, layer.name() + ": filters whose activation rose");
            }
        }
    }

    @Test
    void filterWeightsAreTheFirstInputChannel() {
        MultiLayerNetwork net = TestNets.hw3Like(DataType.FLOAT, 43);
        ConvLayer second = ConvLayer.of(net).get(1);
        assertEquals("conv2", second.name());
        FeatureMaps maps = FilterWeights.firstInputChannel(net, second, 64);
        assertEquals(4, maps.count());
        assertEquals(3, maps.width());
        float expected = net.getLayer(second.index()).getParam("W").getFloat(2, 0, 1, 2);
        assertEquals(expected, maps.maps().get(2)[1 * 3 + 2]);
    }

    @Test
    void activationsAreTheBlockOutputInInferenceMode() {
        MultiLayerNetwork net = TestNets.ferLike(DataType.FLOAT, 44);
        ConvLayer first = ConvLayer.of(net).get(0);
        byte[] face = new byte[2304];
        new java.util.Random(3).nextBytes(face);
        FeatureMaps maps = LayerActivations.of(net, first, face, 64);
        assertEquals(4, maps.count());
        assertEquals(48, maps.width());
        float[] scaled = new float[2304];
        dev.ferstream.data.InputScaling.write(face, scaled, 0);
        var out = net.feedForward(org.nd4j.linalg.factory.Nd4j.create(scaled, new long[]{1, 2304}, 'c'), false).get(2); // after conv + BN
        float[] channel1 = java.util.Arrays.copyOfRange(out.dup('c').reshape(out.length()).toFloatVector(), 2304, 2 * 2304);
        assertArrayEquals(channel1, maps.maps().get(1), 1e-6f);
    }
}
