package dev.ferstream.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.avro.FeedbackFiles;
import dev.ferstream.avro.FeedbackRecord;
import org.apache.avro.file.DataFileWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import static dev.ferstream.training.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferstream evaluate --model models/hw3-cnn --data <feedback store>}: the store's faces with their true labels
 * score exactly as the same faces in a HW3 CSV; --since/--until select by truth time; a truncated part file is one
 * line naming it.
 */
class FeedbackDataTest {
    static final Path HW3_CNN = Path.of("..", "models", "hw3-cnn");
    /** 42 faces, truths one minute apart from 2026-12-03T17:40Z: 20 in hour 17, 22 in hour 18. */
    static final int N = 42;
    static final long T0 = Instant.parse("2026-12-03T17:40:00Z").toEpochMilli();

    @TempDir
    static Path dir;
    static Path store;
    static Path csv;

    @BeforeAll
    static void writeStoreAndCsv() throws Exception {
        Random random = new Random(7);
        store = dir.resolve("feedback");
        StringBuilder text = new StringBuilder("label,feature\n");
        DataFileWriter<FeedbackRecord> writer = null;
        String open = null;
        for (int i = 0; i < N; i++) {
            byte[] pixels = new byte[2304];
            random.nextBytes(pixels);
            int label = i % 7;
            long truth = T0 + i * 60_000L;
            String bucket = FeedbackFiles.bucket(truth);
            if (!bucket.equals(open)) {
                if (writer != null) {
                    writer.close();
                }
                Path folder = Files.createDirectories(store.resolve(bucket));
                OutputStream out = Files.newOutputStream(folder.resolve("part-0-" + i + ".avro"));
                writer = FeedbackFiles.create(out);
                open = bucket;
            }
            writer.append(FeedbackRecord.newBuilder().setId("f" + i).setPixels(ByteBuffer.wrap(pixels))
                    .setTrueLabel(label).setPredictedLabel(0).setProbabilities(List.of(1f, 0f, 0f, 0f, 0f, 0f, 0f))
                    .setModelName("hw3-cnn").setModelVersion("hw3-cnn/v1").setFaceTime(Instant.ofEpochMilli(truth - 5000))
                    .setTruthTime(Instant.ofEpochMilli(truth)).build());
            text.append(label).append(',').append(pixelText(pixels)).append('\n');
        }
        writer.close();
        csv = Files.writeString(dir.resolve("same-faces.csv"), text.toString());
    }

    @Test
    void evaluateOnAFeedbackStoreEqualsTheSameFacesAsCsv() throws Exception {
        CliTest.Result fromStore = run("evaluate", "--model", HW3_CNN.toString(), "--data", store.toString(), "--json");
        assertEquals(0, fromStore.code(), fromStore.err());
        CliTest.Result fromCsv = run("evaluate", "--model", HW3_CNN.toString(), "--data", csv.toString(), "--json");
        assertEquals(0, fromCsv.code(), fromCsv.err());
        JsonNode a = new ObjectMapper().readTree(fromStore.out());
        JsonNode b = new ObjectMapper().readTree(fromCsv.out());
        assertEquals(N, a.get("n").asLong());
        assertEquals(b.get("accuracy").asDouble(), a.get("accuracy").asDouble(), 0.0);
        assertEquals(b.get("confusion"), a.get("confusion"));
    }

    @Test
    void sinceAndUntilSelectByTruthTime() throws Exception {
        CliTest.Result hour18 = run("evaluate", "--model", HW3_CNN.toString(), "--data", store.toString(), "--json",
                "--since", "2026-12-03T18:00:00Z");
        assertEquals(0, hour18.code(), hour18.err());
        assertEquals(22, new ObjectMapper().readTree(hour18.out()).get("n").asLong());
        CliTest.Result tenMinutes = run("evaluate", "--model", HW3_CNN.toString(), "--data", store.toString(), "--json",
                "--since", "2026-12-03T17:55:00Z", "--until", "2026-12-03T18:05:00Z");
        assertEquals(0, tenMinutes.code(), tenMinutes.err());
        assertEquals(10, new ObjectMapper().readTree(tenMinutes.out()).get("n").asLong());
        CliTest.Result bad = run("evaluate", "--model", HW3_CNN.toString(), "--data", store.toString(), "--since", "soon");
        assertEquals(2, bad.code());
        assertEquals("ferstream evaluate: error: --since 'soon' is neither an ISO-8601 instant (e.g. 2026-12-03T17:00:00Z)"
                + " nor a date (e.g. 2026-12-03)", bad.err().strip());
    }

    @Test
    void aTruncatedPartFileIsOneLineNamingIt() throws Exception {
        Path copy = dir.resolve("truncated");
        Path part = null;
        for (Path f : Files.walk(store).filter(Files::isRegularFile).sorted().toList()) {
            Path target = copy.resolve(store.relativize(f));
            Files.createDirectories(target.getParent());
            Files.copy(f, target);
            part = part == null ? target : part;
        }
        byte[] whole = Files.readAllBytes(part);
        Files.write(part, Arrays.copyOf(whole, whole.length / 2));
        CliTest.Result r = run("evaluate", "--model", HW3_CNN.toString(), "--data", copy.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("ferstream evaluate: error: " + part + ": truncated or corrupt after "), r.err());
    }

    private static String pixelText(byte[] pixels) {
        StringJoiner j = new StringJoiner(" ");
        for (byte b : pixels) {
            j.add(Integer.toString(b & 0xFF));
        }
        return j.toString();
    }
}
