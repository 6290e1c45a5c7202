package dev.ferstream.data;

import dev.ferstream.model.arch.Architecture;

import java.util.Random;

/**
 * Seeded training augmentation: random horizontal flip, shift, rotation and zoom, done as one inverse affine
 * map with bilinear sampling (edges replicated) so each face costs one pass over its 2,304 pixels; then, optionally,
 * random erasing (one rectangle of noise), which makes a network use more of the face than its single most telling
 * region.
 *
 * @param flip             mirror with probability 0.5
 * @param maxShift         maximum shift in pixels, each axis
 * @param maxRotationDeg   maximum rotation in degrees, either way
 * @param maxZoom          maximum relative zoom in or out (0.1 = 90%..110%)
 * @param eraseProbability probability of replacing one rectangle (2-20% of the face, aspect ratio 1:3 to 3:1) with
 *                         uniform noise; 0 = off, and then no random numbers are drawn for it, so the other
 *                         settings give the same faces as before it existed
 */
public record Augmentation(boolean flip, double maxShift, double maxRotationDeg, double maxZoom, double eraseProbability) {
    public static final Augmentation NONE = new Augmentation(false, 0, 0, 0, 0);
    /** Mirror and small shifts only: converges fastest, for short training budgets. */
    public static final Augmentation LIGHT = new Augmentation(true, 3, 0, 0, 0);
    /** Defaults that help on FER2013 without distorting faces beyond recognition. */
    public static final Augmentation STANDARD = new Augmentation(true, 4, 10, 0.1, 0);
    /**
     * For bigger networks and long runs: in the recipe study (bench/recipes) it lowered fer-cnn-wide's accuracy at 36
     * epochs but gave the best result of all, fer-vgg at 100 epochs.
     */
    public static final Augmentation STRONG = new Augmentation(true, 6, 15, 0.15, 0.5);

    private static final double ERASE_MIN_AREA = 0.02;
    private static final double ERASE_MAX_AREA = 0.20;
    private static final double ERASE_MAX_ASPECT = 3;

    public Augmentation {
        if (!(eraseProbability >= 0 && eraseProbability <= 1)) {
            throw new IllegalArgumentException("erase probability must be in [0, 1], got " + eraseProbability);
        }
    }

    public boolean enabled() {
        return flip || maxShift > 0 || maxRotationDeg > 0 || maxZoom > 0 || eraseProbability > 0;
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
        if (eraseProbability > 0 && random.nextDouble() < eraseProbability) {
            erase(random, out, offset);
        }
    }

    private static void erase(Random random, float[] out, int offset) {
        int side = Architecture.SIDE;
        double area = (ERASE_MIN_AREA + random.nextDouble() * (ERASE_MAX_AREA - ERASE_MIN_AREA)) * side * side;
        double aspect = Math.exp((random.nextDouble() * 2 - 1) * Math.log(ERASE_MAX_ASPECT));
        int height = (int) Math.max(1, Math.min(side - 1, Math.round(Math.sqrt(area * aspect))));
        int width = (int) Math.max(1, Math.min(side - 1, Math.round(Math.sqrt(area / aspect))));
        int top = random.nextInt(side - height + 1);
        int left = random.nextInt(side - width + 1);
        for (int y = top; y < top + height; y++) {
            for (int x = left; x < left + width; x++) {
                out[offset + y * side + x] = random.nextFloat();
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
