package dev.ferstream.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.avro.ImageEncoding;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.demo.ReplayPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** `ferstream demo` end to end on a tiny model and 40 faces: the JSON summary's contract and its numbers. */
class DemoCommandTest {
    @Test
    void summaryCountsEveryFaceOnceAndAccuracyIsOverMatchedPairs(@TempDir Path dir) throws Exception {
        Path model = TinyModel.save(dir.resolve("tiny"));
        int n = 40;
        Path data = TinyModel.writeCsv(dir.resolve("faces.csv"), n, 1000);
        Path json = dir.resolve("summary.json");

        int exit = JobsCli.commandLine().execute("demo", "--model", model.toString(), "--data", data.toString(),
                "--rate", "0", "--label-delay", "200ms", "--late-fraction", "0.25", "--malformed", "2", "--no-live",
                "--prometheus-port", "9262", "--json-summary", json.toString(),
                "--parallelism", "1", "-D", "saliency.rate=1",
                "-D", "truth.max-delay=1s", "-D", "truth.late-retention=1s");
        assertEquals(0, exit);

        List<Face> faces = FaceReader.read(data, ReadOptions.strict()).faces();
        ReplayPlan plan = ReplayPlan.of(faces, new ReplayPlan.Options("f", "l", 0, Duration.ofMillis(200), 0.25,
                Duration.ofSeconds(4), ImageEncoding.GRAY8_48X48, 1, 2), Instant.EPOCH);
        Set<String> lateIds = plan.sends().stream().filter(s -> s.kind() == ReplayPlan.Kind.LATE_LABEL)
                .map(ReplayPlan.Send::key).collect(Collectors.toSet());
        org.junit.jupiter.api.Assertions.assertTrue(lateIds.size() >= 3 && lateIds.size() <= 20, "late ids: " + lateIds);
        int[] predicted = TinyModel.predict(model, faces.stream().map(Face::pixels).toList());
        long matched = 0;
        long correct = 0;
        for (int i = 0; i < n; i++) {
            if (!lateIds.contains(faces.get(i).id())) {
                matched++;
                correct += predicted[i] == faces.get(i).label() ? 1 : 0;
            }
        }

        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertEquals(n, s.get("images").asLong());
        assertEquals(n, s.get("predictions").asLong());
        assertEquals(lateIds.size(), s.get("late").asLong());
        assertEquals(matched, s.get("matched").asLong());
        assertEquals(4, s.get("dead_letters").asLong(), "2 malformed faces + 2 malformed labels");
        assertEquals(correct / (double) matched, s.get("accuracy").asDouble(), 1e-12);
        assertEquals(0, s.get("unmatched_truths").asLong());
        assertEquals(n, s.get("saliency_maps").asLong(), "saliency.rate=1: a map for every face");
        assertEquals(0, s.get("saliency_shed").asLong(), "none waited past saliency.max-lag (30 s)");
    }

    @Test
    void theReplayWaitsForEveryClassifierSubtask() {
        String one = "flink_taskmanager_job_task_operator_inference_latency_ms{quantile=\"0.5\",subtask_index=\"0\",} 3.0\n"
                + "flink_taskmanager_job_task_operator_inference_latency_ms{quantile=\"0.99\",subtask_index=\"0\",} 9.0\n"
                + "flink_taskmanager_job_task_operator_numRecordsIn{subtask_index=\"1\",} 0.0\n";
        assertEquals(1, ModelReadiness.classifierSubtasks(one));
        String two = one + "flink_taskmanager_job_task_operator_inference_latency_ms_count{subtask_index=\"1\",} 0.0\n";
        assertEquals(2, ModelReadiness.classifierSubtasks(two));
        assertEquals(0, ModelReadiness.classifierSubtasks("# no metrics yet\n"));
    }
}
