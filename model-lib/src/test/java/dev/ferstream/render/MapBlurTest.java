package dev.ferstream.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapBlurTest {
    @Test
    void spreadsASpikeSymmetricallyAndKeepsAFlatMapFlat() {
        float[] spike = new float[9 * 9];
        spike[4 * 9 + 4] = 1;
        float[] blurred = MapBlur.gaussian(spike, 9, 9, 1.0);
        double sum = 0;
        for (float v : blurred) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-5, "mass is kept away from the edges");
        double centre = 1 / (2 * Math.PI); // a unit Gaussian's peak, sampled and normalised: close to 1 / (2 pi)
        assertEquals(centre, blurred[4 * 9 + 4], 0.01);
        assertEquals(blurred[4 * 9 + 3], blurred[4 * 9 + 5], 1e-7);
        assertEquals(blurred[3 * 9 + 4], blurred[4 * 9 + 3], 1e-7);
        assertTrue(blurred[4 * 9 + 3] > blurred[4 * 9 + 2]);

        float[] flat = new float[6 * 4];
        java.util.Arrays.fill(flat, 0.7f);
        float[] same = MapBlur.gaussian(flat, 6, 4, 1.5);
        for (float v : same) {
            assertEquals(0.7f, v, 1e-6f, "edges renormalise the kernel");
        }
        assertArrayEquals(spike, MapBlur.gaussian(spike, 9, 9, 0), "sigma 0 is a copy");
    }
}
