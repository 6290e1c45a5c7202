package dev.ferstream.data;

import dev.ferstream.model.arch.Architecture;

/**
 * Parses the space-separated pixel field without splitting strings: 2,304 numbers per row, 28,709 rows, so
 * avoiding per-number allocation makes reading the training set take about a second instead of several.
 */
final class PixelParser {
    private PixelParser() {
    }

    /**
     * @return the pixels
     * @throws IllegalArgumentException with a message naming what is wrong (count, range, non-numeric text)
     */
    static byte[] parse(CharSequence text, int start, int end) {
        byte[] out = new byte[Architecture.PIXELS];
        int count = 0;
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int value = 0;
            int digits = 0;
            int tokenStart = i;
            while (i < end && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                char d = text.charAt(i);
                if (d < '0' || d > '9') {
                    int tokenEnd = i;
                    while (tokenEnd < end && text.charAt(tokenEnd) != ' ') {
                        tokenEnd++;
                    }
                    throw new IllegalArgumentException("pixel " + (count + 1) + " is not a number: '"
                            + text.subSequence(tokenStart, Math.min(tokenEnd, tokenStart + 20)) + "'");
                }
                if (digits < 6) {
                    value = value * 10 + (d - '0');
                }
                digits++;
                i++;
            }
            if (value > 255 || digits > 3) {
                throw new IllegalArgumentException("pixel " + (count + 1) + " is "
                        + text.subSequence(tokenStart, i) + ", outside 0..255");
            }
            if (count < out.length) {
                out[count] = (byte) value;
            }
            count++;
        }
        if (count != Architecture.PIXELS) {
            throw new IllegalArgumentException("pixel count is " + count + ", expected " + Architecture.PIXELS);
        }
        return out;
    }
}
