package dev.ferstream.model.inference;

import dev.ferstream.data.TestFaces;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the engines' parity tests share: seeded faces and the largest difference between two engines' answers. */
public final class EngineParity {
    private EngineParity() {
    }

    /** {@code n} random faces, seeded from {@code seed}. */
    public static List<byte[]> faces(int n, long seed) {
        List<byte[]> faces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            faces.add(TestFaces.pixels(seed + i));
        }
        return faces;
    }

    /** The largest absolute difference between two [n][7] probability tables (asserting their shapes agree). */
    public static double maxAbsDiff(float[][] a, float[][] b) {
        assertEquals(a.length, b.length, "rows");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(7, b[i].length, "classes");
            for (int c = 0; c < 7; c++) {
                max = Math.max(max, Math.abs(a[i][c] - b[i][c]));
            }
        }
        return max;
    }
}
