package dev.ferstream.jobs.functions;

import dev.ferstream.avro.SaliencyReason;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.config.SaliencySettings;
import dev.ferstream.jobs.events.ExplainRequest;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.ModelLoaderTest;
import dev.ferstream.jobs.lifecycle.StartModel;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Maps are best effort: a request that waited past saliency.max-lag is shed, and the subtask runs at saliency.nice. */
class SaliencyOperatorTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void saveModel() {
        model = TinyModel.save(dir.resolve("tiny"));
    }

    private static TwoInputStreamOperatorTestHarness<ExplainRequest, ModelChange, SaliencyEvent> harness(int nice)
            throws Exception {
        SaliencySettings settings = new SaliencySettings(1.0, 0.0, "gradient", nice, Duration.ofSeconds(5));
        return new TwoInputStreamOperatorTestHarness<>(new SaliencyOperator(
                new ModelSettings(model.toString(), TestTimeAugmentation.NONE, 1), settings.factory(), settings,
                ModelAssignment.of(StartModel.fromPath(model.toString()))));
    }

    private static ExplainRequest request(String id, long classifiedAt) {
        return new ExplainRequest(id, 1_000, 3, 0.9f, TinyModel.face(id.length()), "v1", SaliencyReason.SAMPLED,
                classifiedAt);
    }

    @Test
    void explainsRequestsWithinTheLagAndShedsTheRest() throws Exception {
        try (var h = harness(0)) {
            h.open();
            h.setProcessingTime(100_000);
            h.processElement1(request("waited-5s", 95_000), 1_000);
            h.processElement1(request("waited-5.001s", 94_999), 1_001);
            h.processElement1(request("fresh", 100_000), 1_002);
            List<SaliencyEvent> maps = h.extractOutputValues();
            assertEquals(List.of("waited-5s", "fresh"), maps.stream().map(SaliencyEvent::id).toList());
            assertEquals(2304, maps.get(0).map().length);
            LongCounter shed = (LongCounter) h.getOperator().getRuntimeContext()
                    .<Long, Long>getAccumulator(SaliencyOperator.SHED);
            assertEquals(1L, shed.getLocalValue(), "one request shed, counted in the accumulator the demo reads");
        }
    }

    @Test
    void theSubtaskThreadRunsAtSaliencyNice() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) || Files.isExecutable(Path.of("/bin/renice")));
        // a thread of its own: open() lowers the calling thread, which must not be the test runner's
        int nice = CompletableFuture.supplyAsync(() -> {
            try (var h = harness(7)) {
                h.open();
                return ModelLoaderTest.niceOfThisThread();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> new Thread(r, "saliency-test").start()).join();
        assertEquals(7, nice);
    }
}
