package dev.ferstream.jobs.lifecycle;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.ModelEvent;
import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelStatus;
import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.avro.Prediction;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.explain.saliency.GradientSaliency;
import dev.ferstream.explain.saliency.SaliencyProvider;
import dev.ferstream.explain.saliency.SaliencyProviderFactory;
import dev.ferstream.jobs.BadVersions;
import dev.ferstream.jobs.FerstreamJob;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.PrometheusPages;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.cli.JobsCli;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import dev.ferstream.jobs.kafka.ModelsTopic;
import dev.ferstream.jobs.registry.ModelRegistry;
import dev.ferstream.jobs.registry.PublishedVersion;
import dev.ferstream.model.bundle.ModelBundle;
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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model lifecycle against real components (embedded KRaft broker, MiniCluster, outputs read read_committed while
 * the job runs): one job that is never resubmitted lives through bad versions, a swap, a task failure, a challenger,
 * a promotion and a rollback, and every face gets exactly one prediction throughout.
 */
class LifecycleJobTest {
    private static final Duration WAIT = Duration.ofSeconds(300); // generous: a loaded 2-core machine is slow, a pass is fast
    private static final long BASE = 1_700_000_000_000L;

    private static final int PROM_FROM = 9261;
    private static final int PROM_TO = 9270;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(prometheus()).build());

    static org.apache.flink.configuration.Configuration prometheus() {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", PROM_FROM + "-" + PROM_TO);
        return conf;
    }

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;

    /** Set when the injected failure has happened; static because the restarted task is a fresh copy. */
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

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

    /** Real gradient saliency that throws once, on the 30th map it computes with v2 (createdAt second 11). */
    static final class FailsOnceWithV2 implements SaliencyProvider {
        private final SaliencyProvider real;
        private final boolean v2;
        private int calls;

        FailsOnceWithV2(ModelBundle bundle) {
            real = new GradientSaliency(bundle);
            v2 = bundle.metadata().createdAt().endsWith(":11Z");
        }

        @Override
        public float[][] maps(List<byte[]> faces, int[] classes) {
            if (v2 && ++calls == 30 && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after the swap");
            }
            return real.maps(faces, classes);
        }

        @Override
        public String method() {
            return real.method();
        }
    }

    private static JobConfig config(Path startModel) {
        Map<String, String> m = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "model.path", startModel.toString(), "group.id", "life", "source.starting-offsets", "earliest",
                "parallelism", "2", "checkpoint.interval", "300ms", "sink.transactional-id-prefix", "life",
                "batch.size", "4", "window.size", "10s", "window.slide", "5s"));
        m.putAll(Map.of("saliency.rate", "1", "saliency.threshold", "0", "saliency.method", "gradient",
                "watermark.out-of-orderness", "500ms", "truth.max-delay", "30s", "sink.transaction-timeout", "20s"));
        for (String t : List.of("faces", "labels", "predictions", "saliency", "confusion", "dead-letter", "late-labels",
                "models", "model-events", "shadow-predictions")) {
            m.put("topic." + t, "life-" + t);
        }
        JobConfig config = JobConfig.defaultsWith(m);
        kafka.createTopics(config.topics().all(), 2);
        return config;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** Faces {@code from..to-1}, 20 ms apart in event time, each with its label 1 s later. */
    private static void sendFaces(JobConfig config, int from, int to) {
        SingleObjectCodec<dev.ferstream.avro.FaceImage> faces = SingleObjectCodec.faceImage();
        SingleObjectCodec<GroundTruth> truths = SingleObjectCodec.groundTruth();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = from; i < to; i++) {
                long t = BASE + i * 20L;
                byte[] key = ("f" + i).getBytes(StandardCharsets.UTF_8);
                p.send(new ProducerRecord<>(config.topics().faces(), key,
                        faces.encode(FaceRecords.gray("f" + i, t, TinyModel.face(i)))));
                p.send(new ProducerRecord<>(config.topics().labels(), key, truths.encode(GroundTruth.newBuilder()
                        .setId("f" + i).setLabel(i % 7).setEventTime(Instant.ofEpochMilli(t + 1_000)).build())));
            }
            p.flush();
        }
    }

    private static Predicate<List<ModelEvent>> classifySubtasks(String version, ModelStatus status) {
        return classifySubtasks(version, status, 0);
    }

    /** Both classifier subtasks reported the status for the version, in events after the first {@code skip}. */
    private static Predicate<List<ModelEvent>> classifySubtasks(String version, ModelStatus status, int skip) {
        return subtasks("classify", version, status, skip);
    }

    /** Both subtasks of the operator reported the status for the version, in events after the first {@code skip}. */
    private static Predicate<List<ModelEvent>> subtasks(String operator, String version, ModelStatus status, int skip) {
        return events -> events.stream().skip(skip).filter(e -> e.getOperator().equals(operator)
                && e.getVersion().equals(version) && e.getStatus() == status).map(ModelEvent::getSubtask)
                .distinct().count() == 2;
    }

    private static Predicate<List<Prediction>> count(int n) {
        return ps -> ps.size() >= n;
    }

    private static int cli(String... args) {
        return JobsCli.commandLine().execute(args);
    }

    private static String[] topicArgs(JobConfig config, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--models-topic", config.topics().models()));
        return all.toArray(String[]::new);
    }

    @Test
    void oneRunningJobSwapsRejectsRecoversShadowsPromotesAndRollsBack() throws Exception {
        Path start = TinyModel.save(dir.resolve("v1"));
        JobConfig config = config(start);
        String registryUri = dir.resolve("registry").toUri().toString();
        ModelRegistry registry = new ModelRegistry(registryUri);
        String bs = kafka.bootstrapServers();
        ModelsTopic models = new ModelsTopic(KafkaEndpoints.client(config.kafka()), config.topics().models());

        sendFaces(config, 0, 1_000);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FerstreamJob.configure(env, config);
        SaliencyProviderFactory failing = (bundle, engine, threads) -> new FailsOnceWithV2(bundle);
        new FerstreamJob(config, KafkaEndpoints.sources(config), KafkaEndpoints.sinks(config), failing).build(env);
        JobClient job = env.executeAsync("lifecycle");
        try (CommittedFeed<Prediction> predictions = new CommittedFeed<>(bs, config.topics().predictions(), Prediction.class);
             CommittedFeed<Prediction> shadow = new CommittedFeed<>(bs, config.topics().shadow(), Prediction.class);
             CommittedFeed<ModelEvent> events = new CommittedFeed<>(bs, config.topics().modelEvents(), ModelEvent.class)) {
            String startVersion = predictions.until(count(1_000), WAIT, "the first 1,000 predictions").get(0).getModelVersion();

            // every kind of bad version, announced as champion: each rejected by every subtask with its reason,
            // while the start model keeps serving the faces that arrive meanwhile
            Map<String, PublishedVersion> bad = new BadVersions(registry, dir, "tiny").all("bad");
            Predicate<List<ModelEvent>> allRejected = es -> true;
            for (PublishedVersion v : bad.values()) {
                announce(models, v, ModelRole.CHAMPION);
                allRejected = allRejected.and(subtasks("classify", v.version(), ModelStatus.REJECTED, 0))
                        .and(subtasks("saliency", v.version(), ModelStatus.REJECTED, 0));
            }
            sendFaces(config, 1_000, 1_200);
            List<ModelEvent> seen = events.until(allRejected, WAIT, "rejections of " + bad.size() + " bad versions");
            bad.forEach((reason, v) -> assertTrue(seen.stream().anyMatch(e -> e.getVersion().equals(v.version())
                    && e.getStatus() == ModelStatus.REJECTED && e.getReason().contains(reason)), v.version()
                    + " is rejected for '" + reason + "': " + seen.stream().filter(e -> e.getVersion().equals(v.version()))
                    .map(ModelEvent::getReason).toList()));
            assertVersions(predictions.until(count(1_200), WAIT, "1,200 predictions"), 0, 1_200, startVersion,
                    "the start model serves while bad versions are rejected");

            // v2 through the publish command: every classifier swaps without a restart
            Path v2Bundle = TinyModel.save(dir.resolve("v2"), 11, 2304);
            assertEquals(0, cli(topicArgs(config, "publish", "--model", v2Bundle.toString(), "--registry", registryUri,
                    "--name", "tiny", "--version", "v2", "--role", "champion")));
            events.until(classifySubtasks("v2", ModelStatus.SERVING), WAIT, "v2 serving in both classifiers");
            sendFaces(config, 1_200, 2_000);
            List<Prediction> upTo2000 = predictions.until(count(2_000), WAIT, "2,000 predictions");
            assertTrue(FAILED_ONCE.get(), "the failure was injected after the swap (saliency explains every face)");
            assertVersions(upTo2000, 1_200, 2_000, "v2", "after the swap, and after the restore, v2 serves");

            // v4 as challenger: the same faces go to shadow-predictions, never to predictions
            Path v4Bundle = TinyModel.save(dir.resolve("v4"), 23, 2304);
            assertEquals(0, cli(topicArgs(config, "publish", "--model", v4Bundle.toString(), "--registry", registryUri,
                    "--name", "tiny", "--version", "v4")));
            events.until(classifySubtasks("v4", ModelStatus.SHADOWING), WAIT, "v4 shadowing in both classifiers");
            sendFaces(config, 2_000, 3_000);
            List<Prediction> upTo3000 = predictions.until(count(3_000), WAIT, "3,000 predictions");
            List<Prediction> shadowed;
            try {
                shadowed = shadow.until(ps -> ids(ps, 2_000, 3_000) == 1_000, WAIT, "1,000 shadow predictions");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; missing: " + missing(shadow, 2_000, 3_000), e);
            }
            assertVersions(upTo3000, 2_000, 3_000, "v2", "the champion keeps serving while v4 shadows");
            assertTrue(shadowed.stream().allMatch(p -> p.getModelVersion().equals("v4")));
            assertEquals(1_000, shadowed.stream().filter(p -> index(p) >= 2_000).count(),
                    "shadow-predictions count = predictions count for the faces both scored");

            // promote, then roll back
            assertEquals(0, cli(topicArgs(config, "promote")));
            List<ModelEvent> promoted = events.until(classifySubtasks("v4", ModelStatus.SERVING), WAIT, "v4 promoted");
            assertTrue(promoted.stream().noneMatch(e -> e.getStatus() == ModelStatus.RETIRED),
                    "a promoted challenger is not reported as retired");
            sendFaces(config, 3_000, 3_200);
            assertVersions(predictions.until(count(3_200), WAIT, "3,200 predictions"), 3_000, 3_200, "v4", "promoted");
            int before = events.drain(Duration.ZERO).size();
            assertEquals(0, cli(topicArgs(config, "rollback")));
            events.until(classifySubtasks("v2", ModelStatus.SERVING, before), WAIT, "v2 serving again");
            sendFaces(config, 3_200, 3_400);
            List<Prediction> all = predictions.until(count(3_400), WAIT, "3,400 predictions");
            assertVersions(all, 3_200, 3_400, "v2", "rolled back");

            Map<String, Long> perId = all.stream().collect(Collectors.groupingBy(Prediction::getId, Collectors.counting()));
            assertEquals(3_400, perId.size(), "every face has a prediction");
            assertTrue(perId.values().stream().allMatch(c -> c == 1), "and exactly one, across swaps and the restart");

            try (CommittedFeed<ConfusionWindow> windows = new CommittedFeed<>(bs, config.topics().confusion(), ConfusionWindow.class)) {
                List<ConfusionWindow> ws = windows.until(w -> versionsWithPairs(w).containsAll(Set.of("v2", "v4")),
                        WAIT, "confusion windows of both v2 and v4");
                assertTrue(ws.stream().filter(w -> w.getModelVersion().equals("v4")).allMatch(w -> w.getTotal() <= 1_000));
            }
            // the same two versions in Prometheus, each with its own window accuracy; v2 serves, v4 no longer does
            String page = PrometheusPages.scrapeUntil(PROM_FROM, PROM_TO, "lifecycle", WAIT,
                    Pattern.compile("version_window_accuracy\\{[^}]*version=\"v2\"[^}]*} [0-9]"),
                    Pattern.compile("version_window_accuracy\\{[^}]*version=\"v4\"[^}]*} [0-9]"),
                    Pattern.compile("version_role_model_info\\{(?=[^}]*role=\"champion\")(?=[^}]*version=\"v2\")[^}]*} 1"),
                    Pattern.compile("version_role_model_info\\{(?=[^}]*role=\"champion\")(?=[^}]*version=\"v4\")[^}]*} 0"),
                    // counters restart with the tasks (the injected failure); the promote and the rollback came after
                    Pattern.compile("operator_model_swaps\\{[^}]*} [1-9]"));
            assertTrue(page.contains("flink_taskmanager_job_task_operator_model_rejections"), page);
            assertEquals(List.of("v4", "v2"), List.of(ModelsTopicReader.champion(models, 1), ModelsTopicReader.champion(models, 0)));
        } finally {
            job.cancel().get();
        }
    }

    private static void announce(ModelsTopic models, PublishedVersion v, ModelRole role) {
        models.append(ModelUpdate.newBuilder().setName(v.name()).setVersion(v.version()).setUri(v.uri())
                .setManifestSha256(v.manifestSha256()).setRole(role).setDecidedAt(Instant.now()).setDecidedBy("test")
                .setArchitecture("hw3-dnn").build());
    }

    /** The first ids without a record (for a failure message). */
    private static List<Integer> missing(CommittedFeed<Prediction> feed, int from, int to) {
        Set<Integer> have = feed.drain(Duration.ZERO).stream().map(LifecycleJobTest::index).collect(Collectors.toSet());
        return java.util.stream.IntStream.range(from, to).filter(i -> !have.contains(i)).limit(40).boxed().toList();
    }

    private static int index(Prediction p) {
        return Integer.parseInt(p.getId().substring(1));
    }

    private static long ids(List<Prediction> ps, int from, int to) {
        return ps.stream().map(LifecycleJobTest::index).filter(i -> i >= from && i < to).distinct().count();
    }

    private static Set<String> versionsWithPairs(List<ConfusionWindow> ws) {
        return ws.stream().filter(w -> w.getTotal() > 0).map(ConfusionWindow::getModelVersion).collect(Collectors.toSet());
    }

    private static void assertVersions(List<Prediction> ps, int from, int to, String version, String why) {
        List<String> other = ps.stream().filter(p -> index(p) >= from && index(p) < to)
                .filter(p -> !p.getModelVersion().equals(version)).map(p -> p.getId() + "=" + p.getModelVersion())
                .limit(5).toList();
        assertTrue(other.isEmpty(), why + ": faces " + from + ".." + (to - 1) + " not all " + version + ": " + other);
    }

    /** The champion named by the n-th from last champion decision on the topic. */
    private static final class ModelsTopicReader {
        static String champion(ModelsTopic topic, int fromLast) {
            List<ModelUpdate> champions = topic.read().updates().stream()
                    .filter(u -> u.getRole() == ModelRole.CHAMPION).toList();
            return champions.get(champions.size() - 1 - fromLast).getVersion();
        }
    }
}
