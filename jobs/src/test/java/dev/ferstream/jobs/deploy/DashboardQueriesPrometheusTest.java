package dev.ferstream.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferstream.avro.FaceImage;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.FerstreamJob;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.demo.ReplayPlanAccess;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every PromQL expression of the Grafana dashboard, sent to a real Prometheus that scrapes the job's Prometheus
 * reporter while faces, labels and malformed records stream through embedded Kafka: each must return data, so no
 * panel queries a metric the job does not export. Skipped only where {@code /usr/bin/prometheus} is absent
 * ({@code .ci/run} installs Debian's {@code prometheus}).
 */
class DashboardQueriesPrometheusTest {
    /** Reporter ports of this test's MiniCluster (apart from FerstreamJobKafkaTest's 9250-9260). */
    private static final int FIRST_PORT = 9271;
    private static final int LAST_PORT = 9274;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(reporter()).build());

    private static Configuration reporter() {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", FIRST_PORT + "-" + LAST_PORT);
        return conf;
    }

    @TempDir
    Path dir;

    @Test
    void everyDashboardQueryReturnsDataFromTheRunningJob() throws Exception {
        assumeTrue(Files.isExecutable(PrometheusServer.BINARY), "no " + PrometheusServer.BINARY + " (apt-get install prometheus)");
        Dashboard dashboard = Dashboard.read(Dashboard.file(RepoRoot.find()));
        Path model = TinyModel.save(dir.resolve("tiny"));
        Files.createDirectories(dir.resolve("prom"));
        List<String> targets = IntStream.rangeClosed(FIRST_PORT, LAST_PORT).mapToObj(p -> "127.0.0.1:" + p).toList();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prom"), targets)) {
            JobConfig config = config(kafka, model);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            FerstreamJob.configure(env, config);
            new FerstreamJob(config, KafkaEndpoints.sources(config), KafkaEndpoints.sinks(config)).build(env);
            JobClient job = env.executeAsync("dashboard queries");
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                Map<String, String> missing = new LinkedHashMap<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                int sent = 0;
                do {
                    // a steady stream in real time: windows keep firing, rates have samples, the sources have lag
                    sent += send(producer, config, sent, 20);
                    Thread.sleep(500);
                    missing = unanswered(prometheus, dashboard);
                } while (!missing.isEmpty() && System.nanoTime() < deadline);
                assertTrue(missing.isEmpty(), "dashboard queries without data after " + sent + " faces: " + missing
                        + "\nexported names: " + exportedNames(prometheus));
                for (Dashboard.Panel panel : dashboard.panels()) {
                    for (String expr : panel.expressions()) {
                        System.out.println("dashboard query answered (" + prometheus.query(Dashboard.resolve(expr)).size()
                                + " series): " + expr);
                    }
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    private static JobConfig config(EmbeddedKafka kafka, Path model) {
        Map<String, String> m = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "model.path", model.toString(), "group.id", "dash", "source.starting-offsets", "earliest",
                "parallelism", "2", "checkpoint.interval", "1s", "sink.transactional-id-prefix", "dash",
                "window.size", "2s", "window.slide", "1s", "watermark.out-of-orderness", "0ms"));
        m.putAll(Map.of("truth.max-delay", "2s", "truth.late-retention", "10s", "saliency.rate", "0.2",
                "watermark.idleness", "1s"));
        JobConfig config = JobConfig.defaultsWith(m);
        kafka.createTopics(List.of(config.topics().faces(), config.topics().labels(), config.topics().predictions(),
                config.topics().saliency(), config.topics().confusion(), config.topics().deadLetter(), config.topics().lateLabels()), 2);
        return config;
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /**
     * Sends n faces stamped now, each label 100 ms later, every 10th label 5 s late (beyond truth.max-delay), one label
     * for an unknown face and one malformed face, so every counter the dashboard shows moves.
     */
    private static int send(KafkaProducer<byte[], byte[]> p, JobConfig config, int from, int n) {
        SingleObjectCodec<FaceImage> faces = SingleObjectCodec.faceImage();
        SingleObjectCodec<GroundTruth> truths = SingleObjectCodec.groundTruth();
        long now = Instant.now().toEpochMilli();
        for (int i = from; i < from + n; i++) {
            String id = "d" + i;
            p.send(record(config.topics().faces(), id, faces.encode(FaceRecords.gray(id, now, TinyModel.face(i)))));
            long labelTime = i % 10 == 0 ? now - 5_000 : now + 100;
            if (i % 10 != 0) {
                p.send(record(config.topics().labels(), id, truths.encode(GroundTruth.newBuilder().setId(id).setLabel(i % 7)
                        .setEventTime(Instant.ofEpochMilli(labelTime)).build())));
            }
        }
        // late: the previous batch's first face, labelled 5 s after it (beyond the 2 s max delay)
        if (from > 0) {
            String id = "d" + (from - n);
            p.send(record(config.topics().labels(), id, truths.encode(GroundTruth.newBuilder().setId(id).setLabel(1)
                    .setEventTime(Instant.ofEpochMilli(now + 5_000)).build())));
        }
        p.send(record(config.topics().labels(), "ghost" + from, truths.encode(GroundTruth.newBuilder().setId("ghost" + from)
                .setLabel(2).setEventTime(Instant.ofEpochMilli(now)).build())));
        p.send(record(config.topics().faces(), "bad" + from, ReplayPlanAccess.malformedFace(from % 3, now)));
        p.flush();
        return n;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Panel title and expression of every query that returns nothing (yet). */
    private static Map<String, String> unanswered(PrometheusServer prometheus, Dashboard dashboard) throws Exception {
        Map<String, String> missing = new LinkedHashMap<>();
        for (Dashboard.Panel panel : dashboard.panels()) {
            for (String expr : panel.expressions()) {
                JsonNode result = prometheus.query(Dashboard.resolve(expr));
                if (result.isEmpty()) {
                    missing.put(panel.title() + " #" + panel.expressions().indexOf(expr), expr);
                }
            }
        }
        return missing;
    }

    private static List<String> exportedNames(PrometheusServer prometheus) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode s : prometheus.query("count by (__name__) ({__name__=~\"flink_taskmanager_job_task_operator_.*\"})")) {
            String name = s.path("metric").path("__name__").asText();
            if (!name.matches(".*_topic_.*_partition_.*")) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }
}
