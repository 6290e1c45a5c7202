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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feedback store in the whole job: embedded KRaft broker, Flink MiniCluster, TinyModel bundle, bounded sources.
 * After the job, the committed part files hold exactly the champion's matched pairs, in the hour folders of their
 * truth times, with the pixels that were sent; late and unmatched truths are not stored.
 */
class FeedbackStoreJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static Path model;

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
        JobConfig config = config("fb", store);
        long base = Instant.parse("2026-12-03T17:59:40Z").toEpochMilli();
        int n = 24;
        List<byte[]> faces = IntStream.range(0, n).mapToObj(TinyModel::face).toList();
        int[] predicted = TinyModel.predict(model, faces);
        Map<String, Long> truthTimes = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < n; i++) { // faces 1 s apart from 17:59:40: truths 5 s later span 17:59:45..18:00:08
                send(p, config.topics().faces(), "f" + i, SingleObjectCodec.faceImage()
                        .encode(FaceRecords.gray("f" + i, base + i * 1000L, faces.get(i))));
            }
            for (int i = 0; i < 20; i++) {
                long t = base + i * 1000L + 5_000;
                send(p, config.topics().labels(), "f" + i, truth("f" + i, i % 7, t));
                truthTimes.put("f" + i, t);
            }
            for (int i = 20; i < 23; i++) { // late: 40 s after the face, max delay is 30 s
                send(p, config.topics().labels(), "f" + i, truth("f" + i, 1, base + i * 1000L + 40_000));
            }
            send(p, config.topics().labels(), "ghost", truth("ghost", 2, base + 3_000)); // no such face
            p.flush();
        }

        JobExecutionResult result = new FerstreamJob(config,
                KafkaEndpoints.sources(config, OffsetsInitializer.latest(), OffsetsInitializer.latest()),
                KafkaEndpoints.sinks(config)).execute(StreamExecutionEnvironment.getExecutionEnvironment());
        assertEquals(20L, (Long) result.getAccumulatorResult(TruthJoinFunction.MATCHED));

        Map<String, FeedbackRecord> stored = new TreeMap<>();
        Map<String, String> folderOf = new HashMap<>();
        for (Path part : committedParts(store)) {
            try (DataFileReader<FeedbackRecord> in = new DataFileReader<>(part.toFile(),
                    new SpecificDatumReader<>(FeedbackRecord.class))) {
                for (FeedbackRecord r : in) {
                    assertEquals(null, stored.put(r.getId(), r), "stored once: " + r.getId());
                    folderOf.put(r.getId(), store.relativize(part.getParent()).toString());
                }
            }
        }
        assertEquals(truthTimes.keySet(), stored.keySet(), "exactly the matched pairs");
        for (int i = 0; i < 20; i++) {
            FeedbackRecord r = stored.get("f" + i);
            assertEquals(i % 7, r.getTrueLabel());
            assertEquals(predicted[i], r.getPredictedLabel());
            assertArrayEquals(faces.get(i), bytes(r.getPixels()), "pixels of f" + i);
            assertEquals(7, r.getProbabilities().size());
            assertEquals(1.0, r.getProbabilities().stream().mapToDouble(Float::doubleValue).sum(), 1e-4);
            assertEquals("hw3-dnn@2026-01-01T00:00:00Z", r.getModelVersion());
            assertEquals(base + i * 1000L, r.getFaceTime().toEpochMilli());
            assertEquals(truthTimes.get("f" + i), r.getTruthTime().toEpochMilli());
            assertEquals(i < 15 ? "dt=2026-12-03/hour=17" : "dt=2026-12-03/hour=18", folderOf.get("f" + i),
                    "f" + i + "'s truth at " + r.getTruthTime());
        }

        FaceData back = FaceReader.read(store, ReadOptions.strict());
        assertEquals(DataLayout.FEEDBACK, back.format());
        assertEquals(20, back.size());
        FaceData since18 = FaceReader.read(store, new ReadOptions(false, null, TimeRange.parse("2026-12-03T18:00:00Z", null)));
        assertEquals(List.of("f15", "f16", "f17", "f18", "f19"), since18.faces().stream().map(Face::id).sorted().toList());
        long bytes = 0;
        for (Path part : committedParts(store)) {
            bytes += Files.size(part);
        }
        System.out.printf("feedback store: %d faces in %d part files, %d bytes (%.0f bytes/face)%n", stored.size(),
                committedParts(store).size(), bytes, (double) bytes / stored.size());
    }

    private static List<Path> committedParts(Path store) throws Exception {
        try (Stream<Path> files = Files.walk(store)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            List<Path> hidden = all.stream().filter(f -> f.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), hidden, "no in-progress or pending files after the job ended");
            assertTrue(all.stream().allMatch(f -> f.getFileName().toString().matches("part-.*\\.avro")), all.toString());
            return all.stream().sorted().collect(Collectors.toList());
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static JobConfig config(String prefix, Path store) {
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
