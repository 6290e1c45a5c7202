package dev.ferstream.jobs;

import dev.ferstream.avro.DeadLetterReason;
import dev.ferstream.jobs.config.BatchingSettings;
import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.config.SaliencySettings;
import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.events.TruthEvent;
import dev.ferstream.jobs.events.TruthInput;
import dev.ferstream.jobs.kafka.FaceDeserializer;
import dev.ferstream.jobs.kafka.TruthDeserializer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole topology on a MiniCluster with in-memory sources and collecting sinks, in the manner of
 * apache/flink-training: faces, their labels (every fifth one late), one malformed face and one malformed label in;
 * predictions, saliency maps, dead letters, late labels and confusion windows out. Deterministic: seeded faces from
 * {@link TinyModel}, fixed event times, each source emitting in event-time order, bounded inputs whose final
 * watermark fires every timer and window. The Kafka variant is {@link FerstreamJobKafkaTest}.
 */
class FerstreamJobTest {
    private static final int FACES = 40;
    private static final long SEED = 500;
    private static final long T0 = 1_800_000_000_000L; // event time of face 0
    private static final long EVERY_MS = 100;          // faces arrive 100 ms apart in event time
    private static final long ON_TIME_MS = 200;        // labels normally follow their face by 200 ms
    private static final long LATE_MS = 5_000;         // and every fifth by 5 s, beyond truth.max-delay (2 s)

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void facesAndLateLabelsBecomePredictionsDeadLettersAndConfusionWindows(@TempDir Path dir) throws Exception {
        Path model = TinyModel.save(dir.resolve("tiny"));
        JobConfig config = JobConfig.DEFAULTS.withModel(JobConfig.DEFAULTS.model().withPath(model.toString()))
                .withParallelism(2)
                .withBatching(new BatchingSettings(8, Duration.ofMillis(20)))
                .withSaliency(new SaliencySettings(1.0, 0.0, "gradient"))
                .withEventTime(new EventTimeSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2),
                        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5)));
        JobSinks sinks = new JobSinks(new CollectingSink<>(), new CollectingSink<>(), new CollectingSink<>(),
                new CollectingSink<>(), new CollectingSink<>());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FerstreamJob.configure(env, config);
        new FerstreamJob(config, new JobSources(faceSource(), labelSource()), sinks).build(env);
        env.execute("ferstream in memory");

        int[] expected = TinyModel.predict(model, IntStream.range(0, FACES).mapToObj(i -> TinyModel.face(SEED + i)).toList());
        Map<String, Integer> predicted = collected(sinks.predictions()).stream()
                .collect(Collectors.toMap(PredictionEvent::id, PredictionEvent::label));
        assertEquals(FACES, predicted.size(), "one prediction per valid face");
        IntStream.range(0, FACES).forEach(i -> assertEquals(expected[i], predicted.get(id(i)), id(i)));
        assertEquals(FACES, collected(sinks.saliency()).size(), "saliency.rate=1: a map for every face");

        List<Rejected> dead = collected(sinks.deadLetters());
        assertEquals(Set.of("faces", "labels"), dead.stream().map(Rejected::topic).collect(Collectors.toSet()));
        assertEquals(Set.of(DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED), dead.stream().map(Rejected::reason).collect(Collectors.toSet()));

        Set<String> lateIds = IntStream.range(0, FACES).filter(FerstreamJobTest::late).mapToObj(FerstreamJobTest::id)
                .collect(Collectors.toSet());
        assertEquals(8, lateIds.size());
        assertEquals(lateIds, collected(sinks.lateTruths()).stream().map(TruthEvent::id).collect(Collectors.toSet()));

        // Each matched pair lies in exactly two windows (size 10 s, slide 5 s): summed, the windows hold twice the
        // confusion matrix of the on-time faces.
        long[] twice = new long[49];
        IntStream.range(0, FACES).filter(i -> !late(i)).forEach(i -> twice[label(i) * 7 + expected[i]] += 2);
        long[] summed = new long[49];
        List<ConfusionCounts> windows = collected(sinks.confusion());
        windows.forEach(w -> Arrays.setAll(summed, k -> summed[k] + w.counts()[k]));
        assertArrayEquals(twice, summed);
        assertEquals(Set.of(5_000L), windows.stream().map(w -> (w.windowEnd() - w.windowStart()) / 2)
                .collect(Collectors.toSet()), "10 s windows");
    }

    /** Face i at T0 + i * 100 ms, then one record that is not a FaceImage. */
    private static DataGeneratorSource<FaceInput> faceSource() {
        return new DataGeneratorSource<>(index -> {
            int i = index.intValue();
            return i < FACES ? FaceInput.ok(new FaceEvent(id(i), T0 + i * EVERY_MS, TinyModel.face(SEED + i)))
                    : new FaceDeserializer().parse("faces", 0, i, "not a face".getBytes(StandardCharsets.UTF_8));
        }, FACES + 1, TypeInformation.of(FaceInput.class));
    }

    /** The labels in event-time order (late ones after the rest), then one record that is not a GroundTruth. */
    private static DataGeneratorSource<TruthInput> labelSource() {
        int[] order = IntStream.range(0, FACES).boxed()
                .sorted((a, b) -> Long.compare(labelTime(a), labelTime(b))).mapToInt(Integer::intValue).toArray();
        return new DataGeneratorSource<>(index -> {
            int k = index.intValue();
            if (k == FACES) {
                return new TruthDeserializer().parse("labels", 0, k, "not a label".getBytes(StandardCharsets.UTF_8));
            }
            int i = order[k];
            return TruthInput.ok(new TruthEvent(id(i), label(i), labelTime(i)));
        }, FACES + 1, TypeInformation.of(TruthInput.class));
    }

    private static String id(int i) {
        return "face-" + i;
    }

    private static int label(int i) {
        return i % 7;
    }

    private static boolean late(int i) {
        return i % 5 == 4;
    }

    private static long labelTime(int i) {
        return T0 + i * EVERY_MS + (late(i) ? LATE_MS : ON_TIME_MS);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> collected(org.apache.flink.api.connector.sink2.Sink<T> sink) {
        return ((CollectingSink<T>) sink).values();
    }
}
