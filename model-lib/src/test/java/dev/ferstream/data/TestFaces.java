package dev.ferstream.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.StringJoiner;
import java.util.zip.GZIPOutputStream;

/** Generates small, seeded FER-like files for tests. */
public final class TestFaces {
    private TestFaces() {
    }

    public static byte[] pixels(long seed) {
        byte[] p = new byte[2304];
        new Random(seed).nextBytes(p);
        return p;
    }

    public static String pixelText(byte[] pixels) {
        StringJoiner j = new StringJoiner(" ");
        for (byte b : pixels) {
            j.add(Integer.toString(b & 0xFF));
        }
        return j.toString();
    }

    /** A label,feature CSV with n rows, labels i % 7. */
    public static Path hw3Csv(Path dir, String name, int n, boolean gzip) throws IOException {
        StringBuilder out = new StringBuilder("label,feature\n");
        for (int i = 0; i < n; i++) {
            out.append(i % 7).append(',').append(pixelText(pixels(i))).append('\n');
        }
        return write(dir.resolve(name), out.toString(), gzip);
    }

    public static Path write(Path file, String text, boolean gzip) throws IOException {
        if (gzip) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(text.getBytes(StandardCharsets.US_ASCII));
            }
        } else {
            Files.writeString(file, text);
        }
        return file;
    }
}
