package dev.ferstream.render;

/**
 * A perceptually ordered colour scale (viridis-like, dark blue to yellow) for heatmaps, so that brightness
 * increases with value and the maps stay readable in greyscale print.
 */
public final class Colormap {
    private static final int[][] STOPS = {
            {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

    private Colormap() {
    }

    /** RGB for t in [0, 1] (clamped). */
    public static int rgb(double t) {
        double x = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) x);
        double f = x - i;
        int r = (int) Math.round(STOPS[i][0] + f * (STOPS[i + 1][0] - STOPS[i][0]));
        int g = (int) Math.round(STOPS[i][1] + f * (STOPS[i + 1][1] - STOPS[i][1]));
        int b = (int) Math.round(STOPS[i][2] + f * (STOPS[i + 1][2] - STOPS[i][2]));
        return (r << 16) | (g << 8) | b;
    }
}
