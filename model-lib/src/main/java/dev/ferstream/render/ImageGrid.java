package dev.ferstream.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Lays out equally sized tiles in a grid with an optional title and a caption line (or lines, split on '\n')
 * under each tile, on white: the one layout used for filters, activations, ascent images, misclassified faces and
 * saliency rows.
 */
public final class ImageGrid {
    private static final int GAP = 6;
    private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private ImageGrid() {
    }

    public static BufferedImage of(String title, List<BufferedImage> tiles, List<String> captions, int columns) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("no tiles to lay out");
        }
        if (captions != null && captions.size() != tiles.size()) {
            throw new IllegalArgumentException(tiles.size() + " tiles but " + captions.size() + " captions");
        }
        int tw = tiles.get(0).getWidth();
        int th = tiles.get(0).getHeight();
        int lines = captions == null ? 0 : captions.stream().mapToInt(c -> c.split("\n", -1).length).max().orElse(0);
        int captionHeight = lines * 13 + (lines > 0 ? 2 : 0);
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        int titleHeight = title == null ? 0 : 24;
        int width = Math.max(cols * (tw + GAP) + GAP, title == null ? 0 : 8 * title.length() + 2 * GAP);
        int height = titleHeight + rows * (th + captionHeight + GAP) + GAP;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        if (title != null) {
            g.setFont(TITLE);
            g.drawString(title, GAP, 17);
        }
        g.setFont(CAPTION);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < tiles.size(); i++) {
            int x = GAP + (i % cols) * (tw + GAP);
            int y = titleHeight + GAP + (i / cols) * (th + captionHeight + GAP);
            g.drawImage(tiles.get(i), x, y, null);
            if (captions != null) {
                String[] parts = captions.get(i).split("\n", -1);
                for (int l = 0; l < parts.length; l++) {
                    String text = parts[l];
                    while (fm.stringWidth(text) > tw + GAP && text.length() > 1) {
                        text = text.substring(0, text.length() - 1);
                    }
                    g.drawString(text, x + Math.max(0, (tw - fm.stringWidth(text)) / 2), y + th + 12 + 13 * l);
                }
            }
        }
        g.dispose();
        return out;
    }
}
