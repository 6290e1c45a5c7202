package dev.ferstream.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapBlurTest {
    @Test
    void spreadsASpikeSymmetricallyAndKeepsAFlatMapFlat() {
        int n = 15; // the spike's neighbours within 3 sigma see whole kernels, so its mass is kept
        float[] spike = new float[n * n];
        spike[7 * n + 7] = 1;
        float[] blurred = MapBlur.gaussian(spike, n, n, 1.0);
        double sum = 0;
        for (float v : blurred) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-5, "mass is kept");
        double centre = 1 / (2 * Math.PI); // a unit Gaussian's peak, sampled and normalised: close to 1 / (2 pi)
        assertEquals(centre, blurred[7 * n + 7], 0.01);
        assertEquals(blurred[7 * n + 6], blurred[7 * n + 8], 1e-7);
        assertEquals(blurred[6 * n + 7], blurred[7 * n + 6], 1e-7);
        assertTrue(blurred[7 * n + 6] > blurred[7 * n + 5]);

        float[] flat = new float[6 * 4];
        java.util.Arrays.fill(flat, 0.7f);
        float[] same = MapBlur.gaussian(flat, 6, 4, 1.5);
        for (float v : same) {
            assertEquals(0.7f, v, 1e-6f, "edges renormalise the kernel");
        }
        assertArrayEquals(spike, MapBlur.gaussian(spike, n, n, 0), "sigma 0 is a copy");
    }
}
