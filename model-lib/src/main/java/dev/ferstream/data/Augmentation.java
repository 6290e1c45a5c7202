package dev.ferstream.data;

import dev.ferstream.model.Architecture;

import java.util.Random;

/**
 * Seeded training augmentation: random horizontal flip, shift, rotation and zoom, done as one inverse affine
 * map with bilinear sampling (edges replicated) so each face costs one pass over its 2,304 pixels.
 *
 * @param flip           mirror with probability 0.5
 * @param maxShift       maximum shift in pixels, each axis
 * @param maxRotationDeg maximum rotation in degrees, either way
 * @param maxZoom        maximum relative zoom in or out (0.1 = 90%..110%)
 */
public record Augmentation(boolean flip, double maxShift, double maxRotationDeg, double maxZoom) {
    public static final Augmentation NONE = new Augmentation(false, 0, 0, 0);
    /** Mirror and small shifts only: converges fastest, for short training budgets. */
    public static final Augmentation LIGHT = new Augmentation(true, 3, 0, 0);
    /** Defaults that help on FER2013 without distorting faces beyond recognition. */
    public static final Augmentation STANDARD = new Augmentation(true, 4, 10, 0.1);

    public boolean enabled() {
        return flip || maxShift > 0 || maxRotationDeg > 0 || maxZoom > 0;
    }

    /** Writes the augmented face (values scaled to [0,1]) into {@code out} at {@code offset}. */
    public void apply(byte[] pixels, Random random, float[] out, int offset) {
        int side = Architecture.SIDE;
        boolean mirror = flip && random.nextBoolean();
        double dx = maxShift > 0 ? (random.nextDouble() * 2 - 1) * maxShift : 0;
        double dy = maxShift > 0 ? (random.nextDouble() * 2 - 1) * maxShift : 0;
        double angle = Math.toRadians(maxRotationDeg > 0 ? (random.nextDouble() * 2 - 1) * maxRotationDeg : 0);
        double scale = 1 + (maxZoom > 0 ? (random.nextDouble() * 2 - 1) * maxZoom : 0);
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        double centre = (side - 1) / 2.0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double ox = (mirror ? side - 1 - x : x) - centre - dx;
                double oy = y - centre - dy;
                double sx = cos * ox + sin * oy + centre;
                double sy = -sin * ox + cos * oy + centre;
                out[offset + y * side + x] = (float) (sample(pixels, sx, sy) / 255.0);
            }
        }
    }

    private static double sample(byte[] pixels, double x, double y) {
        int side = Architecture.SIDE;
        x = Math.max(0, Math.min(side - 1, x));
        y = Math.max(0, Math.min(side - 1, y));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, side - 1);
        int y1 = Math.min(y0 + 1, side - 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = (pixels[y0 * side + x0] & 0xFF) * (1 - fx) + (pixels[y0 * side + x1] & 0xFF) * fx;
        double bottom = (pixels[y1 * side + x0] & 0xFF) * (1 - fx) + (pixels[y1 * side + x1] & 0xFF) * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
