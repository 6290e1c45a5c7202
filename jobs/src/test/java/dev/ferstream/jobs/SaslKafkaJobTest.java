package dev.ferstream.jobs;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.FaceImage;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.Prediction;
import dev.ferstream.jobs.cli.JobsCli;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.demo.TopicReader;
import dev.ferstream.jobs.functions.TruthJoinFunction;
import dev.ferstream.jobs.kafka.KafkaAccessException;
import dev.ferstream.jobs.kafka.KafkaClientConfig;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import dev.ferstream.jobs.kafka.KafkaStartCheck;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job and the command-line clients against a broker that wants credentials: an embedded KRaft broker whose
 * client listener is SASL_PLAINTEXT (PLAIN, user alice), and a Flink MiniCluster. With the credentials as
 * {@code kafka.*} keys every source and sink works (exactly-once output read back read_committed, with the same
 * credentials); without them, or with a wrong password, {@code run} stops at start with one line.
 */
class SaslKafkaJobTest {
    static final String USER = "alice";
    static final String PASSWORD = "alice-secret";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static Path model;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.startWithSasl(USER, PASSWORD);
        model = TinyModel.save(dir.resolve("tiny"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A client.properties file for the user, as a cluster's administrator would hand it out. */
    static Path clientProperties(String name, String password) throws Exception {
        return Files.writeString(dir.resolve(name), "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + USER + "\" password=\"" + password + "\";\n");
    }

    /** A command line run with its one-line errors captured. */
    record Outcome(int exit, String err, long millis) {
    }

    static Outcome cli(String... args) {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = JobsCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int exit = cli.execute(args);
        return new Outcome(exit, err.toString().strip(), (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void theWholeJobClassifiesWithCredentialsGivenAsKafkaKeys() throws Exception {
        int n = 24;
        Path csv = TinyModel.writeCsv(dir.resolve("faces.csv"), n, 300);
        Map<String, String> keys = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "model.path", model.toString(), "group.id", "sasl-job", "source.starting-offsets", "earliest",
                "parallelism", "2", "checkpoint.interval", "500ms", "sink.transactional-id-prefix", "sasl-job",
                "watermark.out-of-orderness", "1s"));
        kafka.client().properties().forEach((k, v) -> keys.put("kafka." + k, v)); // the credentials, as job keys
        for (String t : List.of("faces", "labels", "predictions", "saliency", "confusion", "dead-letter", "late-labels")) {
            keys.put("topic." + t, "sasl-" + t);
        }
        JobConfig config = JobConfig.defaultsWith(keys);
        kafka.createTopics(List.of(config.topics().faces(), config.topics().labels(), config.topics().predictions(),
                config.topics().saliency(), config.topics().confusion(), config.topics().deadLetter(),
                config.topics().lateLabels()), 2);
        // the replay client takes the same credentials from a client.properties file
        Outcome replay = cli("replay", "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config",
                clientProperties("alice.properties", PASSWORD).toString(), "--data", csv.toString(), "--rate", "0",
                "--label-delay", "10ms", "--faces-topic", config.topics().faces(), "--labels-topic", config.topics().labels());
        assertEquals(new Outcome(0, "", replay.millis()), replay);

        KafkaStartCheck.verify(config.kafka()); // answers: no exception
        JobExecutionResult result = new FerstreamJob(config,
                KafkaEndpoints.sources(config, OffsetsInitializer.latest(), OffsetsInitializer.latest()),
                KafkaEndpoints.sinks(config)).execute(StreamExecutionEnvironment.getExecutionEnvironment());

        KafkaClientConfig reader = KafkaClientConfig.of(config.kafka());
        List<FaceImage> faces = TopicReader.readAll(reader, config.topics().faces(), FaceImage.class);
        assertEquals(n, faces.size());
        int[] expected = TinyModel.predict(model, faces.stream().map(FaceRecords::pixels).toList());
        Map<String, Integer> predicted = TopicReader.readAll(reader, config.topics().predictions(), Prediction.class)
                .stream().collect(Collectors.toMap(Prediction::getId, Prediction::getLabel));
        assertEquals(n, predicted.size(), "one committed prediction per face");
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], predicted.get(faces.get(i).getId()), "stream and batch agree on " + faces.get(i).getId());
        }
        assertEquals((long) n, (Long) result.getAccumulatorResult(TruthJoinFunction.MATCHED));
        List<ConfusionWindow> windows = TopicReader.readAll(reader, config.topics().confusion(), ConfusionWindow.class);
        assertFalse(windows.isEmpty());
        assertEquals(n, windows.stream().mapToLong(ConfusionWindow::getTotal).max().orElse(0), "every label matched once");
        assertEquals(n, TopicReader.readAll(reader, config.topics().labels(), GroundTruth.class).size());
    }

    @Test
    void runWithoutCredentialsStopsAtStartWithOneLine() {
        Outcome run = cli("run", "-Dbootstrap.servers=" + kafka.bootstrapServers(), "-Dmodel.path=" + model);
        assertEquals(2, run.exit());
        assertEquals("ferstream run: error: kafka at " + kafka.bootstrapServers() + ": no Kafka answer over PLAINTEXT "
                + "within 10 s although the port accepts connections: the listener probably requires authentication "
                + "(SASL or SSL); set kafka.security.protocol, kafka.sasl.mechanism and kafka.sasl.jaas.config, "
                + "or --kafka-config", run.err());
        assertTrue(run.millis() < 20_000, "bounded by the check's timeout: " + run.millis() + " ms");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() throws Exception {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"wrong\";";
        Outcome run = cli("run", "-Dbootstrap.servers=" + kafka.bootstrapServers(), "-Dmodel.path=" + model,
                "-Dkafka.security.protocol=SASL_PLAINTEXT", "-Dkafka.sasl.mechanism=PLAIN", "-Dkafka.sasl.jaas.config=" + jaas);
        assertEquals(2, run.exit());
        assertEquals("ferstream run: error: kafka at " + kafka.bootstrapServers() + ": authentication failed (SASL PLAIN): "
                + "Authentication failed: Invalid username or password; set kafka.sasl.jaas.config or --kafka-config", run.err());
        assertTrue(run.millis() < 10_000, run.millis() + " ms: authentication failures are not retried");

        // the command-line clients: the same check, the same message, pointing at their --kafka-config file
        Path wrong = clientProperties("wrong.properties", "wrong");
        Outcome dashboard = cli("dashboard", "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config",
                wrong.toString(), "--port", "0");
        assertEquals(new Outcome(2, "ferstream dashboard: error: kafka at " + kafka.bootstrapServers()
                + ": authentication failed (SASL PLAIN): Authentication failed: Invalid username or password; "
                + "set sasl.jaas.config in --kafka-config FILE", dashboard.millis()), dashboard);
        Path csv = TinyModel.writeCsv(dir.resolve("few.csv"), 3, 1);
        Outcome replay = cli("replay", "--kafka-config", wrong.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--data", csv.toString());
        assertEquals(2, replay.exit());
        assertTrue(replay.err().contains(": authentication failed (SASL PLAIN): "), replay.err());
        assertFalse(replay.err().contains("wrong\""), "no password in the message: " + replay.err());
    }

    @Test
    void theStartCheckNamesAnAddressWhereNothingListens() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        KafkaClientConfig nowhere = new KafkaClientConfig("127.0.0.1:" + port, kafka.client().properties());
        KafkaAccessException e = assertThrows(KafkaAccessException.class,
                () -> KafkaStartCheck.verify(nowhere, KafkaStartCheck.Settings.CLIENT_FILE, Duration.ofSeconds(2)));
        assertEquals("kafka at 127.0.0.1:" + port + ": unreachable: nothing accepts connections there (broker down or "
                + "wrong address); check bootstrap.servers", e.getMessage());
    }
}
