package dev.ferstream.render;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Single images from raw values: a face, a min-max scaled grey map, a heatmap, a saliency overlay, each enlarged
 * by pixel replication (no smoothing, so individual input pixels stay visible); and PNG writing.
 */
public final class Images {
    private Images() {
    }

    /** A 48x48 face (unsigned bytes) enlarged {@code scale} times. */
    public static BufferedImage face(byte[] pixels, int side, int scale) {
        BufferedImage img = new BufferedImage(side * scale, side * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side * scale; y++) {
            for (int x = 0; x < side * scale; x++) {
                int v = pixels[(y / scale) * side + x / scale] & 0xFF;
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return img;
    }

    /** Values min-max scaled to grey (a constant map is mid-grey). */
    public static BufferedImage grey(float[] values, int width, int height, int scale) {
        float[] t = normalized(values);
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                int v = Math.round(255 * t[(y / scale) * width + x / scale]);
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return img;
    }

    /** Values min-max scaled through {@link Colormap}. */
    public static BufferedImage heatmap(float[] values, int width, int height, int scale) {
        float[] t = normalized(values);
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                img.setRGB(x, y, Colormap.rgb(t[(y / scale) * width + x / scale]));
            }
        }
        return img;
    }

    /**
     * The face in grey with the heatmap blended in where the map is high (alpha grows with the value). The map is
     * scaled from its minimum to its 99th percentile (higher values saturate): a gradient map's few extreme pixels
     * would otherwise take the whole colour range and leave the rest of the face looking empty.
     */
    public static BufferedImage overlay(byte[] pixels, float[] values, int side, int scale) {
        float[] t = normalized(values, 0.99);
        BufferedImage img = new BufferedImage(side * scale, side * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side * scale; y++) {
            for (int x = 0; x < side * scale; x++) {
                int i = (y / scale) * side + x / scale;
                int grey = pixels[i] & 0xFF;
                int heat = Colormap.rgb(t[i]);
                double a = 0.75 * t[i];
                int r = (int) Math.round((1 - a) * grey + a * ((heat >> 16) & 0xFF));
                int g = (int) Math.round((1 - a) * grey + a * ((heat >> 8) & 0xFF));
                int b = (int) Math.round((1 - a) * grey + a * (heat & 0xFF));
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** Scaling from the minimum to the given quantile (0..1] onto [0, 1], clipping above; all-equal gives 0.5. */
    static float[] normalized(float[] values, double quantile) {
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        float min = sorted.length == 0 ? 0 : sorted[0];
        float top = sorted.length == 0 ? 0 : sorted[(int) Math.ceil(quantile * sorted.length) - 1];
        float[] out = new float[values.length];
        float range = top - min;
        for (int i = 0; i < values.length; i++) {
            out[i] = range > 0 ? Math.min(1f, (values[i] - min) / range) : 0.5f;
        }
        return out;
    }

    /** Min-max scaling to [0, 1]; all-equal input gives 0.5 everywhere. */
    static float[] normalized(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] out = new float[values.length];
        float range = max - min;
        for (int i = 0; i < values.length; i++) {
            out[i] = range > 0 ? (values[i] - min) / range : 0.5f;
        }
        return out;
    }

    /** Writes a PNG, creating the parent folder. */
    public static void writePng(BufferedImage image, Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
