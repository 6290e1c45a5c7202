package dev.ferstream.data;

import dev.ferstream.model.arch.Architecture;

import java.util.List;

/**
 * The one definition of how pixels become network input: value / 255, row-major, 2,304 floats per face.
 * Recorded in every bundle's metadata so the stream job scales exactly as training did.
 */
public final class InputScaling {
    public static final String DESCRIPTION = "pixel/255 (0..1), row-major 48x48, 1 channel";

    private InputScaling() {
    }

    public static void write(byte[] pixels, float[] out, int offset) {
        for (int i = 0; i < Architecture.PIXELS; i++) {
            out[offset + i] = (pixels[i] & 0xFF) / 255f;
        }
    }

    /** Mirrors a face left-right while scaling (test-time augmentation). */
    public static void writeMirrored(byte[] pixels, float[] out, int offset) {
        writeShifted(pixels, 0, 0, true, out, offset);
    }

    /**
     * Writes a face mirrored left-right (optionally), then moved {@code dx} pixels right and {@code dy} down, while
     * scaling; pixels moved in from outside repeat the nearest edge pixel.
     */
    public static void writeShifted(byte[] pixels, int dx, int dy, boolean mirror, float[] out, int offset) {
        int side = Architecture.SIDE;
        for (int y = 0; y < side; y++) {
            int sy = Math.max(0, Math.min(side - 1, y - dy));
            for (int x = 0; x < side; x++) {
                int shiftedX = Math.max(0, Math.min(side - 1, x - dx));
                int sx = mirror ? side - 1 - shiftedX : shiftedX;
                out[offset + y * side + x] = (pixels[sy * side + sx] & 0xFF) / 255f;
            }
        }
    }

    /** A batch of faces as one flat float array, [n * 2304]. */
    public static float[] batch(List<byte[]> faces) {
        float[] out = new float[faces.size() * Architecture.PIXELS];
        for (int i = 0; i < faces.size(); i++) {
            write(faces.get(i), out, i * Architecture.PIXELS);
        }
        return out;
    }
}
