package dev.ferstream.jobs.state;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.FaceImage;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.Prediction;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.FerstreamJob;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.demo.TopicReader;
import dev.ferstream.jobs.deploy.RepoRoot;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code ferstream run} promises across restarts, with the real pieces: the job (models/hw3-cnn) on a local
 * MiniCluster per run, an embedded KRaft broker, checkpoints in a {@code file://} directory, outputs read back
 * read_committed. The stream of 300 labelled faces arrives in three parts, one per run:
 * <ol>
 *   <li>run 1 is cancelled after some output was committed, while more faces arrive (a crash, as far as state goes:
 *   only the retained checkpoints are left);</li>
 *   <li>run 2 starts with {@code --resume-latest} (the newest retained checkpoint) and is stopped with a savepoint,
 *   as SIGTERM does;</li>
 *   <li>run 3 starts with {@code --resume-latest} again (now the savepoint), reads the rest and a face an hour later
 *   that moves the watermark past every window, and is stopped with a savepoint once they have all fired.</li>
 * </ol>
 * Then every face has exactly one prediction, and the tumbling confusion windows over the whole stream count every
 * matched pair exactly once: had a restart begun empty, the pairs split across runs would be lost.
 */
class ResumeAcrossRestartsTest {
    private static final int FACES = 300;
    private static final long BASE = 1_700_000_000_000L; // a multiple of the 5 s window
    private static final long WINDOW = 5_000;

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static JobConfig config() {
        Map<String, String> m = new HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "group.id", "resume",
                "model.path", RepoRoot.find().resolve("models/hw3-cnn").toString(),
                "source.starting-offsets", "earliest", "parallelism", "2", "batch.size", "16",
                "saliency.rate", "0", "saliency.threshold", "0", "checkpoint.interval", "300ms",
                "sink.transactional-id-prefix", "resume"));
        // a cancelled run leaves its open transactions behind; read_committed readers wait for the broker to abort
        // them, so that wait is kept short (see docs/streaming.md, "Recovery and read_committed readers")
        m.put("sink.transaction-timeout", "20s");
        m.putAll(Map.of("checkpoint.dir", dir.resolve("checkpoints").toUri().toString(), "checkpoint.retained", "2",
                "window.size", "5s", "window.slide", "5s", "watermark.out-of-orderness", "1s", "truth.max-delay", "30s"));
        for (String t : List.of("faces", "labels", "predictions", "saliency", "confusion", "dead-letter", "late-labels")) {
            m.put("topic." + t, "resume-" + t);
        }
        return JobConfig.defaultsWith(m);
    }

    @Test
    void windowsCountEveryPairOnceAcrossACrashAndASavepointStop() throws Exception {
        JobConfig config = config();
        kafka.createTopics(config.topics().all(), 2);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        send(config, 0, 60);
        JobClient first = start(config, Optional.empty());
        awaitCommittedPredictions(config, 20, first);
        send(config, 60, 100); // cancelled while these are on their way: some are read, none of theirs committed yet
        first.cancel().get(60, TimeUnit.SECONDS);
        String history = "after run 1: " + windowTotals(committed(config.topics().confusion()));

        send(config, 100, 200);
        Optional<String> checkpoint = new RestorePoint(null, true).resolve(config.delivery(), quiet);
        assertTrue(checkpoint.orElseThrow().matches(".*/checkpoints/[0-9a-f]{32}/chk-\\d+"), checkpoint.get());
        JobClient second = start(config, checkpoint);
        awaitCommittedPredictions(config, 120, second);
        Optional<String> savepoint = new SavepointOnShutdown(second, config.delivery().effectiveSavepointDir(),
                Duration.ofSeconds(60), quiet).stop();
        assertTrue(savepoint.orElseThrow().contains("/checkpoints/savepoints/savepoint-"), savepoint.get());
        // finished, not failed (a local run's MiniCluster shuts down with its job, so ask the result, not the status)
        assertTrue(second.getJobExecutionResult().get(30, TimeUnit.SECONDS).getNetRuntime() >= 0);
        history += "; after run 2: " + windowTotals(committed(config.topics().confusion()));

        send(config, 200, FACES);
        sendWatermarkFlush(config);
        Optional<String> latest = new RestorePoint(null, true).resolve(config.delivery(), quiet);
        assertEquals(savepoint.map(ResumeAcrossRestartsTest::local), latest.map(ResumeAcrossRestartsTest::local),
                "the savepoint is the newest state");
        JobClient third = start(config, latest);
        awaitWindows(config, third, history);
        assertTrue(new SavepointOnShutdown(third, config.delivery().effectiveSavepointDir(), Duration.ofSeconds(60), quiet)
                .stop().isPresent(), "the last run stops with a savepoint too, committing its output");

        List<Prediction> predictions = TopicReader.readAll(kafka.bootstrapServers(), config.topics().predictions(), Prediction.class);
        assertEquals(FACES + 2, predictions.size(), "one committed prediction per face over three runs (and the 2 flush faces)");
        assertEquals(FACES + 2, predictions.stream().map(Prediction::getId).distinct().count());
        Map<Long, Long> totals = windowTotals(TopicReader.readRaw(kafka.bootstrapServers(), config.topics().confusion()));
        assertEquals(expectedWindowTotals(), totals, "every matched pair counted once, in its own window");
        assertEquals(FACES, totals.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Totals by window start; a window published twice (a replay after a restore gone wrong) fails. */
    private static Map<Long, Long> windowTotals(List<byte[]> records) {
        SingleObjectCodec<ConfusionWindow> codec = SingleObjectCodec.of(ConfusionWindow.class);
        Map<Long, Long> totals = new TreeMap<>();
        for (byte[] r : records) {
            ConfusionWindow w = codec.decode(r);
            assertEquals(null, totals.put(w.getWindowStart().toEpochMilli(), w.getTotal()),
                    "window " + w.getWindowStart() + " is published once");
        }
        return totals;
    }

    private static String local(String uri) {
        return uri.replaceFirst("^file:/+", "/");
    }

    /** Pairs by window: each label comes 500 ms after its face, and a pair counts at the later of the two times. */
    private static Map<Long, Long> expectedWindowTotals() {
        Map<Long, Long> totals = new TreeMap<>();
        for (int i = 0; i < FACES; i++) {
            long pairTime = BASE + i * 100L + 500;
            totals.merge(pairTime - pairTime % WINDOW, 1L, Long::sum);
        }
        return totals;
    }

    /**
     * A run of the job on its own local MiniCluster, from the given state, with unbounded sources as {@code ferstream
     * run} has them (a bounded KafkaSource restored from state never finishes: FLINK-31006).
     */
    private static JobClient start(JobConfig config, Optional<String> restore) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        RestorePoint.apply(env, restore);
        return new FerstreamJob(config, KafkaEndpoints.sources(config), KafkaEndpoints.sinks(config)).start(env);
    }

    /**
     * One face and label per partition, an hour later in event time: the watermark then passes every window of the
     * stream, so all of them fire; their own pairs sit in a window that never does.
     */
    private static void sendWatermarkFlush(JobConfig config) throws Exception {
        send(config, 36_000, 36_002);
    }

    /** Waits until the committed windows hold every expected pair (then the test stops the run). */
    private static void awaitWindows(JobConfig config, JobClient job, String history) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<Long, Long> seen = Map.of();
        while (System.nanoTime() < deadline) {
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get(10, TimeUnit.SECONDS), "the job runs");
            seen = windowTotals(committed(config.topics().confusion()));
            if (seen.keySet().containsAll(expectedWindowTotals().keySet())) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("committed windows " + seen + ", waiting for " + expectedWindowTotals() + " (" + history + ")");
    }

    /** Faces [from, to) with their labels 500 ms later, label i % 7. */
    private static void send(JobConfig config, int from, int to) throws Exception {
        SingleObjectCodec<FaceImage> faces = SingleObjectCodec.faceImage();
        SingleObjectCodec<GroundTruth> truths = SingleObjectCodec.groundTruth();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int i = from; i < to; i++) {
                String id = "r" + i;
                long t = BASE + i * 100L;
                p.send(new ProducerRecord<>(config.topics().faces(), i % 2, key(id),
                        faces.encode(FaceRecords.gray(id, t, TinyModel.face(9_000 + i)))));
                p.send(new ProducerRecord<>(config.topics().labels(), i % 2, key(id), truths.encode(GroundTruth.newBuilder()
                        .setId(id).setLabel(i % 7).setEventTime(Instant.ofEpochMilli(t + 500)).build())));
            }
            p.flush();
        }
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits until a checkpoint has committed at least {@code n} predictions (read_committed, up to the last stable offset). */
    private static void awaitCommittedPredictions(JobConfig config, int n, JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get(10, TimeUnit.SECONDS), "the job runs");
            seen = committedCount(config.topics().predictions());
            if (seen >= n) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + seen + " committed predictions, waiting for " + n);
    }

    private static long committedCount(String topic) {
        return committed(topic).size();
    }

    /** What a read_committed consumer sees now, up to the last stable offset (no waiting for open transactions). */
    private static List<byte[]> committed(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<byte[]> out = new java.util.ArrayList<>();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
            return out;
        }
    }
}
