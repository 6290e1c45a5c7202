package dev.ferstream.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.data.CameraShift;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --camera} on evaluate and compare scores exactly the faces a file of already-shifted pixels holds (the pixels
 * replay would send), and says so in its output. Uses the first 60 faces of FER2013's test set (skipped where absent).
 */
class CameraOptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void evaluateWithCameraEqualsEvaluateOnShiftedPixels(@TempDir Path dir) throws Exception {
        Path[] files = plainAndShifted(dir);
        CliTest.Result onCamera = CliTest.run("evaluate", "--model", CompareCommandTest.HW3_CNN.toString(),
                "--data", files[0].toString(), "--camera", "night", "--json");
        CliTest.Result onFile = CliTest.run("evaluate", "--model", CompareCommandTest.HW3_CNN.toString(),
                "--data", files[1].toString(), "--json");
        assertEquals(0, onCamera.code(), onCamera.err());
        assertEquals(0, onFile.code(), onFile.err());
        JsonNode camera = JSON.readTree(onCamera.out());
        JsonNode file = JSON.readTree(onFile.out());
        assertEquals(60, camera.get("n").asInt());
        assertEquals(file.get("confusion"), camera.get("confusion"));
        assertEquals(file.get("accuracy").asDouble(), camera.get("accuracy").asDouble());
        assertEquals(files[0] + " (camera night)", camera.get("data").asText());
    }

    @Test
    void compareWithCameraEqualsCompareOnShiftedPixels(@TempDir Path dir) throws Exception {
        Path[] files = plainAndShifted(dir);
        String[] models = {"--model", CompareCommandTest.HW3_CNN.toString(), "--model", CompareCommandTest.FER_CNN.toString()};
        CliTest.Result onCamera = CliTest.run(concat(models, "--data", files[0].toString(), "--camera", "night",
                "--json", dir.resolve("camera.json").toString()));
        CliTest.Result onFile = CliTest.run(concat(models, "--data", files[1].toString(),
                "--json", dir.resolve("file.json").toString()));
        assertEquals(onFile.code(), onCamera.code(), onCamera.err());
        JsonNode camera = JSON.readTree(dir.resolve("camera.json").toFile());
        JsonNode file = JSON.readTree(dir.resolve("file.json").toFile());
        assertEquals(file.get("table"), camera.get("table"));
        assertEquals(60, camera.get("faces").asInt());
        assertTrue(onCamera.out().contains("(camera night)"), onCamera.out());
    }

    @Test
    void anUnknownCameraIsOneLineListingTheKnownOnes() {
        CliTest.Result r = CliTest.run("evaluate", "--model", CompareCommandTest.HW3_CNN.toString(), "--camera", "fisheye");
        assertEquals(2, r.code());
        assertTrue(r.err().lines().findFirst().orElse("").contains("unknown camera 'fisheye'; known: night, dusk"), r.err());
    }

    /** The first 60 test faces as a label,feature file, and the same faces through {@link CameraShift#NIGHT}. */
    private static Path[] plainAndShifted(Path dir) throws IOException {
        Path test = CompareCommandTest.testCsv();
        assumeTrue(test != null, "FER2013 test set not found");
        Path labels = test.resolveSibling("test_labels.csv");
        List<Face> faces = FaceReader.read(test, new ReadOptions(false, null))
                .withLabels(dev.ferstream.data.LabelFile.read(labels), labels).faces().subList(0, 60);
        Path plain = write(dir.resolve("plain.csv"), faces);
        // ids of a label,feature file are its row numbers: shift by the ids the reader gives the plain file
        List<Face> reread = FaceReader.read(plain, new ReadOptions(false, null)).faces();
        return new Path[]{plain, write(dir.resolve("night.csv"), CameraShift.NIGHT.apply(reread))};
    }

    private static Path write(Path file, List<Face> faces) throws IOException {
        StringBuilder csv = new StringBuilder("label,feature\n");
        for (Face face : faces) {
            StringJoiner pixels = new StringJoiner(" ");
            for (int i = 0; i < 2304; i++) {
                pixels.add(Integer.toString(face.pixel(i)));
            }
            csv.append(face.label()).append(',').append(pixels).append('\n');
        }
        return Files.writeString(file, csv);
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length + 1);
        all[0] = "compare";
        System.arraycopy(head, 0, all, 1, head.length);
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        return all;
    }
}
