package dev.ferstream.explain;

import dev.ferstream.data.InputScaling;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The saliency gradient equals central finite differences of the ORIGINAL network's inference-mode logit
 * (BatchNorm with running statistics), in double precision, so the whole copy-and-backprop chain is checked.
 */
class SaliencyMapsTest {
    private DataType previousNetworkType;
    private DataType previousFloatType;

    @BeforeEach
    void doublePrecision() {
        NativeRuntime.configure();
        previousNetworkType = Nd4j.dataType();
        previousFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void restore() {
        Nd4j.setDefaultDataTypes(previousNetworkType, previousFloatType);
    }

    /** The original's logit: the activation of the layer before the loss layer, in inference mode. */
    private static INDArray originalLogits(MultiLayerNetwork original, INDArray input) {
        List<INDArray> activations = original.feedForward(input, false);
        return activations.get(original.getnLayers() - 1);
    }

    private static void checkAgainstFiniteDifferences(MultiLayerNetwork original, long seed) {
        SaliencyMaps saliency = new SaliencyMaps(original);
        int faces = 3;
        INDArray input = TestNets.input(DataType.DOUBLE, faces, seed);
        int[] targets = {0, 3, 6};
        INDArray gradient = saliency.gradient(input, targets);
        assertEquals(DataType.DOUBLE, gradient.dataType());

        // 64 pixels per face: the 32 most salient ones (where errors would be largest) and 32 at random
        Random random = new Random(seed);
        double h = 1e-6;
        double worst = 0;
        for (int f = 0; f < faces; f++) {
            double[] g = gradient.getRow(f).toDoubleVector();
            List<Integer> pixels = topIndices(g, 32);
            for (int k = 0; k < 32; k++) {
                pixels.add(random.nextInt(g.length));
            }
            // all perturbed copies in one batch: the original in inference mode treats rows independently
            INDArray batch = Nd4j.create(DataType.DOUBLE, 2L * pixels.size(), input.size(1));
            for (int p = 0; p < pixels.size(); p++) {
                batch.putRow(2L * p, input.getRow(f));
                batch.putRow(2L * p + 1, input.getRow(f));
                batch.putScalar(2L * p, pixels.get(p), input.getDouble(f, pixels.get(p)) + h);
                batch.putScalar(2L * p + 1, pixels.get(p), input.getDouble(f, pixels.get(p)) - h);
            }
            INDArray logits = originalLogits(original, batch);
            double scale = maxAbs(g);
            assertTrue(scale > 1e-6, "gradient should not vanish");
            for (int p = 0; p < pixels.size(); p++) {
                double fd = (logits.getDouble(2L * p, targets[f]) - logits.getDouble(2L * p + 1, targets[f])) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - g[pixels.get(p)]) / scale);
            }
        }
        assertTrue(worst < 1e-5, "relative error vs finite differences " + worst);
    }

    @Test
    void gradientMatchesFiniteDifferencesHw3Shape() {
        checkAgainstFiniteDifferences(TestNets.hw3Like(DataType.DOUBLE, 21), 1);
    }

    @Test
    void gradientMatchesFiniteDifferencesFerShape() {
        checkAgainstFiniteDifferences(TestNets.ferLike(DataType.DOUBLE, 22), 2);
    }

    @Test
    void fastBackwardEqualsDl4jBackward() {
        for (MultiLayerNetwork original : List.of(TestNets.hw3Like(DataType.DOUBLE, 31), TestNets.ferLike(DataType.DOUBLE, 32))) {
            SaliencyMaps saliency = new SaliencyMaps(original);
            INDArray input = TestNets.input(DataType.DOUBLE, 4, 3);
            int[] targets = {6, 0, 4, 4};
            INDArray fast = saliency.gradient(input, targets);
            INDArray reference = saliency.gradientViaDl4j(input, targets);
            double relative = fast.sub(reference).amaxNumber().doubleValue() / reference.amaxNumber().doubleValue();
            assertTrue(relative < 1e-10, "relative difference " + relative);
        }
    }

    @Test
    void computeIsAbsoluteGradientOfScaledPixelsPerFace() {
        MultiLayerNetwork original = TestNets.hw3Like(DataType.DOUBLE, 23);
        SaliencyMaps saliency = new SaliencyMaps(original);
        Random random = new Random(5);
        List<byte[]> faces = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] face = new byte[48 * 48];
            random.nextBytes(face);
            faces.add(face);
        }
        int[] targets = {1, 2, 5, 2};
        float[][] batch = saliency.compute(faces, targets);
        assertEquals(4, batch.length);
        assertEquals(2304, batch[1].length);
        float[] scaled = InputScaling.batch(faces);
        INDArray input = Nd4j.create(scaled, new long[]{4, 2304}, 'c').castTo(DataType.DOUBLE);
        INDArray signed = saliency.gradient(input, targets);
        for (int i = 0; i < 4; i++) {
            // the same face alone gives the same map: rows do not interact
            float[][] single = saliency.compute(List.of(faces.get(i)), new int[]{targets[i]});
            assertArrayEquals(batch[i], single[0], 1e-6f);
            for (int p = 0; p < 2304; p += 97) {
                assertEquals(Math.abs(signed.getDouble(i, p)), batch[i][p], 1e-6 * Math.max(1, Math.abs(signed.getDouble(i, p))));
                assertTrue(batch[i][p] >= 0);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> saliency.compute(faces, new int[]{1}));
        assertThrows(IllegalArgumentException.class, () -> saliency.compute(List.of(faces.get(0)), new int[]{7}));
    }

    private static List<Integer> topIndices(double[] values, int k) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(Math.abs(values[b]), Math.abs(values[a])));
        return new ArrayList<>(order.subList(0, k));
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
