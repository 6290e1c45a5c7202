package dev.ferstream.explain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The deletion curve and its area on a hand-made "model" whose answer is known for every blanked fraction. */
class DeletionTest {
    private static final double Q = 128 / 255.0; // the fill: mean of a half-white, half-black face, rounded

    /** Left half white (255), right half black (0); the mean grey is 127.5, rounded to 128. */
    private static byte[] halfWhiteFace() {
        byte[] face = new byte[2304];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 24; x++) {
                face[y * 48 + x] = (byte) 255;
            }
        }
        return face;
    }

    /** "Probability" of class 1 = mean brightness of the left half; class 0 gets the rest. */
    private static float[][] leftHalfModel(List<byte[]> faces) {
        float[][] p = new float[faces.size()][2];
        for (int i = 0; i < faces.size(); i++) {
            double sum = 0;
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 24; x++) {
                    sum += faces.get(i)[y * 48 + x] & 0xFF;
                }
            }
            p[i][1] = (float) (sum / (1152 * 255.0));
            p[i][0] = 1 - p[i][1];
        }
        return p;
    }

    /** A map that ranks the left half first (column by column from x = 0) or the right half first. */
    private static float[] map(boolean leftFirst) {
        float[] map = new float[2304];
        for (int i = 0; i < 2304; i++) {
            int x = i % 48;
            boolean left = x < 24;
            map[i] = (left == leftFirst ? 1000 : 0) + (48 - x) + (48 - i / 48) / 100f;
        }
        return map;
    }

    @Test
    void faithfulMapHasTheKnownSmallerArea() {
        Deletion deletion = new Deletion(DeletionTest::leftHalfModel, 16); // 144 pixels a step: 8 steps blank the left half
        byte[] face = halfWhiteFace();
        List<DeletionCurve> curves = deletion.curves(List.of(face, face), new float[][]{map(true), map(false)}, new int[]{1, 1});

        DeletionCurve faithful = curves.get(0);
        assertEquals(17, faithful.fractions().length);
        assertEquals(1 / 16.0, faithful.fractions()[1], 1e-12);
        assertEquals(1.0, faithful.probabilities()[0], 1e-6);
        // the left half (the first 50%) falls linearly from 1 to Q, then nothing left matters
        assertEquals(1 - 0.125 * (1 - Q), faithful.probabilities()[1], 1e-6);
        assertEquals(Q, faithful.probabilities()[8], 1e-6);
        assertEquals(Q, faithful.probabilities()[16], 1e-6);
        assertEquals(0.25 * (1 + Q) + 0.5 * Q, faithful.auc(), 1e-6);

        DeletionCurve unfaithful = curves.get(1); // flat at 1 for the first half, then the same fall
        assertEquals(1.0, unfaithful.probabilities()[8], 1e-6);
        assertEquals(0.5 + 0.25 * (1 + Q), unfaithful.auc(), 1e-6);
    }

    @Test
    void aucIsTheTrapezoidArea() {
        assertEquals(0.5, new DeletionCurve(new double[]{0, 1}, new double[]{1, 0}).auc(), 1e-12);
        assertEquals(0.3 + 0.05, new DeletionCurve(new double[]{0, 0.5, 1}, new double[]{1, 0.2, 0}).auc(), 1e-12);
    }

    @Test
    void blanksTheMostSalientPixelsWithTheMeanGrey() {
        byte[] face = {10, 20, 30, (byte) 200};
        int[] order = Deletion.order(new float[]{0.5f, 3f, 0.5f, 1f});
        assertArrayEquals(new int[]{1, 3, 0, 2}, order, "by falling value, ties in index order");
        assertEquals(65, Deletion.meanGrey(face) & 0xFF);
        assertArrayEquals(new byte[]{10, 65, 30, 65}, Deletion.blanked(face, order, 2, Deletion.meanGrey(face)));
    }

    @Test
    void mismatchedInputsAreRejected() {
        Deletion deletion = new Deletion(DeletionTest::leftHalfModel, 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> deletion.curves(List.of(halfWhiteFace()), new float[][]{new float[10]}, new int[]{1}));
        assertEquals("face 0 has 2304 pixels but its map 10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Deletion(DeletionTest::leftHalfModel, 0));
    }
}
