package dev.ferstream.data;

import dev.ferstream.model.arch.Architecture;

/**
 * One 48x48 grey face as read from a file: raw pixels (row-major, top-left first, 0..255 as unsigned bytes),
 * its label when known, and where it came from so errors and reports can point at it.
 *
 * @param id     the row's id ("id" column, or the row number / file name when the layout has none)
 * @param pixels 2,304 bytes; treat as read-only (shared, not copied, for speed)
 * @param label  0..6, or {@link #UNLABELLED}
 * @param line   1-based line in the source file (0 for image files)
 */
public record Face(String id, byte[] pixels, int label, long line) {
    public static final int UNLABELLED = -1;

    public Face {
        if (pixels.length != Architecture.PIXELS) {
            throw new IllegalArgumentException("a face has " + Architecture.PIXELS + " pixels, got " + pixels.length);
        }
        if (label < UNLABELLED || label > 6) {
            throw new IllegalArgumentException("label must be 0..6, got " + label);
        }
    }

    public boolean labelled() {
        return label != UNLABELLED;
    }

    public Face withLabel(int newLabel) {
        return new Face(id, pixels, newLabel, line);
    }

    /** Pixel value 0..255 at row-major index i. */
    public int pixel(int i) {
        return pixels[i] & 0xFF;
    }
}
