package dev.ferstream.jobs.feedback;

import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.FeedbackRecord;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.data.DataLayout;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;
import dev.ferstream.data.TimeRange;
import dev.ferstream.explain.saliency.GradientSaliency;
import dev.ferstream.explain.saliency.SaliencyProvider;
import dev.ferstream.explain.saliency.SaliencyProviderFactory;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.jobs.FerstreamJob;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.functions.TruthJoinFunction;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feedback store in the whole job: embedded KRaft broker, Flink MiniCluster, TinyModel bundle, bounded sources.
 * After the job, the committed part files hold exactly the champion's matched pairs, in the hour folders of their
 * truth times, with the pixels that were sent; late and unmatched truths are not stored; a task failure mid-stream
 * (the job restarts from its last checkpoint) neither loses nor repeats one.
 */
class FeedbackStoreJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static Path model;
    static final long BASE = Instant.parse("2026-12-03T17:59:40Z").toEpochMilli();

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        model = TinyModel.save(dir.resolve("tiny"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void committedPartFilesHoldExactlyTheMatchedPairsInTheirTruthHours() throws Exception {
        Path store = dir.resolve("feedback");
        JobConfig config = config("fb", store, Map.of());
        List<byte[]> faces = sendStream(config);
        int[] predicted = TinyModel.predict(model, faces);

        JobExecutionResult result = new FerstreamJob(config,
                KafkaEndpoints.sources(config, OffsetsInitializer.latest(), OffsetsInitializer.latest()),
                KafkaEndpoints.sinks(config)).execute(StreamExecutionEnvironment.getExecutionEnvironment());
        assertEquals(20L, (Long) result.getAccumulatorResult(TruthJoinFunction.MATCHED));

        Map<String, String> folderOf = new HashMap<>();
        Map<String, FeedbackRecord> stored = stored(store, folderOf, false);
        assertEquals(IntStream.range(0, 20).mapToObj(i -> "f" + i).collect(Collectors.toCollection(java.util.TreeSet::new)),
                stored.keySet(), "exactly the matched pairs");
        for (int i = 0; i < 20; i++) {
            FeedbackRecord r = stored.get("f" + i);
            assertEquals(i % 7, r.getTrueLabel());
            assertEquals(predicted[i], r.getPredictedLabel());
            assertArrayEquals(faces.get(i), bytes(r.getPixels()), "pixels of f" + i);
            assertEquals(7, r.getProbabilities().size());
            assertEquals(1.0, r.getProbabilities().stream().mapToDouble(Float::doubleValue).sum(), 1e-4);
            assertEquals("hw3-dnn@2026-01-01T00:00:00Z", r.getModelVersion());
            assertEquals(BASE + i * 1000L, r.getFaceTime().toEpochMilli());
            assertEquals(BASE + i * 1000L + 5_000, r.getTruthTime().toEpochMilli());
            assertEquals(i < 15 ? "dt=2026-12-03/hour=17" : "dt=2026-12-03/hour=18", folderOf.get("f" + i),
                    "f" + i + "'s truth at " + r.getTruthTime());
        }

        FaceData back = FaceReader.read(store, ReadOptions.strict());
        assertEquals(DataLayout.FEEDBACK, back.format());
        assertEquals(20, back.size());
        FaceData since18 = FaceReader.read(store, new ReadOptions(false, null, TimeRange.parse("2026-12-03T18:00:00Z", null)));
        assertEquals(List.of("f15", "f16", "f17", "f18", "f19"), since18.faces().stream().map(Face::id).sorted().toList());
        long bytes = 0;
        for (Path part : committedParts(store, false)) {
            bytes += Files.size(part);
        }
        System.out.printf("feedback store: %d faces in %d part files, %d bytes (%.0f bytes/face)%n", stored.size(),
                committedParts(store, false).size(), bytes, (double) bytes / stored.size());
    }

    /** Set when the injected failure has happened; static because the restarted task is a fresh copy. */
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    /** Real gradient saliency that throws once, on the 12th map a subtask computes. */
    static final class FailsOnce implements SaliencyProvider {
        private final SaliencyProvider real;
        private int calls;

        FailsOnce(ModelBundle bundle) {
            real = new GradientSaliency(bundle);
        }

        @Override
        public float[][] maps(List<byte[]> faces, int[] classes) {
            calls += faces.size();
            if (calls >= 12 && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return real.maps(faces, classes);
        }

        @Override
        public String method() {
            return real.method();
        }
    }

    @Test
    void aTaskFailureMidStreamStoresEveryMatchedPairExactlyOnce() throws Exception {
        Path store = dir.resolve("feedback-failure");
        JobConfig config = config("fbfail", store, Map.of("saliency.rate", "1", "saliency.method", "gradient",
                "batch.size", "1"));
        sendStream(config);
        SaliencyProviderFactory failing = (bundle, engine, threads) -> new FailsOnce(bundle);
        new FerstreamJob(config, KafkaEndpoints.sources(config, OffsetsInitializer.latest(), OffsetsInitializer.latest()),
                KafkaEndpoints.sinks(config), failing).execute(StreamExecutionEnvironment.getExecutionEnvironment());
        assertTrue(FAILED_ONCE.get(), "the failure was injected");
        Map<String, FeedbackRecord> stored = stored(store, new HashMap<>(), true); // fails on an id stored twice
        assertEquals(IntStream.range(0, 20).mapToObj(i -> "f" + i).collect(Collectors.toCollection(java.util.TreeSet::new)),
                stored.keySet(), "every matched pair once, none lost");
        // the failed attempt's in-progress files stay behind, hidden; the reader skips them
        assertEquals(20, FaceReader.read(store, ReadOptions.strict()).size());
    }

    /**
     * 24 faces 1 s apart from 17:59:40, truths 5 s later (17:59:45..18:00:04) for f0..f19, late truths (40 s, max
     * delay 30 s) for f20..f22, none for f23, and one truth without a face; returns the faces sent.
     */
    private static List<byte[]> sendStream(JobConfig config) {
        List<byte[]> faces = IntStream.range(0, 24).mapToObj(TinyModel::face).toList();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < faces.size(); i++) {
                send(p, config.topics().faces(), "f" + i, SingleObjectCodec.faceImage()
                        .encode(FaceRecords.gray("f" + i, BASE + i * 1000L, faces.get(i))));
            }
            for (int i = 0; i < 20; i++) {
                send(p, config.topics().labels(), "f" + i, truth("f" + i, i % 7, BASE + i * 1000L + 5_000));
            }
            for (int i = 20; i < 23; i++) {
                send(p, config.topics().labels(), "f" + i, truth("f" + i, 1, BASE + i * 1000L + 40_000));
            }
            send(p, config.topics().labels(), "ghost", truth("ghost", 2, BASE + 3_000));
            p.flush();
        }
        return faces;
    }

    /** Every committed record by id (an id stored twice fails), and each one's bucket folder into folderOf. */
    private static Map<String, FeedbackRecord> stored(Path store, Map<String, String> folderOf, boolean failed)
            throws Exception {
        Map<String, FeedbackRecord> stored = new TreeMap<>();
        for (Path part : committedParts(store, failed)) {
            try (DataFileReader<FeedbackRecord> in = new DataFileReader<>(part.toFile(),
                    new SpecificDatumReader<>(FeedbackRecord.class))) {
                for (FeedbackRecord r : in) {
                    assertEquals(null, stored.put(r.getId(), r), "stored once: " + r.getId());
                    folderOf.put(r.getId(), store.relativize(part.getParent()).toString());
                }
            }
        }
        return stored;
    }

    /** The committed part files; without a failure no hidden (in-progress or pending) file may remain. */
    private static List<Path> committedParts(Path store, boolean failed) throws Exception {
        try (Stream<Path> files = Files.walk(store)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            List<Path> hidden = all.stream().filter(f -> f.getFileName().toString().startsWith(".")).toList();
            if (!failed) {
                assertEquals(List.of(), hidden, "no in-progress or pending files after the job ended");
            }
            List<Path> committed = all.stream().filter(f -> !hidden.contains(f)).sorted().collect(Collectors.toList());
            assertTrue(committed.stream().allMatch(f -> f.getFileName().toString().matches("part-.*\\.avro")), all.toString());
            return committed;
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static JobConfig config(String prefix, Path store, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "model.path", model.toString(),
                "group.id", prefix, "source.starting-offsets", "earliest", "parallelism", "2",
                "checkpoint.interval", "500ms", "sink.transactional-id-prefix", prefix,
                "watermark.out-of-orderness", "1s", "truth.max-delay", "30s", "feedback.path", store.toUri().toString()));
        for (String t : List.of("faces", "labels", "predictions", "saliency", "confusion", "dead-letter", "late-labels",
                "models", "model-events", "shadow-predictions")) {
            m.put("topic." + t, prefix + "-" + t);
        }
        m.put("saliency.rate", "0");
        m.put("saliency.threshold", "0");
        m.putAll(extra);
        JobConfig config = JobConfig.defaultsWith(m);
        kafka.createTopics(config.topics().all(), 2);
        return config;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, byte[] value) {
        try {
            p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic + ": " + e, e);
        }
    }

    private static byte[] truth(String id, int label, long time) {
        return SingleObjectCodec.groundTruth().encode(GroundTruth.newBuilder().setId(id).setLabel(label)
                .setEventTime(Instant.ofEpochMilli(time)).build());
    }
}
