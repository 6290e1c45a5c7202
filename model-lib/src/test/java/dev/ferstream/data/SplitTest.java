package dev.ferstream.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {
    private static List<Face> faces(int n) {
        List<Face> faces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            faces.add(new Face("f" + i, new byte[2304], i % 7 == 1 ? 1 : (i % 3 == 0 ? 3 : 6), i + 2));
        }
        return faces;
    }

    @Test
    void lastRowsHoldsOutTheTail() {
        Split split = Split.lastRows(faces(100), 20);
        assertEquals(80, split.train().size());
        assertEquals("f80", split.validation().get(0).id());
        assertThrows(IllegalArgumentException.class, () -> Split.lastRows(faces(10), 10));
    }

    @Test
    void stratifiedKeepsClassProportionsAndIsSeeded() {
        List<Face> all = faces(700);
        Split a = Split.stratified(all, 0.1, 7);
        Split b = Split.stratified(all, 0.1, 7);
        assertEquals(a.validation(), b.validation());
        long[] total = Split.classCounts(all);
        long[] held = Split.classCounts(a.validation());
        for (int c = 0; c < 7; c++) {
            assertEquals(Math.round(total[c] * 0.1), held[c], "class " + c);
        }
        assertEquals(700, a.train().size() + a.validation().size());
    }

    @Test
    void balancedWeightsAreInverseFrequency() {
        List<Face> faces = new ArrayList<>();
        for (int c = 0; c < 7; c++) {
            for (int k = 0; k < (c == 1 ? 10 : 100); k++) {
                faces.add(new Face("x", new byte[2304], c, 0));
            }
        }
        double[] w = Split.balancedClassWeights(faces);
        assertEquals(610 / 70.0, w[1], 1e-9);
        assertEquals(610 / 700.0, w[0], 1e-9);
    }

    @Test
    void augmentationIsSeededAndIdentityWhenOff() {
        byte[] pixels = TestFaces.pixels(3);
        float[] a = new float[2304];
        float[] b = new float[2304];
        Augmentation.STANDARD.apply(pixels, new java.util.Random(5), a, 0);
        Augmentation.STANDARD.apply(pixels, new java.util.Random(5), b, 0);
        assertArrayEquals(a, b);
        float[] plain = new float[2304];
        Augmentation.NONE.apply(pixels, new java.util.Random(5), plain, 0);
        float[] scaled = new float[2304];
        InputScaling.write(pixels, scaled, 0);
        assertArrayEquals(scaled, plain, 1e-6f);
    }

    @Test
    void randomErasingReplacesOneRectangleWithNoise() {
        byte[] pixels = TestFaces.pixels(6);
        float[] plain = new float[2304];
        InputScaling.write(pixels, plain, 0);
        Augmentation eraseOnly = new Augmentation(false, 0, 0, 0, 1);
        java.util.Random random = new java.util.Random(3);
        for (int trial = 0; trial < 20; trial++) {
            float[] out = new float[2304];
            eraseOnly.apply(pixels, random, out, 0);
            int changed = 0;
            int top = 48, left = 48, bottom = -1, right = -1;
            for (int i = 0; i < 2304; i++) {
                assertTrue(out[i] >= 0 && out[i] <= 1, "value " + out[i]);
                if (out[i] != plain[i]) {
                    changed++;
                    top = Math.min(top, i / 48);
                    bottom = Math.max(bottom, i / 48);
                    left = Math.min(left, i % 48);
                    right = Math.max(right, i % 48);
                }
            }
            int box = (bottom - top + 1) * (right - left + 1);
            assertEquals(box, changed, "the changed pixels fill their bounding box");
            assertTrue(changed >= 0.015 * 2304 && changed <= 0.21 * 2304, changed + " pixels erased");
        }
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(true, 0, 0, 0, 1.5));
    }

    @Test
    void augmentationWithoutErasingDrawsNoExtraRandomNumbers() {
        // Runs trained before erasing existed must see the same faces for the same seed: flip, two shifts, angle, zoom.
        java.util.Random used = new java.util.Random(9);
        Augmentation.STANDARD.apply(TestFaces.pixels(2), used, new float[2304], 0);
        java.util.Random expected = new java.util.Random(9);
        expected.nextBoolean();
        for (int i = 0; i < 4; i++) {
            expected.nextDouble();
        }
        assertEquals(expected.nextLong(), used.nextLong());
    }

    @Test
    void flipOnlyAugmentationMirrorsExactly() {
        byte[] pixels = TestFaces.pixels(4);
        Augmentation flipOnly = new Augmentation(true, 0, 0, 0, 0);
        float[] mirrored = new float[2304];
        InputScaling.writeMirrored(pixels, mirrored, 0);
        float[] plain = new float[2304];
        InputScaling.write(pixels, plain, 0);
        java.util.Random random = new java.util.Random(1);
        boolean sawMirror = false;
        boolean sawPlain = false;
        for (int i = 0; i < 10; i++) {
            float[] out = new float[2304];
            flipOnly.apply(pixels, random, out, 0);
            sawMirror |= java.util.Arrays.equals(out, mirrored);
            sawPlain |= java.util.Arrays.equals(out, plain);
        }
        assertEquals(true, sawMirror && sawPlain);
    }
}
