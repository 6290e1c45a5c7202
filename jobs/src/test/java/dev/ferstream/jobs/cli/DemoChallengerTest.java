package dev.ferstream.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.deploy.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ferstream demo --challenger DIR [--promote-after N]} end to end (embedded broker, MiniCluster, the CLI):
 * the challenger scores every face, the summary compares both models on the faces both scored with the numbers the
 * bundles give in batch, and the gate decides while the stream runs and its decision reaches the job.
 */
class DemoChallengerTest {
    private record Run(int exit, String output, JsonNode summary) {
    }

    @Test
    void theChallengerScoresEveryFaceAndTheSummaryComparesBoth(@TempDir Path dir) throws Exception {
        Path champion = TinyModel.save(dir.resolve("tiny"));
        Path challenger = TinyModel.save(dir.resolve("tiny-b"), 23, 2304);
        int n = 300;
        Path data = TinyModel.writeCsv(dir.resolve("faces.csv"), n, 5000);

        Run run = demo(dir, "--model", champion.toString(), "--challenger", challenger.toString(),
                "--data", data.toString(), "--rate", "0", "--label-delay", "200ms", "--parallelism", "2",
                "--prometheus-port", "29510");

        assertEquals(0, run.exit(), run.output());
        List<Face> faces = FaceReader.read(data, ReadOptions.strict()).faces();
        double championAccuracy = accuracy(champion, faces);
        double challengerAccuracy = accuracy(challenger, faces);
        JsonNode c = run.summary().get("challenger");
        assertEquals(n, run.summary().get("predictions").asLong());
        assertEquals(n, c.get("shadow_predictions").asLong(), "shadow predictions = predictions");
        assertEquals(n, c.get("both_scored").asLong());
        assertEquals("tiny/v1", c.get("champion").asText());
        assertEquals("tiny-b/v2", c.get("challenger").asText());
        assertEquals(championAccuracy, c.get("champion_accuracy").asDouble(), 1e-12);
        assertEquals(challengerAccuracy, c.get("challenger_accuracy").asDouble(), 1e-12);
        assertEquals(n, c.get("predictions_by_version").get("tiny/v1").asLong());
        assertEquals("tiny/v1", c.get("served_at_end").asText());
        assertTrue(c.get("gate_decision").isNull());
        List<String> lines = run.output().lines().toList();
        assertTrue(lines.contains("published tiny/v1 as champion and tiny-b/v2 as challenger (temporary registry)"),
                run.output());
        assertTrue(lines.contains(String.format(Locale.ROOT, "  champion tiny/v1 vs challenger tiny-b/v2 on %d faces "
                + "both scored: accuracy %.4f vs %.4f; %d shadow predictions", n, championAccuracy, challengerAccuracy,
                n)), run.output());
        assertTrue(lines.contains("  gate: off (--promote-after N turns it on)"), run.output());
        assertTrue(lines.contains("  served: tiny/v1 " + n + "; the last face by tiny/v1"), run.output());
        // the live line's counts may trail the last commit when the run ends between two progress lines (seen
        // under load: 56 of 300); the summary above has the exact figures, the live line its shape
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("sent " + n + "/" + n + " faces, " + n + "/" + n
                + " labels; ") && l.matches(".*\\d+ predictions committed, .*; shadow \\d+.*")), run.output());
    }

    /**
     * The gate on two tiny models that are alike: it decides at N pairs to keep the challenger shadowing; the job,
     * whose models source never ends in this mode, is stopped with a drain once everything is read, and its totals
     * are those of a job that ended by itself.
     */
    @Test
    void theGateKeepsAChallengerThatIsNotBetterAndTheJobStillEnds(@TempDir Path dir) throws Exception {
        Path champion = TinyModel.save(dir.resolve("tiny"));
        Path challenger = TinyModel.save(dir.resolve("tiny-b"), 23, 2304);
        int n = 300;
        Path data = TinyModel.writeCsv(dir.resolve("faces.csv"), n, 6000);

        Run run = demo(dir, "--model", champion.toString(), "--challenger", challenger.toString(),
                "--promote-after", "100", "--data", data.toString(), "--rate", "0", "--label-delay", "200ms",
                "--parallelism", "1", "--prometheus-port", "29511", "-D", "checkpoint.interval=500ms");

        assertEquals(0, run.exit(), run.output());
        JsonNode s = run.summary();
        JsonNode c = s.get("challenger");
        assertEquals(n, s.get("predictions").asLong());
        assertEquals(n, s.get("matched").asLong(), "every label matched: the drain fired every window and timer");
        assertEquals(0, s.get("unmatched_truths").asLong());
        assertEquals(n, c.get("shadow_predictions").asLong());
        assertEquals("KEPT", c.get("gate_decision").asText());
        assertEquals("tiny-b/v2", c.get("gate_version").asText());
        assertTrue(c.get("gate_reason").asText().startsWith("kept shadowing: 100 paired faces: champion v1 right on "),
                c.get("gate_reason").asText());
        assertEquals("tiny/v1", c.get("served_at_end").asText());
        List<String> lines = run.output().lines().toList();
        assertTrue(lines.contains("promotion gate: decides after 100 faces both scored (margin 0.0, alpha 0.05)"),
                run.output());
        assertTrue(lines.contains("every face and label read: stopping the job with a savepoint (drain: every window "
                + "fires) ..."), run.output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  gate: KEPT tiny-b/v2 (kept shadowing: 100 paired")),
                run.output());
    }

    /**
     * The shipped hw3-dnn (test accuracy 0.44) as champion against hw3-cnn (0.62) on 600 real test faces: at 300 faces
     * both scored the gate promotes hw3-cnn, the decision comes back through the models topic, and the last faces are
     * served by it. With one partition and one subtask faces are classified in order, so the faces hw3-dnn served are
     * exactly the first ones, every one of them was shadowed, and both accuracies are the bundles' own on those faces.
     */
    @Test
    void theGatePromotesAClearlyBetterChallengerWhileTheStreamRuns(@TempDir Path dir) throws Exception {
        Path data = fer2013Test();
        assumeTrue(data != null, "FER2013 test set not found");
        Path models = RepoRoot.find().resolve("models");
        int n = 600;

        Run run = demo(dir, "--model", models.resolve("hw3-dnn").toString(),
                "--challenger", models.resolve("hw3-cnn").toString(), "--promote-after", "300",
                "--data", data.toString(), "--limit", Integer.toString(n), "--rate", "40", "--label-delay", "200ms",
                "--parallelism", "1", "--prometheus-port", "29512", "-D", "checkpoint.interval=500ms");

        assertEquals(0, run.exit(), run.output());
        JsonNode s = run.summary();
        JsonNode c = s.get("challenger");
        assertEquals(n, s.get("predictions").asLong());
        assertEquals("PROMOTED", c.get("gate_decision").asText(), run.output());
        assertEquals("hw3-cnn/v2", c.get("gate_version").asText());
        assertEquals("hw3-cnn/v2", c.get("served_at_end").asText(), "the last face is served by the promoted model");
        long byDnn = c.get("predictions_by_version").get("hw3-dnn/v1").asLong();
        long byCnn = c.get("predictions_by_version").get("hw3-cnn/v2").asLong();
        assertEquals(n, byDnn + byCnn);
        assertTrue(byDnn >= 300 && byCnn > 0, "hw3-dnn " + byDnn + ", hw3-cnn " + byCnn);
        assertEquals(byDnn, c.get("shadow_predictions").asLong(), "every face hw3-dnn served was shadowed, no other");
        assertEquals(byDnn, c.get("both_scored").asLong());

        DataSelection selection = new DataSelection(); // as the demo reads them: test.csv.gz with test_labels.csv
        selection.data = data;
        selection.limit = (int) byDnn;
        List<Face> first = selection.read();
        double dnn = accuracy(models.resolve("hw3-dnn"), first);
        double cnn = accuracy(models.resolve("hw3-cnn"), first);
        assertEquals(dnn, c.get("champion_accuracy").asDouble(), 1e-12);
        assertEquals(cnn, c.get("challenger_accuracy").asDouble(), 1e-12);
        assertTrue(cnn > dnn + 0.1, "hw3-cnn " + cnn + " vs hw3-dnn " + dnn);
        assertTrue(c.get("gate_reason").asText().startsWith("promoted: 300 paired faces: champion v1 right on "),
                c.get("gate_reason").asText());
    }

    private static double accuracy(Path bundle, List<Face> faces) {
        int[] predicted = TinyModel.predict(bundle, faces.stream().map(Face::pixels).toList());
        long correct = 0;
        for (int i = 0; i < faces.size(); i++) {
            correct += predicted[i] == faces.get(i).label() ? 1 : 0;
        }
        return correct / (double) faces.size();
    }

    private static Path fer2013Test() {
        for (Path d : List.of(Path.of("..", "..", "shared", "data", "fer2013"), Path.of("..", "data", "fer2013"))) {
            if (Files.isRegularFile(d.resolve("test.csv.gz"))) {
                return d.resolve("test.csv.gz");
            }
        }
        return null;
    }

    /** {@code ferstream demo ARGS --no-live --web-port 0 --json-summary FILE}, its standard output kept. */
    private static Run demo(Path dir, String... args) throws Exception {
        Path json = dir.resolve("summary.json");
        List<String> all = new ArrayList<>(List.of("demo", "--no-live", "--web-port", "0", "--json-summary",
                json.toString()));
        all.addAll(List.of(args));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = JobsCli.commandLine().execute(all.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        stdout.print(output);
        assertFalse(exit == 0 && !Files.exists(json), "no summary written:\n" + output);
        return new Run(exit, output, exit == 0 ? new ObjectMapper().readTree(json.toFile()) : null);
    }
}
