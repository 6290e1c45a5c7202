package dev.ferstream.jobs;

import dev.ferstream.jobs.cli.RunCommand;
import dev.ferstream.jobs.config.KafkaSettings;
import dev.ferstream.jobs.kafka.KafkaClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kafka.*} job config keys and {@code --kafka-config} files: passed through, owned keys refused, secrets hidden. */
class KafkaClientPropertiesTest {
    static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" "
            + "password=\"s3cret-pw\";";

    @Test
    void kafkaKeysBecomeClientPropertiesAndSurviveTheRoundTrips() throws Exception {
        JobConfig c = JobConfig.defaultsWith(Map.of("kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "PLAIN", "kafka.sasl.jaas.config", JAAS,
                "kafka.ssl.endpoint.identification.algorithm", ""));
        assertEquals(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", JAAS,
                "ssl.endpoint.identification.algorithm", ""), c.kafka().clientProperties());
        assertEquals("SASL_PLAINTEXT", c.toMap().get("kafka.security.protocol"));
        assertEquals(c, JobConfig.fromMap(c.toMap()));
        assertEquals(c, c.with(Map.of()), "with() keeps the client properties");
        assertEquals(JobConfig.DEFAULTS.toMap().keySet(), JobConfig.KEYS, "no kafka.* key among the fixed keys");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream(); // Flink ships the config to every function
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(c, in.readObject());
        }
        assertThrows(UnsupportedOperationException.class, () -> c.kafka().clientProperties().put("x", "y"));
    }

    @Test
    void keysTheJobOwnsAreRefusedWithWhatToUseInstead() {
        Map<String, String> expected = Map.of(
                "kafka.bootstrap.servers", "job config: kafka.bootstrap.servers is the job's own setting; use bootstrap.servers instead",
                "kafka.group.id", "job config: kafka.group.id is the job's own setting; use group.id instead",
                "kafka.isolation.level", "job config: kafka.isolation.level is the job's own setting; the job always reads read_committed",
                "kafka.transactional.id", "job config: kafka.transactional.id is the job's own setting; use sink.transactional-id-prefix instead",
                "kafka.transaction.timeout.ms", "job config: kafka.transaction.timeout.ms is the job's own setting; use sink.transaction-timeout instead",
                "kafka.auto.offset.reset", "job config: kafka.auto.offset.reset is the job's own setting; use source.starting-offsets instead",
                "kafka.value.deserializer", "job config: kafka.value.deserializer is the job's own setting; the job reads Avro single-object bytes",
                "kafka.key.serializer", "job config: kafka.key.serializer is the job's own setting; the job writes Avro single-object bytes");
        expected.forEach((key, message) -> assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of(key, "x"))).getMessage(), key));
        assertEquals("job config: 'kafka.' does not name a Kafka client property", assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("kafka.", "x"))).getMessage());
        // only the kafka. prefix passes the unknown-key check
        assertEquals("unknown job config key(s) [kafk.security.protocol]; known: " + JobConfig.KEYS,
                assertThrows(IllegalArgumentException.class,
                        () -> JobConfig.defaultsWith(Map.of("kafk.security.protocol", "SSL"))).getMessage());
    }

    @Test
    void theStartUpLogAndToStringMaskSecrets() {
        JobConfig c = JobConfig.defaultsWith(Map.of("kafka.sasl.jaas.config", JAAS,
                "kafka.ssl.truststore.password", "trust-pw", "kafka.ssl.key.password", "key-pw",
                "kafka.ssl.truststore.location", "/etc/kafka/truststore.jks", "kafka.security.protocol", "SASL_SSL"));
        String log = c.describe();
        assertTrue(log.contains("\n  kafka.sasl.jaas.config = ***\n"), log);
        assertTrue(log.contains("\n  kafka.ssl.truststore.password = ***\n"), log);
        assertTrue(log.contains("\n  kafka.ssl.key.password = ***\n"), log);
        assertTrue(log.contains("\n  kafka.ssl.truststore.location = /etc/kafka/truststore.jks\n"), log);
        assertTrue(log.contains("\n  kafka.security.protocol = SASL_SSL\n"), log);
        for (String text : new String[]{log, c.toString(), c.kafka().toString(), KafkaClientConfig.of(c.kafka()).toString()}) {
            assertFalse(text.contains("s3cret-pw") || text.contains("trust-pw") || text.contains("key-pw"), text);
        }
        assertEquals("SASL PLAIN", new KafkaClientConfig("b:1", Map.of("security.protocol", "sasl_plaintext",
                "sasl.mechanism", "PLAIN")).security());
        assertEquals("SASL SCRAM-SHA-512 over SSL", new KafkaClientConfig("b:1", Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512")).security());
        assertEquals("PLAINTEXT", KafkaClientConfig.of("b:1").security());
    }

    @Test
    void runTakesAKafkaConfigFileUnderTheKafkaKeys(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), "bootstrap.servers=broker:9093\n"
                + "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + JAAS + "\n");
        JobConfig c = RunCommand.parse("run", "--kafka-config", file.toString(), "-Dkafka.sasl.mechanism=SCRAM-SHA-256");
        assertEquals("broker:9093", c.kafka().bootstrapServers(), "the file's bootstrap.servers");
        assertEquals(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config", JAAS),
                c.kafka().clientProperties(), "-D overrides the file");
        assertEquals("other:9092", RunCommand.parse("--kafka-config", file.toString(), "-Dbootstrap.servers=other:9092")
                .kafka().bootstrapServers());

        Path owned = Files.writeString(dir.resolve("bad.properties"), "group.id=mine\n");
        assertEquals("--kafka-config " + owned + ": group.id is the job's own setting; use group.id instead",
                assertThrows(IllegalArgumentException.class, () -> RunCommand.parse("--kafka-config", owned.toString())).getMessage());
        Path missing = dir.resolve("nope.properties");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunCommand.parse("--kafka-config", missing.toString()))
                .getMessage().startsWith("cannot read Kafka client properties " + missing + ": "));
    }

    @Test
    void commandLineClientsLoadTheFileWithOrWithoutBootstrapServers(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), "bootstrap.servers=broker:9093\nsecurity.protocol=SSL\n"
                + "ssl.truststore.location=/t.jks\n");
        KafkaClientConfig fromFile = KafkaClientConfig.load(null, file);
        assertEquals(new KafkaClientConfig("broker:9093", Map.of("security.protocol", "SSL", "ssl.truststore.location", "/t.jks")),
                fromFile);
        assertEquals("cli:1", KafkaClientConfig.load("cli:1", file).bootstrapServers(), "--bootstrap-servers wins");
        Map<String, Object> consumer = fromFile.with(Map.of("isolation.level", "read_committed"));
        assertEquals(Map.of("bootstrap.servers", "broker:9093", "security.protocol", "SSL",
                "ssl.truststore.location", "/t.jks", "isolation.level", "read_committed"), consumer);
        assertEquals("no Kafka bootstrap servers: give --bootstrap-servers", assertThrows(IllegalArgumentException.class,
                () -> KafkaClientConfig.load(null, null)).getMessage());
        Path serializer = Files.writeString(dir.resolve("s.properties"), "value.serializer=x.Y\n");
        assertEquals("--kafka-config " + serializer + ": value.serializer is set by ferstream itself; remove it from the file",
                assertThrows(IllegalArgumentException.class, () -> KafkaClientConfig.load("b:1", serializer)).getMessage());
        assertEquals(KafkaSettings.DEFAULTS, KafkaSettings.DEFAULTS.withClientProperties(Map.of()));
    }
}
