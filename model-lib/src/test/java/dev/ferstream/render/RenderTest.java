package dev.ferstream.render;

import dev.ferstream.eval.ConfusionMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heatmaps, grids, confusion matrices and charts render headless to valid PNG files. */
class RenderTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    static BufferedImage readPng(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 8);
        assertArrayEquals(PNG_SIGNATURE, java.util.Arrays.copyOf(bytes, 8), file + " is not a PNG");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " does not decode");
        return image;
    }

    @Test
    void runsHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void confusionNormalisationPerTrueClassOnAHandMadeCase() throws Exception {
        ConfusionMatrix m = new ConfusionMatrix();
        // angry: 3 right, 1 as sad; happy: 8 right, 2 as neutral; disgust never occurs
        for (int i = 0; i < 3; i++) {
            m.add(0, 0);
        }
        m.add(0, 4);
        for (int i = 0; i < 8; i++) {
            m.add(3, 3);
        }
        m.add(3, 6);
        m.add(3, 6);
        double[][] share = m.normalizedByTrueClass();
        assertEquals(0.75, share[0][0], 1e-12);
        assertEquals(0.25, share[0][4], 1e-12);
        assertEquals(0.8, share[3][3], 1e-12);
        assertEquals(0.2, share[3][6], 1e-12);
        assertArrayEquals(new double[7], share[1], "an empty row stays 0, not NaN");
        assertArrayEquals(new int[]{3, 6}, m.mostConfusedPair());

        BufferedImage img = ConfusionHeatmap.render(m, "hand-made");
        // the diagonal cell of happy (0.8) is brighter than its empty cell (0.0)
        int left = 80, top = 48, cell = 64;
        int bright = img.getRGB(left + 3 * cell + 3, top + 3 * cell + 3);
        int dark = img.getRGB(left + 1 * cell + 3, top + 3 * cell + 3);
        assertEquals(Colormap.rgb(0.8), bright & 0xFFFFFF);
        assertEquals(Colormap.rgb(0.0), dark & 0xFFFFFF);
        assertTrue(luma(bright) > luma(dark));
    }

    @Test
    void pngFilesAreValid(@TempDir Path dir) throws Exception {
        byte[] face = new byte[48 * 48];
        float[] saliency = new float[48 * 48];
        for (int i = 0; i < face.length; i++) {
            face[i] = (byte) (i % 256);
            saliency[i] = (i % 48) / 47f;
        }
        Images.writePng(ImageGrid.of("row", List.of(Images.face(face, 48, 2), Images.heatmap(saliency, 48, 48, 2),
                Images.overlay(face, saliency, 48, 2)), List.of("face", "saliency", "overlay\nsecond line"), 3), dir.resolve("grid.png"));
        BufferedImage grid = readPng(dir.resolve("grid.png"));
        assertTrue(grid.getWidth() >= 3 * 96);

        Images.writePng(ConfusionHeatmap.render(ConfusionMatrix.of(new long[49]), "empty"), dir.resolve("confusion.png"));
        readPng(dir.resolve("confusion.png"));

        TrainingCurves.Series series = new TrainingCurves.Series("m", new double[]{1, 2, 3}, new double[]{1.8, 1.5, 1.3},
                new double[]{1.7, 1.6, 1.5}, new double[]{0.3, 0.4, 0.5}, new double[]{0.3, 0.38, 0.42});
        TrainingCurves.Series single = new TrainingCurves.Series("one epoch", new double[]{1}, new double[]{1.8},
                new double[]{1.7}, new double[]{0.3}, new double[]{0.3});
        Images.writePng(TrainingCurves.render(List.of(series, single)), dir.resolve("curves.png"));
        BufferedImage curves = readPng(dir.resolve("curves.png"));
        assertEquals(2 * 340, curves.getHeight());
    }

    @Test
    void heatmapScalesMinToMaxThroughTheColormap() {
        float[] values = {2, 4, 6, 4};
        BufferedImage img = Images.heatmap(values, 2, 2, 1);
        assertEquals(Colormap.rgb(0), img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(Colormap.rgb(0.5), img.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(Colormap.rgb(1), img.getRGB(0, 1) & 0xFFFFFF);
        assertNotEquals(Colormap.rgb(0), Colormap.rgb(1));
        assertArrayEquals(new float[]{0.5f, 0.5f}, Images.normalized(new float[]{3, 3}));
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }
}
