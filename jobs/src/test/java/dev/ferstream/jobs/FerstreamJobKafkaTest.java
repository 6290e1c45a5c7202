package dev.ferstream.jobs;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.DeadLetter;
import dev.ferstream.avro.DeadLetterReason;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.Prediction;
import dev.ferstream.avro.SaliencyMap;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.demo.TopicReader;
import dev.ferstream.jobs.functions.TruthJoinFunction;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole job against real components: an embedded KRaft Kafka broker and a Flink MiniCluster (2 slots, the
 * Prometheus reporter on), exactly-once sinks read back with read_committed.
 */
class FerstreamJobKafkaTest {
    static final String PROM_PORTS = "9250-9260";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(prometheus()).build());

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static Path model;

    static Configuration prometheus() {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", PROM_PORTS);
        return conf;
    }

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

    private static JobConfig config(String prefix, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "model.path", model.toString(),
                "group.id", prefix, "source.starting-offsets", "earliest", "parallelism", "2",
                "checkpoint.interval", "500ms", "sink.transactional-id-prefix", prefix,
                "watermark.out-of-orderness", "1s", "truth.max-delay", "30s"));
        for (String t : List.of("faces", "labels", "predictions", "saliency", "confusion", "dead-letter", "late-labels",
                "models", "model-events", "shadow-predictions")) {
            m.put("topic." + t, prefix + "-" + t);
        }
        m.putAll(extra);
        JobConfig config = JobConfig.defaultsWith(m);
        kafka.createTopics(config.topics().all(), 2);
        return config;
    }

    /** Idempotent producer that fails within 30 s instead of retrying for the default 2 min. */
    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** Sends and waits for the acknowledgement, so a failed send fails the test instead of silently dropping input. */
    private static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, byte[] value) {
        try {
            p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic + ": " + e, e);
        }
    }

    private static byte[] truth(String id, int label, long time) {
        return SingleObjectCodec.groundTruth().encode(GroundTruth.newBuilder().setId(id).setLabel(label)
                .setEventTime(Instant.ofEpochMilli(time)).build());
    }

    @Test
    void everyFaceGetsExactlyOnePredictionAndTheMatrixCountsExactlyTheMatchedTruths() throws Exception {
        JobConfig config = config("e2e", Map.of("batch.size", "8", "saliency.rate", "0.2", "saliency.threshold", "0",
                "saliency.method", "gradient"));
        long base = 1_700_000_040_000L; // on a minute boundary: every pair falls into the same ten 10m/1m windows
        int n = 30;
        List<byte[]> faces = IntStream.range(0, n).mapToObj(TinyModel::face).toList();
        int[] predicted = TinyModel.predict(model, faces);
        long[] expectedCounts = new long[49];
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            SingleObjectCodec<dev.ferstream.avro.FaceImage> codec = SingleObjectCodec.faceImage();
            for (int i = 0; i < n; i++) {
                send(p, config.topics().faces(), "f" + i, codec.encode(FaceRecords.gray("f" + i, base + i * 100L, faces.get(i))));
                if (i == 10) { // malformed faces in the middle of the stream must not disturb their neighbours
                    for (int k = 0; k < 5; k++) {
                        send(p, config.topics().faces(), "bad" + k, dev.ferstream.jobs.demo.ReplayPlanAccess.malformedFace(k, base));
                    }
                }
            }
            for (int i = 0; i < 25; i++) { // on time: 1 s after the face
                send(p, config.topics().labels(), "f" + i, truth("f" + i, i % 7, base + i * 100L + 1_000));
                expectedCounts[(i % 7) * 7 + predicted[i]]++;
            }
            for (int i = 25; i < 28; i++) { // late: 35 s after the face, max delay is 30 s
                send(p, config.topics().labels(), "f" + i, truth("f" + i, 1, base + i * 100L + 35_000));
            }
            send(p, config.topics().labels(), "ghost", truth("ghost", 2, base + 2_000)); // no such face
            send(p, config.topics().labels(), "bad-label", truth("bad-label", 9, base));
            send(p, config.topics().labels(), "junk", new byte[]{1, 2, 3});
            p.flush();
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobExecutionResult result = new FerstreamJob(config,
                KafkaEndpoints.sources(config, OffsetsInitializer.latest(), OffsetsInitializer.latest()),
                KafkaEndpoints.sinks(config)).execute(env);

        String bs = kafka.bootstrapServers();
        List<Prediction> predictions = TopicReader.readAll(bs, config.topics().predictions(), Prediction.class);
        assertEquals(n, predictions.size(), "exactly one committed prediction per valid face");
        Map<String, Integer> byId = predictions.stream().collect(Collectors.toMap(Prediction::getId, Prediction::getLabel));
        for (int i = 0; i < n; i++) {
            assertEquals(predicted[i], byId.get("f" + i), "stream and batch classification agree for f" + i);
        }
        assertTrue(predictions.stream().allMatch(pr -> pr.getProbabilities().size() == 7
                && pr.getModelVersion().equals("hw3-dnn@2026-01-01T00:00:00Z")));

        assertEquals(25L, (Long) result.getAccumulatorResult(TruthJoinFunction.MATCHED));
        assertEquals(3L, (Long) result.getAccumulatorResult(TruthJoinFunction.LATE_TRUTH));
        assertEquals(1L, (Long) result.getAccumulatorResult(TruthJoinFunction.UNMATCHED));

        List<ConfusionWindow> windows = TopicReader.readAll(bs, config.topics().confusion(), ConfusionWindow.class);
        assertEquals(10, windows.size(), "a 10m window sliding by 1m covers the pairs ten times");
        for (ConfusionWindow w : windows) {
            assertEquals(25, w.getTotal(), "matrix total = matched truths");
            assertEquals(java.util.Arrays.stream(expectedCounts).boxed().toList(), w.getCounts());
            assertEquals(Duration.ofMinutes(10).toMillis(), w.getWindowEnd().toEpochMilli() - w.getWindowStart().toEpochMilli());
        }

        Set<String> late = TopicReader.readAll(bs, config.topics().lateLabels(), GroundTruth.class).stream()
                .map(GroundTruth::getId).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("f25", "f26", "f27"), late);

        List<DeadLetter> dead = TopicReader.readAll(bs, config.topics().deadLetter(), DeadLetter.class);
        assertEquals(7, dead.size());
        assertEquals(5, dead.stream().filter(d -> d.getSourceTopic().equals(config.topics().faces())).count());
        assertEquals(Set.of(DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED, DeadLetterReason.CORRUPT_RECORD,
                DeadLetterReason.BAD_IMAGE, DeadLetterReason.UNKNOWN_SCHEMA, DeadLetterReason.BAD_LABEL),
                dead.stream().map(DeadLetter::getReason).collect(Collectors.toSet()));
        assertTrue(dead.stream().allMatch(d -> d.getRaw() != null && d.getOffset() >= 0 && !d.getError().isBlank()));

        List<SaliencyMap> maps = TopicReader.readAll(bs, config.topics().saliency(), SaliencyMap.class);
        assertFalse(maps.isEmpty(), "20% sampling of 30 faces explains some");
        assertTrue(maps.stream().allMatch(m -> m.getMap().size() == 2304 && m.getMethod().equals("gradient")
                && m.getMap().stream().allMatch(v -> v >= 0) && m.getMap().stream().anyMatch(v -> v > 0)));
        assertTrue(maps.size() < n);
    }

    /** Set by the failing saliency provider below; static because the restarted task is a fresh deserialised copy. */
    static final java.util.concurrent.atomic.AtomicBoolean FAILED_ONCE = new java.util.concurrent.atomic.AtomicBoolean();

    /** Real gradient saliency whose instance throws on its 20th call, once per JVM (each of 2 subtasks sees ~30 faces). */
    static final class FailingOnce implements dev.ferstream.explain.saliency.SaliencyProvider {
        private final dev.ferstream.explain.saliency.SaliencyProvider real;
        private int calls;

        FailingOnce(dev.ferstream.model.bundle.ModelBundle bundle) {
            real = new dev.ferstream.explain.saliency.GradientSaliency(bundle);
        }

        @Override
        public float[][] maps(List<byte[]> faces, int[] classes) {
            if (++calls == 20 && FAILED_ONCE.compareAndSet(false, true)) {
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
    void exactlyOnceSurvivesATaskFailureAndRestart() throws Exception {
        // a failed attempt can leave a transaction open that hides later records from read_committed readers until the
        // broker aborts it: a short timeout keeps that wait short
        JobConfig config = config("failover", Map.of("saliency.rate", "1", "checkpoint.interval", "300ms",
                "sink.transaction-timeout", "20s"));
        long base = 1_700_000_100_000L;
        int n = 60;
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            SingleObjectCodec<dev.ferstream.avro.FaceImage> codec = SingleObjectCodec.faceImage();
            for (int i = 0; i < n; i++) {
                send(p, config.topics().faces(), "x" + i, codec.encode(FaceRecords.gray("x" + i, base + i * 10L, TinyModel.face(500 + i))));
                send(p, config.topics().labels(), "x" + i, truth("x" + i, i % 7, base + i * 10L + 500));
            }
            p.flush();
        }
        // explains every face; one subtask fails at its 20th: the job restarts from the last checkpoint and the sources rewind
        dev.ferstream.explain.saliency.SaliencyProviderFactory failing = (bundle, engine, threads) -> new FailingOnce(bundle);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new FerstreamJob(config, KafkaEndpoints.sources(config, OffsetsInitializer.latest(), OffsetsInitializer.latest()),
                KafkaEndpoints.sinks(config), failing).execute(env);

        assertTrue(FAILED_ONCE.get(), "the failure was injected");
        String bs = kafka.bootstrapServers();
        List<Prediction> predictions = TopicReader.readAll(bs, config.topics().predictions(), Prediction.class);
        assertEquals(n, predictions.size(), "no prediction lost or duplicated across the restart");
        assertEquals(n, predictions.stream().map(Prediction::getId).distinct().count());
        assertEquals(n, TopicReader.readAll(bs, config.topics().saliency(), SaliencyMap.class).size());
        List<ConfusionWindow> windows = TopicReader.readAll(bs, config.topics().confusion(), ConfusionWindow.class);
        assertFalse(windows.isEmpty());
        assertTrue(windows.stream().allMatch(w -> w.getTotal() == n), "window state restored, every pair counted once");
    }

    @Test
    void prometheusEndpointShowsWindowAccuracyAndConfusionCells() throws Exception {
        JobConfig config = config("prom", Map.of("window.size", "1s", "window.slide", "1s",
                "watermark.out-of-orderness", "0ms", "watermark.idleness", "1s", "checkpoint.interval", "1s"));
        long base = 1_700_000_000_000L;
        List<byte[]> faces = IntStream.range(0, 40).mapToObj(i -> TinyModel.face(100 + i)).toList();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            SingleObjectCodec<dev.ferstream.avro.FaceImage> codec = SingleObjectCodec.faceImage();
            for (int i = 0; i < faces.size(); i++) {
                long t = base + i * 100L;
                send(p, config.topics().faces(), "p" + i, codec.encode(FaceRecords.gray("p" + i, t, faces.get(i))));
                send(p, config.topics().labels(), "p" + i, truth("p" + i, 3, t + 50));
            }
            p.flush();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FerstreamJob.configure(env, config);
        new FerstreamJob(config, KafkaEndpoints.sources(config), KafkaEndpoints.sinks(config)).build(env);
        String jobName = "prometheus_test"; // no characters the reporter would rewrite in the job_name label
        JobClient job = env.executeAsync(jobName);
        try {
            // until one page shows a window holding pairs (the first window to fire can be empty, its counts all 0)
            // and its accuracy: the reporter reads gauges one by one, so a window firing mid-scrape can leave the
            // accuracy of the empty matrix before it (NaN) on the same page as the new window's counts
            Pattern numericAccuracy = Pattern.compile("(?m)^(\\w*window_accuracy)\\{[^}]*} ([0-9][0-9.Ee+-]*)");
            String metrics = PrometheusPages.scrapeUntil(9250, 9260, jobName, Duration.ofSeconds(90),
                    Pattern.compile("actual_predicted_window_count\\{[^}]*actual=\"happy\"[^}]*} ([1-9][0-9.Ee+-]*)"),
                    numericAccuracy);
            Matcher accuracy = numericAccuracy.matcher(metrics);
            assertTrue(accuracy.find(), metrics);
            double value = Double.parseDouble(accuracy.group(2));
            assertTrue(value >= 0 && value <= 1, "accuracy " + value);
            assertEquals("flink_taskmanager_job_task_operator_version_window_accuracy", accuracy.group(1));
            Matcher cell = Pattern.compile("\\n(\\w+window_count)\\{[^}]*actual=\"happy\"[^}]*} ([0-9.Ee+-]+)").matcher(metrics);
            long happyRow = 0;
            int cells = 0;
            while (cell.find()) {
                assertEquals("flink_taskmanager_job_task_operator_version_actual_predicted_window_count", cell.group(1));
                happyRow += (long) Double.parseDouble(cell.group(2));
                cells++;
            }
            assertEquals(7, cells, "one cell per predicted class in the 'happy' row");
            assertTrue(happyRow > 0, "all truths are 'happy', so that row holds the window's pairs; window metrics:\n"
                    + metrics.lines().filter(l -> l.contains("window_")).collect(Collectors.joining("\n")));
            assertTrue(metrics.contains("flink_taskmanager_job_task_operator_class_predictions{"), "per-class predictions");
            assertTrue(metrics.contains("flink_taskmanager_job_task_operator_inference_latency_ms{"), "latency histogram");
            assertTrue(metrics.contains("flink_taskmanager_job_task_operator_truth_matched{"), "matched counter");
            assertTrue(metrics.contains("flink_taskmanager_job_task_operator_version_matched_pairs{"), "per-version pairs");
        } finally {
            job.cancel().get();
        }
    }

}
