package dev.ferstream.explain;

import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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

    /**
     * The old ascent (free brightness) drove every first-layer image to solid black or white inside a 2-pixel border:
     * the mean of a linear filter's output depends on the mean pixel only. Every tile must now show a pattern.
     */
    @Test
    void firstLayerAscentImagesAreNotFlat() {
        for (MultiLayerNetwork net : List.of(TestNets.hw3Like(DataType.FLOAT, 61), TestNets.ferLike(DataType.FLOAT, 62))) {
            TestNets.randomizeBatchNorm(net, 63, true);
            ConvLayer first = ConvLayer.of(net).get(0);
            FilterAscent.Result result = new FilterAscent(net, first).run(64, 200, 0.1, 7);
            for (int k = 0; k < result.images().count(); k++) {
                double std = interiorStd(result.images().maps().get(k), 3);
                assertTrue(std > 0.05, first.name() + " filter " + k + ": interior pixel std " + std);
            }
        }
    }

    /** Standard deviation of a 48x48 map's pixels at least {@code border} pixels from its edges. */
    private static double interiorStd(float[] map, int border) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int y = border; y < 48 - border; y++) {
            for (int x = border; x < 48 - border; x++) {
                double v = map[y * 48 + x];
                sum += v;
                squares += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, squares / n - mean * mean));
    }

    @Test
    void singleFilterBlockEqualsTheNetworksBlockOutputOfThatFilter() {
        for (MultiLayerNetwork net : List.of(TestNets.hw3Like(DataType.DOUBLE, 45), TestNets.ferLike(DataType.DOUBLE, 46))) {
            TestNets.randomizeBatchNorm(net, 47); // gamma of both signs
            for (ConvLayer layer : ConvLayer.of(net)) {
                int n = layer.filters();
                INDArray images = TestNets.input(DataType.DOUBLE, n, 48);
                INDArray block = InferenceCopy.upTo(net, layer.index()).network().output(images, false); // [n, C, H, W]
                INDArray single = new SingleFilterConv(net, layer, n).forward(layerInput(net, layer, images)).output();
                for (int k = 0; k < n; k++) {
                    double[] expected = block.get(NDArrayIndex.point(k), NDArrayIndex.point(k)).dup('c').reshape(-1).toDoubleVector();
                    assertArrayEquals(expected, single.getRow(k).toDoubleVector(), 1e-9, layer.name() + " filter " + k);
                }
            }
        }
    }

    @Test
    void singleFilterGradientEqualsTheFullLayersInputGradient() {
        for (MultiLayerNetwork net : List.of(TestNets.hw3Like(DataType.DOUBLE, 49), TestNets.ferLike(DataType.DOUBLE, 50))) {
            TestNets.randomizeBatchNorm(net, 51);
            for (ConvLayer layer : ConvLayer.of(net)) {
                int n = layer.filters();
                INDArray images = TestNets.input(DataType.DOUBLE, n, 52);
                INDArray maps = layerInput(net, layer, images);
                SingleFilterConv single = new SingleFilterConv(net, layer, n);
                SingleFilterConv.Pass pass = single.forward(maps);
                INDArray epsilon = Nd4j.rand(DataType.DOUBLE, pass.output().shape());
                INDArray actual = single.inputGradient(pass, epsilon);

                // reference: the whole layer (all filters) on the maps, with the gradient only on filter k of image k
                MultiLayerNetwork block = InferenceCopy.upTo(net, layer.index()).network();
                block.initGradientsView();
                int first = firstCopiedLayer(block, layer);
                INDArray out = feedFrom(block, first, maps);
                INDArray fullEpsilon = Nd4j.zeros(DataType.DOUBLE, out.shape());
                for (int k = 0; k < n; k++) {
                    fullEpsilon.get(NDArrayIndex.point(k), NDArrayIndex.point(k)).assign(
                            epsilon.getRow(k).reshape(out.size(2), out.size(3)));
                }
                INDArray expected = backFrom(block, first, fullEpsilon);
                assertEquals(0, expected.sub(actual).amaxNumber().doubleValue(), 1e-9 * Math.max(1, expected.amaxNumber().doubleValue()),
                        layer.name());
                assertTrue(expected.amaxNumber().doubleValue() > 0, "a gradient to compare");
            }
        }
    }

    /** The target layer's input: the images as maps for the first layer, else the copy of the layers before it. */
    private static INDArray layerInput(MultiLayerNetwork net, ConvLayer layer, INDArray images) {
        if (layer.index() == 0) {
            return images.reshape(images.size(0), 1, 48, 48);
        }
        return InferenceCopy.upTo(net, layer.index() - 1).network().output(images, false);
    }

    private static int firstCopiedLayer(MultiLayerNetwork copy, ConvLayer layer) {
        for (int j = 0; j < copy.getnLayers(); j++) {
            if (copy.getLayerWiseConfigurations().getConf(j).getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c
                    && c.getClass() == org.deeplearning4j.nn.conf.layers.ConvolutionLayer.class
                    && c.getNOut() == layer.filters() && j >= copy.getnLayers() - 2) {
                return j;
            }
        }
        throw new AssertionError("no copy of " + layer.name());
    }

    private static INDArray feedFrom(MultiLayerNetwork copy, int first, INDArray maps) {
        INDArray x = maps;
        for (int j = first; j < copy.getnLayers(); j++) {
            copy.getLayer(j).setInput(x, LayerWorkspaceMgr.noWorkspaces());
            x = copy.getLayer(j).activate(false, LayerWorkspaceMgr.noWorkspaces());
        }
        return x;
    }

    private static INDArray backFrom(MultiLayerNetwork copy, int first, INDArray epsilon) {
        INDArray eps = epsilon;
        for (int j = copy.getnLayers() - 1; j >= first; j--) {
            eps = copy.getLayer(j).backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        }
        return eps;
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
