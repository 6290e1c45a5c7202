package dev.ferstream.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads an {@code id,label} truth file such as {@code test_labels.csv}. */
public final class LabelFile {
    private LabelFile() {
    }

    public static Map<String, Integer> read(Path file) {
        try (BufferedReader reader = FaceReader.open(file)) {
            String header = reader.readLine();
            if (header == null || !header.replace("\"", "").trim().equalsIgnoreCase("id,label")) {
                throw new DataFormatException(file, 1, "expected header 'id,label', found '"
                        + PrintableText.excerpt(header, FaceReader.HEADER_EXCERPT) + "'");
            }
            Map<String, Integer> labels = new HashMap<>();
            String line;
            long lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",");
                if (fields.length != 2) {
                    throw new DataFormatException(file, lineNumber, "expected 2 fields id,label, found " + fields.length);
                }
                try {
                    labels.put(fields[0].trim(), CsvFaceReader.parseLabel(fields[1]));
                } catch (IllegalArgumentException e) {
                    throw new DataFormatException(file, lineNumber, e.getMessage());
                }
            }
            return labels;
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read: " + e.getMessage());
        }
    }
}
