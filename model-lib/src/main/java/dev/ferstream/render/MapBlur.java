package dev.ferstream.render;

/**
 * A separable Gaussian blur of a row-major map, for display only: a pixel-level saliency map shown raw is read as
 * speckle even where its mass sits on the eyes or the mouth; a 1-pixel blur shows the regions without moving them.
 * Edges are handled by renormalising the kernel over the pixels inside the map.
 */
public final class MapBlur {
    private MapBlur() {
    }

    public static float[] gaussian(float[] values, int width, int height, double sigma) {
        if (values.length != width * height) {
            throw new IllegalArgumentException("map of " + values.length + " values is not " + width + "x" + height);
        }
        if (!(sigma > 0)) {
            return values.clone();
        }
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
        }
        float[] rows = pass(values, width, height, kernel, radius, true);
        return pass(rows, width, height, kernel, radius, false);
    }

    private static float[] pass(float[] in, int width, int height, double[] kernel, int radius, boolean horizontal) {
        float[] out = new float[in.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                double weight = 0;
                for (int k = -radius; k <= radius; k++) {
                    int xx = horizontal ? x + k : x;
                    int yy = horizontal ? y : y + k;
                    if (xx >= 0 && xx < width && yy >= 0 && yy < height) {
                        sum += kernel[k + radius] * in[yy * width + xx];
                        weight += kernel[k + radius];
                    }
                }
                out[y * width + x] = (float) (sum / weight);
            }
        }
        return out;
    }
}
