package dev.ferstream.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Rows of the homework CSVs ({@code label,feature} / {@code id,feature}) and Kaggle's {@code emotion,pixels,Usage}. */
final class CsvFaceReader {
    private CsvFaceReader() {
    }

    static FaceData read(Path source, DataLayout layout, BufferedReader reader, ReadOptions options) throws IOException {
        List<Face> faces = new ArrayList<>();
        List<BadRow> skipped = new ArrayList<>();
        long lineNumber = 1;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                Face face = parse(line, layout, lineNumber, options.usage());
                if (face != null) {
                    faces.add(face);
                }
            } catch (IllegalArgumentException e) {
                if (!options.skipBad()) {
                    throw new DataFormatException(source, lineNumber, e.getMessage()
                            + " (use --skip-bad to skip such rows)");
                }
                skipped.add(new BadRow(lineNumber, e.getMessage()));
            }
        }
        return new FaceData(source, layout, faces, skipped);
    }

    /** One row; null when filtered out by the usage filter. */
    private static Face parse(String line, DataLayout layout, long lineNumber, String usage) {
        int firstComma = line.indexOf(',');
        if (firstComma < 0) {
            throw new IllegalArgumentException("expected 2 or 3 comma-separated fields, found 1");
        }
        String first = unquote(line.substring(0, firstComma));
        int pixelsEnd = line.length();
        if (layout == DataLayout.KAGGLE) {
            int lastComma = line.lastIndexOf(',');
            if (lastComma == firstComma) {
                throw new IllegalArgumentException("expected 3 fields (emotion,pixels,Usage), found 2");
            }
            String rowUsage = unquote(line.substring(lastComma + 1));
            if (usage != null && !usage.equalsIgnoreCase(rowUsage)) {
                return null;
            }
            pixelsEnd = lastComma;
        }
        int pixelsStart = firstComma + 1;
        if (pixelsStart < pixelsEnd && line.charAt(pixelsStart) == '"') {
            pixelsStart++;
        }
        if (pixelsEnd > pixelsStart && line.charAt(pixelsEnd - 1) == '"') {
            pixelsEnd--;
        }
        byte[] pixels = PixelParser.parse(line, pixelsStart, pixelsEnd);
        if (layout == DataLayout.HW3_IDS) {
            if (first.isEmpty()) {
                throw new IllegalArgumentException("empty id");
            }
            return new Face(first, pixels, Face.UNLABELLED, lineNumber);
        }
        return new Face(Long.toString(lineNumber - 2), pixels, parseLabel(first), lineNumber);
    }

    static int parseLabel(String text) {
        int label;
        try {
            label = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("label is not a number: '" + PrintableText.excerpt(text, 20) + "'");
        }
        if (label < 0 || label > 6) {
            throw new IllegalArgumentException("label " + label + " is outside 0..6");
        }
        return label;
    }

    private static String unquote(String text) {
        String t = text.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
