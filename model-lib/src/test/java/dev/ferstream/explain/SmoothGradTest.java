package dev.ferstream.explain;

import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SmoothGrad maps on a small seeded network: shape, sign, determinism, and sigma 0 = the plain gradient. */
class SmoothGradTest {
    @BeforeAll
    static void runtime() {
        NativeRuntime.configure();
    }

    private static List<byte[]> faces(int n, long seed) {
        Random random = new Random(seed);
        List<byte[]> faces = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] face = new byte[2304];
            random.nextBytes(face);
            faces.add(face);
        }
        return faces;
    }

    @Test
    void oneNonNegativeMapPerFaceAndTheSameForTheSameSeed() {
        MultiLayerNetwork net = TestNets.ferLike(DataType.FLOAT, 71);
        List<byte[]> faces = faces(3, 72);
        int[] classes = {0, 3, 6};
        float[][] maps = new SmoothGrad(net, 8, 0.15, 5).compute(faces, classes);
        assertEquals(3, maps.length);
        for (float[] map : maps) {
            assertEquals(2304, map.length);
            double sum = 0;
            for (float v : map) {
                assertTrue(v >= 0 && Float.isFinite(v), "value " + v);
                sum += v;
            }
            assertTrue(sum > 0, "map is all zero");
        }
        float[][] again = new SmoothGrad(net, 8, 0.15, 5).compute(faces, classes);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(maps[i], again[i], "same seed, same map");
        }
        float[][] otherSeed = new SmoothGrad(net, 8, 0.15, 6).compute(faces, classes);
        assertFalse(java.util.Arrays.equals(maps[0], otherSeed[0]), "another seed draws other noise");
    }

    @Test
    void withoutNoiseItIsThePlainGradient() {
        MultiLayerNetwork net = TestNets.hw3Like(DataType.FLOAT, 73);
        List<byte[]> faces = faces(2, 74);
        int[] classes = {2, 5};
        float[][] smooth = new SmoothGrad(net, 3, 0, 1).compute(faces, classes);
        float[][] plain = new SaliencyMaps(net).compute(faces, classes);
        for (int i = 0; i < 2; i++) {
            for (int p = 0; p < 2304; p++) { // float sums in batches of 3 vs 1: equal to ~1e-6 relative
                assertEquals(plain[i][p], smooth[i][p], 1e-5 * Math.max(1, plain[i][p]), "pixel " + p);
            }
        }
    }

    @Test
    void averagingSmoothsTheMap() {
        MultiLayerNetwork net = TestNets.ferLike(DataType.FLOAT, 75);
        List<byte[]> faces = faces(1, 76);
        float[] plain = new SaliencyMaps(net).compute(faces, new int[]{4})[0];
        float[] smooth = new SmoothGrad(net, 32, 0.15, 2).compute(faces, new int[]{4})[0];
        assertTrue(roughness(smooth) < roughness(plain), "neighbouring pixels differ less: " + roughness(smooth) + " vs " + roughness(plain));
    }

    /** Mean |difference of horizontal neighbours| relative to the mean value: speckle scores high. */
    private static double roughness(float[] map) {
        double diff = 0;
        double sum = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                sum += map[y * 48 + x];
                if (x > 0) {
                    diff += Math.abs(map[y * 48 + x] - map[y * 48 + x - 1]);
                }
            }
        }
        return diff / sum;
    }
}
