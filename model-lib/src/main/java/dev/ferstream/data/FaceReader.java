package dev.ferstream.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads faces from any supported layout: the format is detected from the CSV header, from Avro's magic bytes (the
 * feedback store's files), or from the folder's contents ({@code dt=*} sub-folders: a feedback store; else emotion
 * folders), and {@code .gz} files are decompressed transparently.
 */
public final class FaceReader {
    /** Characters of an unknown header quoted in the error: a binary file's first "line" can be megabytes. */
    static final int HEADER_EXCERPT = 60;

    private FaceReader() {
    }

    public static FaceData read(Path source, ReadOptions options) {
        if (!Files.exists(source)) {
            throw new DataFormatException(source, 0, "no such file or folder");
        }
        if (Files.isDirectory(source)) {
            return FeedbackReader.isStore(source) ? FeedbackReader.read(source, options)
                    : ImageFolderReader.read(source, options);
        }
        if (FeedbackReader.isAvroFile(source)) {
            return FeedbackReader.read(source, options);
        }
        try (BufferedReader reader = open(source)) {
            String header = reader.readLine();
            if (header == null) {
                throw new DataFormatException(source, 1, "file is empty (expected a CSV header)");
            }
            DataLayout layout = detect(source, header);
            return CsvFaceReader.read(source, layout, reader, options);
        } catch (IOException e) {
            throw new DataFormatException(source, 0, "cannot read: " + e.getMessage());
        }
    }

    static DataLayout detect(Path source, String header) {
        String normalized = header.replace("\"", "").replace("\uFEFF", "").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (normalized) {
            case "label,feature" -> DataLayout.HW3_LABELLED;
            case "id,feature" -> DataLayout.HW3_IDS;
            case "emotion,pixels,usage" -> DataLayout.KAGGLE;
            default -> throw new DataFormatException(source, 1, "unknown header '"
                    + PrintableText.excerpt(header, HEADER_EXCERPT) + "'; expected 'label,feature', 'id,feature' or 'emotion,pixels,Usage'");
        };
    }

    /** Opens a text file, gunzipping when the name ends in .gz. */
    static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
    }

    static UncheckedIOException unchecked(Path file, IOException e) {
        return new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
}
