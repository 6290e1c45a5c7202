package dev.ferstream.jobs.retrain;

import dev.ferstream.data.Face;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes labelled faces in the homework's {@code label,feature} CSV, the simplest layout every reader takes. Why files
 * at all: the fine-tune runs through the training module's {@code Trainer}, which reads its sources from paths, and
 * the files in the work folder show afterwards exactly which faces trained and which judged.
 */
final class FaceCsv {
    private FaceCsv() {
    }

    static Path write(Path file, List<Face> faces) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write("label,feature\n");
            StringBuilder line = new StringBuilder(2304 * 4);
            for (Face face : faces) {
                line.setLength(0);
                line.append(face.label()).append(',');
                for (int i = 0; i < face.pixels().length; i++) {
                    line.append(i == 0 ? "" : " ").append(face.pixel(i));
                }
                out.write(line.append('\n').toString());
            }
        }
        return file;
    }
}
