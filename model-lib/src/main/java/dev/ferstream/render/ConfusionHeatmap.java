package dev.ferstream.render;

import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.model.Emotion;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A confusion matrix as a heatmap normalised per true class (each row sums to 1, so rare classes such as
 * disgust are as readable as common ones), with the share and the raw count written in every cell.
 */
public final class ConfusionHeatmap {
    private static final int CELL = 64;
    private static final int LEFT = 80;
    private static final int TOP = 48;

    private ConfusionHeatmap() {
    }

    public static BufferedImage render(ConfusionMatrix matrix, String title) {
        int n = ConfusionMatrix.N;
        double[][] share = matrix.normalizedByTrueClass();
        int width = LEFT + n * CELL + 16;
        int height = TOP + n * CELL + 56;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        g.drawString("predicted \u2192", LEFT, TOP - 22);
        for (int a = 0; a < n; a++) {
            String label = Emotion.of(a).label();
            g.setColor(Color.BLACK);
            g.drawString(label, LEFT - fm.stringWidth(label) - 6, TOP + a * CELL + CELL / 2 + 4);
            g.drawString(label, LEFT + a * CELL + (CELL - fm.stringWidth(label)) / 2, TOP - 6);
            for (int p = 0; p < n; p++) {
                int rgb = Colormap.rgb(share[a][p]);
                g.setColor(new Color(rgb));
                g.fillRect(LEFT + p * CELL, TOP + a * CELL, CELL - 1, CELL - 1);
                // dark text on the bright end of the scale, light text on the dark end
                g.setColor(share[a][p] > 0.6 ? Color.BLACK : Color.WHITE);
                String pct = String.format(Locale.ROOT, "%.2f", share[a][p]);
                String count = Long.toString(matrix.count(a, p));
                g.drawString(pct, LEFT + p * CELL + (CELL - fm.stringWidth(pct)) / 2, TOP + a * CELL + CELL / 2 - 2);
                g.drawString(count, LEFT + p * CELL + (CELL - fm.stringWidth(count)) / 2, TOP + a * CELL + CELL / 2 + 12);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString("rows: true class, normalised per row; cells: share and count", LEFT, TOP + n * CELL + 18);
        g.drawString(String.format(Locale.ROOT, "accuracy %.4f on %d faces", matrix.accuracy(), matrix.total()),
                LEFT, TOP + n * CELL + 34);
        g.dispose();
        return img;
    }
}
