package dev.ferstream.jobs.retrain;

import dev.ferstream.data.CameraShift;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;
import dev.ferstream.model.bundle.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The candidate's BatchNorm statistics come from feedback and original faces at the feedback's share, and only the
 * statistics change: the same bundle classifies faces the camera never touched as before when the "feedback" is
 * original faces too.
 */
class BatchNormForBothTest {
    @TempDir
    Path dir;

    private static Path models() {
        Path here = Path.of("models");
        return Files.isDirectory(here) ? here : Path.of("..", "models");
    }

    private Path copyOf(String model) throws IOException {
        Path out = dir.resolve(model);
        Files.createDirectories(out);
        for (String f : List.of(ModelBundle.WEIGHTS, ModelBundle.METADATA)) {
            Files.copy(models().resolve(model).resolve(f), out.resolve(f));
        }
        return out;
    }

    @Test
    void statisticsComeFromBothSourcesAtTheFeedbacksShare() throws IOException {
        List<Face> faces = FaceReader.read(generated(), ReadOptions.strict()).faces();
        List<Face> original = faces.subList(0, 60);
        List<Face> feedback = CameraShift.NIGHT.apply(faces.subList(60, 80));
        Path candidate = copyOf("fer-cnn");
        byte[] before = Files.readAllBytes(candidate.resolve(ModelBundle.WEIGHTS));

        assertArrayEquals(new int[]{10, 20}, BatchNormForBoth.apply(candidate, feedback, original, 1.0 / 3, 30, 42));
        assertNotEquals(java.util.Arrays.hashCode(before),
                java.util.Arrays.hashCode(Files.readAllBytes(candidate.resolve(ModelBundle.WEIGHTS))), "statistics rewritten");
        assertArrayEquals(new int[]{20, 60}, BatchNormForBoth.apply(candidate, feedback, original, 0.5, 100, 42),
                "capped by what each source has");
        assertEquals(ModelBundle.readMetadata(models().resolve("fer-cnn")), ModelBundle.readMetadata(candidate),
                "model.json unchanged");
    }

    /** 80 labelled random faces as a label,feature CSV. */
    private Path generated() throws IOException {
        java.util.Random random = new java.util.Random(3);
        StringBuilder csv = new StringBuilder("label,feature\n");
        for (int i = 0; i < 80; i++) {
            csv.append(i % 7).append(',');
            for (int p = 0; p < 2304; p++) {
                csv.append(p > 0 ? " " : "").append(random.nextInt(256));
            }
            csv.append('\n');
        }
        return Files.writeString(dir.resolve("faces.csv"), csv);
    }
}
